"""Top k for every profile at once, scoring each unordered pair only once.

The score is symmetric (points(A, B) = points(B, A)), so for a full run the block "country c
× countries after c" is computed once and read both ways: along its rows for the first
country's lists, down its columns for the others'. That halves the work of `top_k` over all
rows. Same-country pairs (both open) come from a small square block per country.

Each profile keeps its best k so far (`_Best`); a block's values can only enter a list if
they reach that list's current k-th value (a lower bound of its final k-th), or — for rows —
the k-th value of a strided sample of the row. Ties are kept and broken by partner id in the
merge, so the result is exactly `top_k(index)` (a test checks it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from matchmaking.engine.scoring import DEFAULT_CHUNK, DEFAULT_K, Matches, select_top

_EMPTY = -(2**62)
_NO_PARTNER = 2**62
# Sort key layout (int64): row | inverted points (12 bits) | partner row (22 bits).
_PTS_BITS, _PARTNER_BITS = 12, 22
_PTS_SPAN, _PARTNER_SPAN = 2**_PTS_BITS, 2**_PARTNER_BITS


class _Best:
    """Per profile, the best k (points, partner row) merged so far."""

    def __init__(self, n: int, k: int) -> None:
        self.k = k
        self.pts = np.full((n, k), _EMPTY, dtype=np.int64)
        self.partner = np.full((n, k), _NO_PARTNER, dtype=np.int64)
        self.lock = threading.Lock()

    def threshold(self, rows: np.ndarray) -> np.ndarray:
        """Lower bound of each row's final k-th points (and 1: matches need points ≥ 1)."""
        return np.maximum(self.pts[rows, self.k - 1], 1)

    def cold(self, rows: np.ndarray) -> np.ndarray:
        return self.pts[rows, self.k - 1] == _EMPTY

    def merge(self, rows: np.ndarray, partners: np.ndarray, pts: np.ndarray) -> None:
        """Merge candidates into the best k of their rows (ties: lower partner row first).

        One int64 sort key (row, −points, partner) keeps it a single radix-friendly sort.
        """
        if len(rows) == 0:
            return
        k = self.k
        with self.lock:
            # The touched rows, without a sort (a mask over all rows is cheaper than unique).
            touched = np.zeros(self.pts.shape[0], dtype=bool)
            touched[rows] = True
            u = np.flatnonzero(touched)
            # Only lists that hold something take part in the sort: an empty list's slots
            # stay empty beyond what its new candidates fill.
            held = u[self.pts[u, 0] != _EMPTY]
            all_r = np.concatenate([np.repeat(held, k), rows.astype(np.int64)])
            all_p = np.concatenate([self.partner[held].ravel(), partners.astype(np.int64)])
            all_pts = np.concatenate([self.pts[held].ravel(), pts.astype(np.int64)])
            inv = _PTS_SPAN - 1 - np.clip(all_pts, 0, _PTS_SPAN - 1)  # higher points first
            p_key = np.minimum(all_p, _PARTNER_SPAN - 1)
            key = (all_r << (_PTS_BITS + _PARTNER_BITS)) | (inv << _PARTNER_BITS) | p_key
            order = np.argsort(key, kind="stable")
            all_r, all_p, all_pts = all_r[order], all_p[order], all_pts[order]
            starts = np.searchsorted(all_r, u)
            rank = np.arange(len(all_r)) - np.repeat(starts, np.diff(np.r_[starts, len(all_r)]))
            keep = rank < k
            self.pts[all_r[keep], rank[keep]] = all_pts[keep]
            self.partner[all_r[keep], rank[keep]] = all_p[keep]


def _sample_kth_cols(S: np.ndarray, cols: np.ndarray, k: int) -> np.ndarray:
    """k-th largest of each column in `cols` over the chunk's rows (a lower bound)."""
    if S.shape[0] <= k or len(cols) == 0:
        return np.full(len(cols), -np.inf, dtype=S.dtype)
    sub = np.ascontiguousarray(S[:, cols].T)
    return np.partition(sub, sub.shape[1] - k, axis=1)[:, sub.shape[1] - k]


def _block(index, rows: np.ndarray, cols: np.ndarray):
    pos = np.full(index.n, -1, dtype=np.int64)
    pos[cols] = np.arange(len(cols))
    gt = np.ascontiguousarray(index.G[cols].T.toarray(), dtype=np.float32)
    return pos, gt


