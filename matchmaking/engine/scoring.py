"""The score, the top K per row, and the reasons for the pairs kept.

Every term of the score is bilinear in 0/1 facet vectors, so the raw points of all pairs are
one matrix product `F @ G.T` (see docs/matching.md). All weights are integers, so points are
small integers that float32 holds exactly: the vectorised path and the pairwise reference in
`naive.py` agree to the last bit, and ties are broken by profile id without float noise.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from matchmaking.engine.explain import explain, explain_json
from matchmaking.engine.features import to_score

if TYPE_CHECKING:
    from matchmaking.engine.index import Index

DEFAULT_K = 20
DEFAULT_CHUNK = 512


@dataclass
class Matches:
    """Flat arrays of kept pairs, grouped by row, in rank order within a row.

    `rows`/`partners` are row indices into `index.data`; use `profile_ids`/`partner_ids`
    for ids. `points` are the raw integer points the ranking uses; `scores` are in [0, 1].
    """

    index: Index
    rows: np.ndarray
    partners: np.ndarray
    ranks: np.ndarray
    points: np.ndarray
    pairs_scored: int

    @property
    def profile_ids(self) -> np.ndarray:
        return self.index.data.ids[self.rows]

    @property
    def partner_ids(self) -> np.ndarray:
        return self.index.data.ids[self.partners]

    @property
    def scores(self) -> np.ndarray:
        return to_score(self.points)

    def __len__(self) -> int:
        return len(self.rows)

    def reasons(self) -> list[list[dict]]:
        """Reasons for every kept pair, from the row's point of view (vectorised)."""

        return explain(self.index, self.rows, self.partners)

    def slice_rows(self, lo: int, hi: int) -> Matches:
        """The pairs of rows lo <= row < hi (rows are sorted), e.g. one store batch."""
        a, b = np.searchsorted(self.rows, [lo, hi])
        return Matches(
            index=self.index,
            rows=self.rows[a:b],
            partners=self.partners[a:b],
            ranks=self.ranks[a:b],
            points=self.points[a:b],
            pairs_scored=0,
        )

    def reasons_json(self) -> list[str]:
        """The same reasons as JSON text, as a full run stores them (the fast path)."""

        return explain_json(self.index, self.rows, self.partners)

    def by_row(self) -> Iterator[tuple[int, np.ndarray, np.ndarray, list[list[dict]]]]:
        """(profile id, partner ids, scores, reasons) per row that has at least one match."""
        if len(self.rows) == 0:
            return
        reasons = self.reasons()
        ids, pids, scores = self.profile_ids, self.partner_ids, self.scores
        bounds = np.flatnonzero(np.r_[True, self.rows[1:] != self.rows[:-1], True])
        for s, e in itertools.pairwise(bounds):
            yield int(ids[s]), pids[s:e], scores[s:e], reasons[s:e]


