"""Benchmark the home page of each role and each dashboard at 100,000 profiles.

    python bench/home.py --profiles 100000

Creates a throwaway database `bench_home_<random>` on the server of DATABASE_URL (or on the
embedded PostgreSQL of `forum.devstack` when DATABASE_URL is unset), migrates it, and loads
in a child process:

- N synthetic MSME profiles (bench/_matching_synth.py) with employees, turnover, founding
  year and Udyam numbers, so eligibility has something to decide;
- a current full match run with 10 matches per profile (COPY, like a real run stores them);
- one demo-like person per role: an MSME owner (the first synthetic organisation), a verified
  regulator with 10 notices and 20,000 readers, a verified financier with 5 open windows and
  3,000 expressions of interest, an admin with TOTP; 2,000 pending introductions;
- a year of daily counts in both counting zones: every site-wide measure daily, each window's
  and notice's measures daily, profile views for 10,000 MSMEs on a third of the days, and
  weekly match-list appearances for 20,000 MSMEs (the row count is printed).

Then, in a second child process, it requests every page with Django's test client against
that database (one client, no gunicorn) — 5 warm-up requests, then --requests timed ones —
and prints one line per page, e.g.

    home page=msme p50_ms=… p95_ms=… queries=…

after one line per funding window timing its eligible pool without the cache
(`eligible_pool window=… uncached_p50_ms=…`), the aggregate the financier's home caches.

and drops the database.
"""

from __future__ import annotations

import argparse
import io
import random
import secrets
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from _throwaway import p50_p95, throwaway  # noqa: E402
from matching import _django  # noqa: E402

PASSWORD = "bench-only-password-1"


def _copy(table: str, columns: str, rows) -> None:
    from django.db import connection

    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(str(x) for x in row) + "\n")
    buf.seek(0)
    with connection.cursor() as cur:
        cur.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buf)


def window_data(title: str, now, *, closes_in_days: int, **criteria) -> dict:
    """A term-loan window open since yesterday, with the given eligibility criteria."""
    return {
        "title_en": title,
        "summary_en": "Term loans for MSMEs.",
        "apply_url": "https://bank.example/apply",
        "instrument": "loan",
        "jurisdiction": "IN",
        "currency": "INR",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=closes_in_days),
        **criteria,
    }


def _people() -> dict[str, int]:
    from allauth.mfa.totp.internal.auth import TOTP
    from django.utils import timezone

    from accounts.demo import DEMO_TOTP_SECRET
    from accounts.models import Organisation, User
    from programs.services import notice_create, window_create

    def org(name: str, kind: str) -> Organisation:
        return Organisation.objects.create(
            name_en=name,
            slug=name.lower().replace(" ", "-"),
            country="IN",
            kind=kind,
            region="IN-DL",
            verification_status="verified",
        )

    first = Organisation.objects.filter(kind="msme").order_by("pk").first()
    msme = User.objects.create_user("msme@bench.example", PASSWORD, organisation=first)
    regulator = User.objects.create_user(
        "regulator@bench.example", PASSWORD, organisation=org("Bench Ministry", "regulator")
    )
    financier = User.objects.create_user(
        "financier@bench.example", PASSWORD, organisation=org("Bench Bank", "financier")
    )
    admin = User.objects.create_superuser("admin@bench.example", PASSWORD)
    for user in (regulator, financier, admin):
        TOTP.activate(user, DEMO_TOTP_SECRET)
    notices = [
        notice_create(
            user=regulator,
            data={
                "title_en": f"Notice {n}",
                "summary_en": "What changed, for whom, from when.",
                "kind": "scheme",
                "jurisdiction": "IN",
                "effective_date": timezone.localdate(),
                "compliance_deadline": timezone.localdate() + timedelta(days=10 * n),
            },
            publish=n > 1,
        )
        for n in range(10)
    ]
    now = timezone.now()
    windows = [
        window_create(
            user=financier,
            data=window_data(
                f"Window {n}",
                now,
                closes_in_days=5 + 10 * n,
                applicant_countries=["IN"],
                max_employees=250,
                min_years_in_business=3,
                udyam_required=n % 2 == 0,
            ),
            publish=True,
        )
        for n in range(5)
    ]
    return {
        "msme": msme.pk,
        "regulator": regulator.pk,
        "financier": financier.pk,
        "admin": admin.pk,
        "org": first.pk,
        "notice": notices[-1].pk,
        "window": windows[0].pk,
        "notices": [n.pk for n in notices],
        "windows": [w.pk for w in windows],
    }


