"""Outcomes: what each side says came of the introduction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.currencies import CURRENCY_CHOICES
from matchmaking.partnerships.models import Conversation, Outcome, OutcomeKind
from matchmaking.partnerships.permissions import check_conversation_member
from matchmaking.partnerships.services.notify import in_every_language, notify_other_side
from matchmaking.services import not_interested_mark


@transaction.atomic
def outcome_record(
    *,
    conversation: Conversation,
    by_user: Any,
    kind: str,
    value: Decimal | None = None,
    currency: str = "",
    note: str = "",
) -> Outcome:
    """Record (or correct) one's side's outcome; "no fit" works like "not interested"."""
    organisation = check_conversation_member(by_user, conversation)
    if by_user.is_silenced:
        raise PermissionDenied(_("You are silenced and cannot write for now."))
    errors: dict[str, list[str]] = {}
    if kind not in OutcomeKind.values:
        errors["kind"] = [_("Choose an outcome.")]
    if value is not None:
        if value < 0:
            errors["value"] = [_("The value cannot be negative.")]
        if currency not in dict(CURRENCY_CHOICES):
            errors["currency"] = [_("Choose the currency of the value.")]
    if errors:
        raise ValidationError(errors)
    outcome, _created = Outcome.objects.update_or_create(
        conversation=conversation,
        organisation=organisation,
        defaults={
            "kind": kind,
            "value": value,
            "currency": currency if value is not None else "",
            "note": (note or "").strip()[:2000],
            "recorded_by": by_user,
            "recorded_at": timezone.now(),
        },
    )
    notify_other_side(
        conversation=conversation,
        actor=organisation,
        kind="outcome_recorded",
        url=reverse("partnerships:conversation", kwargs={"pk": conversation.pk}),
        params={"outcome": in_every_language(OutcomeKind(kind).label)},
    )
    if kind == OutcomeKind.NO_FIT:
        not_interested_mark(by_user=by_user, other=conversation.other_organisation(organisation.pk))
    return outcome
