"""The twelve sectors of the forum's article, with NIC-2008 and JSIC division codes."""

from django.db import migrations

SECTORS = [
    ("semiconductors-electronics", "Semiconductors and electronics", "半導体・エレクトロニクス", "सेमीकंडक्टर और इलेक्ट्रॉनिक्स", "26", "28"),
    ("green-hydrogen-ammonia", "Green hydrogen and ammonia", "グリーン水素・アンモニア", "हरित हाइड्रोजन और अमोनिया", "20", "16"),
    ("renewable-energy", "Renewable energy", "再生可能エネルギー", "नवीकरणीय ऊर्जा", "35", "33"),
    ("advanced-manufacturing", "Advanced manufacturing and precision engineering", "先端製造・精密工学", "उन्नत विनिर्माण और परिशुद्ध इंजीनियरिंग", "28", "26"),
    ("automotive-mobility", "Automotive and mobility components", "自動車・モビリティ部品", "ऑटोमोटिव और मोबिलिटी कलपुर्जे", "29", "31"),
    ("agritech-farm-machinery", "Agritech and farm machinery", "アグリテック・農業機械", "कृषि प्रौद्योगिकी और कृषि मशीनरी", "01", "01"),
    ("food-processing", "Food processing", "食品加工", "खाद्य प्रसंस्करण", "10", "09"),
    ("logistics", "Logistics", "物流", "लॉजिस्टिक्स", "52", "47"),
    ("critical-minerals", "Critical minerals", "重要鉱物", "महत्वपूर्ण खनिज", "07", "05"),
    ("robotics-ai", "Robotics and AI", "ロボティクス・AI", "रोबोटिक्स और कृत्रिम बुद्धिमत्ता", "62", "39"),
    ("textiles", "Textiles", "繊維", "वस्त्र", "13", "11"),
    ("pharmaceuticals", "Pharmaceuticals", "医薬品", "फार्मास्यूटिकल्स", "21", "16"),
]


def add_sectors(apps, schema_editor, label="matchmaking"):
    """`label` is "taxonomy" when tests re-seed the vocabularies after the move (0006)."""
    Sector = apps.get_model(label, "Sector")
    for position, (slug, en, ja, hi, nic, jsic) in enumerate(SECTORS):
        Sector.objects.update_or_create(
            slug=slug,
            defaults=dict(name_en=en, name_ja=ja, name_hi=hi, nic_division=nic, jsic_division=jsic, position=position),
        )


def remove_sectors(apps, schema_editor):
    apps.get_model("matchmaking", "Sector").objects.filter(slug__in=[s[0] for s in SECTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("matchmaking", "0001_initial")]
    operations = [migrations.RunPython(add_sectors, remove_sectors)]
