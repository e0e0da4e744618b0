"""Reasons as data for kept pairs, from the first profile's point of view.

Computed only for the K pairs kept per row: each facet intersection for all kept pairs at once
is one element-wise product of row-gathered sparse matrices; only the final assembly into
small dicts loops, over kept pairs (never over all pairs). Values are vocabulary entries
(taxonomy ids, language codes, training topics) that `matchmaking.runs.reasons` renders.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matchmaking.engine.data import FACET_VOCAB


def _lists(m: sp.csr_matrix, vocab) -> list[list]:
    """Per row of m, the vocabulary values of its non-zero columns (in column order)."""
    m = m.tocsr()
    m.eliminate_zeros()
    m.sort_indices()
    values = np.asarray(vocab, dtype=object)[m.indices].tolist() if len(m.indices) else []
    ptr = m.indptr.tolist()
    return [values[ptr[i] : ptr[i + 1]] for i in range(m.shape[0])]


def explain(index, a_rows: np.ndarray, b_rows: np.ndarray) -> list[list[dict]]:
    """One list of reason dicts per pair (a_rows[i], b_rows[i]), strongest first."""
    d = index.data
    a = np.asarray(a_rows, dtype=np.int64)
    b = np.asarray(b_rows, dtype=np.int64)
    if len(a) == 0:
        return []

    def voc(facet: str):
        values = d.vocab.get(FACET_VOCAB[facet])
        n_cols = getattr(d, facet).shape[1]
        return list(values) if values is not None else list(range(n_cols))

    def inter(x: str, y: str) -> sp.csr_matrix:
        return getattr(d, x)[a].multiply(getattr(d, y)[b]).tocsr()

    they_seek = _lists(inter("offered", "sought"), voc("offered"))
    they_offer = _lists(inter("sought", "offered"), voc("offered"))
    req_b = d.certs_required[b]
    req_a = d.certs_required[a]
    held_by_a = req_b.multiply(d.certs_held[a]).tocsr()
    held_by_b = req_a.multiply(d.certs_held[b]).tocsr()
    missing_a = _lists(req_b - held_by_a, voc("certs_held"))
    missing_b = _lists(req_a - held_by_b, voc("certs_held"))
    n_req_b = np.diff(req_b.indptr).tolist()
    n_req_a = np.diff(req_a.indptr).tolist()
    n_held_a = np.diff(held_by_a.indptr).tolist()
    n_held_b = np.diff(held_by_b.indptr).tolist()
    sectors = _lists(inter("sectors", "sectors"), voc("sectors"))
    markets = _lists(inter("markets", "markets"), voc("markets"))
    languages = _lists(inter("languages", "languages"), voc("languages"))
    ptypes = _lists(inter("partnership_types", "partnership_types"), voc("partnership_types"))
    training = _lists(d.training[b], voc("training"))

    out: list[list[dict]] = []
    for i in range(len(a)):
        reasons: list[dict] = []
        if they_seek[i]:
            reasons.append({"code": "they_seek", "capabilities": they_seek[i]})
        if they_offer[i]:
            reasons.append({"code": "they_offer", "capabilities": they_offer[i]})
        if n_req_b[i]:
            reasons.append(
                {
                    "code": "certs_you_hold",
                    "held": n_held_a[i],
                    "required": n_req_b[i],
                    "missing": missing_a[i],
                }
            )
        if n_req_a[i]:
            reasons.append(
                {
                    "code": "certs_they_hold",
                    "held": n_held_b[i],
                    "required": n_req_a[i],
                    "missing": missing_b[i],
                }
            )
        if sectors[i]:
            reasons.append({"code": "shared_sectors", "sectors": sectors[i]})
        if markets[i]:
            reasons.append({"code": "shared_markets", "markets": markets[i]})
        if languages[i]:
            reasons.append({"code": "shared_languages", "languages": languages[i]})
        if ptypes[i]:
            reasons.append({"code": "shared_partnership_types", "partnership_types": ptypes[i]})
        if training[i]:
            reasons.append({"code": "training", "topics": training[i]})
        out.append(reasons)
    return out
