"""Benchmark the pages members use most, on gunicorn with the production settings.

    python bench/web.py --profiles 100000 [--duration 20] [--clients 16] [--only directory]

Creates a throwaway database `bench_web_<random>` on the server of DATABASE_URL (or on the
embedded PostgreSQL of `forum.devstack` when DATABASE_URL is unset), migrates it, and loads
in a child process:

- N synthetic profiles (the matching benchmark's generator, bench/_matching_synth.py), with
  English and Japanese headlines and their search columns, as the profile services write them;
- a completed full match run with MATCHRUNS_K (20) matches per profile;
- the demo-like people of bench/home.py (an MSME owner, a regulator, a financier, an admin),
  2,000 notices (a third with Japanese titles), 1,000 funding windows, 500 programmes with a
  session each, all through the programs services;
- 5,000 forum threads with 100,000 posts, one of them with 200 posts.

Then it starts gunicorn with `forum.gunicorn_conf` (DEBUG=0, 2 workers, plain HTTP on
loopback), signs the MSME owner in, and drives every page with a bounded asyncio client
(aiohttp, one keep-alive connection per client): warm-up requests, then one client for
latency (`--requests` timed requests), then `--clients` concurrent clients for `--duration`
seconds for throughput. Every answer must be 200. The first page is the reference:
`/healthz/live`, requested without the session cookie, which runs every middleware and touches
no database; every other page is requested signed in. One line per page:

    web page=… p50_ms=… p95_ms=… rps=… ratio=…

where ratio = this page's rps / the reference's rps in the same run. The database is dropped
at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from _throwaway import p50_p95, throwaway  # noqa: E402
from home import _copy, _people, match_run, window_data  # noqa: E402
from matching import _django  # noqa: E402

HEADLINES = [
    ("Precision machined parts for automotive OEMs", "自動車メーカー向け精密部品の製造"),
    ("Food processing and cold chain packaging", "食品加工とコールドチェーン包装"),
    ("Green hydrogen electrolyser components", "グリーン水素の電解装置部品"),
    ("Industrial software and factory automation", "産業用ソフトウェアと工場自動化"),
    ("Textile dyeing with low water use", "節水型の繊維染色加工"),
    ("Medical device contract manufacturing", "医療機器の受託製造"),
    ("Semiconductor test fixtures", "半導体検査治具の設計と製造"),
    ("Solar module mounting structures", "太陽光パネル架台の製造"),
    ("Ayurvedic cosmetics for export", "輸出向けアーユルヴェーダ化粧品"),
    ("Robotics integration for small factories", "中小工場向けロボット導入支援"),
]
NOTICE_TOPICS = [
    ("Export credit for MSME exporters", "中小企業輸出者向けの輸出信用"),
    ("Customs procedure for machinery imports", "機械輸入の通関手続"),
    ("Quality control order for steel products", "鉄鋼製品の品質管理令"),
    ("Subsidy for energy-efficient equipment", "省エネ設備への補助金"),
]
POST_BODIES = [
    "We supply **precision parts** to Tier-1 suppliers in Pune and look for a partner in Aichi.\n\n"
    "- ISO 9001 and IATF 16949\n- monthly capacity 40,000 units",
    "Has anyone shipped food products to Japan under the new labelling rules? "
    "We would like to compare notes on the *importer of record* question.",
    "日本側の品質基準について、初回の工場監査で何を確認されましたか。",
    "हम जापानी साझेदारों के साथ संयुक्त उद्यम के अनुभव साझा करना चाहते हैं।",
    "Our cluster in Coimbatore runs a 5S programme every spring; "
    "[the report](https://example.org/report) has the figures.",
]
TEXT_SEARCH = "精密部品"  # the directory's text search, in Japanese
NOTICE_SEARCH = "輸出"


def _profile_texts(pids: list[int]) -> None:
    """Headlines and the search columns the profile services keep (text + 'simple' vector)."""
    from django.db import connection

    from forum.search import search_document

    with connection.cursor() as cur:
        cur.execute(
            "SELECT p.id, o.name_en FROM matchmaking_partnerprofile p "
            "JOIN accounts_organisation o ON o.id = p.organisation_id WHERE p.id = ANY(%s)",
            [pids],
        )
        rows = cur.fetchall()
        cur.execute("CREATE TEMP TABLE bench_texts (id int, en text, ja text, doc text)")
    out = []
    for pk, name in rows:
        en, ja = HEADLINES[pk % len(HEADLINES)]
        doc = search_document(en, ja, name).replace("\t", " ").replace("\n", " ")
        out.append((pk, en, ja, doc))
    _copy("bench_texts", "id, en, ja, doc", out)
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE matchmaking_partnerprofile p SET headline_en = t.en, headline_ja = t.ja, "
            "search_text = t.doc, search_vector = to_tsvector('simple', t.doc) "
            "FROM bench_texts t WHERE t.id = p.id"
        )
        cur.execute("DROP TABLE bench_texts")


def _programs(people: dict, rng: random.Random) -> None:
    """Notices, windows and programmes up to the benchmark's sizes, through the services."""
    from django.utils import timezone

    from accounts.models import User
    from programs.services import notice_create, programme_create, session_add, window_create

    regulator = User.objects.get(pk=people["regulator"])
    financier = User.objects.get(pk=people["financier"])
    today = timezone.localdate()
    now = timezone.now()
    for n in range(len(people["notices"]), 2000):
        en, ja = NOTICE_TOPICS[n % len(NOTICE_TOPICS)]
        notice_create(
            user=regulator,
            data={
                "title_en": f"{en} ({n})",
                "title_ja": f"{ja}（{n}）" if n % 3 == 0 else "",
                "summary_en": "What changed, for whom, from when.",
                "kind": "scheme",
                "jurisdiction": "IN",
                "effective_date": today - timedelta(days=n % 300),
            },
            publish=True,
        )
    for n in range(len(people["windows"]), 1000):
        window_create(
            user=financier,
            data=window_data(
                f"Term loan window {n}",
                now,
                closes_in_days=5 + n % 200,
                applicant_countries=["IN"] if n % 2 else ["IN", "JP"],
                max_employees=rng.choice([50, 250, 1000]),
                min_years_in_business=rng.choice([0, 3, 5]),
                udyam_required=n % 3 == 0,
            ),
            publish=True,
        )
    for n in range(500):
        programme = programme_create(
            user=regulator,
            data={
                "title_en": f"Kaizen and 5S workshop {n}",
                "summary_en": "Five days on the shop floor: 5S audit, waste walk, standard work.",
                "provider_name": "MSME Technology Centre",
                "topic": "kaizen",
                "language": "en",
                "mode": "online",
                "jurisdiction": "IN",
            },
            publish=True,
        )
        start = now + timedelta(days=3 + n % 60)
        session_add(
            programme=programme,
            user=regulator,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            capacity=30,
        )


