"""Demo forum: seven boards, threads in English, Japanese and Hindi, one flagged post.

Idempotent: boards are looked up by slug and threads by (board, title), so running
`seed_demo` twice adds nothing. Everything is marked as sample data. Content is written
straight through the models here (not the services) so trust rules and rate limits, meant for
live members, do not hold the demo back; the HTML is still made by `render_markdown`.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum.discussions.models import Board, Flag, FlagReason, Post, Subscription, Thread
from forum.discussions.services.common import (
    post_render,
    search_vector_refresh,
    thread_refresh,
)

BOARDS = (
    (
        "partnering",
        False,
        ("Partnering", "パートナー探し", "साझेदारी"),
        (
            "Find a partner in India or Japan: joint ventures, supply, licensing, third markets.",
            "インド・日本でのパートナー探し：合弁、供給、ライセンス、第三国市場。",
            "भारत या जापान में साझेदार खोजें: संयुक्त उद्यम, आपूर्ति, लाइसेंस, तीसरे बाज़ार।",
        ),
    ),
    (
        "compliance-certification",
        True,
        ("Compliance & certification", "規制対応と認証", "अनुपालन और प्रमाणन"),
        (
            "ISO, IATF, JIS, BIS, ZED and the rules each market asks for.",
            "ISO、IATF、JIS、BIS、ZED など各市場が求める規格と規制。",
            "ISO, IATF, JIS, BIS, ZED और हर बाज़ार के नियम।",
        ),
    ),
    (
        "funding-qa",
        True,
        ("Funding Q&A", "資金調達Q&A", "वित्त प्रश्नोत्तर"),
        (
            "Ask financiers about loans, guarantees and grants for India–Japan projects.",
            "日印プロジェクトの融資・保証・補助金について金融機関に質問。",
            "भारत–जापान परियोजनाओं के ऋण, गारंटी और अनुदान के बारे में पूछें।",
        ),
    ),
    (
        "kaizen-practice",
        False,
        ("Kaizen practice", "カイゼン実践", "काइज़न अभ्यास"),
        (
            "5S, kaizen and lean on the shop floor: what worked and what did not.",
            "現場の5S・カイゼン・リーン：うまくいったこと、いかなかったこと。",
            "शॉप फ़्लोर पर 5S, काइज़न और लीन: क्या चला और क्या नहीं।",
        ),
    ),
    (
        "semiconductors",
        False,
        ("Semiconductors", "半導体", "सेमीकंडक्टर"),
        (
            "Electronics and semiconductor supply chains between India and Japan.",
            "日印間のエレクトロニクス・半導体サプライチェーン。",
            "भारत और जापान के बीच इलेक्ट्रॉनिक्स और सेमीकंडक्टर आपूर्ति शृंखला।",
        ),
    ),
    (
        "green-energy",
        False,
        ("Green energy", "グリーンエネルギー", "हरित ऊर्जा"),
        (
            "Green hydrogen and ammonia, solar, wind and storage.",
            "グリーン水素・アンモニア、太陽光、風力、蓄電。",
            "ग्रीन हाइड्रोजन और अमोनिया, सौर, पवन और भंडारण।",
        ),
    ),
    (
        "logistics",
        False,
        ("Logistics", "物流", "लॉजिस्टिक्स"),
        (
            "Shipping, customs and warehousing on the India–Japan corridor.",
            "日印間の輸送・通関・倉庫。",
            "भारत–जापान गलियारे पर शिपिंग, सीमा शुल्क और भंडारण।",
        ),
    ),
)

INDIA = "msme.india@demo.ijsme.example"
JAPAN = "sme.japan@demo.ijsme.example"
# The moderation demo's spam comes from a throwaway account of its own, not from a member.
SPAMMER = "growth.hacks.spammer@demo.ijsme.example"
REGULATOR = "regulator@demo.ijsme.example"
FINANCIER = "financier@demo.ijsme.example"

# (board slug, language, title, [(author email, markdown)], solved reply index or None)
THREADS = (
    (
        "partnering",
        "en",
        "Looking for a Japanese partner for precision gear blanks",
        [
            (
                INDIA,
                "We machine gear blanks for two-wheelers in Ludhiana (IATF 16949). "
                "Looking for a **Japanese tooling partner** for a hobbing line upgrade.",
            ),
            (
                JAPAN,
                "弊社は東大阪でホブ盤用工具を製造しています。**技術提携**に関心があります。"
                "来月デリーに出張予定です。",
            ),
            (
                INDIA,
                "Wonderful — let us meet in Delhi. Our requirements are in our profile.",
            ),
        ],
        None,
    ),
    (
        "funding-qa",
        "en",
        "Can a ZED-certified micro enterprise get a collateral-free loan for Japanese machines?",
        [
            (
                INDIA,
                "We want to import a Japanese CNC lathe (about ₹85 lakh). Is collateral-free "
                "credit possible for a micro enterprise?",
            ),
            (
                FINANCIER,
                "Yes: under the credit guarantee scheme, loans up to ₹5 crore can be "
                "collateral-free. See the funding windows listed on the portal, and keep your "
                "Udyam certificate and ZED rating ready.",
            ),
        ],
        1,
    ),
    (
        "compliance-certification",
        "hi",
        "जापान को निर्यात के लिए JIS चिह्न कैसे मिले?",
        [
            (
                INDIA,
                "हम ऑटो पार्ट्स बनाते हैं और जापान को निर्यात करना चाहते हैं। क्या JIS चिह्न अनिवार्य है?",
            ),
            (
                REGULATOR,
                "JIS चिह्न हर उत्पाद के लिए अनिवार्य नहीं है, पर कई खरीदार इसे माँगते हैं। "
                "मंत्रालय की प्रमाणन सहायता योजना लागत का एक हिस्सा लौटाती है।",
            ),
        ],
        1,
    ),
    (
        "kaizen-practice",
        "ja",
        "5S導入で最初の三か月に何をしましたか？",
        [
            (JAPAN, "インドの協力工場で5Sを始めます。最初の三か月で効果があった取り組みは？"),
            (
                INDIA,
                "We started with *seiri* (sort) on one line only, with daily 10-minute audits. "
                "Red tags worked better than posters.",
            ),
        ],
        None,
    ),
    (
        "green-energy",
        "en",
        "Green ammonia pilots: who is buying in Japan?",
        [
            (
                INDIA,
                "We are exploring a small electrolyser component line. Which Japanese buyers "
                "are piloting green ammonia co-firing?",
            ),
            (
                SPAMMER,
                "Buy cheap followers and likes for your company page!!! "
                "[click here](https://spam.example/offer)",
            ),
        ],
        None,
    ),
)

FLAGGED = "Buy cheap followers"


def _post(thread: Thread, author: User | None, body: str, at) -> Post:
    post = Post(
        thread=thread,
        author=author,
        organisation=author.organisation if author else None,
        body=body,
        created_at=at,
        published_at=at,
        is_sample=True,
    )
    post_render(post)
    post.save()
    search_vector_refresh(Post, post.pk)
    return post


@transaction.atomic
def seed(stdout=None) -> None:
    boards = {}
    for position, (slug, is_qa, names, descriptions) in enumerate(BOARDS):
        boards[slug], _created = Board.objects.update_or_create(
            slug=slug,
            defaults=dict(
                name_en=names[0],
                name_ja=names[1],
                name_hi=names[2],
                description_en=descriptions[0],
                description_ja=descriptions[1],
                description_hi=descriptions[2],
                is_qa=is_qa,
                position=position,
                is_sample=True,
            ),
        )
    spammer = User.objects.filter(email=SPAMMER).first()
    if spammer is None:
        spammer = User.objects.create_user(SPAMMER, None, full_name="Growth Hacks (demo spammer)")
    people = {user.email: user for user in User.objects.select_related("organisation")}
    created = 0
    start = timezone.now() - timedelta(days=len(THREADS) + 1)
    for n, (slug, language, title, posts, solved) in enumerate(THREADS):
        board = boards[slug]
        if Thread.objects.filter(board=board, title=title).exists():
            continue
        at = start + timedelta(days=n)
        opener = people.get(posts[0][0])
        thread = Thread.objects.create(
            board=board,
            title=title,
            language=language,
            author=opener,
            created_at=at,
            last_posted_at=at,
            search_text=title,
            is_sample=True,
        )
        search_vector_refresh(Thread, thread.pk)
        made = [
            _post(thread, people.get(email), body, at + timedelta(hours=3 * i))
            for i, (email, body) in enumerate(posts)
        ]
        if solved is not None:
            thread.solved_post = made[solved]
            thread.save(update_fields=["solved_post"])
        if opener is not None:
            Subscription.objects.get_or_create(user=opener, thread=thread)
        for post in made:
            flagger = people.get(INDIA)
            if FLAGGED in post.body and flagger is not None:
                Flag.objects.get_or_create(
                    post=post,
                    flagger=flagger,
                    defaults={"reason": FlagReason.SPAM, "note": "Advertising, not a reply."},
                )
                post.open_flag_count = 1
                post.save(update_fields=["open_flag_count"])
        thread_refresh(thread)
        created += 1
    if stdout is not None:
        stdout.write(f"forum: {len(boards)} boards, {created} new threads")
