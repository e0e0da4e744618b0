"""Capabilities (grouped by sector), partnership types, certifications and markets.

Admins edit them afterwards in the Django admin; this migration only seeds them, by slug.
"""

from django.db import migrations

# sector slug -> [(slug, English, Japanese, Hindi), ...]
CAPABILITIES = {
    "semiconductors-electronics": [
        ("pcb-assembly", "PCB assembly", "プリント基板実装", "पीसीबी असेंबली"),
        ("pcb-fabrication", "PCB fabrication", "プリント基板製造", "पीसीबी निर्माण"),
        ("smt-line-operation", "SMT line operation", "表面実装(SMT)ライン運用", "एसएमटी लाइन संचालन"),
        ("semiconductor-packaging-osat", "Semiconductor packaging and testing (OSAT)", "半導体パッケージング・テスト(OSAT)", "सेमीकंडक्टर पैकेजिंग और परीक्षण (OSAT)"),
        ("wafer-process-chemicals", "Wafer process chemicals and gases", "ウェーハ工程用化学品・ガス", "वेफ़र प्रक्रिया रसायन और गैसें"),
        ("cleanroom-engineering", "Cleanroom design and engineering", "クリーンルーム設計・施工", "क्लीनरूम डिज़ाइन और इंजीनियरिंग"),
        ("embedded-firmware", "Embedded firmware development", "組込みファームウェア開発", "एम्बेडेड फ़र्मवेयर विकास"),
        ("power-electronics", "Power electronics modules", "パワーエレクトロニクスモジュール", "पावर इलेक्ट्रॉनिक्स मॉड्यूल"),
        ("wire-harness", "Wire harness and cable assembly", "ワイヤーハーネス・ケーブル組立", "वायर हार्नेस और केबल असेंबली"),
        ("electronic-component-sourcing", "Electronic component sourcing", "電子部品調達", "इलेक्ट्रॉनिक कलपुर्जों की सोर्सिंग"),
        ("sensor-modules", "Sensor modules", "センサーモジュール", "सेंसर मॉड्यूल"),
    ],
    "green-hydrogen-ammonia": [
        ("electrolyser-components", "Electrolyser components", "電解槽部品", "इलेक्ट्रोलाइज़र कलपुर्जे"),
        ("electrolyser-stack-assembly", "Electrolyser stack assembly", "電解槽スタック組立", "इलेक्ट्रोलाइज़र स्टैक असेंबली"),
        ("hydrogen-storage-tanks", "Hydrogen storage tanks and cylinders", "水素貯蔵タンク・容器", "हाइड्रोजन भंडारण टैंक और सिलेंडर"),
        ("hydrogen-compressors", "Hydrogen compressors", "水素圧縮機", "हाइड्रोजन कंप्रेसर"),
        ("fuel-cell-components", "Fuel cell components", "燃料電池部品", "फ़्यूल सेल कलपुर्जे"),
        ("ammonia-synthesis-catalysts", "Ammonia synthesis catalysts", "アンモニア合成触媒", "अमोनिया संश्लेषण उत्प्रेरक"),
        ("high-pressure-valves-fittings", "High-pressure valves and fittings", "高圧バルブ・継手", "उच्च दाब वाल्व और फ़िटिंग"),
        ("gas-detection-safety", "Gas detection and safety systems", "ガス検知・安全システム", "गैस संसूचन और सुरक्षा प्रणालियाँ"),
        ("membrane-electrode-assemblies", "Membrane electrode assemblies", "膜電極接合体(MEA)", "मेम्ब्रेन इलेक्ट्रोड असेंबली"),
        ("water-purification-electrolysis", "Water purification for electrolysis", "電解用純水処理", "इलेक्ट्रोलिसिस हेतु जल शोधन"),
    ],
    "renewable-energy": [
        ("solar-module-manufacturing", "Solar module manufacturing", "太陽光モジュール製造", "सौर मॉड्यूल निर्माण"),
        ("solar-mounting-structures", "Solar mounting structures", "太陽光発電用架台", "सौर माउंटिंग संरचनाएँ"),
        ("inverters", "Inverters and power conditioners", "インバーター・パワーコンディショナー", "इन्वर्टर और पावर कंडीशनर"),
        ("battery-energy-storage", "Battery energy storage systems", "蓄電池システム", "बैटरी ऊर्जा भंडारण प्रणाली"),
        ("wind-turbine-components", "Wind turbine components", "風力タービン部品", "पवन टरबाइन कलपुर्जे"),
        ("small-hydro-equipment", "Small hydropower equipment", "小水力発電設備", "लघु जलविद्युत उपकरण"),
        ("biomass-gasification", "Biomass gasification", "バイオマスガス化", "बायोमास गैसीकरण"),
        ("epc-solar-plants", "EPC for solar plants", "太陽光発電所のEPC", "सौर संयंत्रों के लिए ईपीसी"),
        ("energy-management-systems", "Energy management systems", "エネルギー管理システム", "ऊर्जा प्रबंधन प्रणाली"),
        ("transformers-switchgear", "Transformers and switchgear", "変圧器・開閉装置", "ट्रांसफ़ॉर्मर और स्विचगियर"),
    ],
    "advanced-manufacturing": [
        ("precision-machining", "Precision machining", "精密機械加工", "परिशुद्ध मशीनिंग"),
        ("cnc-turning-milling", "CNC turning and milling", "CNC旋削・フライス加工", "सीएनसी टर्निंग और मिलिंग"),
        ("tool-and-die-making", "Tool and die making", "金型製作", "टूल और डाई निर्माण"),
        ("cutting-tools", "Cutting tools", "切削工具", "कटिंग टूल"),
        ("sheet-metal-fabrication", "Sheet metal fabrication", "板金加工", "शीट मेटल फ़ैब्रिकेशन"),
        ("investment-casting", "Investment casting", "ロストワックス鋳造", "इन्वेस्टमेंट कास्टिंग"),
        ("forging", "Forging", "鍛造", "फ़ोर्जिंग"),
        ("heat-treatment", "Heat treatment", "熱処理", "ऊष्मा उपचार"),
        ("surface-finishing-plating", "Surface finishing and plating", "表面処理・めっき", "सतह परिष्करण और प्लेटिंग"),
        ("metrology-inspection", "Metrology and inspection", "精密測定・検査", "मापिकी और निरीक्षण"),
        ("additive-manufacturing", "Additive manufacturing (3D printing)", "積層造形(3Dプリンティング)", "एडिटिव मैन्युफ़ैक्चरिंग (3D प्रिंटिंग)"),
        ("injection-moulding", "Plastic injection moulding", "プラスチック射出成形", "प्लास्टिक इंजेक्शन मोल्डिंग"),
        ("precision-grinding-lapping", "Precision grinding and lapping", "精密研削・ラッピング", "परिशुद्ध ग्राइंडिंग और लैपिंग"),
    ],
    "automotive-mobility": [
        ("automotive-stampings", "Automotive stampings", "自動車用プレス部品", "ऑटोमोटिव स्टैम्पिंग"),
        ("powertrain-components", "Powertrain components", "パワートレイン部品", "पावरट्रेन कलपुर्जे"),
        ("brake-systems", "Brake systems and components", "ブレーキシステム・部品", "ब्रेक प्रणाली और कलपुर्जे"),
        ("ev-battery-packs", "EV battery packs", "EV用バッテリーパック", "ईवी बैटरी पैक"),
        ("ev-motors-controllers", "EV motors and controllers", "EV用モーター・コントローラー", "ईवी मोटर और नियंत्रक"),
        ("two-wheeler-components", "Two-wheeler components", "二輪車部品", "दोपहिया वाहन कलपुर्जे"),
        ("automotive-rubber-parts", "Automotive rubber parts", "自動車用ゴム部品", "ऑटोमोटिव रबर पुर्ज़े"),
        ("fasteners", "Fasteners", "締結部品(ファスナー)", "फ़ास्टनर"),
        ("bearings", "Bearings", "軸受(ベアリング)", "बेयरिंग"),
        ("automotive-lighting", "Automotive lighting", "自動車用照明", "ऑटोमोटिव लाइटिंग"),
        ("gears-transmissions", "Gears and transmissions", "歯車・トランスミッション", "गियर और ट्रांसमिशन"),
    ],
    "agritech-farm-machinery": [
        ("tractor-implements", "Tractor implements", "トラクター作業機", "ट्रैक्टर उपकरण"),
        ("rice-transplanters", "Rice transplanters", "田植機", "धान रोपाई मशीन"),
        ("combine-harvesters", "Combine harvesters", "コンバイン", "कंबाइन हार्वेस्टर"),
        ("drip-irrigation", "Drip and micro-irrigation", "点滴・マイクロ灌漑", "ड्रिप और सूक्ष्म सिंचाई"),
        ("precision-agriculture-sensors", "Precision agriculture sensors", "精密農業センサー", "परिशुद्ध कृषि सेंसर"),
        ("agricultural-drones", "Agricultural drones", "農業用ドローン", "कृषि ड्रोन"),
        ("greenhouse-systems", "Greenhouse and protected cultivation", "温室・施設栽培", "ग्रीनहाउस और संरक्षित खेती"),
        ("seed-processing", "Seed processing equipment", "種子処理設備", "बीज प्रसंस्करण उपकरण"),
        ("post-harvest-storage", "Post-harvest storage", "収穫後貯蔵", "फ़सल कटाई के बाद भंडारण"),
        ("farm-management-software", "Farm management software", "営農管理ソフトウェア", "कृषि प्रबंधन सॉफ़्टवेयर"),
    ],
    "food-processing": [
        ("rice-milling", "Rice milling", "精米", "चावल मिलिंग"),
        ("spice-processing", "Spice processing", "香辛料加工", "मसाला प्रसंस्करण"),
        ("ready-to-eat-foods", "Ready-to-eat foods", "調理済み食品", "तैयार खाद्य पदार्थ"),
        ("frozen-foods", "Frozen foods", "冷凍食品", "फ़्रोज़न खाद्य पदार्थ"),
        ("food-packaging", "Food packaging", "食品包装", "खाद्य पैकेजिंग"),
        ("food-testing-laboratory", "Food testing laboratory", "食品検査ラボ", "खाद्य परीक्षण प्रयोगशाला"),
        ("dairy-processing", "Dairy processing", "乳製品加工", "डेयरी प्रसंस्करण"),
        ("fruit-vegetable-processing", "Fruit and vegetable processing", "青果加工", "फल और सब्ज़ी प्रसंस्करण"),
        ("marine-products-processing", "Marine products processing", "水産加工", "समुद्री उत्पाद प्रसंस्करण"),
        ("food-processing-machinery", "Food processing machinery", "食品加工機械", "खाद्य प्रसंस्करण मशीनरी"),
        ("tea-processing", "Tea processing", "製茶", "चाय प्रसंस्करण"),
    ],
    "logistics": [
        ("cold-chain-logistics", "Cold-chain logistics", "コールドチェーン物流", "कोल्ड-चेन लॉजिस्टिक्स"),
        ("freight-forwarding", "Freight forwarding", "貨物利用運送(フォワーディング)", "फ़्रेट फ़ॉरवर्डिंग"),
        ("customs-brokerage", "Customs brokerage", "通関業務", "सीमा शुल्क ब्रोकरेज"),
        ("warehousing", "Warehousing", "倉庫保管", "भंडारण (वेयरहाउसिंग)"),
        ("warehouse-automation", "Warehouse automation", "倉庫自動化", "वेयरहाउस स्वचालन"),
        ("last-mile-delivery", "Last-mile delivery", "ラストワンマイル配送", "अंतिम छोर तक डिलीवरी"),
        ("project-cargo", "Project and heavy cargo", "プロジェクト・重量貨物", "परियोजना और भारी माल"),
        ("fleet-telematics", "Fleet telematics", "車両テレマティクス", "फ़्लीट टेलीमैटिक्स"),
        ("returnable-packaging", "Returnable industrial packaging", "通い箱・産業用包装", "पुनः उपयोग योग्य औद्योगिक पैकेजिंग"),
        ("multimodal-transport", "Multimodal transport", "複合一貫輸送", "बहुविध परिवहन"),
    ],
    "critical-minerals": [
        ("rare-earth-processing", "Rare earth processing", "レアアース処理", "दुर्लभ मृदा प्रसंस्करण"),
        ("lithium-refining", "Lithium refining", "リチウム精製", "लिथियम शोधन"),
        ("battery-recycling", "Battery recycling", "電池リサイクル", "बैटरी पुनर्चक्रण"),
        ("e-waste-metal-recovery", "E-waste metal recovery", "電子廃棄物からの金属回収", "ई-कचरे से धातु पुनर्प्राप्ति"),
        ("mineral-exploration-services", "Mineral exploration services", "鉱物探査サービス", "खनिज अन्वेषण सेवाएँ"),
        ("permanent-magnets", "Permanent magnets", "永久磁石", "स्थायी चुंबक"),
        ("graphite-anode-materials", "Graphite and anode materials", "黒鉛・負極材", "ग्रेफ़ाइट और एनोड सामग्री"),
        ("mineral-beneficiation", "Mineral beneficiation", "選鉱", "खनिज सज्जीकरण"),
        ("specialty-alloys", "Specialty alloys", "特殊合金", "विशेष मिश्रधातुएँ"),
        ("assay-laboratory", "Assay and analytical laboratory", "分析・試験ラボ", "परख और विश्लेषण प्रयोगशाला"),
    ],
    "robotics-ai": [
        ("industrial-robot-integration", "Industrial robot integration", "産業用ロボットのシステムインテグレーション", "औद्योगिक रोबोट एकीकरण"),
        ("machine-vision", "Machine vision inspection", "マシンビジョン検査", "मशीन विज़न निरीक्षण"),
        ("plc-factory-automation", "PLC and factory automation", "PLC・FA制御", "पीएलसी और फ़ैक्टरी स्वचालन"),
        ("agv-amr", "AGVs and mobile robots", "AGV・自律移動ロボット", "एजीवी और मोबाइल रोबोट"),
        ("predictive-maintenance-ai", "Predictive maintenance with AI", "AIによる予知保全", "एआई द्वारा पूर्वानुमानित रखरखाव"),
        ("industrial-iot-platforms", "Industrial IoT platforms", "産業用IoTプラットフォーム", "औद्योगिक आईओटी प्लेटफ़ॉर्म"),
        ("collaborative-robots", "Collaborative robots", "協働ロボット", "सहयोगी रोबोट"),
        ("ai-software-development", "AI software development", "AIソフトウェア開発", "एआई सॉफ़्टवेयर विकास"),
        ("digital-twin-simulation", "Digital twin and simulation", "デジタルツイン・シミュレーション", "डिजिटल ट्विन और सिमुलेशन"),
        ("servo-motion-control", "Servo and motion control", "サーボ・モーション制御", "सर्वो और गति नियंत्रण"),
    ],
    "textiles": [
        ("technical-textiles", "Technical textiles", "産業用繊維(テクニカルテキスタイル)", "तकनीकी वस्त्र"),
        ("yarn-spinning", "Yarn spinning", "紡績", "धागा कताई"),
        ("weaving", "Weaving", "製織", "बुनाई"),
        ("dyeing-finishing", "Dyeing and finishing", "染色整理", "रंगाई और परिष्करण"),
        ("garment-manufacturing", "Garment manufacturing", "縫製", "परिधान निर्माण"),
        ("handloom-crafts", "Handloom and crafts", "手織り・工芸", "हथकरघा और शिल्प"),
        ("nonwoven-fabrics", "Nonwoven fabrics", "不織布", "नॉनवोवन कपड़े"),
        ("textile-machinery", "Textile machinery", "繊維機械", "वस्त्र मशीनरी"),
        ("natural-dyes", "Natural dyes", "天然染料", "प्राकृतिक रंग"),
        ("recycled-fibres", "Recycled fibres", "再生繊維", "पुनर्चक्रित रेशे"),
    ],
    "pharmaceuticals": [
        ("api-manufacturing", "Active pharmaceutical ingredients (API)", "原薬(API)製造", "सक्रिय औषधीय घटक (API) निर्माण"),
        ("finished-formulations", "Finished formulations", "製剤", "तैयार फ़ॉर्मूलेशन"),
        ("contract-research", "Contract research (CRO)", "受託研究(CRO)", "अनुबंध अनुसंधान (CRO)"),
        ("medical-devices", "Medical devices", "医療機器", "चिकित्सा उपकरण"),
        ("pharmaceutical-packaging", "Pharmaceutical packaging", "医薬品包装", "औषधि पैकेजिंग"),
        ("clinical-trial-logistics", "Clinical trial logistics", "治験物流", "क्लिनिकल परीक्षण लॉजिस्टिक्स"),
        ("analytical-testing-qc", "Analytical testing and QC", "分析試験・品質管理", "विश्लेषणात्मक परीक्षण और गुणवत्ता नियंत्रण"),
        ("herbal-ayurvedic-extracts", "Herbal and Ayurvedic extracts", "生薬・アーユルヴェーダ抽出物", "हर्बल और आयुर्वेदिक अर्क"),
        ("diagnostic-kits", "Diagnostic kits", "診断キット", "नैदानिक किट"),
        ("sterile-manufacturing", "Sterile manufacturing", "無菌製造", "निर्जीवाणु विनिर्माण"),
    ],
}

