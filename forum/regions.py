"""Indian states and union territories, Japanese prefectures, and Udyam state codes.

Codes are ISO 3166-2 (IN-MH, JP-13). `UDYAM_STATE_CODES` maps each Indian region to the
two-letter code that Udyam Registration Numbers carry (UDYAM-MH-19-0001234).
"""

from __future__ import annotations

from dataclasses import dataclass

from forum.i18n import current_language


@dataclass(frozen=True)
class Region:
    code: str
    country: str
    name_en: str
    name_local: str  # in the country's own language: Hindi for India, Japanese for Japan
    udyam: str = ""
    name_ja: str = ""  # Indian states in Japanese
    name_hi: str = ""  # Japanese prefectures in Hindi

    def name(self, language: str = "en") -> str:
        """The region's name in `language` (en, ja or hi)."""
        local_language = "hi" if self.country == "IN" else "ja"
        if language == local_language:
            return self.name_local
        if language in ("ja", "hi"):
            return getattr(self, f"name_{language}") or self.name_en
        return self.name_en


INDIA: tuple[Region, ...] = (
    Region(
        "IN-AN",
        "IN",
        "Andaman and Nicobar Islands",
        "अंडमान और निकोबार द्वीपसमूह",
        "AN",
        name_ja="アンダマン・ニコバル諸島",
    ),
    Region("IN-AP", "IN", "Andhra Pradesh", "आंध्र प्रदेश", "AP", name_ja="アーンドラ・プラデーシュ州"),
    Region(
        "IN-AR",
        "IN",
        "Arunachal Pradesh",
        "अरुणाचल प्रदेश",
        "AR",
        name_ja="アルナーチャル・プラデーシュ州",
    ),
    Region("IN-AS", "IN", "Assam", "असम", "AS", name_ja="アッサム州"),
    Region("IN-BR", "IN", "Bihar", "बिहार", "BR", name_ja="ビハール州"),
    Region("IN-CH", "IN", "Chandigarh", "चंडीगढ़", "CH", name_ja="チャンディーガル"),
    Region("IN-CT", "IN", "Chhattisgarh", "छत्तीसगढ़", "CG", name_ja="チャッティースガル州"),
    Region(
        "IN-DH",
        "IN",
        "Dadra and Nagar Haveli and Daman and Diu",
        "दादरा और नगर हवेली और दमन और दीव",
        "DN",
        name_ja="ダードラー及びナガル・ハヴェーリー及びダマン・ディーウ",
    ),
    Region("IN-DL", "IN", "Delhi", "दिल्ली", "DL", name_ja="デリー"),
    Region("IN-GA", "IN", "Goa", "गोवा", "GA", name_ja="ゴア州"),
    Region("IN-GJ", "IN", "Gujarat", "गुजरात", "GJ", name_ja="グジャラート州"),
    Region("IN-HR", "IN", "Haryana", "हरियाणा", "HR", name_ja="ハリヤーナー州"),
    Region(
        "IN-HP",
        "IN",
        "Himachal Pradesh",
        "हिमाचल प्रदेश",
        "HP",
        name_ja="ヒマーチャル・プラデーシュ州",
    ),
    Region(
        "IN-JK", "IN", "Jammu and Kashmir", "जम्मू और कश्मीर", "JK", name_ja="ジャンムー・カシミール"
    ),
    Region("IN-JH", "IN", "Jharkhand", "झारखंड", "JH", name_ja="ジャールカンド州"),
    Region("IN-KA", "IN", "Karnataka", "कर्नाटक", "KA", name_ja="カルナータカ州"),
    Region("IN-KL", "IN", "Kerala", "केरल", "KL", name_ja="ケーララ州"),
    Region("IN-LA", "IN", "Ladakh", "लद्दाख", "LA", name_ja="ラダック"),
    Region("IN-LD", "IN", "Lakshadweep", "लक्षद्वीप", "LD", name_ja="ラクシャディープ"),
    Region("IN-MP", "IN", "Madhya Pradesh", "मध्य प्रदेश", "MP", name_ja="マディヤ・プラデーシュ州"),
    Region("IN-MH", "IN", "Maharashtra", "महाराष्ट्र", "MH", name_ja="マハーラーシュトラ州"),
    Region("IN-MN", "IN", "Manipur", "मणिपुर", "MN", name_ja="マニプル州"),
    Region("IN-ML", "IN", "Meghalaya", "मेघालय", "ML", name_ja="メーガーラヤ州"),
    Region("IN-MZ", "IN", "Mizoram", "मिज़ोरम", "MZ", name_ja="ミゾラム州"),
    Region("IN-NL", "IN", "Nagaland", "नागालैंड", "NL", name_ja="ナガランド州"),
    Region("IN-OR", "IN", "Odisha", "ओडिशा", "OD", name_ja="オディシャ州"),
    Region("IN-PY", "IN", "Puducherry", "पुडुचेरी", "PY", name_ja="プドゥチェリー"),
    Region("IN-PB", "IN", "Punjab", "पंजाब", "PB", name_ja="パンジャーブ州"),
    Region("IN-RJ", "IN", "Rajasthan", "राजस्थान", "RJ", name_ja="ラージャスターン州"),
    Region("IN-SK", "IN", "Sikkim", "सिक्किम", "SK", name_ja="シッキム州"),
    Region("IN-TN", "IN", "Tamil Nadu", "तमिलनाडु", "TN", name_ja="タミル・ナードゥ州"),
    Region("IN-TG", "IN", "Telangana", "तेलंगाना", "TS", name_ja="テランガーナ州"),
    Region("IN-TR", "IN", "Tripura", "त्रिपुरा", "TR", name_ja="トリプラ州"),
    Region("IN-UP", "IN", "Uttar Pradesh", "उत्तर प्रदेश", "UP", name_ja="ウッタル・プラデーシュ州"),
    Region("IN-UT", "IN", "Uttarakhand", "उत्तराखंड", "UK", name_ja="ウッタラーカンド州"),
    Region("IN-WB", "IN", "West Bengal", "पश्चिम बंगाल", "WB", name_ja="西ベンガル州"),
)