def _forum(people: dict, org_ids: list[int]) -> int:
    """5,000 visible threads with 100,000 posts (the first thread has 200); returns its id."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from forum.discussions.models import Board, Post, Thread
    from forum.markdown import render_markdown
    from forum.search import document_text

    board = Board.objects.order_by("position", "pk").first() or Board.objects.create(
        slug="general", name_en="General"
    )
    authors = User.objects.bulk_create(
        [User(email=f"poster{i}@bench.example", organisation_id=org_ids[i + 1]) for i in range(200)]
    )
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        [
            Thread(
                board=board,
                title=f"{HEADLINES[i % len(HEADLINES)][0]}: partners wanted ({i})",
                language="en",
                author=authors[i % len(authors)],
                is_visible=True,
                created_at=now - timedelta(hours=i),
                last_posted_at=now - timedelta(minutes=i),
                search_text=f"{HEADLINES[i % len(HEADLINES)][0]} partners wanted",
            )
            for i in range(5000)
        ],
        batch_size=2000,
    )
    rendered = [(body, render_markdown(body), document_text(body)) for body in POST_BODIES]
    counts = [200] + [20] * 4999  # 200 + 99,980 = 100,180 posts
    posts = []
    for thread, count in zip(threads, counts, strict=True):
        for k in range(count):
            body, html, text = rendered[(thread.pk + k) % len(rendered)]
            when = thread.created_at + timedelta(minutes=k)
            author = authors[(thread.pk + k) % len(authors)]
            posts.append(
                Post(
                    thread=thread,
                    author=author,
                    organisation_id=author.organisation_id,
                    body=body,
                    body_html=html,
                    search_text=text,
                    status="visible",
                    created_at=when,
                    published_at=when,
                )
            )
    Post.objects.bulk_create(posts, batch_size=5000)
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE discussions_thread t SET post_count = c.n, last_posted_at = c.last, "
            "search_vector = to_tsvector('simple', t.search_text) FROM (SELECT thread_id, "
            "count(*) AS n, max(published_at) AS last FROM discussions_post GROUP BY thread_id) c "
            "WHERE c.thread_id = t.id"
        )
        cur.execute(
            "UPDATE discussions_post SET search_vector = to_tsvector('simple', search_text)"
        )
    return threads[0].pk


def _session(user_pk: int) -> str:
    """A signed-in session for the MSME owner, the way django.contrib.auth.login stores it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User

    user = User.objects.get(pk=user_pk)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    assert store.session_key
    return store.session_key


