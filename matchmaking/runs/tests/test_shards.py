"""A full run in shards: the same rows as today's single-process run, and idempotent shards."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from matchmaking.engine import build_index
from matchmaking.engine.symmetric import top_k_all
from matchmaking.runs import services, worker_cache
from matchmaking.runs.loader import load_profiles
from matchmaking.runs.models import Match, MatchRun, MatchShard, RunStatus, ShardCandidates
from matchmaking.runs.services.sharded import (
    _relation_exists,
    full_run_advance,
    partition_name,
    shard_execute,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))


@pytest.fixture
def synthetic(db):
    from _matching_load import load_synthetic

    worker_cache.reset()
    load_synthetic(400, seed=21, prefix="shard")


def _stored(run: MatchRun) -> list[tuple]:
    return list(
        Match.objects.filter(run=run)
        .order_by("profile_id", "rank")
        .values_list("profile_id", "partner_id", "rank", "points", "reasons")
    )


def _rows_in_table(run: MatchRun) -> int:
    """Rows in the run's own table, which is attached to the match table only at the swap."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {partition_name(run.pk)}")
        return cur.fetchone()[0]


def _single_process() -> list[tuple]:
    """What the single-process run stored: `top_k_all` over all profiles, with reasons."""
    import json

    m = top_k_all(build_index(load_profiles()), k=20, threads=2)
    return [
        (int(p), int(q), int(r) + 1, int(pts), json.loads(why))
        for p, q, r, pts, why in zip(
            m.profile_ids, m.partner_ids, m.ranks, m.points, m.reasons_json(), strict=True
        )
    ]


def test_it_stores_the_same_rows_as_the_single_process_run(synthetic, settings):
    settings.MATCHRUNS_SHARD_ROWS = 37
    run = MatchRun.objects.create(kind="full")
    services.match_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETE
    assert run.shards.filter(stage="score").count() > 5  # several shards per block
    assert run.shards.filter(stage="store").count() == 11  # 400 profiles / 37
    assert _stored(run) == _single_process()
    assert run.matches_stored == len(_stored(run))
    assert not ShardCandidates.objects.filter(run=run).exists()


def test_it_stores_a_full_run_in_a_partition_of_its_own_and_drops_the_old_one(synthetic):
    def exists(run: MatchRun) -> bool:
        return _relation_exists(partition_name(run.pk))

    first = MatchRun.objects.create(kind="full")
    services.match_run_execute(run_id=first.pk)
    assert exists(first)
    second = MatchRun.objects.create(kind="full")
    services.match_run_execute(run_id=second.pk)
    assert exists(second) and not exists(first)


def _has_partner_index(run: MatchRun) -> bool:
    return _relation_exists(f"{partition_name(run.pk)}_partner")


def test_it_builds_the_partner_index_after_the_swap_and_again_on_redelivery(synthetic):
    from django.db import connection

    run = MatchRun.objects.create(kind="full")
    services.match_run_execute(run_id=run.pk)
    assert _has_partner_index(run)
    with connection.cursor() as cur:  # a worker killed after the swap, before the index
        cur.execute(f"DROP INDEX {partition_name(run.pk)}_partner")
    assert not _has_partner_index(run)
    assert full_run_advance(run.pk) == []  # what its redelivered last shard calls
    assert _has_partner_index(run)


def test_it_replaces_a_redelivered_store_shard_rather_than_duplicating_it(synthetic, settings):
    settings.MATCHRUNS_SHARD_ROWS = 100
    run = MatchRun.objects.create(kind="full", status="running")
    from matchmaking.runs.services.sharded import full_run_plan

    full_run_plan(run)
    for shard in run.shards.filter(stage="score"):
        assert shard_execute(shard_id=shard.pk)
    assert full_run_advance(run.pk)  # the claim from score to store hands back 4 shards
    assert full_run_advance(run.pk) == []  # …once
    first = run.shards.get(stage="store", number=0)
    assert shard_execute(shard_id=first.pk)
    rows = _rows_in_table(run)
    run.refresh_from_db()
    assert rows == run.matches_stored > first.hi  # 100 profiles, most with 20 suggestions
    assert not shard_execute(shard_id=first.pk)  # done: skipped
    MatchShard.objects.filter(pk=first.pk).update(done_at=None)  # as if its commit were lost
    assert shard_execute(shard_id=first.pk)
    assert _rows_in_table(run) == rows
    assert not Match.objects.filter(run=run).exists()  # not attached before the swap
    for shard in run.shards.filter(stage="store", done_at=None):
        shard_execute(shard_id=shard.pk)
    full_run_advance(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETE
    assert _stored(run) == _single_process()


def test_it_skips_shards_of_a_failed_run(synthetic):
    run = MatchRun.objects.create(kind="full", status="running")
    from matchmaking.runs.services.sharded import full_run_plan

    full_run_plan(run)
    MatchRun.objects.filter(pk=run.pk).update(status="failed")
    shard = run.shards.filter(stage="score").first()
    assert not shard_execute(shard_id=shard.pk)
    assert not ShardCandidates.objects.filter(run=run).exists()
