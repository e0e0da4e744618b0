"""Privacy complete by construction: every model that can hold a person is claimed by a hook,
and after deletion no row anywhere still carries the person's address; the export never
carries a secret."""

from __future__ import annotations

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from accounts import privacy
from accounts.demo import DEMO_TOTP_SECRET
from accounts.models import ApiToken, AuditLog, Invitation
from accounts.services import api_token_create, audit_record, user_delete, user_export
from tests.factories import make_user


def person_models() -> list[str]:
    """Every installed model with a relation to the person or an email field."""
    user_model = get_user_model()
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.auto_created and not field.concrete:
                continue  # reverse relations: the other model is walked itself
            points_at_person = field.is_relation and field.related_model is user_model
            if points_at_person or isinstance(field, models.EmailField):
                found.append(model._meta.label)
                break
    return sorted(found)


def test_it_covers_every_model_that_can_hold_a_person():
    covered = privacy.covered_models()
    missing = [label for label in person_models() if label not in covered]
    assert not missing, f"no privacy hook claims {missing}: register them in an app's ready()"
    assert set(covered.values()) <= set(privacy.exporters()) & set(privacy.erasers())


def test_it_finds_the_models_it_is_meant_to_find():
    found = person_models()
    for label in (
        "discussions.Post",
        "accounts.Invitation",
        "digests.Delivery",
        "mfa.Authenticator",
    ):
        assert label in found


def _text_rows_containing(value: str) -> list[str]:
    """Every (model, pk) whose text or email columns contain `value`."""
    hits = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.EmailField)
        ]
        if not text_fields:
            continue
        query = models.Q()
        for name in text_fields:
            query |= models.Q(**{f"{name}__icontains": value})
        for pk in model._default_manager.filter(query).values_list("pk", flat=True):
            hits.append(f"{model._meta.label}#{pk}")
    return hits


@pytest.mark.django_db
def test_it_leaves_the_address_nowhere_after_deletion(alice, bob, admin_user, alice_org):
    from accounts.services import invitation_create

    carol = make_user("carol@example.com", alice_org, role="member")
    # The person appears as an actor, a target and an invitee across the log and invitations.
    audit_record(actor=carol, action="test.act", target=alice_org)
    audit_record(actor=admin_user, action="test.about", target=carol, reason="checked")
    invitation_create(organisation=bob.organisation, by_user=bob, email="carol@example.com")
    assert _text_rows_containing("carol@example.com")
    user_delete(user=carol)
    assert _text_rows_containing("carol@example.com") == []
    assert not Invitation.objects.filter(email__iexact="carol@example.com").exists()
    labels = set(AuditLog.objects.values_list("actor_label", flat=True)) | set(
        AuditLog.objects.values_list("target_label", flat=True)
    )
    assert f"deleted person #{carol.pk}" in labels


@pytest.mark.django_db
def test_it_exports_every_gap_and_never_a_secret(alice, bob, admin_user):
    from tests.factories import enable_mfa

    enable_mfa(alice)
    codes = RecoveryCodes.activate(alice)
    _token, key = api_token_create(user=alice, name="script")
    audit_record(actor=admin_user, action="test.about", target=alice, reason="why")
    Invitation.objects.create(organisation=bob.organisation, email=alice.email, invited_by=bob)
    export = user_export(user=alice)
    text = json.dumps(export, default=str)
    section = export["accounts"]
    assert [a["type"] for a in section["two_factor"]] == ["recovery_codes", "totp"]
    assert section["audit_log_about_you"][0]["reason"] == "why"
    assert section["invitations_to_you"][0]["organisation"] == bob.organisation.name_en
    for secret in (
        key,
        ApiToken.objects.get(user=alice).key_hash,
        DEMO_TOTP_SECRET,
        *codes.get_unused_codes(),
        json.dumps(Authenticator.objects.get(user=alice, type="totp").data),
    ):
        assert secret not in text
    assert "key_hash" not in text and "secret" not in text.lower()