def _daily_counts(people: dict, org_ids: list[int], rng: random.Random) -> int:
    import zoneinfo

    from django.utils import timezone

    from forum.home import counting as m
    from forum.home.demo import _history_rows

    rows = 0
    for zone in ("Asia/Kolkata", "Asia/Tokyo"):
        today = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date()
        days = [today - timedelta(days=d) for d in range(365, 0, -1)]
        subjects = {
            "windows": people["windows"],
            "notices": people["notices"],
            "msmes": [people["org"]],
        }
        out = []
        for i, day in enumerate(days):
            for r in _history_rows(day, i / 365, subjects):
                out.append((zone, day, r.measure, r.subject, r.dimension, r.key, r.value))
            for org in org_ids[1:10_001]:
                if rng.random() < 0.33:
                    out.append(
                        (zone, day, m.PROFILE_VIEWS, org, "country", "JP", rng.randint(1, 5))
                    )
            if zone == "Asia/Kolkata" and day.weekday() == 6:
                for org in org_ids[1:20_001]:
                    out.append((zone, day, m.APPEARANCES, org, "", "", rng.randint(1, 40)))
        _copy(
            "home_dailycount",
            "zone, day, measure, subject, dimension, key, value",
            out,
        )
        rows += len(out)
        _copy(
            "home_countday",
            "zone, day, status, attempts, rows, is_sample",
            ((zone, day, "done", 1, 0, "f") for day in days),
        )
    return rows


def match_run(pids: list[int], per_profile: int = 10) -> None:
    """A completed full run with `per_profile` matches per profile, made current (COPY, as a
    real run stores its rows)."""
    from django.utils import timezone

    from matchmaking.runs.models import CurrentRun, MatchRun

    n = len(pids)
    now = timezone.now()
    run = MatchRun.objects.create(
        kind="full", status="complete", started_at=now, finished_at=now, total=n, done=n
    )
    reasons = '[{"code": "they_offer", "capabilities": [1, 2]}]'
    _copy(
        "matchruns_match",
        "run_id, profile_id, partner_id, rank, points, score, reasons",
        (
            (run.pk, p, pids[(i + k * 7919) % n], k, 90 - k, (90 - k) / 100, reasons)
            for i, p in enumerate(pids)
            for k in range(1, per_profile + 1)
        ),
    )
    CurrentRun.objects.update_or_create(pk=1, defaults={"run": run})