Block = tuple[np.ndarray, np.ndarray, bool]


def blocks(index) -> list[Block]:
    """The blocks a full run scores: (rows, columns, read both ways), in a fixed order.

    Country c's visible rows × visible rows of later countries (read both ways), then the
    square block of c's profiles open to same-country partners (rows only).
    """
    d = index.data
    codes = index.country_code
    visible = d.visible
    out: list[Block] = []
    for code in np.unique(codes[visible]):
        rows = np.flatnonzero(visible & (codes == code))
        later = np.flatnonzero(visible & (codes > code))
        if len(later):
            out.append((rows, later, True))
        open_rows = np.flatnonzero(visible & (codes == code) & d.open_same_country)
        if len(open_rows) > 1:
            out.append((open_rows, open_rows, False))
    return out


def _score_chunk(
    index, best: _Best, chunk: np.ndarray, cols: np.ndarray, pos: np.ndarray, gt, both: bool
) -> int:
    """Score one chunk of a block's rows against its columns into `best`; pairs scored."""
    k = best.k
    S = index.F[chunk] @ gt
    ex = index.excluded[chunk]
    er = np.repeat(np.arange(len(chunk)), np.diff(ex.indptr))
    ep = pos[ex.indices]
    ok = ep >= 0
    S[er[ok], ep[ok]] = -np.inf
    # Rows: the k-th so far, or a strided sample's k-th when that is higher. A value
    # equal to the k-th so far only enters with a lower partner id than that entry's.
    own = best.threshold(chunk)
    r, c, _, vals = select_top(S, k, floor=own)
    best.merge(chunk[r], cols[c], vals)
    if both:
        own_c = best.threshold(cols)
        t_col = own_c.astype(np.float32)
        cold = np.flatnonzero(best.cold(cols))
        if len(cold):
            t_col[cold] = np.maximum(t_col[cold], _sample_kth_cols(S, cold, k))
        r2, c2 = np.nonzero(t_col[None, :] <= S)
        vals2 = S[r2, c2]
        keep2 = (vals2 > own_c[c2]) | (chunk[r2] < best.partner[cols[c2], k - 1])
        best.merge(cols[c2[keep2]], chunk[r2[keep2]], vals2[keep2])
    return int(S.size)


def _score_block(
    index,
    best: _Best,
    rows: np.ndarray,
    cols: np.ndarray,
    both: bool,
    *,
    chunk_size: int,
    threads: int,
    on_chunk: Callable[[int, int], None] | None = None,
) -> None:
    """Score rows × cols into `best` chunk by chunk; `on_chunk(rows, pairs)` after each."""
    pos, gt = _block(index, rows, cols)
    chunks = [rows[s : s + chunk_size] for s in range(0, len(rows), chunk_size)]

    def one(chunk: np.ndarray) -> None:
        pairs = _score_chunk(index, best, chunk, cols, pos, gt, both)
        if on_chunk:
            with best.lock:
                on_chunk(len(chunk), pairs)

    if threads > 1 and len(chunks) > 1:
        # The first chunk alone, so the column thresholds are warm before threads share.
        one(chunks[0])
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(one, chunks[1:]))
    else:
        for ch in chunks:
            one(ch)


def _kept(best: _Best, rows: np.ndarray | None = None):
    """(rows, partners, ranks, points) of the entries with points ≥ 1, row by row."""
    k = best.k
    if rows is None:
        rows = np.arange(best.pts.shape[0], dtype=np.int64)
    r = np.repeat(rows.astype(np.int64), k)
    partners = best.partner[rows].ravel()
    pts = best.pts[rows].ravel()
    ranks = np.tile(np.arange(k, dtype=np.int32), len(rows))
    keep = pts >= 1
    return r[keep], partners[keep], ranks[keep], pts[keep]


