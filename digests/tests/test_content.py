"""What a digest holds: filters, nothing new, languages, zones, money, links."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email import policy

import pytest
from django.conf import settings as django_settings

from digests.content import Filters, Item
from digests.models import Delivery
from digests.services import digest_schedule
from digests.tasks import digest_tick
from digests.tests.factories import publish_notice, publish_window, subscriber
from taxonomy.models import Sector
from tests.factories import make_org
from tests.smtp import SmtpSink

NOW = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)  # Monday 08:00 IST, 11:30 JST
EARLIER = NOW - timedelta(hours=5)


@pytest.fixture
def sink(settings):
    with SmtpSink() as server:
        server.point_django_at_it(settings)
        yield server.handler


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(now: datetime = NOW) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            digest_tick(now=now.isoformat())

    return run


def parts(sink, address: str) -> tuple[email.message.EmailMessage, str, str]:
    for raw in sink.messages:
        message = email.message_from_bytes(raw, policy=policy.default)
        if message["To"] == address:
            return (
                message,
                message.get_body(("plain",)).get_content(),
                message.get_body(("html",)).get_content(),
            )
    raise AssertionError(f"no message to {address}")


def sector(slug: str) -> Sector:
    return Sector.objects.order_by("position")[0] if slug == "first" else Sector.objects.last()


# --- filters (pure) --------------------------------------------------------------------------
def _item(**fields) -> Item:
    return Item(key="x:1", section="windows", changed_at=NOW, obj=None, **fields)


def test_it_lets_everything_through_an_empty_filter():
    empty = Filters(frozenset(), frozenset(), frozenset(), frozenset())
    assert empty.accepts(_item(sectors=frozenset({3}), country="JP", region="JP-27"))


def test_it_filters_by_sector_but_keeps_items_for_every_sector():
    only_two = Filters(frozenset({2}), frozenset(), frozenset(), frozenset())
    assert not only_two.accepts(_item(sectors=frozenset({3})))
    assert only_two.accepts(_item(sectors=frozenset({2, 3})))
    assert only_two.accepts(_item(sectors=frozenset()))


def test_it_filters_by_country_but_keeps_bilateral_items():
    india = Filters(frozenset(), frozenset({"IN"}), frozenset(), frozenset())
    assert not india.accepts(_item(country="JP"))
    assert india.accepts(_item(country=""))


def test_it_filters_by_region_but_keeps_nationwide_items():
    punjab = Filters(frozenset(), frozenset(), frozenset({"IN-PB"}), frozenset())
    assert not punjab.accepts(_item(region="IN-MH"))
    assert punjab.accepts(_item(region=""))


def test_it_filters_windows_by_instrument():
    grants = Filters(frozenset(), frozenset(), frozenset(), frozenset({"grant"}))
    assert not grants.accepts(_item(instrument="loan"))
    assert grants.accepts(_item(instrument="grant"))


# --- end to end, through a real SMTP server ---------------------------------------------------
def test_it_sends_only_what_matches_the_persons_filters(send, sink, regulator_org):
    first, last = sector("first"), sector("last")
    alice = subscriber("f@example.com", make_org(name_en="F", region="IN-PB"))
    alice.digest_preference.sectors.set([first])
    publish_notice(regulator_org, when=EARLIER, title_en="Mine", sectors=[first])
    publish_notice(regulator_org, when=EARLIER, title_en="Theirs", sectors=[last])
    publish_notice(regulator_org, when=EARLIER, title_en="Tokyo only", jurisdiction="JP")
    publish_notice(regulator_org, when=EARLIER, title_en="Maharashtra", region="IN-MH")
    send()
    _, text, _ = parts(sink, "f@example.com")
    assert "Mine" in text
    assert "Theirs" not in text and "Tokyo only" not in text and "Maharashtra" not in text


def test_it_leaves_out_what_the_person_switched_off(send, sink, regulator_org):
    person = subscriber("off@example.com", make_org(name_en="O"))
    person.digest_preference.include_notices = False
    person.digest_preference.save()
    publish_notice(regulator_org, when=EARLIER, title_en="Quiet")
    send()
    assert sink.total == 0
    assert Delivery.objects.get(user=person).status == "skipped"


def test_it_sends_no_email_when_nothing_is_new(send, sink, regulator_org):
    subscriber("old@example.com", make_org(name_en="Old"))
    publish_notice(regulator_org, when=NOW - timedelta(days=8), title_en="Older than a week")
    send()
    assert sink.total == 0
    assert Delivery.objects.get().status == "skipped"


def test_it_lists_amended_items_again_with_the_amendment(send, sink, regulator_org):
    subscriber("am@example.com", make_org(name_en="Am"))
    publish_notice(
        regulator_org,
        when=NOW - timedelta(days=10),
        amended_at=EARLIER,
        title_en="Revised duty",
    )
    send()
    _, text, _ = parts(sink, "am@example.com")
    assert "Revised duty" in text and "Amended on" in text


def test_it_lists_eligible_windows_closing_within_14_days(send, sink, financier_org):
    person = subscriber("cl@example.com", make_org(name_en="Cl"))
    person.digest_preference.include_notices = False
    person.digest_preference.save()
    publish_window(
        financier_org,
        when=NOW - timedelta(days=30),
        closes_in=timedelta(days=43, hours=12),  # closes in 13.5 days: news today
        title_en="Closing soon",
    )
    publish_window(
        financier_org,
        when=NOW - timedelta(days=30),
        closes_in=timedelta(days=43, hours=12),
        title_en="Japanese only",
        applicant_countries=["JP"],
    )
    send()
    _, text, _ = parts(sink, "cl@example.com")
    assert "Closing soon" in text
    assert "Japanese only" not in text


def test_it_shows_amounts_and_deadlines_in_the_recipients_zone(send, sink, financier_org):
    subscriber(
        "jp@example.com",
        make_org(name_en="J", country="JP", region="JP-27"),
        timezone="Asia/Tokyo",
        language="en",
    )
    publish_window(
        financier_org,
        when=EARLIER,
        closes_in=timedelta(days=60),
        title_en="Yen loan",
        currency="JPY",
        amount_min=Decimal("4500000"),
        amount_max=Decimal("150000000"),
        jurisdiction="BI",
        closes_at=datetime(2027, 1, 20, 8, 0, tzinfo=UTC),
    )
    send(datetime(2026, 11, 22, 23, 0, tzinfo=UTC))  # 08:00 JST
    _, text, _ = parts(sink, "jp@example.com")
    assert "¥4.5 million" in text and "¥150 million" in text  # an English reader
    assert "17:00 JST (13:30 IST)" in text


def test_it_links_every_item_to_the_site(send, sink, regulator_org):
    subscriber("ln@example.com", make_org(name_en="Ln"))
    notice = publish_notice(regulator_org, when=EARLIER, title_en="Linked")
    send()
    _, text, html = parts(sink, "ln@example.com")
    url = f"{django_settings.SITE_URL}/programs/notices/{notice.pk}/"
    assert url in text and f'href="{url}"' in html


@pytest.mark.parametrize(
    ("language", "heading", "intro"),
    [
        ("en", "Policy notices", "Here is what is new on the India–Japan SME Forum since"),
        ("ja", "政策のお知らせ", "以降の日印中小企業フォーラムの新着情報です"),
        ("hi", "नीति सूचनाएँ", "पर जो नया है, वह यहाँ है"),
    ],
)
def test_it_writes_the_digest_in_the_persons_language(
    send, sink, regulator_org, language, heading, intro
):
    subscriber(f"{language}@example.com", make_org(name_en="L"), language=language)
    publish_notice(
        regulator_org,
        when=EARLIER,
        title_en="English title",
        title_ja="日本語の題名",
        title_hi="हिंदी शीर्षक",
    )
    send()
    message, text, html = parts(sink, f"{language}@example.com")
    assert heading in text and heading in html
    assert intro in text and intro in html
    assert message["Content-Language"] == language
    expected_title = {"en": "English title", "ja": "日本語の題名", "hi": "हिंदी शीर्षक"}[language]
    assert expected_title in text


def test_it_marks_an_item_shown_in_its_original_language(send, sink, regulator_org):
    subscriber("ja2@example.com", make_org(name_en="L2"), language="ja")
    publish_notice(regulator_org, when=EARLIER, title_en="Only English")
    send()
    _, text, _ = parts(sink, "ja2@example.com")
    assert "Only English" in text and "(原文の言語: 英語)" in text and ": en)" not in text


def test_it_renders_each_shared_item_once_per_language(regulator_org, settings):
    from digests.planner import batch_plan
    from digests.render import Renderer
    from digests.selectors import batch_deliveries

    org = make_org(name_en="Many")
    for i in range(6):
        subscriber(f"m{i}@example.com", org, language=["en", "ja"][i % 2])
    publish_notice(regulator_org, when=EARLIER, title_en="Shared")
    ids = [i for batch in digest_schedule(now=NOW).batches for i in batch]
    planned, _ = batch_plan(rows=batch_deliveries(ids))
    renderer = Renderer()
    from django.utils import translation

    for plan in planned:
        with translation.override(plan.recipient.language):
            renderer.build(plan.recipient, plan.items, plan.personal)
    assert len(renderer._items) == 2  # one notice × {en, ja} × one zone


def _current_run_with(profile, partner, *, reasons=None):
    from matchmaking.runs.models import CurrentRun, Match, MatchRun

    run = MatchRun.objects.create(kind="full", status="complete", finished_at=NOW)
    CurrentRun.objects.update_or_create(pk=1, defaults={"run": run})
    return Match.objects.create(
        run=run,
        profile=profile,
        partner=partner,
        rank=1,
        points=90,
        score=0.9,
        reasons=reasons or [],
    )


def test_it_announces_a_new_match_once_even_when_the_run_is_repeated(db, send, sink):
    from matchmaking.tests.factories import make_profile

    india = make_org(name_en="Match IN")
    japan = make_org(name_en="Match JP", name_ja="マッチ精密", country="JP", region="JP-27")
    person = subscriber("mt@example.com", india, language="ja")
    person.digest_preference.include_notices = False
    person.digest_preference.save()
    mine, theirs = make_profile(india), make_profile(japan)
    _current_run_with(mine, theirs)
    send()
    _, text, _ = parts(sink, "mt@example.com")
    assert "マッチ精密" in text and "90%" in text
    _current_run_with(mine, theirs)  # the next nightly run stores the same pair again
    send(NOW + timedelta(days=1))
    assert sink.counts == {"mt@example.com": 1}
    person.digest_preference.refresh_from_db()
    assert person.digest_preference.reported_partner_ids == [theirs.pk]


def test_it_exports_and_erases_what_it_holds_about_a_person(send, sink, regulator_org):
    from accounts.privacy import erasers, exporters

    person = subscriber("pv@example.com", make_org(name_en="Pv"))
    publish_notice(regulator_org, when=EARLIER, title_en="Private")
    send()
    exported = exporters()["digests"](person)
    assert exported["preference"]["frequency"] == "daily"
    assert exported["deliveries"][0]["status"] == "sent"
    erasers()["digests"](person)
    assert not Delivery.objects.filter(user=person).exists()


def test_it_includes_followed_threads_when_asked(send, sink, bob):
    from forum.discussions.models import Board, Post, Subscription, Thread

    person = subscriber("th@example.com", make_org(name_en="Th"), language="hi")
    person.digest_preference.include_notices = False
    person.digest_preference.include_threads = True
    person.digest_preference.save()
    board = Board.objects.create(slug="digest-test", name_en="Digest test")
    thread = Thread.objects.create(
        board=board, title="Kaizen at small plants", author=person, is_visible=True
    )
    Subscription.objects.create(user=person, thread=thread)
    for _ in range(2):
        Post.objects.create(
            thread=thread, author=bob, body="Reply", body_html="<p>Reply</p>", published_at=EARLIER
        )
    send()
    _, text, _ = parts(sink, "th@example.com")
    assert "Kaizen at small plants" in text and "2 नए जवाब" in text
    assert f"/forum/threads/{thread.pk}" in text or thread.get_absolute_url() in text


def test_its_bulk_applicants_agree_with_the_programs_app(db):
    from digests.content import applicants_in_bulk
    from matchmaking.tests.factories import make_profile
    from programs.eligibility import applicant_for

    first, last = sector("first"), sector("last")
    with_profile = make_org(name_en="Prof", founded_year=2001)
    make_profile(with_profile).sectors.set([first])
    by_interest = make_org(name_en="Int", country="JP", region="JP-13", turnover_currency="JPY")
    member = subscriber("int@example.com", by_interest)
    member.sectors_of_interest.set([last])
    bare = make_org(name_en="Bare", annual_turnover=None)
    built = applicants_in_bulk([with_profile, by_interest, bare])
    for org in (with_profile, by_interest, bare):
        assert built[org] == applicant_for(org)
