"""The vocabularies moved from matchmaking to taxonomy by state alone: a database holding rows
from before the move keeps every one of them, with its links, after `migrate`."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The last migrations before the move; going back to them (and taxonomy to zero) unapplies the
# move and everything that builds on it.
BEFORE_MOVE = [
    ("matchmaking", "0005_introduction_mail_claims"),
    ("accounts", "0002_invitation_sent_at_and_more"),
    ("programs", "0001_initial"),
    ("digests", "0003_fewer_delivery_indexes"),
]


def _migrate(targets, *, unapply_taxonomy=False):
    executor = MigrationExecutor(connection)
    executor.migrate([*targets, ("taxonomy", None)] if unapply_taxonomy else targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_row_of_a_database_from_before_the_move():
    leaves = _leaves()
    try:
        old = _migrate(BEFORE_MOVE, unapply_taxonomy=True)
        OldSector = old.get_model("matchmaking", "Sector")
        OldCapability = old.get_model("matchmaking", "Capability")
        OldCertification = old.get_model("matchmaking", "Certification")
        OldUser = old.get_model("accounts", "User")
        sector = OldSector.objects.create(slug="moved-sector", name_en="Moved", position=99)
        OldCapability.objects.create(slug="moved-capability", name_en="Cap", sector=sector)
        OldCertification.objects.create(slug="moved-cert", name_en="Cert")
        person = OldUser.objects.create(email="moved@example.com", password="x")
        person.sectors_of_interest.add(sector)
        counts = {
            name: old.get_model("matchmaking", name).objects.count()
            for name in ("Sector", "Capability", "Certification", "PartnershipType", "Market")
        }

        new = _migrate(leaves)
        Sector = new.get_model("taxonomy", "Sector")
        assert {
            name: new.get_model("taxonomy", name).objects.count()
            for name in ("Sector", "Capability", "Certification", "PartnershipType", "Market")
        } == counts
        moved = Sector.objects.get(slug="moved-sector")
        assert moved.pk == sector.pk and moved.position == 99
        capability = new.get_model("taxonomy", "Capability").objects.get(slug="moved-capability")
        assert capability.sector_id == sector.pk
        User = new.get_model("accounts", "User")
        assert list(
            User.objects.get(email="moved@example.com").sectors_of_interest.values_list(
                "slug", flat=True
            )
        ) == ["moved-sector"]
    finally:
        _migrate(leaves)


@pytest.mark.django_db(transaction=True)
def test_it_relabels_the_content_types_of_the_moved_models():
    from django.contrib.contenttypes.models import ContentType

    leaves = _leaves()
    try:
        _migrate(BEFORE_MOVE, unapply_taxonomy=True)
        ContentType.objects.filter(app_label="taxonomy").delete()
        ContentType.objects.get_or_create(app_label="matchmaking", model="sector")
        _migrate(leaves)
        assert ContentType.objects.filter(app_label="taxonomy", model="sector").exists()
        assert not ContentType.objects.filter(app_label="matchmaking", model="sector").exists()
    finally:
        _migrate(leaves)
        ContentType.objects.clear_cache()
