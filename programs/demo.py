"""Sample notices, funding windows and programmes drawn from the forum's article.

Idempotent: each item is looked up by its issuing organisation and English title, so running
`seed_demo` twice adds nothing. Everything is marked `is_sample` (a "Sample data" badge). Terms
and dates are plausible, not real offers.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, Verification
from accounts.services import organisation_save
from programs.models import (
    FundingWindow,
    PolicyNotice,
    Status,
    TrainingProgramme,
    TrainingSession,
)
from programs.services.common import item_save
from programs.services.funding import normalise_limits
from taxonomy.models import Sector

IST = ZoneInfo("Asia/Kolkata")
JST = ZoneInfo("Asia/Tokyo")

SAMPLE_ORGS = (
    dict(
        slug="jbic-demo",
        name_en="Japan Bank for International Cooperation (demo)",
        name_ja="国際協力銀行（デモ）",
        country="JP",
        kind="financier",
        region="JP-13",
        city="Tokyo",
    ),
    dict(
        slug="jica-india-demo",
        name_en="JICA India Office (demo)",
        name_ja="JICAインド事務所（デモ）",
        country="IN",
        kind="financier",
        region="IN-DL",
        city="New Delhi",
    ),
    dict(
        slug="rec-limited-demo",
        name_en="REC Limited (demo)",
        name_hi="आरईसी लिमिटेड (डेमो)",
        country="IN",
        kind="financier",
        region="IN-DL",
        city="New Delhi",
    ),
    dict(
        slug="cgtmse-demo",
        name_en="Credit Guarantee Fund Trust for Micro and Small Enterprises (demo)",
        name_hi="सूक्ष्म और लघु उद्यम क्रेडिट गारंटी फंड ट्रस्ट (डेमो)",
        country="IN",
        kind="financier",
        region="IN-MH",
        city="Mumbai",
    ),
    dict(
        slug="jetro-india-demo",
        name_en="JETRO New Delhi (demo)",
        name_ja="ジェトロ・ニューデリー（デモ）",
        country="IN",
        kind="regulator",
        region="IN-DL",
        city="New Delhi",
    ),
    dict(
        slug="aots-demo",
        name_en="AOTS — Association for Overseas Technical Cooperation and Sustainable Partnerships (demo)",
        name_ja="海外産業人材育成協会（デモ）",
        country="JP",
        kind="regulator",
        region="JP-13",
        city="Tokyo",
    ),
    dict(
        slug="chhattisgarh-industries-demo",
        name_en="Chhattisgarh Department of Commerce and Industries (demo)",
        name_hi="छत्तीसगढ़ वाणिज्य एवं उद्योग विभाग (डेमो)",
        country="IN",
        kind="regulator",
        region="IN-CT",
        city="Raipur",
    ),
)


def _org(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def _sample_org(data: dict) -> Organisation:
    existing = _org(data["slug"])
    if existing:
        return existing
    org = organisation_save(organisation=Organisation(is_sample=True, **data))
    Organisation.objects.filter(pk=org.pk).update(verification_status=Verification.VERIFIED)
    org.refresh_from_db()
    return org


def _sectors(*slugs: str) -> list[Sector]:
    return list(Sector.objects.filter(slug__in=slugs))


def _publish(model, organisation: Organisation, data: dict, sectors: list, *, published: datetime):
    existing = model.objects.filter(organisation=organisation, title_en=data["title_en"]).first()
    if existing:
        return existing, False
    item = model(organisation=organisation, is_sample=True)
    if model is FundingWindow:
        for name, value in data.items():
            setattr(item, name, value)
        normalise_limits(item)
        data = {}
    item_save(
        item=item,
        user=None,
        data=data,
        sectors=sectors,
        extra_text=[data.get(name) for name in ("body", "body_en", "body_ja", "body_hi")],
    )
    model.objects.filter(pk=item.pk).update(status=Status.PUBLISHED, published_at=published)
    return item, True


def _at(day: date, hour: int, zone: ZoneInfo = IST) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=zone)


@transaction.atomic
def seed(stdout=None) -> None:
    ministry = _org("msme-ministry-international-cooperation-desk")
    sidbi = _org("sidbi-demo")
    if ministry is None or sidbi is None:
        if stdout:
            stdout.write("programs: demo organisations missing; run accounts.demo first")
        return
    orgs = {data["slug"]: _sample_org(data) for data in SAMPLE_ORGS}
    today = timezone.localdate()
    now = timezone.now()
    created = 0

    notices = [
        (
            ministry,
            dict(
                title_en="ZED certification: 80% cost support for micro enterprises extended to Japanese-partnered units",
                title_hi="ज़ेड प्रमाणन: जापानी साझेदारी वाली सूक्ष्म इकाइयों को 80% लागत सहायता",
                title_ja="ZED認証：日系パートナー企業と組む零細企業に認証費用の80%を補助",
                summary_en="Micro enterprises in an India–Japan joint venture or supply contract can claim 80% of ZED Bronze and Silver certification costs.",
                summary_hi="भारत–जापान संयुक्त उद्यम या आपूर्ति अनुबंध वाली सूक्ष्म इकाइयाँ ज़ेड कांस्य और रजत प्रमाणन की 80% लागत का दावा कर सकती हैं।",
                body_en="## What changes\n\n- Support rises from 50% to **80%** for micro enterprises.\n- Evidence: a signed supply contract or joint-venture agreement with a Japanese company.\n\n## How to claim\n\nApply on the ZED portal with your Udyam number.",
                body_ja="## 変更点\n\n- 零細企業への補助率が50%から**80%**に上がります。\n- 証明書類：日本企業との署名済みの供給契約または合弁契約。\n\n## 申請方法\n\nUdyam登録番号を用いてZEDポータルから申請してください。",
                body_hi="## क्या बदला\n\n- सूक्ष्म उद्यमों के लिए सहायता 50% से बढ़कर **80%** हो गई है।\n- प्रमाण: किसी जापानी कंपनी के साथ हस्ताक्षरित आपूर्ति अनुबंध या संयुक्त उद्यम समझौता।\n\n## दावा कैसे करें\n\nअपने उद्यम नंबर के साथ ZED पोर्टल पर आवेदन करें।",
                kind="certification",
                jurisdiction="IN",
                original_language="en",
                effective_date=today + timedelta(days=7),
                compliance_deadline=today + timedelta(days=120),
                source_url="https://zed.msme.gov.in/",
            ),
            _sectors("automotive-mobility", "advanced-manufacturing"),
            now - timedelta(days=3),
        ),
        (
            orgs["chhattisgarh-industries-demo"],
            dict(
                title_en="Chhattisgarh invites Japanese investment in electronics and food processing",
                title_hi="छत्तीसगढ़ ने इलेक्ट्रॉनिक्स और खाद्य प्रसंस्करण में जापानी निवेश आमंत्रित किया",
                title_ja="チャッティースガル州、電子機器・食品加工への日本企業の投資を招請",
                summary_en="Capital subsidy of up to 35% and a five-year electricity-duty exemption for units set up with a Japanese partner in Raipur and Bhilai clusters.",
                summary_hi="रायपुर और भिलाई क्लस्टरों में जापानी साझेदार के साथ स्थापित इकाइयों के लिए 35% तक पूंजी अनुदान और पाँच वर्ष की विद्युत शुल्क छूट।",
                summary_ja="ライプル・ビライ地区で日本企業と設立する事業所に、最大35%の設備補助と5年間の電気税免除。",
                body_en="The state's industrial policy 2024–30 adds a **Japan desk** in the investment promotion board. Food processing and electronics units with a Japanese partner qualify for the enhanced package.",
                kind="scheme",
                jurisdiction="IN",
                region="IN-CT",
                original_language="en",
                effective_date=today - timedelta(days=10),
                compliance_deadline=None,
                source_url="https://industries.cg.gov.in/",
            ),
            _sectors("semiconductors-electronics", "food-processing"),
            now - timedelta(days=9),
        ),
        (
            orgs["jetro-india-demo"],
            dict(
                title_en="Consultation: India–Japan mutual recognition of conformity assessment for auto components",
                title_ja="意見募集：自動車部品の適合性評価に関する日印相互承認",
                summary_en="Comments invited on recognising JIS-mark test reports for BIS certification of selected auto components.",
                summary_ja="一部の自動車部品について、JISマークの試験成績書をBIS認証で認める案への意見を募集します。",
                body_en="Send comments on the draft list of components (brake parts, fasteners, lamps) by the deadline.",
                kind="consultation",
                jurisdiction="BI",
                original_language="en",
                effective_date=today,
                compliance_deadline=today + timedelta(days=12),
                source_url="https://www.jetro.go.jp/india/",
            ),
            _sectors("automotive-mobility"),
            now - timedelta(days=1),
        ),
        (
            ministry,
            dict(
                title_en="Compliance change: payments to MSE suppliers within 45 days (Section 43B(h))",
                title_hi="अनुपालन परिवर्तन: सूक्ष्म और लघु आपूर्तिकर्ताओं को 45 दिनों में भुगतान (धारा 43B(h))",
                summary_en="Buyers, including Japanese subsidiaries in India, must pay registered micro and small suppliers within 45 days to deduct the expense.",
                summary_hi="भारत में जापानी सहायक कंपनियों सहित खरीदारों को खर्च घटाने के लिए पंजीकृत सूक्ष्म और लघु आपूर्तिकर्ताओं को 45 दिनों में भुगतान करना होगा।",
                body_en="Applies to purchases from suppliers with a **Udyam** registration.",
                kind="compliance_change",
                jurisdiction="IN",
                original_language="en",
                effective_date=today - timedelta(days=30),
                compliance_deadline=today + timedelta(days=40),
                source_url="https://incometaxindia.gov.in/",
            ),
            [],
            now - timedelta(days=20),
        ),
    ]
    data: dict[str, Any]  # each kind's field values, one loop after another
    for org, data, sectors, published in notices:
        created += _publish(PolicyNotice, org, data, sectors, published=published)[1]

    windows = [
        (
            orgs["cgtmse-demo"],
            dict(
                title_en="CGTMSE credit guarantee for collateral-free loans up to ₹5 crore",
                title_hi="₹5 करोड़ तक के बिना संपार्श्विक ऋण के लिए सीजीटीएमएसई क्रेडिट गारंटी",
                summary_en="Guarantee cover of 75–85% on collateral-free term loans and working capital from member lending institutions.",
                summary_hi="सदस्य ऋण संस्थानों से बिना संपार्श्विक सावधि ऋण और कार्यशील पूंजी पर 75–85% गारंटी।",
                instrument="credit_guarantee",
                jurisdiction="IN",
                currency="INR",
                amount_min=Decimal("1000000"),
                amount_max=Decimal("50000000"),
                guarantee_coverage_pct=Decimal("85"),
                tenor_months_max=84,
                opens_at=_at(today - timedelta(days=60), 10),
                closes_at=_at(today + timedelta(days=120), 17),
                entry_timezone="Asia/Kolkata",
                apply_through_member_institution=True,
                applicant_countries=["IN"],
                msme_classes=["micro", "small"],
                udyam_required=True,
                eligibility_notes="Apply through your bank (a CGTMSE member lending institution); no collateral or third-party guarantee.",
            ),
            [],
            now - timedelta(days=30),
        ),
        (
            orgs["rec-limited-demo"],
            dict(
                title_en="REC green loan: ₹7,000 crore for renewable energy and green hydrogen MSMEs",
                title_hi="आरईसी हरित ऋण: नवीकरणीय ऊर्जा और हरित हाइड्रोजन एमएसएमई के लिए ₹7,000 करोड़",
                title_ja="REC グリーンローン：再エネ・グリーン水素分野の中小企業向け7,000億ルピー枠",
                summary_en="Term loans for rooftop solar, electrolyser component makers and energy-efficiency retrofits from a ₹7,000 crore green window.",
                instrument="loan",
                jurisdiction="IN",
                currency="INR",
                amount_min=Decimal("5000000"),
                amount_max=Decimal("250000000"),
                interest_rate_min=Decimal("8.35"),
                interest_rate_max=Decimal("9.50"),
                tenor_months_min=36,
                tenor_months_max=120,
                opens_at=_at(today - timedelta(days=14), 10),
                closes_at=_at(today + timedelta(days=9), 17),
                entry_timezone="Asia/Kolkata",
                apply_url="https://recindia.nic.in/",
                applicant_countries=["IN"],
                max_turnover=Decimal("2500000000"),
                max_turnover_currency="INR",
                min_years_in_business=3,
            ),
            _sectors("renewable-energy", "green-hydrogen-ammonia"),
            now - timedelta(days=14),
        ),
        (
            orgs["jbic-demo"],
            dict(
                title_en="JBIC concessional loan for MSME clusters on the Delhi–Mumbai industrial corridor",
                title_ja="デリー・ムンバイ産業大動脈の中小企業クラスター向けJBIC譲許的融資",
                summary_en="Yen loans for Japanese SMEs setting up plants with Indian partners in corridor clusters.",
                summary_ja="産業大動脈のクラスターでインド企業と工場を設立する日本の中小企業向け円建て融資。",
                instrument="concessional_loan",
                jurisdiction="BI",
                currency="JPY",
                amount_min=Decimal("50000000"),
                amount_max=Decimal("1500000000"),
                interest_rate_min=Decimal("0.8"),
                interest_rate_max=Decimal("1.6"),
                tenor_months_min=60,
                tenor_months_max=180,
                opens_at=_at(today - timedelta(days=5), 9, JST),
                closes_at=_at(today + timedelta(days=4), 17, JST),
                entry_timezone="Asia/Tokyo",
                apply_url="https://www.jbic.go.jp/",
                applicant_countries=["JP"],
                max_employees=300,
                max_turnover=Decimal("5000000000"),
                max_turnover_currency="JPY",
            ),
            _sectors("advanced-manufacturing", "automotive-mobility", "logistics"),
            now - timedelta(days=5),
        ),
        (
            # SIDBI on-lends JICA's two-step loan, so SIDBI (the demo financier) lists it: the
            # Ludhiana MSME is eligible for it, unlike the start-up co-investment below.
            sidbi,
            dict(
                title_en="JICA two-step loan via SIDBI for MSME energy efficiency on industrial corridors",
                title_ja="SIDBI経由のJICAツーステップローン（産業大動脈の中小企業の省エネ）",
                summary_en="Concessional funds on-lent by SIDBI for energy-saving equipment in corridor MSME clusters.",
                instrument="concessional_loan",
                jurisdiction="IN",
                currency="INR",
                amount_min=Decimal("2500000"),
                amount_max=Decimal("100000000"),
                interest_rate_min=Decimal("6.9"),
                interest_rate_max=Decimal("7.9"),
                tenor_months_max=96,
                opens_at=_at(today - timedelta(days=30), 10),
                closes_at=_at(today + timedelta(days=45), 17),
                entry_timezone="Asia/Kolkata",
                apply_url="https://www.sidbi.in/",
                applicant_countries=["IN"],
                msme_classes=["micro", "small", "medium"],
                udyam_required=True,
            ),
            _sectors("advanced-manufacturing", "automotive-mobility", "textiles"),
            now - timedelta(days=30),
        ),
        (
            sidbi,
            dict(
                title_en="SIDBI JISSI co-investment for India–Japan technology start-ups",
                title_hi="भारत–जापान प्रौद्योगिकी स्टार्ट-अप के लिए सिडबी जेआईएसएसआई सह-निवेश",
                summary_en="Equity co-investment alongside Japanese venture funds under the Japan-India Startup Support Initiative.",
                instrument="equity",
                jurisdiction="BI",
                currency="INR",
                amount_min=Decimal("10000000"),
                amount_max=Decimal("200000000"),
                opens_at=_at(today - timedelta(days=2), 10),
                closes_at=_at(today + timedelta(days=60), 17),
                entry_timezone="Asia/Kolkata",
                apply_url="https://www.sidbi.in/",
                foreign_applicants_allowed=True,
                max_employees=250,
            ),
            _sectors("robotics-ai", "semiconductors-electronics"),
            now - timedelta(days=2),
        ),
    ]
    for org, data, sectors, published in windows:
        created += _publish(FundingWindow, org, data, sectors, published=published)[1]

    programmes = [
        (
            orgs["aots-demo"],
            dict(
                title_en="AOTS Kaizen and 5S for auto-component makers (Ludhiana pilot)",
                title_ja="自動車部品メーカー向けAOTSカイゼン・5S研修（ルディアナ・パイロット）",
                title_hi="ऑटो कलपुर्जा निर्माताओं के लिए एओटीएस काइज़ेन और 5एस (लुधियाना पायलट)",
                summary_en="Five days on the shop floor with AOTS-certified trainers: 5S audit, waste walk, standard work.",
                summary_hi="एओटीएस-प्रमाणित प्रशिक्षकों के साथ पाँच दिन: 5एस ऑडिट, अपव्यय पहचान, मानक कार्य।",
                body="Trainers certified at the February 2025 Delhi programme co-hosted by the MSME Ministry and AOTS.",
                provider_name="AOTS",
                topic="kaizen",
                language="en",
                mode="in_person",
                place="Ludhiana, Punjab",
                jurisdiction="IN",
                region="IN-PB",
                original_language="en",
            ),
            _sectors("automotive-mobility", "advanced-manufacturing"),
            now - timedelta(days=6),
            # Five days on the shop floor, 10:00 on day one to 17:00 on day five; two cohorts.
            [
                (today + timedelta(days=12), 25, 10, timedelta(days=4, hours=7)),
                (today + timedelta(days=40), 25, 10, timedelta(days=4, hours=7)),
            ],
        ),
        (
            ministry,
            dict(
                title_en="5S online for food processors",
                title_hi="खाद्य प्रसंस्करण इकाइयों के लिए ऑनलाइन 5एस",
                summary_en="Four evening sessions on 5S and hygiene zoning for food-processing units.",
                summary_hi="खाद्य प्रसंस्करण इकाइयों के लिए 5एस और स्वच्छता ज़ोनिंग पर चार शाम के सत्र।",
                provider_name="MSME Technology Centre",
                topic="5s",
                language="hi",
                mode="online",
                jurisdiction="IN",
                original_language="hi",
            ),
            _sectors("food-processing"),
            now - timedelta(days=4),
            # Four weekly evening sessions of two hours (the first nearly full: a waiting list).
            [
                (
                    today + timedelta(days=5 + 7 * week),
                    3 if week == 0 else 30,
                    18,
                    timedelta(hours=2),
                )
                for week in range(4)
            ],
        ),
        (
            sidbi,
            dict(
                title_en="JISSI mentorship: scaling with Japanese partners",
                title_ja="JISSIメンタリング：日本企業との協業で事業を拡大",
                summary_en="Twelve weeks of mentorship and digital-tools clinics for technology MSMEs seeking Japanese partners.",
                provider_name="Japan-India Startup Support Initiative",
                topic="mentorship",
                language="en",
                mode="online",
                jurisdiction="BI",
                original_language="en",
            ),
            _sectors("robotics-ai", "semiconductors-electronics"),
            now - timedelta(days=8),
            # One cohort over twelve weeks: from the kick-off morning to the closing clinic.
            [(today + timedelta(days=20), 40, 10, timedelta(weeks=12, hours=2))],
        ),
    ]
    for org, data, sectors, published, sessions in programmes:
        programme, was_created = _publish(
            TrainingProgramme, org, data, sectors, published=published
        )
        created += was_created
        if was_created:
            for day, capacity, hour, length in sessions:
                start = _at(day, hour)
                TrainingSession.objects.create(
                    programme=programme,
                    starts_at=start,
                    ends_at=start + length,
                    capacity=capacity,
                )
    if stdout:
        stdout.write(f"programs: {created} sample notices, windows and programmes added")
