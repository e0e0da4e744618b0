"""The forum's standard mutual non-disclosure terms, in English, Japanese and Hindi.

Kept here and only here. An acceptance stores the SHA-256 of the exact text the person read
(in their language), so changing a word makes a new, distinguishable version; bump VERSION.
"""

from __future__ import annotations

import hashlib

VERSION = "2026-12"

TEXT = {
    "en": """India–Japan SME Forum — standard mutual non-disclosure terms (version 2026-12)

1. The two organisations of this conversation may share confidential information through
   the forum's deal room. Confidential information is every document shared there and what
   it contains.
2. The receiving organisation uses confidential information only to evaluate and pursue a
   business relationship with the disclosing organisation.
3. It does not disclose it to anyone except its own employees and advisers who need it for
   that purpose and are bound by duties of confidentiality at least as strict as these.
4. These duties do not cover information that is public through no fault of the receiver,
   that the receiver already lawfully had, or that the law requires it to disclose.
5. On request, the receiver deletes or returns confidential information it holds.
6. These duties last three years from the day of acceptance. Nothing here transfers any
   licence or intellectual property right.
""",
    "ja": """India–Japan SME Forum 標準相互秘密保持条件(2026-12 版)

1. この会話の両組織は、フォーラムのディールルームを通じて秘密情報を共有できます。秘密情報とは、そこで共有されたすべての文書とその内容をいいます。
2. 受領組織は、秘密情報を開示組織との取引関係の検討および遂行の目的にのみ使用します。
3. 受領組織は、その目的のために必要とし、本条件と同等以上の守秘義務を負う自社の従業員および顧問以外に、秘密情報を開示しません。
4. 受領者の責によらず公知となった情報、受領者が既に適法に保有していた情報、法令により開示が求められる情報には、本義務は適用されません。
5. 要請があれば、受領者は保有する秘密情報を削除または返還します。
6. 本義務は承諾日から3年間存続します。本条件により、いかなるライセンスまたは知的財産権も移転しません。
""",
    "hi": """India–Japan SME Forum — मानक पारस्परिक गोपनीयता शर्तें (संस्करण 2026-12)

1. इस बातचीत के दोनों संगठन फ़ोरम के डील रूम के माध्यम से गोपनीय जानकारी साझा कर सकते हैं। वहाँ साझा किया गया हर दस्तावेज़ और उसकी सामग्री गोपनीय जानकारी है।
2. प्राप्तकर्ता संगठन गोपनीय जानकारी का उपयोग केवल प्रकट करने वाले संगठन के साथ व्यावसायिक संबंध का मूल्यांकन करने और उसे आगे बढ़ाने के लिए करता है।
3. वह इसे अपने उन कर्मचारियों और सलाहकारों के अलावा किसी को नहीं बताता, जिन्हें इस उद्देश्य के लिए इसकी आवश्यकता है और जो कम से कम इतनी ही कड़ी गोपनीयता से बंधे हैं।
4. ये दायित्व उस जानकारी पर लागू नहीं होते जो प्राप्तकर्ता की गलती के बिना सार्वजनिक है, जो प्राप्तकर्ता के पास पहले से वैध रूप से थी, या जिसे क़ानून प्रकट करने को कहता है।
5. अनुरोध पर, प्राप्तकर्ता अपने पास रखी गोपनीय जानकारी हटा देता है या लौटा देता है।
6. ये दायित्व स्वीकृति के दिन से तीन वर्ष तक रहते हैं। इनसे कोई लाइसेंस या बौद्धिक संपदा अधिकार हस्तांतरित नहीं होता।
""",
}


def terms_text(language: str) -> tuple[str, str]:
    """(language actually used, text): the reader's language, English otherwise."""
    language = language if language in TEXT else "en"
    return language, TEXT[language]


def terms_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