def load(n: int, seed: int) -> None:
    _django()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from _matching_load import load_synthetic

    t = time.perf_counter()
    pids = load_synthetic(n, seed=seed).tolist()
    rng = random.Random(seed)
    with connection.cursor() as cur:
        cur.execute(
            """UPDATE accounts_organisation SET
                 employees = (random() * 600)::int,
                 founded_year = 1985 + (random() * 40)::int,
                 annual_turnover = (random() * 2e9)::numeric(20, 2),
                 msme_class = (ARRAY['micro', 'small', 'medium'])[1 + (random() * 2)::int],
                 udyam_number = CASE WHEN country = 'IN' AND random() < 0.8
                   THEN 'UDYAM-MH-01-' || lpad(id::text, 7, '0') END
               WHERE kind = 'msme'"""
        )
    from accounts.models import Organisation
    from matchmaking.models import Introduction, PartnershipType
    from programs.models import ExpressionOfInterest, NoticeRead

    with transaction.atomic():
        people = _people()

        match_run(pids)
        org_ids = list(Organisation.objects.filter(kind="msme").values_list("pk", flat=True))
        jv = PartnershipType.objects.order_by("pk").first()
        intros = min(2000, n // 4)
        Introduction.objects.bulk_create(
            [
                Introduction(
                    from_organisation_id=org_ids[i + 1],
                    to_organisation_id=org_ids[0] if i < 20 else org_ids[2 * intros + i + 1],
                    partnership_type=jv,
                    message="bench",
                )
                for i in range(intros)
            ]
        )
        ExpressionOfInterest.objects.bulk_create(
            [
                ExpressionOfInterest(
                    window_id=people["windows"][i % 5],
                    organisation_id=org_ids[i + 10],
                    status=["sent", "contacted", "declined"][i % 3],
                )
                for i in range(min(3000, n - 10))
            ]
        )
        from accounts.models import User

        readers = User.objects.bulk_create(
            [
                User(email=f"reader{i}@bench.example", organisation_id=org_ids[i])
                for i in range(min(20_000, n))
            ],
            batch_size=5000,
        )
        NoticeRead.objects.bulk_create(
            [
                NoticeRead(
                    notice_id=people["notices"][2 + i % 8],
                    reader=u,
                    country="IN",
                    role="msme",
                    language="en",
                )
                for i, u in enumerate(readers)
            ],
            batch_size=5000,
        )
        rows = _daily_counts(people, org_ids, rng)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(
        f"loaded {n} profiles, {n * 10} matches and {rows} daily-count rows in "
        f"{time.perf_counter() - t:.1f} s",
        flush=True,
    )


def measure(requests: int) -> None:
    _django()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client

    from accounts.models import Organisation, User
    from programs.models import FundingWindow, PolicyNotice

    assert settings.DEBUG  # connection.queries counts the queries (a little bookkeeping)
    import logging

    logging.getLogger("portal.request").setLevel(logging.WARNING)  # one line per request
    users = {
        u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@bench.example")
    }
    org = Organisation.objects.get(pk=users["msme"].organisation_id)
    window = FundingWindow.objects.filter(organisation=users["financier"].organisation).first()
    notice = PolicyNotice.objects.filter(
        organisation=users["regulator"].organisation, status="published"
    ).first()
    pages = [
        ("home", "msme", "msme", "/"),
        ("home", "regulator", "regulator", "/"),
        ("home", "financier", "financier", "/"),
        ("home", "admin", "admin", "/"),
        ("dashboard", "staff", "admin", "/dashboard/staff/"),
        ("dashboard", "window", "financier", f"/dashboard/windows/{window.pk}/"),
        ("dashboard", "notice", "regulator", f"/dashboard/notices/{notice.pk}/"),
        ("dashboard", "msme", "msme", f"/dashboard/msme/{org.slug}/"),
        ("list", "eligible-pool", "financier", f"/dashboard/windows/{window.pk}/pool/"),
        ("list", "followed-threads", "msme", "/forum/following/"),
    ]
    from programs.selectors import eligible_pool

    for w in FundingWindow.objects.filter(organisation=users["financier"].organisation):
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            pool = eligible_pool(w)
            timings.append((time.perf_counter() - start) * 1000)
        print(
            f"eligible_pool window={w.pk} uncached_p50_ms={statistics.median(timings):.1f} "
            f"eligible={pool.eligible} of={pool.total}",
            flush=True,
        )
    for kind, name, who, url in pages:
        client = Client()
        client.force_login(users[who])
        for _ in range(5):
            assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(requests):
            reset_queries()
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        queries = len(connection.queries)
        p50, p95 = p50_p95(timings)
        print(
            f"{kind} page={name} p50_ms={p50:.1f} p95_ms={p95:.1f} queries={queries}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_only:
        return load(args.profiles, args.seed)
    if args.measure_only:
        return measure(args.requests)

    name = f"bench_home_{secrets.token_hex(4)}"
    me = [sys.executable, str(Path(__file__).resolve()), "--profiles", str(args.profiles)]
    me += ["--seed", str(args.seed), "--requests", str(args.requests)]
    with throwaway(name) as env:
        env["DEBUG"] = "1"
        subprocess.run([*me, "--load-only"], env=env, check=True)
        subprocess.run([*me, "--measure-only"], env=env, check=True)


if __name__ == "__main__":
    main()