def select_top(
    S: np.ndarray, k: int, stride: int = 16, floor: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Top k per row of S (ties: lower column first), keeping only points ≥ 1.

    A lower bound of each row's k-th largest value comes from a strided sample (the k-th
    largest of a subset can only be smaller), so only ~stride·k candidates per row are sorted.
    `floor` raises the bound per row (a k-th value already known from elsewhere).
    """
    c, n = S.shape
    if n == 0 or c == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e, e, np.zeros(0, dtype=np.float32)
    sample = S[:, ::stride]
    if sample.shape[1] > k:
        kth = np.partition(sample, sample.shape[1] - k, axis=1)[:, sample.shape[1] - k]
    else:
        kth = np.full(c, -np.inf, dtype=S.dtype)
    thresh = np.maximum(kth, 1.0 if floor is None else floor)
    r, col = np.nonzero(thresh[:, None] <= S)
    vals = S[r, col]
    order = np.lexsort((col, -vals, r))
    r, col, vals = r[order], col[order], vals[order]
    starts = np.searchsorted(r, np.arange(c))
    rank = np.arange(len(r)) - starts[r]
    keep = rank < k
    return r[keep], col[keep], rank[keep], vals[keep]


def _score_chunk(index, rows: np.ndarray, key: tuple[int, bool], k: int):
    cols, pos, gt = index.block(key)
    S = index.F[rows] @ gt  # dense (len(rows), len(cols)) float32 raw points
    if not isinstance(S, np.ndarray):
        S = np.asarray(S)
    # Exclusions: self, same organisation, not interested (either side).
    ex = index.excluded[rows]
    er = np.repeat(np.arange(len(rows)), np.diff(ex.indptr))
    ep = pos[ex.indices]
    ok = ep >= 0
    S[er[ok], ep[ok]] = -np.inf
    r, c, rank, vals = select_top(S, k)
    return rows[r], cols[c], rank, vals.astype(np.int32), S.size


def top_k(
    index,
    rows: np.ndarray | None = None,
    *,
    k: int = DEFAULT_K,
    chunk_size: int = DEFAULT_CHUNK,
    threads: int = 2,
) -> Matches:
    """The top k partners of each of `rows` (row indices; default all), deterministic.

    Rows are grouped by (country, open to same country) so each group scores against only
    the columns it may match, then processed `chunk_size` rows at a time: memory is bounded
    by chunk_size × columns × 4 bytes per thread, whatever the number of profiles.
    """
    d = index.data
    if rows is None:
        rows = np.arange(index.n)
    rows = np.asarray(rows, dtype=np.int64)
    rows = rows[d.visible[rows]]  # hidden profiles get no suggestions
    keys = index.country_code[rows].astype(np.int64) * 2 + d.open_same_country[rows]
    jobs = []
    for key in np.unique(keys):
        group_rows = rows[keys == key]
        gkey = (int(key // 2), bool(key % 2))
        index.block(gkey)  # build once before threads share it
        for s in range(0, len(group_rows), chunk_size):
            jobs.append((group_rows[s : s + chunk_size], gkey))
    if threads > 1 and len(jobs) > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            parts = list(pool.map(lambda j: _score_chunk(index, j[0], j[1], k), jobs))
    else:
        parts = [_score_chunk(index, j[0], j[1], k) for j in jobs]
    if parts:
        r = np.concatenate([p[0] for p in parts])
        c = np.concatenate([p[1] for p in parts])
        rank = np.concatenate([p[2] for p in parts])
        pts = np.concatenate([p[3] for p in parts])
        order = np.lexsort((rank, r))
        r, c, rank, pts = r[order], c[order], rank[order], pts[order]
    else:
        r = c = rank = np.zeros(0, dtype=np.int64)
        pts = np.zeros(0, dtype=np.int32)
    return Matches(
        index=index,
        rows=r,
        partners=c,
        ranks=rank.astype(np.int32),
        points=pts,
        pairs_scored=int(sum(p[4] for p in parts)),
    )


@dataclass
class RowScores:
    """One row scored against every eligible column: `partners` (row indices) and `points`.

    The score is symmetric, so these points are also this profile's points in each partner's
    own list — what an incremental run needs to update others' lists.
    """

    row: int
    partners: np.ndarray
    points: np.ndarray

    def top(self, k: int = DEFAULT_K) -> tuple[np.ndarray, np.ndarray]:
        keep = self.points >= 1
        p, pts = self.partners[keep], self.points[keep]
        order = np.lexsort((p, -pts))[:k]
        return p[order], pts[order]


def score_one(index, row: int) -> RowScores:
    """Points of `row` against every column it may be matched with (one sparse mat-vec)."""
    d = index.data
    if not d.visible[row]:
        return RowScores(row, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32))
    mask = index.eligible_columns(row)
    ex = index.excluded[row].indices
    mask[ex] = False
    cols = np.flatnonzero(mask)
    f = index.F[row].toarray().ravel()
    pts = np.asarray(index.G @ f)[cols]
    return RowScores(row, cols.astype(np.int64), pts.astype(np.int32))
