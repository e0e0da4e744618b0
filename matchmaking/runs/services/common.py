"""Shared pieces of the run services: settings, the run lock, COPYing match rows."""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
from django.db import connection

from matchmaking.engine.features import to_score
from matchmaking.runs.models import Match, MatchRun

LOCK_NAMESPACE = 4_040_404  # first key of pg_advisory_lock(int, int); the second is the run id


def run_lock_try(run_id: int) -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, run_id])
        return bool(cur.fetchone()[0])


def run_lock_release(run_id: int) -> None:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, run_id])


ProgressFn = Callable[[MatchRun], None]


def match_rows_copy(
    run_id: int,
    profile_ids: np.ndarray,
    partner_ids: np.ndarray,
    ranks: np.ndarray,
    points: np.ndarray,
    reasons: list[str],
    *,
    table: str = Match._meta.db_table,
) -> int:
    """COPY match rows into `table` (the match table, or a full run's own table before it is
    attached); ranks are 1-based here. Runs inside the caller's transaction."""
    scores = to_score(points)
    buf = io.StringIO()
    for pid, partner, rank, pts, score, why in zip(
        profile_ids.tolist(),
        partner_ids.tolist(),
        ranks.tolist(),
        points.tolist(),
        scores.tolist(),
        reasons,
        strict=True,
    ):
        text = why.replace("\\", "\\\\")  # COPY text format escapes backslashes
        buf.write(f"{run_id}\t{pid}\t{partner}\t{rank}\t{pts}\t{score}\t{text}\n")
    buf.seek(0)
    with connection.cursor() as cur:
        cur.copy_expert(
            f"COPY {table} (run_id, profile_id, partner_id, rank, points, score, "
            "reasons) FROM STDIN",
            buf,
        )
    return len(reasons)