PARTNERSHIP_TYPES = [
    ("joint-venture", "Joint venture", "合弁事業", "संयुक्त उद्यम"),
    ("technology-transfer", "Technology transfer or licensing", "技術移転・ライセンス", "प्रौद्योगिकी हस्तांतरण या लाइसेंसिंग"),
    ("supplier-contract-manufacturing", "Supplier / contract manufacturing", "サプライヤー・受託製造", "आपूर्तिकर्ता / अनुबंध विनिर्माण"),
    ("distribution", "Distribution", "販売代理・流通", "वितरण"),
    ("investment", "Investment", "投資", "निवेश"),
    ("rd-collaboration", "R&D collaboration", "共同研究開発", "अनुसंधान एवं विकास सहयोग"),
    ("third-market-co-development", "Co-development for third markets", "第三国市場向け共同開発", "तीसरे बाज़ारों के लिए सह-विकास"),
]

CERTIFICATIONS = [
    ("iso-9001", "ISO 9001", "ISO 9001", "ISO 9001"),
    ("iso-14001", "ISO 14001", "ISO 14001", "ISO 14001"),
    ("iatf-16949", "IATF 16949", "IATF 16949", "IATF 16949"),
    ("iso-13485", "ISO 13485", "ISO 13485", "ISO 13485"),
    ("iso-45001", "ISO 45001", "ISO 45001", "ISO 45001"),
    ("iso-50001", "ISO 50001", "ISO 50001", "ISO 50001"),
    ("iso-27001", "ISO/IEC 27001", "ISO/IEC 27001", "ISO/IEC 27001"),
    ("iso-22000", "ISO 22000", "ISO 22000", "ISO 22000"),
    ("jis-mark", "JIS mark", "JISマーク", "जेआईएस (JIS) चिह्न"),
    ("jis-q-9100", "JIS Q 9100", "JIS Q 9100", "JIS Q 9100"),
    ("as9100", "AS9100", "AS9100", "AS9100"),
    ("bis", "BIS certification", "BIS認証", "बीआईएस (BIS) प्रमाणन"),
    ("zed", "ZED certification", "ZED認証", "ज़ेड (ZED) प्रमाणन"),
    ("fssc-22000", "FSSC 22000", "FSSC 22000", "FSSC 22000"),
    ("haccp", "HACCP", "HACCP", "एचएसीसीपी (HACCP)"),
    ("fssai", "FSSAI licence", "FSSAIライセンス", "एफएसएसएआई (FSSAI) लाइसेंस"),
    ("who-gmp", "WHO-GMP", "WHO-GMP", "डब्ल्यूएचओ-जीएमपी (WHO-GMP)"),
    ("ce-marking", "CE marking", "CEマーキング", "सीई (CE) चिह्नांकन"),
    ("pse-mark", "PSE mark", "PSEマーク", "पीएसई (PSE) चिह्न"),
    ("ul-listing", "UL listing", "UL認証", "यूएल (UL) सूचीकरण"),
    ("rohs", "RoHS compliance", "RoHS適合", "RoHS अनुपालन"),
    ("oeko-tex", "OEKO-TEX Standard 100", "エコテックス スタンダード100", "ओको-टेक्स (OEKO-TEX) स्टैंडर्ड 100"),
    ("gots", "GOTS (organic textiles)", "GOTS(オーガニックテキスタイル)", "जीओटीएस (GOTS, जैविक वस्त्र)"),
]

