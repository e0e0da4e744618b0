"""Benchmark the full match run and incremental re-matching through the real code path.

    python bench/matching.py --profiles 100000
    python bench/matching.py --profiles 2000 --naive   # also check against the pairwise scorer

Creates a throwaway database `bench_matching_<random>` on the server of DATABASE_URL (or on
the embedded PostgreSQL of `forum.devstack` when DATABASE_URL is unset), migrates it, loads
N synthetic profiles (generator documented in bench/_matching_synth.py) in a child process —
so the peak RSS printed is the match run's, not the loader's — runs a full match with
`matchmaking.runs.services.match_run_execute` (what the Celery task calls), then re-matches
20 single changed profiles, and drops the database. The last line is:

    matching profiles=N compute_s=… store_s=… total_s=… incremental_ms=… peak_rss_mb=… pairs_scored=…
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str, sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(_with_db(url, "postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    import django

    django.setup()


def load_only(n: int, seed: int) -> None:
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from _matching_load import load_synthetic

    t = time.perf_counter()
    load_synthetic(n, seed=seed)
    print(f"loaded {n} profiles in {time.perf_counter() - t:.1f} s", flush=True)


def _progress(run) -> None:
    if getattr(run, "phase", "") == "scoring":
        done, total = run.scored
        sys.stderr.write(f"\r  full run: scored {done}/{total} profiles")
    else:
        sys.stderr.write(f"\r  full run: stored {run.done}/{run.total} profiles ({run.percent} %)")
    sys.stderr.flush()


def _current_lists() -> dict[int, list[int]]:
    from matchmaking.runs.models import CurrentRun, Match

    run_id = CurrentRun.objects.get(pk=1).run_id
    lists: dict[int, list[int]] = {}
    for pid, partner in (
        Match.objects.filter(run_id=run_id)
        .order_by("profile_id", "rank")
        .values_list("profile_id", "partner_id")
    ):
        lists.setdefault(pid, []).append(partner)
    return lists


def measure(n: int, naive: bool, seed: int) -> str:
    _django()
    import numpy as np

    from matchmaking.models import PartnerProfile
    from matchmaking.runs.models import MatchRun
    from matchmaking.runs.services import match_run_execute
    from taxonomy.models import Capability

    run = MatchRun.objects.create(kind="full")
    cpu0 = os.times()
    t = time.perf_counter()
    match_run_execute(run_id=run.pk, on_progress=_progress)
    total = time.perf_counter() - t
    cpu1 = os.times()
    cpu = (cpu1.user + cpu1.system) - (cpu0.user + cpu0.system)
    sys.stderr.write("\n")
    run.refresh_from_db()
    assert run.status == "complete", run.error
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # On a shared machine wall times stretch; CPU seconds and the load show by how much.
    print(
        f"full run: {cpu:.1f} CPU s in this process (PostgreSQL's COPY work not included), "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )

    if naive:
        from matchmaking.engine.naive import naive_top_k
        from matchmaking.runs.loader import load_profiles

        data = load_profiles()
        t = time.perf_counter()
        expected = naive_top_k(data)
        naive_s = time.perf_counter() - t
        got = _current_lists()
        want = {pid: [p for p, _ in lst] for pid, lst in expected.items()}
        differing = sorted(set(got) ^ set(want) | {p for p in want if got.get(p) != want[p]})
        from matchmaking.engine import build_index, top_k

        t = time.perf_counter()
        top_k(build_index(data)).reasons_json()
        engine_s = time.perf_counter() - t
        print(
            f"naive check: {len(want)} profiles, {len(differing)} differ; same arrays: naive "
            f"{naive_s:.2f} s, engine {engine_s:.3f} s (speed ratio ×{naive_s / engine_s:.0f}); "
            f"full run compute incl. loading from PostgreSQL {run.compute_seconds:.2f} s"
        )
        if differing:
            raise SystemExit(f"top K differs for profiles {differing[:10]}")

    rng = np.random.default_rng(seed + 1)
    ids = list(PartnerProfile.objects.order_by("pk").values_list("pk", flat=True))
    caps = list(Capability.objects.values_list("pk", flat=True))
    times = []
    for pid in rng.choice(ids, 20, replace=False).tolist():
        profile = PartnerProfile.objects.get(pk=pid)
        profile.capabilities_sought.add(int(rng.choice(caps)))
        profile.save(update_fields=["updated_at"])
        inc = MatchRun.objects.create(kind="incremental", profile_id=pid, total=1)
        t = time.perf_counter()
        match_run_execute(run_id=inc.pk)
        times.append((time.perf_counter() - t) * 1000)
    inc_ms = statistics.median(times)
    return (
        f"matching profiles={n} compute_s={run.compute_seconds:.2f} "
        f"store_s={run.store_seconds:.2f} total_s={total:.2f} incremental_ms={inc_ms:.1f} "
        f"peak_rss_mb={peak:.0f} pairs_scored={run.pairs_scored}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--naive", action="store_true", help="also run the pairwise scorer")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_only:
        return load_only(args.profiles, args.seed)
    if args.measure_only:
        print(measure(args.profiles, args.naive, args.seed), flush=True)
        return None

    from forum.devstack import Stack

    stack = Stack()
    name = f"bench_matching_{secrets.token_hex(4)}"
    server_url = os.environ.get("DATABASE_URL")
    if server_url:
        _admin(server_url, f'CREATE DATABASE "{name}"')
        db_url = _with_db(server_url, name)
    else:
        stack.start_postgres(name)
        db_url = stack.env["DATABASE_URL"]
    if not os.environ.get("REDIS_URL"):
        stack.start_redis(15)
    env = dict(os.environ, DATABASE_URL=db_url, REDIS_URL=stack.env.get("REDIS_URL", ""))
    env.setdefault("SECRET_KEY", "bench-only-" + secrets.token_hex(32))
    env["DEBUG"] = "1"
    me = [sys.executable, str(Path(__file__).resolve()), "--profiles", str(args.profiles)]
    me += ["--seed", str(args.seed)] + (["--naive"] if args.naive else [])
    try:
        subprocess.run([*me, "--load-only"], env=env, check=True)
        result = subprocess.run(
            [*me, "--measure-only"], env=env, check=True, capture_output=True, text=True
        )
        sys.stderr.write(result.stderr)
        lines = result.stdout.strip().splitlines()
        for line in lines[:-1]:
            print(line)
        last = lines[-1]
    finally:
        if server_url:
            _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            _admin(db_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            stack.stop_postgres()
        if stack.redis_proc is not None:
            stack.redis_proc.terminate()
            stack.redis_proc.wait(10)
    print(last)


if __name__ == "__main__":
    main()
