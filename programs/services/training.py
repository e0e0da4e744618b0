"""Writes for training programmes, sessions and enrolments.

Enrolment never overbooks: every change to a session's places locks the session row
(`select_for_update`) inside one transaction, counts, and writes; a second enrolment at the same
moment waits for the lock and then sees the first one's row. Emails go after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.notifications.kinds import names
from accounts.notifications.services import notification_create
from accounts.permissions import check_msme
from accounts.services import audit_record
from forum.outbox import send_after_commit
from programs import tasks
from programs.models import (
    ACTIVE_ENROLMENT,
    Enrolment,
    EnrolmentStatus,
    Status,
    TrainingProgramme,
    TrainingSession,
)
from programs.services.common import (
    PROGRAMME_KINDS,
    check_can_draft,
    check_owns,
    item_edit_begin,
    item_publish,
    item_save,
    item_withdraw,
)


def programme_create(
    *, user: User, data: dict[str, Any], sectors: Iterable[Any] = (), publish: bool = False
) -> TrainingProgramme:
    organisation = check_can_draft(user, kinds=PROGRAMME_KINDS)
    programme = TrainingProgramme(organisation=organisation, created_by=user)
    with transaction.atomic():
        item_save(
            item=programme, user=user, data=data, sectors=sectors, extra_text=[data.get("body")]
        )
        if publish:
            item_publish(item=programme, user=user, kinds=PROGRAMME_KINDS)
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: TrainingProgramme,
    user: User,
    data: dict[str, Any],
    sectors: Iterable[Any] | None = None,
) -> TrainingProgramme:
    """Edit a programme; a change to a published one is dated (`amended_at`) for digests."""
    programme, sectors, amending = item_edit_begin(
        item=programme, user=user, kinds=PROGRAMME_KINDS, data=data, sectors=sectors
    )
    if amending:
        programme.amended_at = timezone.now()
    return item_save(
        item=programme,
        user=user,
        data=data,
        sectors=sectors,
        extra_text=[data.get("body", programme.body)],
    )


def programme_publish(*, programme: TrainingProgramme, user: User) -> TrainingProgramme:
    return item_publish(item=programme, user=user, kinds=PROGRAMME_KINDS)


def programme_withdraw(
    *, programme: TrainingProgramme, user: User, reason: str
) -> TrainingProgramme:
    return item_withdraw(item=programme, user=user, kinds=PROGRAMME_KINDS, reason=reason)


def session_add(
    *,
    programme: TrainingProgramme,
    user: User,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
) -> TrainingSession:
    check_owns(user, programme)
    check_can_draft(user, kinds=PROGRAMME_KINDS)
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("A session must end after it starts.")]
    if capacity is None or capacity < 1:
        errors["capacity"] = [_("A session needs at least one place.")]
    if errors:
        raise ValidationError(errors)
    return TrainingSession.objects.create(
        programme=programme, starts_at=starts_at, ends_at=ends_at, capacity=capacity
    )


def enrolment_enrol(*, session: TrainingSession, user: User) -> Enrolment:
    """A place if one is free, else the waiting list; never more enrolled than places."""
    organisation = check_msme(user)
    with transaction.atomic():
        locked = (
            TrainingSession.objects.select_for_update()
            .select_related("programme")
            .get(pk=session.pk)
        )
        if locked.programme.status != Status.PUBLISHED:
            raise ValidationError({"session": [_("This programme is not open for enrolment.")]})
        if locked.starts_at <= timezone.now():
            raise ValidationError({"session": [_("This session has already started.")]})
        if Enrolment.objects.filter(
            session=locked,
            user=user,
            status__in=ACTIVE_ENROLMENT,
        ).exists():
            raise ValidationError({"session": [_("You are already enrolled in this session.")]})
        taken = Enrolment.objects.filter(session=locked, status=EnrolmentStatus.ENROLLED).count()
        status = EnrolmentStatus.ENROLLED if taken < locked.capacity else EnrolmentStatus.WAITLISTED
        return Enrolment.objects.create(
            session=locked, user=user, organisation=organisation, status=status
        )


def enrolment_cancel(*, enrolment: Enrolment, user: User) -> Enrolment:
    """Cancel a place or a waiting-list entry; a freed place goes to the first waiting."""
    if enrolment.user_id != user.pk:
        raise PermissionDenied(_("Only the person enrolled can cancel."))
    promoted_id = None
    with transaction.atomic():
        TrainingSession.objects.select_for_update().get(pk=enrolment.session_id)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.status not in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
            raise ValidationError({"status": [_("This enrolment cannot be cancelled.")]})
        freed = enrolment.status == EnrolmentStatus.ENROLLED
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.cancelled_at = timezone.now()
        enrolment.save(update_fields=["status", "cancelled_at"])
        if freed:
            first = (
                Enrolment.objects.filter(
                    session_id=enrolment.session_id, status=EnrolmentStatus.WAITLISTED
                )
                .order_by("created_at", "id")
                .first()
            )
            if first is not None:
                first.status = EnrolmentStatus.ENROLLED
                first.promoted_at = timezone.now()
                first.save(update_fields=["status", "promoted_at"])
                promoted_id = first.pk
                programme = first.session.programme
                notification_create(
                    recipient=first.user,
                    kind="waitlist_promoted",
                    params={"programme": names(programme, "title")},
                    url=reverse("programs:programme_detail", args=[programme.pk]),
                )
        if promoted_id is not None:
            send_after_commit(tasks.enrolment_promoted_email, promoted_id)
    return enrolment


def enrolment_complete(*, enrolment: Enrolment, user: User) -> Enrolment:
    """The provider marks that the participant completed the programme (badge + matching)."""
    programme = enrolment.session.programme
    check_owns(user, programme)
    check_can_draft(user, kinds=PROGRAMME_KINDS)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError({"status": [_("Only an enrolled participant can complete.")]})
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["status", "completed_at"])
    audit_record(actor=user, action="enrolment.complete", target=enrolment)
    return enrolment
