"""Indian states and union territories, Japanese prefectures, and Udyam state codes.

Codes are ISO 3166-2 (IN-MH, JP-13). `UDYAM_STATE_CODES` maps each Indian region to the
two-letter code that Udyam Registration Numbers carry (UDYAM-MH-19-0001234).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str
    country: str
    name_en: str
    name_local: str
    udyam: str = ""


INDIA: tuple[Region, ...] = (
    Region("IN-AN", "IN", "Andaman and Nicobar Islands", "अंडमान और निकोबार द्वीपसमूह", "AN"),
    Region("IN-AP", "IN", "Andhra Pradesh", "आंध्र प्रदेश", "AP"),
    Region("IN-AR", "IN", "Arunachal Pradesh", "अरुणाचल प्रदेश", "AR"),
    Region("IN-AS", "IN", "Assam", "असम", "AS"),
    Region("IN-BR", "IN", "Bihar", "बिहार", "BR"),
    Region("IN-CH", "IN", "Chandigarh", "चंडीगढ़", "CH"),
    Region("IN-CT", "IN", "Chhattisgarh", "छत्तीसगढ़", "CG"),
    Region(
        "IN-DH",
        "IN",
        "Dadra and Nagar Haveli and Daman and Diu",
        "दादरा और नगर हवेली और दमन और दीव",
        "DN",
    ),
    Region("IN-DL", "IN", "Delhi", "दिल्ली", "DL"),
    Region("IN-GA", "IN", "Goa", "गोवा", "GA"),
    Region("IN-GJ", "IN", "Gujarat", "गुजरात", "GJ"),
    Region("IN-HR", "IN", "Haryana", "हरियाणा", "HR"),
    Region("IN-HP", "IN", "Himachal Pradesh", "हिमाचल प्रदेश", "HP"),
    Region("IN-JK", "IN", "Jammu and Kashmir", "जम्मू और कश्मीर", "JK"),
    Region("IN-JH", "IN", "Jharkhand", "झारखंड", "JH"),
    Region("IN-KA", "IN", "Karnataka", "कर्नाटक", "KA"),
    Region("IN-KL", "IN", "Kerala", "केरल", "KL"),
    Region("IN-LA", "IN", "Ladakh", "लद्दाख", "LA"),
    Region("IN-LD", "IN", "Lakshadweep", "लक्षद्वीप", "LD"),
    Region("IN-MP", "IN", "Madhya Pradesh", "मध्य प्रदेश", "MP"),
    Region("IN-MH", "IN", "Maharashtra", "महाराष्ट्र", "MH"),
    Region("IN-MN", "IN", "Manipur", "मणिपुर", "MN"),
    Region("IN-ML", "IN", "Meghalaya", "मेघालय", "ML"),
    Region("IN-MZ", "IN", "Mizoram", "मिज़ोरम", "MZ"),
    Region("IN-NL", "IN", "Nagaland", "नागालैंड", "NL"),
    Region("IN-OR", "IN", "Odisha", "ओडिशा", "OD"),
    Region("IN-PY", "IN", "Puducherry", "पुडुचेरी", "PY"),
    Region("IN-PB", "IN", "Punjab", "पंजाब", "PB"),
    Region("IN-RJ", "IN", "Rajasthan", "राजस्थान", "RJ"),
    Region("IN-SK", "IN", "Sikkim", "सिक्किम", "SK"),
    Region("IN-TN", "IN", "Tamil Nadu", "तमिलनाडु", "TN"),
    Region("IN-TG", "IN", "Telangana", "तेलंगाना", "TS"),
    Region("IN-TR", "IN", "Tripura", "त्रिपुरा", "TR"),
    Region("IN-UP", "IN", "Uttar Pradesh", "उत्तर प्रदेश", "UP"),
    Region("IN-UT", "IN", "Uttarakhand", "उत्तराखंड", "UK"),
    Region("IN-WB", "IN", "West Bengal", "पश्चिम बंगाल", "WB"),
)

_PREFECTURES = (
    ("Hokkaido", "北海道"),
    ("Aomori", "青森県"),
    ("Iwate", "岩手県"),
    ("Miyagi", "宮城県"),
    ("Akita", "秋田県"),
    ("Yamagata", "山形県"),
    ("Fukushima", "福島県"),
    ("Ibaraki", "茨城県"),
    ("Tochigi", "栃木県"),
    ("Gunma", "群馬県"),
    ("Saitama", "埼玉県"),
    ("Chiba", "千葉県"),
    ("Tokyo", "東京都"),
    ("Kanagawa", "神奈川県"),
    ("Niigata", "新潟県"),
    ("Toyama", "富山県"),
    ("Ishikawa", "石川県"),
    ("Fukui", "福井県"),
    ("Yamanashi", "山梨県"),
    ("Nagano", "長野県"),
    ("Gifu", "岐阜県"),
    ("Shizuoka", "静岡県"),
    ("Aichi", "愛知県"),
    ("Mie", "三重県"),
    ("Shiga", "滋賀県"),
    ("Kyoto", "京都府"),
    ("Osaka", "大阪府"),
    ("Hyogo", "兵庫県"),
    ("Nara", "奈良県"),
    ("Wakayama", "和歌山県"),
    ("Tottori", "鳥取県"),
    ("Shimane", "島根県"),
    ("Okayama", "岡山県"),
    ("Hiroshima", "広島県"),
    ("Yamaguchi", "山口県"),
    ("Tokushima", "徳島県"),
    ("Kagawa", "香川県"),
    ("Ehime", "愛媛県"),
    ("Kochi", "高知県"),
    ("Fukuoka", "福岡県"),
    ("Saga", "佐賀県"),
    ("Nagasaki", "長崎県"),
    ("Kumamoto", "熊本県"),
    ("Oita", "大分県"),
    ("Miyazaki", "宮崎県"),
    ("Kagoshima", "鹿児島県"),
    ("Okinawa", "沖縄県"),
)
JAPAN: tuple[Region, ...] = tuple(
    Region(f"JP-{index:02d}", "JP", en, ja) for index, (en, ja) in enumerate(_PREFECTURES, start=1)
)

REGIONS: dict[str, Region] = {region.code: region for region in INDIA + JAPAN}
UDYAM_STATE_CODES: dict[str, str] = {region.udyam: region.code for region in INDIA}


def region_choices(country: str | None = None) -> list[tuple[str, str]]:
    """Choices for a form or model field; both countries when `country` is None."""
    regions = INDIA + JAPAN if country is None else (INDIA if country == "IN" else JAPAN)
    return [(r.code, f"{r.name_en} ({r.name_local})") for r in regions]


def region_name(code: str, language: str = "en") -> str:
    region = REGIONS.get(code)
    if region is None:
        return code
    local_language = "hi" if region.country == "IN" else "ja"
    return region.name_local if language == local_language else region.name_en