def top_k_all(
    index,
    *,
    k: int = DEFAULT_K,
    chunk_size: int = DEFAULT_CHUNK,
    threads: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> Matches:
    """`top_k(index)` for all rows, with each cross-country pair scored once."""
    best = _Best(index.n, k)
    todo = blocks(index)
    total = sum(len(r) for r, _, _ in todo)
    done = [0]
    scored = [0]

    def count(n_rows: int, pairs: int) -> None:
        scored[0] += pairs
        done[0] += n_rows
        if progress:
            progress(done[0], total)

    for rows, cols, both in todo:
        _score_block(
            index, best, rows, cols, both, chunk_size=chunk_size, threads=threads, on_chunk=count
        )
    r, partners, ranks, pts = _kept(best)
    return Matches(
        index=index,
        rows=r,
        partners=partners,
        ranks=ranks,
        points=pts.astype(np.int32),
        pairs_scored=int(scored[0]),
    )


# --- the same work split into shards, for workers on several machines -------------------


@dataclass(frozen=True)
class Shard:
    """Rows `lo:hi` of block `block` (positions in `blocks(index)[block][0]`)."""

    block: int
    lo: int
    hi: int


def shard_plan(index, shard_rows: int) -> list[Shard]:
    """The scoring shards of a full run: every block's rows cut into slices of `shard_rows`.

    Each pair is in exactly one shard, read both ways as in `top_k_all`, so the pairs scored
    over all shards equal `top_k_all`'s.
    """
    out: list[Shard] = []
    for b, (rows, _cols, _both) in enumerate(blocks(index)):
        out.extend(
            Shard(b, lo, min(lo + shard_rows, len(rows))) for lo in range(0, len(rows), shard_rows)
        )
    return out


@dataclass
class Candidates:
    """Best-k candidates (row, partner, points) one scoring shard found, for any rows."""

    rows: np.ndarray
    partners: np.ndarray
    points: np.ndarray
    pairs_scored: int

    def split(self, bounds: np.ndarray) -> dict[int, Candidates]:
        """Candidates grouped by store shard: row r goes to the i with bounds[i] <= r < bounds[i+1]."""
        dest = np.searchsorted(bounds, self.rows, side="right") - 1
        order = np.argsort(dest, kind="stable")
        dest = dest[order]
        out = {}
        for i in np.unique(dest).tolist():
            a, b = np.searchsorted(dest, [i, i + 1])
            sel = order[a:b]
            out[int(i)] = Candidates(self.rows[sel], self.partners[sel], self.points[sel], 0)
        return out

    def to_bytes(self) -> bytes:
        """Fixed-width little-endian records: int32 row, int32 partner, int16 points."""
        rec = np.empty(len(self.rows), dtype=_CANDIDATE)
        rec["row"], rec["partner"], rec["points"] = self.rows, self.partners, self.points
        return rec.tobytes()

    @classmethod
    def from_bytes(cls, parts: list[bytes]) -> Candidates:
        rec = np.concatenate(
            [np.frombuffer(p, dtype=_CANDIDATE) for p in parts] or [np.zeros(0, _CANDIDATE)]
        )
        return cls(
            rec["row"].astype(np.int64),
            rec["partner"].astype(np.int64),
            rec["points"].astype(np.int64),
            0,
        )


_CANDIDATE = np.dtype([("row", "<i4"), ("partner", "<i4"), ("points", "<i2")])


def shard_candidates(
    index, shard: Shard, *, k: int = DEFAULT_K, chunk_size: int = DEFAULT_CHUNK, threads: int = 1
) -> Candidates:
    """Score one shard: the best k of each of its rows over the block's columns and, for a
    block read both ways, the best k of each column over the shard's rows.

    Every entry of a profile's final top k lies in one shard and is among that shard's best
    k for the profile, so merging all shards' candidates (`merge_candidates`) gives exactly
    `top_k_all`.
    """
    rows, cols, both = blocks(index)[shard.block]
    mine = rows[shard.lo : shard.hi]
    best = _Best(index.n, k)
    scored = [0]

    def count(_n_rows: int, pairs: int) -> None:
        scored[0] += pairs

    _score_block(
        index, best, mine, cols, both, chunk_size=chunk_size, threads=threads, on_chunk=count
    )
    touched = np.union1d(mine, cols) if both else mine
    r, partners, _ranks, pts = _kept(best, touched)
    return Candidates(r, partners, pts, scored[0])


def merge_candidates(index, found: Candidates, rows: range, *, k: int = DEFAULT_K) -> Matches:
    """The final top k of `rows` (a range of index rows) from all shards' candidates."""
    best = _Best(len(rows), k)
    sel = (found.rows >= rows.start) & (found.rows < rows.stop)
    best.merge(found.rows[sel] - rows.start, found.partners[sel], found.points[sel])
    r, partners, ranks, pts = _kept(best)
    return Matches(
        index=index,
        rows=r + rows.start,
        partners=partners,
        ranks=ranks,
        points=pts.astype(np.int32),
        pairs_scored=0,
    )
