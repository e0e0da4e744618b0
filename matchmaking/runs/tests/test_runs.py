"""Match runs: storing, atomic swap, incremental updates, debounce, pages, API, reasons."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from matchmaking.runs import selectors, services, worker_cache
from matchmaking.runs.models import CurrentRun, Match, MatchRun, RunStatus
from matchmaking.runs.reason_text import forget_taxonomy_names, render_reasons
from matchmaking.selectors import with_partner_listing_data
from matchmaking.tests.factories import make_profile
from tests.factories import make_org, make_user

AUTO = dict(
    sectors=["automotive-mobility"],
    working_languages=["en"],
    target_markets=["southeast-asia"],
    partnership_types=["joint-venture"],
)


@pytest.fixture
def world(db, alice_org, bob_org):
    """An Indian maker (alice) and a Japanese tooling SME (bob) that fit, plus a few others."""
    alice_p = make_profile(
        alice_org,
        capabilities_offered=["precision-machining"],
        capabilities_sought=["cnc-tooling"] if _has("cnc-tooling") else ["pcb-assembly"],
        certifications_held=["iso-9001", "iso-14001"],
        certifications_required=["iso-9001"],
        **AUTO,
    )
    bob_p = make_profile(
        bob_org,
        capabilities_offered=["cnc-tooling"] if _has("cnc-tooling") else ["pcb-assembly"],
        capabilities_sought=["precision-machining"],
        certifications_held=["iso-9001"],
        certifications_required=["iso-9001", "iso-14001", "iatf-16949"],
        **{**AUTO, "working_languages": ["ja", "en"]},
    )
    others = []
    for i in range(4):
        org = make_org(name_en=f"Tokyo {i}", country="JP", region="JP-13")
        others.append(make_profile(org, capabilities_sought=["precision-machining"], **AUTO))
    return alice_p, bob_p, others


def _has(slug: str) -> bool:
    from taxonomy.models import Capability

    return Capability.objects.filter(slug=slug).exists()


def full_run(**kw) -> MatchRun:
    run = MatchRun.objects.create(kind="full")
    services.match_run_execute(run_id=run.pk, **kw)
    run.refresh_from_db()
    return run


@pytest.fixture(autouse=True)
def _fresh_cache():
    worker_cache.reset()
    forget_taxonomy_names()
    yield


def test_it_stores_a_full_run_and_points_readers_at_it(world):
    alice_p, bob_p, others = world
    run = full_run()
    assert run.status == RunStatus.COMPLETE and run.matches_stored > 0
    assert CurrentRun.objects.get(pk=1).run_id == run.pk
    matches = list(selectors.current_matches(alice_p))
    assert matches[0].partner == bob_p and matches[0].rank == 1
    assert 0 < matches[0].score <= 1
    assert {m.partner_id for m in matches} == {bob_p.pk, *(o.pk for o in others)}


def test_it_shows_readers_the_old_run_while_a_new_one_is_in_progress(world, settings):
    alice_p, _bob_p, _ = world
    old = full_run()
    settings.MATCHRUNS_SHARD_ROWS = 1
    seen = []

    def during(run):
        if run.phase == "storing":
            seen.append({m.run_id for m in selectors.current_matches(alice_p)})

    new = full_run(on_progress=during)
    assert len(seen) == 6 and all(s == {old.pk} for s in seen)
    assert {m.run_id for m in selectors.current_matches(alice_p)} == {new.pk}
    assert not Match.objects.filter(run_id=old.pk).exists()


def test_it_never_executes_a_finished_run_twice(world):
    run = full_run()
    stored = Match.objects.filter(run=run).count()
    assert services.match_run_execute(run_id=run.pk) is None
    assert Match.objects.filter(run=run).count() == stored


def test_it_resumes_a_run_after_its_last_stored_shard_without_duplicates(world, settings):
    _alice_p, _bob_p, _others = world
    reference = {m.profile_id: m.partner_id for m in Match.objects.filter(run=full_run(), rank=1)}
    settings.MATCHRUNS_SHARD_ROWS = 2
    run = MatchRun.objects.create(kind="full")

    class Killed(BaseException):  # not an Exception: skips the failure handler, like SIGKILL
        pass

    def die(r):
        if r.phase == "storing":  # after the first stored batch
            raise Killed

    with pytest.raises(Killed):
        services.match_run_execute(run_id=run.pk, on_progress=die)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.done == 2
    assert (
        list(run.shards.filter(stage="store").values_list("done_at", flat=True))[1:] == [None] * 2
    )
    services.match_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETE and run.attempts == 2
    rows = list(Match.objects.filter(run=run).values_list("profile_id", "rank"))
    assert len(rows) == len(set(rows)) == run.matches_stored
    assert {m.profile_id: m.partner_id for m in Match.objects.filter(run=run, rank=1)} == reference
    assert list(run.shards.values_list("attempts", flat=True)) == [1] * run.shards.count()


def test_it_debounces_ten_edits_into_one_run(
    world, monkeypatch, django_capture_on_commit_callbacks, settings
):
    alice_p = world[0]
    settings.MATCHRUNS_DEBOUNCE_SECONDS = 30
    from matchmaking.runs import tasks

    queued = []
    monkeypatch.setattr(tasks.match_run_execute_task, "apply_async", lambda **kw: queued.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(10):
            services.profile_changed(profile_id=alice_p.pk)
    runs = MatchRun.objects.filter(kind="incremental", profile=alice_p)
    assert runs.count() == 1 and runs.get().status == RunStatus.QUEUED
    assert queued == [{"args": [runs.get().pk], "countdown": 30}]


def test_it_updates_the_changed_profile_and_its_place_in_other_lists(world):
    alice_p, _bob_p, _others = world
    full_run()
    # Alice now offers nothing any Tokyo firm seeks and hides from nobody: only bob fits.
    alice_p.capabilities_offered.clear()
    alice_p.save()
    inc = MatchRun.objects.create(kind="incremental", profile=alice_p, total=1)
    services.match_run_execute(run_id=inc.pk)
    inc.refresh_from_db()
    assert inc.status == RunStatus.COMPLETE
    patched = [m.partner_id for m in selectors.current_matches(alice_p)]
    fresh = full_run()
    recomputed = list(
        Match.objects.filter(run=fresh, profile=alice_p)
        .order_by("rank")
        .values_list("partner_id", flat=True)
    )
    assert patched == recomputed


def test_it_removes_a_hidden_profile_from_other_lists(world):
    alice_p, bob_p, _ = world
    full_run()
    assert alice_p.pk in [m.partner_id for m in selectors.current_matches(bob_p)]
    alice_p.visibility = "hidden"
    alice_p.save()
    services.match_run_execute(
        run_id=MatchRun.objects.create(kind="incremental", profile=alice_p, total=1).pk
    )
    assert alice_p.pk not in [m.partner_id for m in Match.objects.filter(profile=bob_p)]
    assert not Match.objects.filter(profile=alice_p).exists()


def test_it_filters_current_matches_by_sector_and_partnership_type(world):
    alice_p = world[0]
    full_run()
    assert selectors.current_matches(alice_p, sector="automotive-mobility").count() == 5
    assert selectors.current_matches(alice_p, sector="textiles").count() == 0
    assert selectors.current_matches(alice_p, partnership_type="joint-venture").count() == 5


def test_it_reads_current_matches_in_a_pinned_number_of_queries(world, django_assert_num_queries):
    alice_p = world[0]
    full_run()
    with django_assert_num_queries(1):  # matches, partners and their organisations joined
        matches = list(selectors.current_matches(alice_p))
        for m in matches:
            m.partner.organisation.name_en  # noqa: B018
    assert len(matches) > 1
    with django_assert_num_queries(8):  # + 7 prefetched partner facets, as the API shows them
        matches = list(with_partner_listing_data(selectors.current_matches(alice_p)))
        for m in matches:
            list(m.partner.capabilities_sought.all())


def test_it_renders_reasons_in_three_languages(world):
    alice_p, _bob_p, _ = world
    full_run()
    reasons = selectors.current_matches(alice_p).first().reasons
    en = render_reasons(reasons, "en")
    assert "They seek Precision machining, which you offer" in en or any(
        s.startswith("They seek") for s in en
    )
    assert (
        "You hold 1 of their 3 required certifications — ISO 14001 and IATF 16949 missing" not in en
    )
    assert any("IATF 16949 missing" in s for s in en)
    assert "Both target Southeast Asia" in en
    assert "Both work in English" in en
    ja = render_reasons(reasons, "ja")
    hi = render_reasons(reasons, "hi")
    assert len(ja) == len(hi) == len(en)
    assert ja != en and hi != en
    assert any("東南アジア" in s for s in ja)


# --- the admin page and API -----------------------------------------------------------------


@pytest.fixture
def admin_no_mfa(db):
    return make_user("staff-nomfa@example.com", None, is_staff=True)


def test_it_lists_runs_for_an_admin_with_progress_bars(
    mfa_login, client, admin_user, world, django_assert_num_queries
):
    for _ in range(3):
        full_run()
    mfa_login(client, admin_user)
    client.get(reverse("matchruns:list"))  # warm the session / MFA lookups
    with django_assert_num_queries(6):  # + the bell's unread count
        response = client.get(reverse("matchruns:list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="progress-bar') == 3


@pytest.mark.parametrize("who", ["admin_no_mfa", "alice"])
def test_it_refuses_the_runs_page_to_non_moderators(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("matchruns:list")).status_code == 403
    assert client.post(reverse("matchruns:request")).status_code == 403
    assert not MatchRun.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    assert client.get(reverse("matchruns:list")).status_code == 302
    assert client.post(reverse("matchruns:request")).status_code == 302
    assert not MatchRun.objects.exists()


def test_it_queues_a_full_run_when_an_admin_presses_run_now(
    mfa_login, client, admin_user, world, django_capture_on_commit_callbacks
):
    mfa_login(client, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matchruns:request"))
    assert response.status_code == 302
    run = MatchRun.objects.get()
    assert run.requested_by == admin_user and run.status == RunStatus.COMPLETE  # eager Celery
    from accounts.models import AuditLog

    assert AuditLog.objects.filter(action="matchruns.request", target_id=str(run.pk)).exists()


def test_it_lets_admins_use_the_api(
    api_client, admin_user, world, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        created = api_client.post("/api/v1/match-runs/", {"kind": "full"}, format="json")
    assert created.status_code == 201, created.content
    listed = api_client.get("/api/v1/match-runs/").json()
    assert listed["count"] == 1 and listed["results"][0]["status"] == "complete"
    detail = api_client.get(f"/api/v1/match-runs/{created.json()['id']}/").json()
    assert detail["is_current"] is True and detail["percent"] == 100


def test_it_rejects_an_incremental_api_run_without_a_profile(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    response = api_client.post("/api/v1/match-runs/", {"kind": "incremental"}, format="json")
    assert response.status_code == 400
    assert "profile" in response.json()["error"]["fields"]


@pytest.mark.parametrize("who", ["admin_no_mfa", "alice", None])
def test_it_refuses_the_api_to_non_moderators(api_client, request, who, db):
    if who:
        api_client.force_authenticate(request.getfixturevalue(who))
    assert api_client.get("/api/v1/match-runs/").status_code in (401, 403)
    assert api_client.post("/api/v1/match-runs/", {"kind": "full"}, format="json").status_code in (
        401,
        403,
    )
    assert not MatchRun.objects.exists()


def test_it_describes_match_runs_in_the_openapi_schema(client, db):
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert "/api/v1/match-runs/" in paths and "post" in paths["/api/v1/match-runs/"]
    assert "/api/v1/match-runs/{id}/" in paths


def test_it_runs_from_the_terminal_with_a_progress_line(world, capsys):
    call_command("run_matching")
    out = capsys.readouterr().out
    assert "storing: " in out and "6/6 profiles (100 %)" in out and "complete" in out
    call_command("run_matching", "--profile", str(world[0].pk))
    assert MatchRun.objects.filter(kind="incremental", status="complete").count() == 1


def test_it_registers_the_nightly_task_under_its_beat_name(world):
    from forum.celery import app

    task = app.tasks["matchmaking.runs.tasks.match_run_full_scheduled"]
    run_id = task.apply().get()
    assert MatchRun.objects.get(pk=run_id).kind == "full"


def test_it_does_not_suggest_profiles_deleted_since_the_index_was_cached(world):
    alice_p, _, others = world
    full_run()  # leaves this process's index cache warm
    gone = others[0].pk
    others[0].delete()
    alice_p.save()
    services.match_run_execute(
        run_id=MatchRun.objects.create(kind="incremental", profile=alice_p, total=1).pk
    )
    assert gone not in Match.objects.values_list("partner_id", flat=True)
    assert len(selectors.current_matches(alice_p)) == 4


def test_it_leaves_incremental_runs_as_no_ops_before_any_full_run(world):
    inc = MatchRun.objects.create(kind="incremental", profile=world[0], total=1)
    services.match_run_execute(run_id=inc.pk)
    inc.refresh_from_db()
    assert inc.status == RunStatus.COMPLETE and not Match.objects.exists()
    assert not MatchRun.objects.filter(kind="full").exists()


def test_it_requeues_an_abandoned_full_run_instead_of_starting_another(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from matchmaking.runs import tasks

    stuck = MatchRun.objects.create(kind="full", status=RunStatus.RUNNING, total=6, done=2)
    queued = []
    monkeypatch.setattr(tasks.match_run_execute_task, "apply_async", lambda **kw: queued.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.match_run_request(kind="full", requested_by=None)
    assert again == stuck and MatchRun.objects.count() == 1
    assert queued == [{"args": [stuck.pk], "countdown": 0}]


def test_it_renders_the_contract_sentences_exactly(db):
    from taxonomy.models import Capability, Certification, Market

    cap = Capability.objects.get(slug="pcb-assembly")
    iatf = Certification.objects.get(slug="iatf-16949")
    sea = Market.objects.get(slug="southeast-asia")
    reasons = [
        {"code": "they_seek", "capabilities": [cap.pk]},
        {"code": "certs_you_hold", "held": 2, "required": 3, "missing": [iatf.pk]},
        {"code": "shared_markets", "markets": [sea.pk]},
        {"code": "shared_languages", "languages": ["en", "ja"]},
        {"code": "no_such_code"},
    ]
    assert render_reasons(reasons, "en") == [
        f"They seek {cap.name_en}, which you offer",
        "You hold 2 of their 3 required certifications — IATF 16949 missing",
        f"Both target {sea.name_en}",
        "Both work in English and Japanese",
    ]
    ja = render_reasons(reasons, "ja")
    assert ja[1] == "相手が求める認証3件のうち2件を保有 — IATF 16949が不足"
    assert ja[3] == "両社とも英語、日本語で仕事ができます"
    hi = render_reasons(reasons, "hi")
    assert hi[3] == "दोनों अंग्रेज़ी और जापानी में काम करते हैं"
    assert sea.name_hi in hi[2]


def test_it_shows_the_runs_page_in_japanese_and_hindi(mfa_login, client, admin_user, world):
    full_run()
    mfa_login(client, admin_user)
    pages = {}
    for language in ("ja", "hi"):
        admin_user.language = language
        admin_user.save(update_fields=["language"])
        pages[language] = client.get(reverse("matchruns:list")).content.decode()
    assert "マッチング実行" in pages["ja"] and "今すぐ実行" in pages["ja"] and "完了" in pages["ja"]
    assert "मिलान रन" in pages["hi"] and "अभी चलाएँ" in pages["hi"]
