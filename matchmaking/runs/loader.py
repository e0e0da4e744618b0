"""Read partner profiles out of PostgreSQL into the engine's arrays.

One query per facet over its through table (raw cursor, no model instances), so loading
100,000 profiles takes seconds, and loading one profile for an incremental run takes a few
milliseconds. Column vocabularies are whole taxonomy tables (sorted pks), so a one-profile
load lines up with a full load column for column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np
from django.db import connection
from django.db.models import ManyToManyField, Model

from matchmaking.engine.data import ProfileData, csr_from_pairs
from matchmaking.models import NotInterested, PartnerProfile
from programs.models.training import Topic
from programs.selectors import completed_topics_by_organisation
from taxonomy.models import Capability, Certification, Market, PartnershipType, Sector

#: Working-language vocabulary; codes outside it still show on profiles but do not score.
LANGUAGES = ["bn", "en", "gu", "hi", "ja", "kn", "ko", "mr", "pa", "ta", "te", "zh"]

M2M = {
    "offered": "capabilities_offered",
    "sought": "capabilities_sought",
    "certs_held": "certifications_held",
    "certs_required": "certifications_required",
    "markets": "target_markets",
    "sectors": "sectors",
    "partnership_types": "partnership_types",
}


def _fetch(sql: str, params: list) -> np.ndarray:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    return np.asarray(rows, dtype=np.int64).reshape(-1, 2)


def taxonomy_vocab() -> dict[str, list]:

    return {
        "capabilities": list(Capability.objects.order_by("pk").values_list("pk", flat=True)),
        "certifications": list(Certification.objects.order_by("pk").values_list("pk", flat=True)),
        "markets": list(Market.objects.order_by("pk").values_list("pk", flat=True)),
        "sectors": list(Sector.objects.order_by("pk").values_list("pk", flat=True)),
        "partnership_types": list(
            PartnershipType.objects.order_by("pk").values_list("pk", flat=True)
        ),
        "languages": LANGUAGES,
        "training": sorted(Topic.values),
    }


def _where(profile_ids: list[int] | None, column: str) -> tuple[str, list]:
    if profile_ids is None:
        return "", []
    return f" WHERE {column} = ANY(%s)", [list(profile_ids)]


def load_profiles(
    profile_ids: list[int] | None = None, vocab: Mapping[str, Sequence[Any]] | None = None
) -> ProfileData:
    """All profiles (or just `profile_ids`) as engine arrays, with not-interested pairs."""
    vocab = vocab or taxonomy_vocab()
    table = PartnerProfile._meta.db_table
    where, params = _where(profile_ids, "p.id")
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT p.id, p.organisation_id, o.country, p.visibility <> 'hidden', "
            f"p.open_to_same_country FROM {table} p JOIN {_org_table()} o "
            f"ON o.id = p.organisation_id{where} ORDER BY p.id",
            params,
        )
        base = cur.fetchall()
    n = len(base)
    ids = np.fromiter((r[0] for r in base), dtype=np.int64, count=n)
    org_ids = np.fromiter((r[1] for r in base), dtype=np.int64, count=n)
    facets = {}
    for facet, field_name in M2M.items():
        # M2M lists PartnerProfile's many-to-many fields.
        field = cast(ManyToManyField, PartnerProfile._meta.get_field(field_name))
        # Once the app registry is ready the through model is a class, never None or a name.
        through = cast("type[Model]", field.remote_field.through)._meta
        src = field.m2m_column_name()
        dst = field.m2m_reverse_name()
        w, p = _where(profile_ids, src)
        pairs = _fetch(f"SELECT {src}, {dst} FROM {through.db_table}{w}", p)
        facets[facet] = _matrix(pairs, ids, vocab[_VOCAB[facet]])
    w, p = _where(profile_ids, "id")
    with connection.cursor() as cur:
        cur.execute(f"SELECT id, unnest(working_languages) FROM {table}{w}", p)
        lang_rows = cur.fetchall()
    lang_index = {code: i for i, code in enumerate(vocab["languages"])}
    lang_pairs = np.asarray(
        [(pid, lang_index[c]) for pid, c in lang_rows if c in lang_index], dtype=np.int64
    ).reshape(-1, 2)
    facets["languages"] = _matrix(lang_pairs, ids, None, n_cols=len(vocab["languages"]))
    facets["training"] = _training(ids, org_ids, vocab["training"])
    return ProfileData(
        ids=ids,
        org_ids=org_ids,
        country=np.asarray([r[2] for r in base], dtype=object).astype(str),
        visible=np.fromiter((r[3] for r in base), dtype=bool, count=n),
        open_same_country=np.fromiter((r[4] for r in base), dtype=bool, count=n),
        vocab=vocab,
        not_interested=not_interested_pairs(None if profile_ids is None else org_ids.tolist()),
        **facets,
    )


_VOCAB = {
    "offered": "capabilities",
    "sought": "capabilities",
    "certs_held": "certifications",
    "certs_required": "certifications",
    "markets": "markets",
    "sectors": "sectors",
    "partnership_types": "partnership_types",
}


def _org_table() -> str:
    return PartnerProfile._meta.get_field("organisation").related_model._meta.db_table


def _matrix(pairs: np.ndarray, ids: np.ndarray, vocab: Sequence[Any] | None, n_cols: int = 0):
    """CSR (profiles × vocabulary) from (profile id, column value) pairs."""
    n = len(ids)
    if vocab is not None:
        values = np.asarray(vocab, dtype=np.int64)
        n_cols = len(values)
    if len(pairs) == 0 or n == 0:
        return csr_from_pairs(np.zeros(0, np.int64), np.zeros(0, np.int64), (n, n_cols))
    rows = np.searchsorted(ids, pairs[:, 0])
    ok = (rows < n) & (ids[np.minimum(rows, n - 1)] == pairs[:, 0])
    if vocab is not None:
        cols = np.searchsorted(values, pairs[:, 1])
        ok &= (cols < n_cols) & (values[np.minimum(cols, n_cols - 1)] == pairs[:, 1])
    else:
        cols = pairs[:, 1]
    return csr_from_pairs(rows[ok], cols[ok], (n, n_cols))


def _training(ids: np.ndarray, org_ids: np.ndarray, topics: Sequence[str]):
    """Completed training topics per profile, from programs' selector (by organisation)."""

    done = completed_topics_by_organisation(org_ids.tolist() if len(ids) < 1000 else None)
    topic_index = {t: i for i, t in enumerate(topics)}
    by_org = {int(o): i for i, o in enumerate(org_ids.tolist())}
    pairs = [
        (int(ids[by_org[org]]), topic_index[t])
        for org, ts in done.items()
        if org in by_org
        for t in ts
        if t in topic_index
    ]
    arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return _matrix(arr, ids, None, n_cols=len(topics))


def not_interested_pairs(org_ids: list[int] | None = None) -> np.ndarray:
    """(profile id, profile id) pairs for every NotInterested, optionally touching `org_ids`."""
    table = NotInterested._meta.db_table
    profiles = PartnerProfile._meta.db_table
    sql = (
        f"SELECT pa.id, pb.id FROM {table} n "
        f"JOIN {profiles} pa ON pa.organisation_id = n.organisation_id "
        f"JOIN {profiles} pb ON pb.organisation_id = n.other_id"
    )
    params: list = []
    if org_ids is not None:
        sql += " WHERE n.organisation_id = ANY(%s) OR n.other_id = ANY(%s)"
        params = [org_ids, org_ids]
    return _fetch(sql, params)
