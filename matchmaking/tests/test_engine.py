"""Properties of the pure matching engine (no database)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matchmaking.engine import WEIGHTS, ProfileData, build_index, score_one, top_k
from matchmaking.engine.data import csr_from_lists
from matchmaking.engine.explain import explain
from matchmaking.engine.naive import naive_top_k
from matchmaking.engine.symmetric import top_k_all

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from _matching_synth import generate  # noqa: E402

N_CAPS, N_CERTS = 6, 4


def profiles(rows: list[dict], not_interested=()) -> ProfileData:
    """Hand-made profiles; each dict may set id, org, country, visible, open and facet lists."""

    def facet(name: str, n_cols: int):
        return csr_from_lists([r.get(name, []) for r in rows], n_cols)

    return ProfileData(
        ids=np.array([r["id"] for r in rows]),
        org_ids=np.array([r.get("org", r["id"] + 100) for r in rows]),
        country=np.array([r.get("country", "IN") for r in rows]),
        visible=np.array([r.get("visible", True) for r in rows]),
        open_same_country=np.array([r.get("open", False) for r in rows]),
        offered=facet("offered", N_CAPS),
        sought=facet("sought", N_CAPS),
        certs_held=facet("held", N_CERTS),
        certs_required=facet("required", N_CERTS),
        markets=facet("markets", 3),
        languages=facet("languages", 3),
        sectors=facet("sectors", 3),
        partnership_types=facet("ptypes", 3),
        training=facet("training", 2),
        vocab={
            "capabilities": [f"cap{i}" for i in range(N_CAPS)],
            "certifications": ["ISO 9001", "ISO 14001", "IATF 16949", "JIS Q 9100"],
            "languages": ["en", "ja", "hi"],
            "markets": ["africa", "sea", "latam"],
            "training": ["kaizen", "5s"],
        },
        not_interested=np.array(list(not_interested), dtype=np.int64).reshape(-1, 2),
    )


def pairs_of(data: ProfileData, **kw) -> dict[int, list[int]]:
    m = top_k(build_index(data), **kw)
    return {pid: partners.tolist() for pid, partners, _, _ in m.by_row()}


INDIAN = {"country": "IN", "offered": [0], "sought": [1], "languages": [0]}
JAPANESE = {"country": "JP", "offered": [1], "sought": [0], "languages": [0]}


def test_it_matches_a_cross_border_pair():
    data = profiles([{"id": 1, **INDIAN}, {"id": 2, **JAPANESE}])
    assert pairs_of(data) == {1: [2], 2: [1]}


def test_it_excludes_the_same_organisation():
    data = profiles([{"id": 1, **INDIAN, "org": 9}, {"id": 2, **JAPANESE, "org": 9}])
    assert pairs_of(data) == {}


def test_it_excludes_hidden_profiles_both_ways():
    data = profiles(
        [{"id": 1, **INDIAN}, {"id": 2, **JAPANESE, "visible": False}, {"id": 3, **JAPANESE}]
    )
    result = pairs_of(data)
    assert result == {1: [3], 3: [1]}


@pytest.mark.parametrize("pair", [(1, 2), (2, 1)])
def test_it_excludes_not_interested_pairs_from_either_side(pair):
    data = profiles([{"id": 1, **INDIAN}, {"id": 2, **JAPANESE}], not_interested=[pair])
    assert pairs_of(data) == {}


@pytest.mark.parametrize(
    ("open_a", "open_b", "matched"),
    [(False, False, False), (True, False, False), (False, True, False), (True, True, True)],
)
def test_it_allows_same_country_pairs_only_when_both_are_open(open_a, open_b, matched):
    a = {"id": 1, **INDIAN, "open": open_a}
    b = {"id": 2, **INDIAN, "offered": [1], "sought": [0], "open": open_b}
    assert (pairs_of(profiles([a, b])) == {1: [2], 2: [1]}) is matched


def test_it_breaks_ties_by_lower_id():
    rows = [{"id": 10, **INDIAN}] + [{"id": i, **JAPANESE} for i in (7, 3, 5)]
    assert pairs_of(profiles(rows))[10] == [3, 5, 7]


def test_it_keeps_only_k_per_row():
    rows = [{"id": 1, **INDIAN}] + [{"id": i, **JAPANESE} for i in range(2, 40)]
    assert len(pairs_of(profiles(rows), k=5)[1]) == 5


def test_it_explains_a_known_pair():
    a = {
        "id": 1,
        "country": "IN",
        "offered": [0, 2],
        "sought": [3],
        "held": [0, 1],
        "required": [3],
        "markets": [1],
        "languages": [0, 2],
        "sectors": [0],
        "ptypes": [1],
    }
    b = {
        "id": 2,
        "country": "JP",
        "offered": [3],
        "sought": [0, 2, 5],
        "held": [3],
        "required": [0, 1, 2],
        "markets": [1, 2],
        "languages": [0, 1],
        "sectors": [0],
        "ptypes": [1],
        "training": [0],
    }
    index = build_index(profiles([a, b]))
    rs = score_one(index, 0)
    w = WEIGHTS
    expected = (
        w["fit"] * 3  # A offers 0 and 2 which B seeks; B offers 3 which A seeks
        + (w["cert_held"] * 2 - w["cert_missing"] * 1)  # A holds 2 of B's 3
        + w["cert_held"] * 1  # B holds A's only requirement
        + w["market"]
        + w["language"]
        + w["sector"]
        + w["partnership_type"]
        + w["training"]
    )
    assert rs.partners.tolist() == [1] and rs.points.tolist() == [expected]
    assert explain(index, np.array([0]), np.array([1]))[0] == [
        {"code": "they_seek", "capabilities": ["cap0", "cap2"]},
        {"code": "they_offer", "capabilities": ["cap3"]},
        {"code": "certs_you_hold", "held": 2, "required": 3, "missing": ["IATF 16949"]},
        {"code": "certs_they_hold", "held": 1, "required": 1, "missing": []},
        {"code": "shared_sectors", "sectors": [0]},
        {"code": "shared_markets", "markets": ["sea"]},
        {"code": "shared_languages", "languages": ["en"]},
        {"code": "shared_partnership_types", "partnership_types": [1]},
        {"code": "training", "topics": ["kaizen"]},
    ]


def test_it_scores_pairs_symmetrically():
    index = build_index(generate(300, seed=3))
    a, b = 5, None
    rs_a = score_one(index, a)
    b = int(rs_a.partners[0])
    rs_b = score_one(index, b)
    assert rs_b.points[rs_b.partners.tolist().index(a)] == rs_a.points[0]


def test_it_keeps_scores_in_the_unit_interval():
    m = top_k(build_index(generate(500, seed=4)))
    assert len(m) and (m.scores >= 0).all() and (m.scores <= 1).all()


def test_it_is_deterministic_whatever_the_input_order():
    data = generate(400, seed=5)
    shuffled = data.take(np.random.default_rng(0).permutation(len(data)))
    assert pairs_of(data) == pairs_of(data) == pairs_of(shuffled)


def test_it_gives_the_same_result_chunked_and_unchunked():
    data = generate(400, seed=6)
    assert pairs_of(data, chunk_size=7, threads=2) == pairs_of(data, chunk_size=100_000, threads=1)


def test_it_agrees_with_the_pairwise_reference():
    data = generate(400, seed=8)
    expected = {pid: [p for p, _ in lst] for pid, lst in naive_top_k(data).items()}
    assert pairs_of(data) == expected


def test_it_gives_score_one_the_same_top_k_as_the_full_run():
    data = generate(300, seed=9)
    index = build_index(data)
    full = pairs_of(data)
    for row in range(0, 300, 37):
        partners, _ = score_one(index, row).top(20)
        assert index.data.ids[partners].tolist() == full.get(int(index.data.ids[row]), [])


def test_it_does_not_import_django():
    code = "import matchmaking.engine, sys; assert 'django' not in sys.modules, 'django imported'"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_it_patches_changed_profiles_into_the_index_like_a_rebuild():
    data = generate(300, seed=12)
    index = build_index(data)
    changed = generate(300, seed=13).take(np.array([4, 150]))  # ids 5 and 151, new facets
    patched = index.with_profiles(changed, data.not_interested)
    rebuilt = build_index(data.upsert(changed))
    for row in (4, 150, 200):
        a, b = score_one(patched, row), score_one(rebuilt, row)
        assert a.partners.tolist() == b.partners.tolist()
        assert a.points.tolist() == b.points.tolist()


@pytest.mark.parametrize(("chunk_size", "threads"), [(512, 2), (29, 1), (29, 2)])
def test_it_scores_each_pair_once_with_the_same_result_as_row_by_row(chunk_size, threads):
    index = build_index(generate(1500, seed=14))
    by_row = top_k(index)
    once = top_k_all(index, chunk_size=chunk_size, threads=threads)
    for name in ("rows", "partners", "ranks", "points"):
        assert np.array_equal(getattr(by_row, name), getattr(once, name)), name
    assert once.pairs_scored < 0.6 * by_row.pairs_scored


def test_it_scores_each_pair_once_with_three_countries_and_open_profiles():
    data = generate(900, seed=15)
    data.country[::7] = "DE"
    data.open_same_country[::3] = True
    index = build_index(data)
    a, b = top_k(index), top_k_all(index, chunk_size=50)
    assert np.array_equal(a.partners, b.partners) and np.array_equal(a.points, b.points)


def _sharded(index, shard_rows: int, store_rows: int, **kw):
    """Score every shard, split the candidates by store shard, merge each: a full run's
    data flow without the database."""
    from matchmaking.engine.symmetric import (
        Candidates,
        merge_candidates,
        shard_candidates,
        shard_plan,
    )

    bounds = np.arange(0, index.n, store_rows)
    parts: dict[int, list[bytes]] = {}
    scored = 0
    for shard in shard_plan(index, shard_rows):
        found = shard_candidates(index, shard, **kw)
        scored += found.pairs_scored
        for dest, part in found.split(bounds).items():
            parts.setdefault(dest, []).append(part.to_bytes())
    merged = [
        merge_candidates(
            index, Candidates.from_bytes(parts.get(i, [])), range(lo, min(lo + store_rows, index.n))
        )
        for i, lo in enumerate(bounds.tolist())
    ]
    cat = {
        name: np.concatenate([getattr(m, name) for m in merged])
        for name in ("rows", "partners", "ranks", "points")
    }
    return cat, scored


@pytest.mark.parametrize(("shard_rows", "store_rows"), [(100, 250), (37, 1000), (5000, 5000)])
def test_it_gives_the_same_result_in_shards_as_in_one_pass(shard_rows, store_rows):
    index = build_index(generate(1500, seed=14))
    once = top_k_all(index, chunk_size=29, threads=1)
    sharded, scored = _sharded(index, shard_rows, store_rows, chunk_size=29)
    for name in ("rows", "partners", "ranks", "points"):
        assert np.array_equal(sharded[name], getattr(once, name)), name
    assert scored == once.pairs_scored  # each pair still scored once


def test_it_gives_the_same_result_in_shards_with_three_countries_and_open_profiles():
    data = generate(900, seed=15)
    data.country[::7] = "DE"
    data.open_same_country[::3] = True
    index = build_index(data)
    once = top_k_all(index, chunk_size=50)
    sharded, scored = _sharded(index, 64, 200, chunk_size=50, threads=2)
    for name in ("rows", "partners", "ranks", "points"):
        assert np.array_equal(sharded[name], getattr(once, name)), name
    assert scored == once.pairs_scored


def test_it_round_trips_profiles_through_bytes():
    data = generate(300, seed=16)
    data.not_interested = np.array([[1, 2], [5, 9]], dtype=np.int64)
    again = ProfileData.from_bytes(data.to_bytes())
    a, b = top_k_all(build_index(data)), top_k_all(build_index(again))
    assert np.array_equal(a.partners, b.partners) and np.array_equal(a.points, b.points)
    assert again.vocab == data.vocab and again.country.tolist() == data.country.tolist()
