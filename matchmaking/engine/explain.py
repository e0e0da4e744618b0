"""Reasons as data for kept pairs, from the first profile's point of view.

Computed only for the K pairs kept per row: each facet intersection for all kept pairs at once
is one element-wise product of row-gathered sparse matrices, and the JSON text is assembled
with NumPy object-array concatenation (no Python loop over pairs, let alone over all pairs). Values are vocabulary entries
(taxonomy ids, language codes, training topics) that `matchmaking.runs.reason_text` renders.
"""

from __future__ import annotations

import json

import numpy as np
import scipy.sparse as sp

from matchmaking.engine.data import FACET_VOCAB


def _tokens(vocab) -> tuple[np.ndarray, np.ndarray]:
    """JSON text of each vocabulary value, bare and with a leading comma."""
    first = np.array([json.dumps(getattr(v, "item", lambda v=v: v)()) for v in vocab], dtype=object)
    return first, "," + first if len(first) else first


def _joined(m: sp.csr_matrix, vocab) -> tuple[np.ndarray, np.ndarray]:
    """Per row of m: the JSON list body of its columns' values ("12,40"), and the row count.

    One `np.add.reduceat` over object arrays concatenates every row's tokens in C, so the
    cost is per stored token, with no Python loop over pairs.
    """
    m = m.tocsr()
    m.eliminate_zeros()
    m.sort_indices()
    counts = np.diff(m.indptr)
    out = np.full(m.shape[0], "", dtype=object)
    if m.nnz:
        first, rest = _tokens(vocab)
        tokens = rest[m.indices]
        starts = m.indptr[:-1][counts > 0]
        tokens[starts] = first[m.indices[starts]]
        out[counts > 0] = np.add.reduceat(tokens, starts)
    return out, counts


def _append(total: np.ndarray, code: str, key: str, body: np.ndarray, counts: np.ndarray) -> None:
    """Append one reason's JSON (with a leading comma) to the pairs that have it."""
    has = counts > 0
    total[has] += f',{{"code":"{code}","{key}":[' + body[has] + "]}"


def explain_json(index, a_rows: np.ndarray, b_rows: np.ndarray) -> list[str]:
    """One JSON list of reasons per pair (a_rows[i], b_rows[i]), strongest first.

    The bulk path: a full run stores these strings as they are.
    """
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

    total = np.full(len(a), "", dtype=object)
    caps = voc("offered")
    _append(total, "they_seek", "capabilities", *_joined(inter("offered", "sought"), caps))
    _append(total, "they_offer", "capabilities", *_joined(inter("sought", "offered"), caps))
    certs = voc("certs_held")
    for code, req_rows, held_rows in (("certs_you_hold", b, a), ("certs_they_hold", a, b)):
        req = d.certs_required[req_rows]
        held = req.multiply(d.certs_held[held_rows]).tocsr()
        missing, _ = _joined(req - held, certs)
        n_req = np.diff(req.indptr)
        n_held = np.diff(held.indptr)
        has = n_req > 0
        # The text up to the missing list depends only on (held, required): build each once.
        key = n_held[has] * 4096 + n_req[has]
        uniq, inverse = np.unique(key, return_inverse=True)
        heads = np.array(
            [
                f',{{"code":"{code}","held":{k // 4096},"required":{k % 4096},"missing":['
                for k in uniq.tolist()
            ],
            dtype=object,
        )
        total[has] += heads[inverse] + (missing[has] + "]}")
    for code, key, facet in (
        ("shared_sectors", "sectors", "sectors"),
        ("shared_markets", "markets", "markets"),
        ("shared_languages", "languages", "languages"),
        ("shared_partnership_types", "partnership_types", "partnership_types"),
    ):
        _append(total, code, key, *_joined(inter(facet, facet), voc(facet)))
    _append(total, "training", "topics", *_joined(d.training[b], voc("training")))
    return ["[" + s[1:] + "]" for s in total.tolist()]


def explain(index, a_rows: np.ndarray, b_rows: np.ndarray) -> list[list[dict]]:
    """One list of reason dicts per pair (a_rows[i], b_rows[i]), strongest first."""
    return [json.loads(s) for s in explain_json(index, a_rows, b_rows)]
