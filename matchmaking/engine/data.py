"""Profiles as arrays: what every loader hands the engine (the index is in `index.py`).

`ProfileData` is what a loader (the Django one in `matchmaking.runs.loader`, the benchmark's
generator, a test) hands over: one row per profile, sorted by id by `build_index`, with 0/1
sparse matrices per facet and the vocabulary each matrix's columns stand for. `Index` adds the
weighted feature matrices whose row-by-row dot product is the score (see `scoring.py`), the
exclusion pairs, and per-group dense column blocks built lazily for full runs.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np
import scipy.sparse as sp

FACETS = (
    "offered",
    "sought",
    "certs_held",
    "certs_required",
    "markets",
    "languages",
    "sectors",
    "partnership_types",
    "training",
)
#: Which vocabulary the columns of each facet refer to.
FACET_VOCAB = {
    "offered": "capabilities",
    "sought": "capabilities",
    "certs_held": "certifications",
    "certs_required": "certifications",
    "markets": "markets",
    "languages": "languages",
    "sectors": "sectors",
    "partnership_types": "partnership_types",
    "training": "training",
}


def csr_from_lists(rows: Sequence[Iterable[int]], n_cols: int) -> sp.csr_matrix:
    """A 0/1 CSR matrix from one list of column indices per row (duplicates collapse)."""
    indptr = [0]
    indices: list[int] = []
    for cols in rows:
        uniq = sorted(set(int(c) for c in cols))
        indices.extend(uniq)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sp.csr_matrix(
        (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
        shape=(len(rows), n_cols),
    )


def csr_from_pairs(
    row_idx: np.ndarray, col_idx: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """A 0/1 CSR matrix from (row, column) index pairs, as a through table gives them."""
    m = sp.csr_matrix(
        (np.ones(len(row_idx), dtype=np.float32), (row_idx, col_idx)), shape=shape, dtype=np.float32
    )
    m.sum_duplicates()
    m.data[:] = 1.0
    m.sort_indices()
    return m


def replace_csr_rows(m: sp.csr_matrix, pos: np.ndarray, new: sp.csr_matrix) -> sp.csr_matrix:
    """m with rows `pos` (sorted) replaced by the rows of `new`, by slicing around them."""
    parts, prev = [], 0
    for i, p in enumerate(pos.tolist()):
        parts += [m[prev:p], new[i : i + 1]]
        prev = p + 1
    parts.append(m[prev:])
    return sp.vstack(parts, format="csr", dtype=np.float32)


@dataclass
class ProfileData:
    """All profiles as arrays. Row i of every array and matrix is the profile `ids[i]`.

    `country` may hold any hashable codes ("IN", "JP", …); `not_interested` holds pairs of
    PROFILE ids (either order; the engine drops the pair both ways).
    """

    ids: np.ndarray
    org_ids: np.ndarray
    country: np.ndarray
    visible: np.ndarray
    open_same_country: np.ndarray
    offered: sp.csr_matrix
    sought: sp.csr_matrix
    certs_held: sp.csr_matrix
    certs_required: sp.csr_matrix
    markets: sp.csr_matrix
    languages: sp.csr_matrix
    sectors: sp.csr_matrix
    partnership_types: sp.csr_matrix
    training: sp.csr_matrix
    vocab: Mapping[str, Sequence] = field(default_factory=dict)
    not_interested: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, rows: np.ndarray) -> ProfileData:
        """The profiles at `rows` (an index array), same vocabulary and not-interested pairs."""
        rows = np.asarray(rows, dtype=np.int64)
        values: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("vocab", "not_interested"):
                values[f.name] = value
            elif f.name in FACETS:
                values[f.name] = value[rows]
            else:
                values[f.name] = np.asarray(value)[rows]
        return ProfileData(**values)

    def sorted_by_id(self) -> ProfileData:
        order = np.argsort(np.asarray(self.ids, dtype=np.int64), kind="stable")
        if np.all(order[:-1] < order[1:]) if len(order) > 1 else True:
            return self
        return self.take(order)

    def upsert(self, other: ProfileData) -> ProfileData:
        """These profiles with `other`'s rows replacing (or adding) theirs; same vocabulary.

        When every id of `other` is already here (an edit), rows are replaced in place by
        slicing around them — O(nnz) copies, no re-sort — which keeps incremental runs fast.
        """
        other = other.sorted_by_id()
        pos = np.searchsorted(self.ids, other.ids)
        n = len(self.ids)
        if len(other) and (pos < n).all() and (self.ids[np.minimum(pos, n - 1)] == other.ids).all():
            return self._replace_rows(pos, other)
        keep = ~np.isin(self.ids, other.ids)
        kept = self.take(np.flatnonzero(keep))
        values: dict[str, Any] = {}
        for f in fields(self):
            a, b = getattr(kept, f.name), getattr(other, f.name)
            if f.name == "vocab":
                values[f.name] = self.vocab
            elif f.name == "not_interested":
                values[f.name] = self.not_interested
            elif f.name in FACETS:
                values[f.name] = sp.vstack([a, b], format="csr", dtype=np.float32)
            else:
                values[f.name] = np.concatenate([np.asarray(a), np.asarray(b)])
        return ProfileData(**values).sorted_by_id()

    def _replace_rows(self, pos: np.ndarray, other: ProfileData) -> ProfileData:
        values: dict[str, Any] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name in ("vocab", "not_interested"):
                values[f.name] = mine
            elif f.name in FACETS:
                values[f.name] = replace_csr_rows(mine, pos, theirs)
            else:
                arr = np.array(mine, copy=True)
                arr[pos] = np.asarray(theirs)
                values[f.name] = arr
        return ProfileData(**values)

    def with_not_interested(self, pairs: np.ndarray) -> ProfileData:
        return replace(self, not_interested=np.asarray(pairs, dtype=np.int64).reshape(-1, 2))

    def to_bytes(self) -> bytes:
        """The profiles as one `.npz` blob (no pickle), so every shard of a full run scores
        the same snapshot whatever is edited meanwhile. `from_bytes` reads it back."""
        arrays: dict[str, Any] = {
            "ids": np.asarray(self.ids, dtype=np.int64),
            "org_ids": np.asarray(self.org_ids, dtype=np.int64),
            "country": np.asarray(self.country).astype(str),
            "visible": np.asarray(self.visible, dtype=bool),
            "open_same_country": np.asarray(self.open_same_country, dtype=bool),
            "not_interested": np.asarray(self.not_interested, dtype=np.int64).reshape(-1, 2),
            "vocab": np.frombuffer(json.dumps(self.vocab, default=list).encode(), dtype=np.uint8),
        }
        for name in FACETS:
            m = getattr(self, name).tocsr()
            m.sort_indices()
            arrays[f"{name}.indices"] = m.indices.astype(np.int32)
            arrays[f"{name}.indptr"] = m.indptr.astype(np.int64)
            arrays[f"{name}.shape"] = np.asarray(m.shape, dtype=np.int64)
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes) -> ProfileData:
        with np.load(io.BytesIO(blob), allow_pickle=False) as z:
            facets = {}
            for name in FACETS:
                indices = z[f"{name}.indices"]
                facets[name] = sp.csr_matrix(
                    (np.ones(len(indices), dtype=np.float32), indices, z[f"{name}.indptr"]),
                    shape=tuple(z[f"{name}.shape"].tolist()),
                )
            return cls(
                ids=z["ids"],
                org_ids=z["org_ids"],
                country=z["country"],
                visible=z["visible"],
                open_same_country=z["open_same_country"],
                vocab=json.loads(z["vocab"].tobytes().decode()),
                not_interested=z["not_interested"],
                **facets,
            )
