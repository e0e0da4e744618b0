"""The reference scorer: the same formula, pair by pair, in plain Python sets.

Quadratic and slow on purpose — it is the readable statement of `scoring.WEIGHTS` that the
tests and `bench/matching.py --naive` compare the vectorised engine against.
"""

from __future__ import annotations

from matchmaking.engine.data import ProfileData
from matchmaking.engine.features import WEIGHTS
from matchmaking.engine.scoring import DEFAULT_K


def _sets(m) -> list[set[int]]:
    m = m.tocsr()
    return [set(m.indices[m.indptr[i] : m.indptr[i + 1]].tolist()) for i in range(m.shape[0])]


def naive_top_k(data: ProfileData, k: int = DEFAULT_K) -> dict[int, list[tuple[int, int]]]:
    """{profile id: [(partner id, points), …]} best first, ties by lower id."""
    data = data.sorted_by_id()
    w = WEIGHTS
    n = len(data.ids)
    ids = [int(x) for x in data.ids]
    org = [int(x) for x in data.org_ids]
    country = list(data.country)
    visible = [bool(x) for x in data.visible]
    open_ = [bool(x) for x in data.open_same_country]
    off, seek = _sets(data.offered), _sets(data.sought)
    held, req = _sets(data.certs_held), _sets(data.certs_required)
    mkt, lang = _sets(data.markets), _sets(data.languages)
    sec, pt = _sets(data.sectors), _sets(data.partnership_types)
    trained = [bool(s) for s in _sets(data.training)]
    blocked = {(int(x), int(y)) for x, y in data.not_interested}

    def points(i: int, j: int) -> int:
        p = w["fit"] * (len(off[i] & seek[j]) + len(off[j] & seek[i]))
        for x, y in ((i, j), (j, i)):  # x's coverage of what y requires
            have = len(held[x] & req[y])
            p += w["cert_held"] * have - w["cert_missing"] * (len(req[y]) - have)
        p += w["market"] * len(mkt[i] & mkt[j])
        p += w["language"] * len(lang[i] & lang[j])
        p += w["sector"] * len(sec[i] & sec[j])
        p += w["partnership_type"] * len(pt[i] & pt[j])
        p += w["training"] * (trained[i] + trained[j])
        return p

    def allowed(i: int, j: int) -> bool:
        if i == j or org[i] == org[j] or not visible[i] or not visible[j]:
            return False
        if (ids[i], ids[j]) in blocked or (ids[j], ids[i]) in blocked:
            return False
        return country[i] != country[j] or (open_[i] and open_[j])

    result: dict[int, list[tuple[int, int]]] = {}
    for i in range(n):
        if not visible[i]:
            continue
        scored = [(ids[j], points(i, j)) for j in range(n) if allowed(i, j)]
        scored = [s for s in scored if s[1] >= 1]
        scored.sort(key=lambda s: (-s[1], s[0]))
        if scored[:k]:
            result[ids[i]] = scored[:k]
    return result