def load(n: int, seed: int, out: Path) -> None:
    _django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from _matching_load import load_synthetic

    from accounts.models import Organisation
    from matchmaking.runs.models import CurrentRun, Match

    t = time.perf_counter()
    pids = load_synthetic(n, seed=seed).tolist()
    rng = random.Random(seed)
    with transaction.atomic():
        _profile_texts(pids)
        match_run(pids, per_profile=settings.MATCHRUNS_K)
        people = _people()
        _programs(people, rng)
        org_ids = list(Organisation.objects.filter(kind="msme").values_list("pk", flat=True))
        thread = _forum(people, org_ids)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    run = CurrentRun.objects.get(pk=1).run
    assert run is not None
    # A profile the MSME owner sees: the first public one among their own matches.
    partner = (
        Organisation.objects.filter(
            partner_profile__visibility="public",
            partner_profile__pk__in=Match.objects.filter(run=run).values("partner_id"),
        )
        .order_by("pk")
        .values_list("slug", flat=True)
        .first()
    )
    out.write_text(
        json.dumps(
            {
                "session": _session(people["msme"]),
                "cookie": settings.SESSION_COOKIE_NAME,
                "thread": thread,
                "profile_slug": partner,
            }
        )
    )
    print(f"loaded {n} profiles and the rest in {time.perf_counter() - t:.1f} s", flush=True)


def pages(facts: dict) -> list[tuple[str, str]]:
    from urllib.parse import quote

    return [
        ("reference", "/healthz/live"),
        ("home", "/"),
        ("directory", "/partners/"),
        ("directory_sector", "/partners/?sector=automotive-mobility"),
        ("directory_search_ja", f"/partners/?q={quote(TEXT_SEARCH)}"),
        ("profile", f"/partners/org/{facts['profile_slug']}/"),
        ("matches", "/partners/matches/"),
        ("funding_eligible", "/programs/funding/?eligible=1"),
        ("notices_search", f"/programs/notices/?q={quote(NOTICE_SEARCH)}"),
        ("thread_200_posts", f"/forum/t/{facts['thread']}/"),
        ("api_profiles", "/api/v1/profiles/"),
        ("api_funding_windows", "/api/v1/funding-windows/"),
    ]


async def _drive(base: str, cookie: dict, name: str, path: str, args) -> tuple[list, float]:
    import aiohttp

    async def get(session: aiohttp.ClientSession) -> None:
        async with session.get(base + path, allow_redirects=False) as response:
            await response.read()
            if response.status != 200:
                raise SystemExit(f"{name}: {path} answered {response.status}")

    connector = aiohttp.TCPConnector(limit=args.clients, force_close=False)
    headers = {"Accept-Language": "en"}
    async with aiohttp.ClientSession(
        connector=connector, cookies=cookie, headers=headers
    ) as session:
        for _ in range(args.warmup):
            await get(session)
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            await get(session)
            timings.append((time.perf_counter() - start) * 1000)
        done = 0
        deadline = time.perf_counter() + args.duration

        async def client() -> None:
            nonlocal done
            while time.perf_counter() < deadline:
                await get(session)
                done += 1

        start = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(args.clients)))
        rps = done / (time.perf_counter() - start)
    return timings, rps


