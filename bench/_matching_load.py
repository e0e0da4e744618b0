"""Load synthetic profiles into the database through the real models (benchmark and tests).

Organisations and profiles go in with `bulk_create`; the many-to-many rows with COPY into the
real through tables. Needs Django set up and the taxonomy migrated.
"""

from __future__ import annotations

import io

import numpy as np
from _matching_synth import LANGUAGES, Taxonomy, generate
from django.db import connection, transaction

from matchmaking.engine.data import ProfileData
from matchmaking.runs.loader import M2M, taxonomy_vocab


def db_taxonomy() -> tuple[Taxonomy, dict]:
    """The generator's taxonomy shaped like the database's (capabilities grouped by sector)."""
    from taxonomy.models import Capability

    vocab = taxonomy_vocab()
    cap_pos = {pk: i for i, pk in enumerate(vocab["capabilities"])}
    by_sector: dict[int, list[int]] = {}
    for pk, sector_id in Capability.objects.order_by("pk").values_list("pk", "sector_id"):
        by_sector.setdefault(sector_id, []).append(cap_pos[pk])
    groups = [by_sector[s] for s in sorted(by_sector)]
    return (
        Taxonomy(
            caps_by_sector=groups,
            n_certs=len(vocab["certifications"]),
            n_markets=len(vocab["markets"]),
            n_ptypes=len(vocab["partnership_types"]),
            n_training=len(vocab["training"]),
        ),
        vocab,
    )


def _copy(table: str, columns: str, rows) -> None:
    buf = io.StringIO()
    for r in rows:
        buf.write("\t".join(str(x) for x in r) + "\n")
    buf.seek(0)
    with connection.cursor() as cur:
        cur.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buf)


@transaction.atomic
def load_synthetic(n: int, *, seed: int = 7, prefix: str = "bench") -> np.ndarray:
    """Create n synthetic profiles (and organisations); returns their profile ids in order."""
    from accounts.models import Organisation
    from matchmaking.models import NotInterested, PartnerProfile

    taxonomy, vocab = db_taxonomy()
    data: ProfileData = generate(n, seed=seed, taxonomy=taxonomy)
    countries = data.country.tolist()
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name_en=f"{prefix} {c} {i}",
                slug=f"{prefix}-{seed}-{i}",
                country=c,
                kind="msme",
                region="IN-MH" if c == "IN" else "JP-13",
                is_sample=True,
            )
            for i, c in enumerate(countries)
        ],
        batch_size=5000,
    )
    langs = [
        [LANGUAGES[j] for j in data.languages.indices[s:e]]
        for s, e in zip(data.languages.indptr[:-1], data.languages.indptr[1:], strict=True)
    ]
    profiles = PartnerProfile.objects.bulk_create(
        [
            PartnerProfile(
                organisation_id=o.pk,
                headline_en=f"Synthetic profile {i}",
                working_languages=langs[i],
                visibility="public" if data.visible[i] else "hidden",
                open_to_same_country=bool(data.open_same_country[i]),
                is_sample=True,
            )
            for i, o in enumerate(orgs)
        ],
        batch_size=5000,
    )
    pids = np.asarray([p.pk for p in profiles], dtype=np.int64)
    vocab_key = {
        "offered": "capabilities",
        "sought": "capabilities",
        "certs_held": "certifications",
        "certs_required": "certifications",
        "markets": "markets",
        "sectors": "sectors",
        "partnership_types": "partnership_types",
    }
    for facet, field_name in M2M.items():
        field = PartnerProfile._meta.get_field(field_name)
        m = getattr(data, facet).tocoo()
        values = np.asarray(vocab[vocab_key[facet]], dtype=np.int64)
        _copy(
            field.remote_field.through._meta.db_table,
            f"{field.m2m_column_name()}, {field.m2m_reverse_name()}",
            zip(pids[m.row].tolist(), values[m.col].tolist(), strict=True),
        )
    org_ids = np.asarray([o.pk for o in orgs], dtype=np.int64)
    pairs = {(int(a), int(b)) for a, b in data.not_interested - 1}
    NotInterested.objects.bulk_create(
        [NotInterested(organisation_id=org_ids[a], other_id=org_ids[b]) for a, b in sorted(pairs)],
        ignore_conflicts=True,
    )
    return pids
