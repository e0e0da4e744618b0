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
            u = np.unique(rows)
            all_r = np.concatenate([np.repeat(u, k), rows.astype(np.int64)])
            all_p = np.concatenate([self.partner[u].ravel(), partners.astype(np.int64)])
            all_pts = np.concatenate([self.pts[u].ravel(), pts.astype(np.int64)])
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


def top_k_all(
    index,
    *,
    k: int = DEFAULT_K,
    chunk_size: int = DEFAULT_CHUNK,
    threads: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> Matches:
    """`top_k(index)` for all rows, with each cross-country pair scored once."""
    d = index.data
    n = index.n
    best = _Best(n, k)
    codes = index.country_code
    visible = d.visible
    blocks = []
    for code in np.unique(codes[visible]):
        rows = np.flatnonzero(visible & (codes == code))
        later = np.flatnonzero(visible & (codes > code))
        if len(later):
            blocks.append((rows, later, True))
        open_rows = np.flatnonzero(visible & (codes == code) & d.open_same_country)
        if len(open_rows) > 1:
            blocks.append((open_rows, open_rows, False))
    total = sum(len(r) for r, _, _ in blocks)
    done = [0]
    scored = [0]

    def run_chunk(chunk: np.ndarray, cols: np.ndarray, pos: np.ndarray, gt, both: bool) -> None:
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
        with best.lock:
            scored[0] += S.size
            done[0] += len(chunk)
            if progress:
                progress(done[0], total)

    for rows, cols, both in blocks:
        pos, gt = _block(index, rows, cols)
        chunks = [rows[s : s + chunk_size] for s in range(0, len(rows), chunk_size)]
        if threads > 1 and len(chunks) > 1:
            # The first chunk alone, so the column thresholds are warm before threads share.
            run_chunk(chunks[0], cols, pos, gt, both)
            with ThreadPoolExecutor(max_workers=threads) as pool:
                rest = chunks[1:]
                n_rest = len(rest)
                list(
                    pool.map(
                        run_chunk,
                        rest,
                        [cols] * n_rest,
                        [pos] * n_rest,
                        [gt] * n_rest,
                        [both] * n_rest,
                    )
                )
        else:
            for ch in chunks:
                run_chunk(ch, cols, pos, gt, both)
        del gt

    r = np.repeat(np.arange(n, dtype=np.int64), k)
    partners = best.partner.ravel()
    pts = best.pts.ravel()
    ranks = np.tile(np.arange(k, dtype=np.int32), n)
    keep = pts >= 1
    return Matches(
        index=index,
        rows=r[keep],
        partners=partners[keep],
        ranks=ranks[keep],
        points=pts[keep].astype(np.int32),
        pairs_scored=int(scored[0]),
    )