def _wait_up(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited during start-up")
        try:
            with urllib.request.urlopen(base + "/healthz/live", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer in time")


def _server_env(env: dict, port: int, args) -> dict:
    server_env = dict(
        env,
        DEBUG="0",
        WEB_CONCURRENCY=str(args.web_workers),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_MAX_REQUESTS="0",  # no recycling in the middle of a measurement
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback: no TLS proxy in front here
        SECURE_COOKIES="0",
        EMAIL_URL="smtp://127.0.0.1:1",  # never used by these pages
    )
    server_env.pop("DJANGO_SETTINGS_MODULE", None)
    return server_env


def measure(env: dict, facts: dict, args) -> None:
    from forum.devstack import free_port

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_env = _server_env(env, port, args)
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:forum.gunicorn_conf"]
    with (
        tempfile.TemporaryDirectory(prefix="bench-web-static-") as static,
        tempfile.TemporaryFile("w+") as log,
    ):
        # Production serves hashed static names from a manifest, as the image's build makes it.
        server_env["STATIC_ROOT"] = static
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=server_env,
            check=True,
        )
        proc = subprocess.Popen(
            [*gunicorn, "forum.wsgi:application"],
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_up(base, proc)
            _measure_pages(base, facts, args)
        except SystemExit:
            log.seek(0)
            print("".join(log.readlines()[-40:]), file=sys.stderr)  # the server's last words
            raise
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)


def _measure_pages(base: str, facts: dict, args) -> None:
    cookie = {facts["cookie"]: facts["session"]}
    reference_rps = None
    for name, path in pages(facts):
        if args.only and name != "reference" and not name.startswith(args.only):
            continue
        # The reference goes without the session cookie: no session or user lookup.
        jar = {} if name == "reference" else cookie
        timings, rps = asyncio.run(_drive(base, jar, name, path, args))
        reference_rps = reference_rps or rps
        p50, p95 = p50_p95(timings)
        print(
            f"web page={name} p50_ms={p50:.1f} p95_ms={p95:.1f} "
            f"rps={rps:.1f} ratio={rps / reference_rps:.3f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests, one client")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per page")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--only", default="", help="pages whose name starts with this")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="with DATABASE_URL: keep the database (bench_web_keep_N) and reuse it next time",
    )
    parser.add_argument("--load-only", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_only:
        return load(args.profiles, args.seed, Path(args.load_only))

    kept = ROOT / ".devdata" / f"bench_web_keep_{args.profiles}.json"
    reuse = args.keep and kept.exists() and kept.stat().st_size > 0
    name = kept.stem if args.keep else f"bench_web_{secrets.token_hex(4)}"
    if args.keep:
        kept.parent.mkdir(exist_ok=True)
        facts_file = kept
    else:
        facts_file = Path(tempfile.mkstemp(prefix="bench-web-", suffix=".json")[1])
    me = [sys.executable, str(Path(__file__).resolve()), "--profiles", str(args.profiles)]
    try:
        with throwaway(name, keep=args.keep, exists=reuse) as env:
            if reuse:  # the code may have moved on since the database was kept
                subprocess.run(
                    [sys.executable, "manage.py", "migrate", "-v0"],
                    cwd=ROOT,
                    env=dict(env, DEBUG="1"),
                    check=True,
                )
            else:
                subprocess.run(
                    [*me, "--seed", str(args.seed), "--load-only", str(facts_file)],
                    env=dict(env, DEBUG="1"),
                    check=True,
                )
            measure(env, json.loads(facts_file.read_text()), args)
    finally:
        if not args.keep:
            facts_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