_PREFECTURES = (
    ("Hokkaido", "北海道", "होक्काइदो"),
    ("Aomori", "青森県", "आओमोरी"),
    ("Iwate", "岩手県", "इवाते"),
    ("Miyagi", "宮城県", "मियागी"),
    ("Akita", "秋田県", "आकिता"),
    ("Yamagata", "山形県", "यामागाता"),
    ("Fukushima", "福島県", "फ़ुकुशिमा"),
    ("Ibaraki", "茨城県", "इबाराकी"),
    ("Tochigi", "栃木県", "तोचिगी"),
    ("Gunma", "群馬県", "गुनमा"),
    ("Saitama", "埼玉県", "साइतामा"),
    ("Chiba", "千葉県", "चिबा"),
    ("Tokyo", "東京都", "टोक्यो"),
    ("Kanagawa", "神奈川県", "कानागावा"),
    ("Niigata", "新潟県", "निइगाता"),
    ("Toyama", "富山県", "तोयामा"),
    ("Ishikawa", "石川県", "इशिकावा"),
    ("Fukui", "福井県", "फ़ुकुई"),
    ("Yamanashi", "山梨県", "यामानाशी"),
    ("Nagano", "長野県", "नागानो"),
    ("Gifu", "岐阜県", "गिफ़ु"),
    ("Shizuoka", "静岡県", "शिज़ुओका"),
    ("Aichi", "愛知県", "आइची"),
    ("Mie", "三重県", "मिए"),
    ("Shiga", "滋賀県", "शिगा"),
    ("Kyoto", "京都府", "क्योतो"),
    ("Osaka", "大阪府", "ओसाका"),
    ("Hyogo", "兵庫県", "ह्योगो"),
    ("Nara", "奈良県", "नारा"),
    ("Wakayama", "和歌山県", "वाकायामा"),
    ("Tottori", "鳥取県", "तोत्तोरी"),
    ("Shimane", "島根県", "शिमाने"),
    ("Okayama", "岡山県", "ओकायामा"),
    ("Hiroshima", "広島県", "हिरोशिमा"),
    ("Yamaguchi", "山口県", "यामागुची"),
    ("Tokushima", "徳島県", "तोकुशिमा"),
    ("Kagawa", "香川県", "कागावा"),
    ("Ehime", "愛媛県", "एहिमे"),
    ("Kochi", "高知県", "कोचि"),
    ("Fukuoka", "福岡県", "फ़ुकुओका"),
    ("Saga", "佐賀県", "सागा"),
    ("Nagasaki", "長崎県", "नागासाकी"),
    ("Kumamoto", "熊本県", "कुमामोतो"),
    ("Oita", "大分県", "ओइता"),
    ("Miyazaki", "宮崎県", "मियाज़ाकी"),
    ("Kagoshima", "鹿児島県", "कागोशिमा"),
    ("Okinawa", "沖縄県", "ओकिनावा"),
)
JAPAN: tuple[Region, ...] = tuple(
    Region(f"JP-{index:02d}", "JP", en, ja, name_hi=hi)
    for index, (en, ja, hi) in enumerate(_PREFECTURES, start=1)
)

REGIONS: dict[str, Region] = {region.code: region for region in INDIA + JAPAN}
UDYAM_STATE_CODES: dict[str, str] = {region.udyam: region.code for region in INDIA}


def region_choices(country: str | None = None) -> list[tuple[str, str]]:
    """Choices for a form or model field; both countries when `country` is None."""
    regions = INDIA + JAPAN if country is None else (INDIA if country == "IN" else JAPAN)
    return [(r.code, f"{r.name_en} ({r.name_local})") for r in regions]


def localised_region_choices(
    country: str | None = None, language: str = "en"
) -> list[tuple[str, str]]:
    """Choices named in the reader's language (forms and filters; the model keeps the above)."""
    regions = INDIA + JAPAN if country is None else (INDIA if country == "IN" else JAPAN)
    return [(r.code, r.name(language)) for r in regions]


def region_name(code: str, language: str | None = None) -> str:
    """The region's name in `language` (default: the reader's language)."""
    region = REGIONS.get(code)
    return code if region is None else region.name(language or current_language())
