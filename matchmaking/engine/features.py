"""The weighted feature matrices whose row-by-row dot product is a pair's raw points.

Below the index and the scorer, which both need them; see docs/matching.md for the formula.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matchmaking.engine.data import ProfileData

#: Integer points per shared item. Score = clip(points, 0, 100) / 100.
WEIGHTS: dict[str, int] = {
    "fit": 10,  # each capability one side offers and the other seeks (both directions)
    "cert_held": 6,  # each certification a side requires that the other holds
    "cert_missing": 6,  # taken off for each required certification the other lacks
    "market": 5,  # each target market both share
    "language": 4,  # each working language both share
    "sector": 8,  # each sector both work in
    "partnership_type": 4,  # each partnership type both seek
    "training": 3,  # for each side that completed at least one training programme
}
MAX_POINTS = 100


def feature_matrices(data: ProfileData) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """F and G with `F[a] · G[b]` = raw points of (a, b); symmetric by construction."""
    w = WEIGHTS
    n = len(data.ids)
    req_count = np.asarray(data.certs_required.sum(axis=1)).ravel()
    trained = (np.diff(data.training.indptr) > 0).astype(np.float32)
    # Per direction a→b: held·req_b·(held+missing weight) − missing weight·|req_b|.
    own = (-w["cert_missing"] * req_count + w["training"] * trained).astype(np.float32)
    ones = sp.csr_matrix(np.ones((n, 1), dtype=np.float32))
    own_col = sp.csr_matrix(own.reshape(-1, 1))
    cert_pair = w["cert_held"] + w["cert_missing"]
    F = sp.hstack(
        [
            data.offered * w["fit"],
            data.sought * w["fit"],
            data.certs_held * cert_pair,
            data.certs_required * cert_pair,
            data.markets * w["market"],
            data.languages * w["language"],
            data.sectors * w["sector"],
            data.partnership_types * w["partnership_type"],
            own_col,
            ones,
        ],
        format="csr",
        dtype=np.float32,
    )
    G = sp.hstack(
        [
            data.sought,
            data.offered,
            data.certs_required,
            data.certs_held,
            data.markets,
            data.languages,
            data.sectors,
            data.partnership_types,
            ones,
            own_col,
        ],
        format="csr",
        dtype=np.float32,
    )
    F.eliminate_zeros()
    G.eliminate_zeros()
    return F, G


def to_score(points: np.ndarray) -> np.ndarray:
    return np.clip(points, 0, MAX_POINTS).astype(np.float64) / MAX_POINTS
