"""The index the scorer works on: profiles sorted by id, their weighted feature matrices
(`features.py`), the exclusion pairs, and per-group dense column blocks built lazily."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp

from matchmaking.engine.data import ProfileData, replace_csr_rows
from matchmaking.engine.features import feature_matrices


@dataclass
class Index:
    """Profiles ready for scoring: `F[a] · G[b]` is the raw points of the pair (a, b)."""

    data: ProfileData
    F: sp.csr_matrix
    G: sp.csr_matrix
    country_code: np.ndarray
    excluded: sp.csr_matrix
    _blocks: dict = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.data.ids)

    def row_of(self, profile_id: int) -> int:
        """Row index of a profile id, or -1."""
        i = int(np.searchsorted(self.data.ids, profile_id))
        if i < self.n and int(self.data.ids[i]) == int(profile_id):
            return i
        return -1

    def eligible_columns(self, row: int) -> np.ndarray:
        """Boolean mask of the columns row `row` may be matched with (country rule, visibility)."""
        d = self.data
        cc = self.country_code
        other_country = cc != cc[row]
        same_ok = (cc == cc[row]) & bool(d.open_same_country[row]) & d.open_same_country
        return d.visible & (other_country | same_ok)

    def with_profiles(self, part: ProfileData, not_interested: np.ndarray) -> Index:
        """This index with `part`'s profiles re-read and the not-interested pairs replaced.

        Edits of known profiles patch only their rows of F and G (what an incremental run
        needs, in milliseconds); new profiles or countries rebuild the index.
        """

        data = self.data.upsert(part).with_not_interested(not_interested)
        part = part.sorted_by_id()
        pos = np.searchsorted(self.data.ids, part.ids)
        codes, _ = np.unique(np.asarray(self.data.country), return_inverse=True)
        same_rows = len(data.ids) == self.n and np.array_equal(data.ids, self.data.ids)
        if not same_rows or not np.isin(np.asarray(part.country), codes).all() or not len(part):
            return build_index(data)
        Fp, Gp = feature_matrices(part)
        country_code = self.country_code.copy()
        country_code[pos] = np.searchsorted(codes, np.asarray(part.country))
        return Index(
            data=data,
            F=replace_csr_rows(self.F, pos, Fp),
            G=replace_csr_rows(self.G, pos, Gp),
            country_code=country_code,
            excluded=_exclusion_matrix(data),
        )

    def group_key(self, row: int) -> tuple[int, bool]:
        return int(self.country_code[row]), bool(self.data.open_same_country[row])

    def block(self, key: tuple[int, bool]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(column rows, their position lookup, dense G^T) for rows of group `key`.

        Built once per group and cached: a full run scores every row of a group against the
        same columns, so the dense transpose pays for itself many times over.
        """
        if key not in self._blocks:
            code, is_open = key
            cc = self.country_code
            d = self.data
            mask = d.visible & ((cc != code) | ((cc == code) & is_open & d.open_same_country))
            cols = np.flatnonzero(mask)
            pos = np.full(self.n, -1, dtype=np.int64)
            pos[cols] = np.arange(len(cols))
            gt = np.ascontiguousarray(self.G[cols].T.toarray(), dtype=np.float32)
            self._blocks[key] = (cols, pos, gt)
        return self._blocks[key]


def _exclusion_matrix(data: ProfileData) -> sp.csr_matrix:
    """Symmetric n×n 0/1 matrix of forbidden pairs: self, same organisation, not interested."""
    n = len(data.ids)
    rows: list[np.ndarray] = [np.arange(n)]
    cols: list[np.ndarray] = [np.arange(n)]
    # Same organisation: sort by org and pair up members of each run of equal org ids.
    org = np.asarray(data.org_ids, dtype=np.int64)
    order = np.argsort(org, kind="stable")
    sorted_org = org[order]
    starts = np.flatnonzero(np.r_[True, sorted_org[1:] != sorted_org[:-1]])
    sizes = np.diff(np.r_[starts, n])
    for s, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
        members = order[s : s + size]
        a, b = np.meshgrid(members, members)
        rows.append(a.ravel())
        cols.append(b.ravel())
    if len(data.not_interested):
        pairs = np.asarray(data.not_interested, dtype=np.int64)
        ia = np.searchsorted(data.ids, pairs[:, 0])
        ib = np.searchsorted(data.ids, pairs[:, 1])
        ia_ok = (ia < n) & (data.ids[np.minimum(ia, n - 1)] == pairs[:, 0])
        ib_ok = (ib < n) & (data.ids[np.minimum(ib, n - 1)] == pairs[:, 1])
        ok = ia_ok & ib_ok
        rows += [ia[ok], ib[ok]]
        cols += [ib[ok], ia[ok]]
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    m = sp.csr_matrix((np.ones(len(r), dtype=np.int8), (r, c)), shape=(n, n))
    m.sum_duplicates()
    return m


def build_index(data: ProfileData) -> Index:
    """Sort by id, weight the facets into F and G (see `features.WEIGHTS`), find exclusions."""

    data = data.sorted_by_id()
    data = replace(
        data,
        ids=np.asarray(data.ids, dtype=np.int64),
        org_ids=np.asarray(data.org_ids, dtype=np.int64),
        visible=np.asarray(data.visible, dtype=bool),
        open_same_country=np.asarray(data.open_same_country, dtype=bool),
    )
    if len(data.ids) > 1 and np.any(data.ids[1:] == data.ids[:-1]):
        raise ValueError("profile ids must be unique")
    _, country_code = np.unique(np.asarray(data.country), return_inverse=True)
    F, G = feature_matrices(data)
    return Index(
        data=data,
        F=F,
        G=G,
        country_code=country_code.astype(np.int32),
        excluded=_exclusion_matrix(data),
    )
