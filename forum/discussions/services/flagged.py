"""Flags of content other apps keep (registered in `flagtargets`): raise one, decide them.

The same reasons and the same two decisions as for posts: hide the content (the flags are
agreed with) or dismiss the flags (disagreed, the content stays). Each decision needs a
reason, is audited and closes every open flag of the item at once.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import check_can_moderate
from accounts.services import audit_record
from forum.discussions import flagtargets
from forum.discussions.models import Flag, FlagReason, FlagStatus

DECISIONS = ("hide", "dismiss")


def _of(target: models.Model) -> dict[str, Any]:
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


@transaction.atomic
def flag_target_create(*, target: models.Model, flagger: User, reason: str, note: str = "") -> Flag:
    """One flag per person per item, after the registering app's own check."""
    registration = flagtargets.for_object(target)
    registration.check_can_flag(flagger, target)
    if reason not in FlagReason.values:
        raise ValidationError({"reason": [_("Choose a reason.")]})
    note = (note or "").strip()
    if reason == FlagReason.OTHER and not note:
        raise ValidationError({"note": [_("Say what is wrong with it.")]})
    try:
        with transaction.atomic():
            return Flag.objects.create(
                **_of(target), flagger=flagger, reason=reason, note=note[:1000]
            )
    except IntegrityError:
        raise ValidationError(_("You have already reported this."), code="duplicate") from None


@transaction.atomic
def flagged_decide(*, target: models.Model, by_user: User, decision: str, reason: str) -> int:
    """Hide the item or dismiss its flags; returns how many open flags were closed."""
    check_can_moderate(by_user)
    registration = flagtargets.for_object(target)
    if decision not in DECISIONS:
        raise ValidationError({"decision": [_("Choose to hide it or to dismiss the flags.")]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason: the author will read it.")]})
    open_flags = Flag.objects.select_for_update().filter(**_of(target), status=FlagStatus.OPEN)
    flag_ids = list(open_flags.values_list("pk", flat=True))
    if not flag_ids:
        raise ValidationError(_("Its flags have already been decided."))
    hide = decision == "hide"
    if hide:
        registration.hide(target=target, by_user=by_user, reason=reason)
    closed = Flag.objects.filter(pk__in=flag_ids).update(
        status=FlagStatus.AGREED if hide else FlagStatus.DISAGREED,
        resolved_at=timezone.now(),
        resolved_by=by_user,
    )
    audit_record(
        actor=by_user,
        action=registration.audit_hide if hide else registration.audit_dismiss,
        target=target,
        reason=reason,
        data={"flags_resolved": closed},
    )
    return closed