MARKETS = [
    ("india", "India", "インド", "भारत"),
    ("japan", "Japan", "日本", "जापान"),
    ("africa", "Africa", "アフリカ", "अफ़्रीका"),
    ("southeast-asia", "Southeast Asia", "東南アジア", "दक्षिण-पूर्व एशिया"),
    ("latin-america", "Latin America", "中南米", "लैटिन अमेरिका"),
    ("middle-east", "Middle East", "中東", "मध्य पूर्व"),
    ("europe", "Europe", "欧州", "यूरोप"),
    ("north-america", "North America", "北米", "उत्तरी अमेरिका"),
]


def _names(en, ja, hi, position):
    return {"name_en": en, "name_ja": ja, "name_hi": hi, "position": position}


def add_taxonomy(apps, schema_editor, label="matchmaking"):
    """`label` is "taxonomy" when tests re-seed the vocabularies after the move (0006)."""
    Sector = apps.get_model(label, "Sector")
    Capability = apps.get_model(label, "Capability")
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    for sector_slug, rows in CAPABILITIES.items():
        for position, (slug, en, ja, hi) in enumerate(rows):
            Capability.objects.update_or_create(
                slug=slug, defaults={**_names(en, ja, hi, position), "sector": sectors[sector_slug]}
            )
    for model_name, rows in (
        ("PartnershipType", PARTNERSHIP_TYPES),
        ("Certification", CERTIFICATIONS),
        ("Market", MARKETS),
    ):
        model = apps.get_model(label, model_name)
        for position, (slug, en, ja, hi) in enumerate(rows):
            model.objects.update_or_create(slug=slug, defaults=_names(en, ja, hi, position))


def remove_taxonomy(apps, schema_editor):
    for model_name in ("Capability", "PartnershipType", "Certification", "Market"):
        apps.get_model("matchmaking", model_name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("matchmaking", "0003_profiles")]
    operations = [migrations.RunPython(add_taxonomy, remove_taxonomy)]
