"""Writes for funding windows and expressions of interest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.notifications.kinds import names
from accounts.notifications.services import notifications_create_for_organisation
from accounts.permissions import check_msme
from accounts.services import audit_record
from forum.money import convert
from forum.outbox import send_after_commit
from programs import tasks
from programs.eligibility import NOT_ELIGIBLE, applicant_for, evaluate
from programs.models import ExpressionOfInterest, FundingWindow, InterestStatus, Status
from programs.services.common import (
    WINDOW_KINDS,
    check_can_draft,
    check_owns,
    item_edit_begin,
    item_publish,
    item_save,
    item_withdraw,
)

ENTRY_ZONES = ("Asia/Kolkata", "Asia/Tokyo", "UTC")


def normalise_limits(window: FundingWindow) -> None:
    """Store the turnover limit in INR at today's rate so eligibility can filter in SQL."""
    if window.max_turnover is None:
        window.max_turnover_inr = None
        return
    result = convert(window.max_turnover, window.max_turnover_currency, "INR")
    window.max_turnover_inr = result.amount if result else None


def _validate(window: FundingWindow) -> None:
    errors: dict[str, list[str]] = {}
    if window.opens_at and window.closes_at and window.closes_at <= window.opens_at:
        errors["closes_at"] = [_("The window must close after it opens.")]
    if (
        window.amount_min is not None
        and window.amount_max is not None
        and window.amount_min > window.amount_max
    ):
        errors["amount_max"] = [_("The largest amount is below the smallest.")]
    if (
        window.interest_rate_min is not None
        and window.interest_rate_max is not None
        and window.interest_rate_min > window.interest_rate_max
    ):
        errors["interest_rate_max"] = [_("The upper interest rate is below the lower one.")]
    if window.entry_timezone not in ENTRY_ZONES:
        errors["entry_timezone"] = [_("Choose IST (Asia/Kolkata), JST (Asia/Tokyo) or UTC.")]
    if not window.apply_url and not window.apply_through_member_institution:
        errors["apply_url"] = [
            _("Say how to apply: a URL, or through a member lending institution.")
        ]
    if errors:
        raise ValidationError(errors)


def _save(window: FundingWindow, user: User, data: dict[str, Any], sectors) -> FundingWindow:
    for name, value in data.items():
        setattr(window, name, value)
    _validate(window)
    normalise_limits(window)
    return item_save(item=window, user=user, data={}, sectors=sectors)


def window_create(
    *, user: User, data: dict[str, Any], sectors: Iterable[Any] = (), publish: bool = False
) -> FundingWindow:
    organisation = check_can_draft(user, kinds=WINDOW_KINDS)
    window = FundingWindow(organisation=organisation, created_by=user)
    with transaction.atomic():
        _save(window, user, data, sectors)
        if publish:
            item_publish(item=window, user=user, kinds=WINDOW_KINDS)
    return window


@transaction.atomic
def window_update(
    *,
    window: FundingWindow,
    user: User,
    data: dict[str, Any],
    sectors: Iterable[Any] | None = None,
) -> FundingWindow:
    """Edit a window; a change to a published one is dated (`amended_at`) for digests."""
    window, sectors, amending = item_edit_begin(
        item=window, user=user, kinds=WINDOW_KINDS, data=data, sectors=sectors
    )
    if amending:
        window.amended_at = timezone.now()
    return _save(window, user, data, sectors)


def window_publish(*, window: FundingWindow, user: User) -> FundingWindow:
    return item_publish(item=window, user=user, kinds=WINDOW_KINDS)


def window_withdraw(*, window: FundingWindow, user: User, reason: str) -> FundingWindow:
    return item_withdraw(item=window, user=user, kinds=WINDOW_KINDS, reason=reason)


def _queue_interest_email(interest_id: int) -> None:

    send_after_commit(tasks.interest_email, interest_id)


def check_not_ineligible(window: FundingWindow, organisation: Organisation) -> None:
    """An organisation that misses a criterion does not send interest the financier must refuse."""
    if evaluate(window, applicant_for(organisation)).outcome == NOT_ELIGIBLE:
        raise ValidationError(
            {"window": [_("Your organisation does not meet this window's eligibility criteria.")]}
        )


def interest_send(*, window: FundingWindow, user: User, message: str = "") -> ExpressionOfInterest:
    """One per organisation per window; sending again after a withdrawal re-opens it."""
    organisation = check_msme(user)
    if window.status != Status.PUBLISHED or not window.is_open():
        raise ValidationError({"window": [_("This window is not open for interest.")]})
    check_not_ineligible(window, organisation)
    with transaction.atomic():
        existing = (
            ExpressionOfInterest.objects.select_for_update()
            .filter(window=window, organisation=organisation)
            .first()
        )
        if existing is not None:
            if existing.status != InterestStatus.WITHDRAWN:
                raise ValidationError(
                    {"window": [_("Your organisation has already sent interest in this window.")]}
                )
            existing.status = InterestStatus.SENT
            existing.message = message
            existing.sent_by = user
            existing.save(update_fields=["status", "message", "sent_by", "updated_at"])
            interest = existing
        else:
            try:
                with transaction.atomic():
                    interest = ExpressionOfInterest.objects.create(
                        window=window, organisation=organisation, sent_by=user, message=message
                    )
            except IntegrityError as exc:
                raise ValidationError(
                    {"window": [_("Your organisation has already sent interest in this window.")]}
                ) from exc
        _queue_interest_email(interest.pk)
    return interest


def interest_withdraw(*, interest: ExpressionOfInterest, user: User) -> ExpressionOfInterest:
    organisation = check_msme(user)
    if interest.organisation_id != organisation.pk:
        raise PermissionDenied(_("Only the organisation that sent it can withdraw it."))
    if interest.status == InterestStatus.WITHDRAWN:
        return interest
    interest.status = InterestStatus.WITHDRAWN
    interest.save(update_fields=["status", "updated_at"])
    return interest


def interest_mark(
    *, interest: ExpressionOfInterest, user: User, status: str
) -> ExpressionOfInterest:
    """The financier marks an interest contacted or declined; the MSME is emailed."""
    check_owns(user, interest.window)
    check_can_draft(user, kinds=WINDOW_KINDS)
    if status not in (InterestStatus.CONTACTED, InterestStatus.DECLINED):
        raise ValidationError({"status": [_("Mark it contacted or declined.")]})
    if interest.status == InterestStatus.WITHDRAWN:
        raise ValidationError({"status": [_("The MSME has withdrawn this interest.")]})
    with transaction.atomic():
        interest.status = status
        interest.save(update_fields=["status", "updated_at"])
        audit_record(actor=user, action=f"interest.{status}", target=interest)
        _queue_interest_email(interest.pk)
        window = interest.window
        notifications_create_for_organisation(
            organisation_id=interest.organisation_id,
            kind=f"interest_{status}",
            params={"org": names(window.organisation, "name"), "window": names(window, "title")},
            url=reverse("programs:window_detail", args=[window.pk]),
        )
    return interest


def windows_renormalise(*, now=None) -> int:
    """Re-convert the turnover limits of windows not yet closed at today's rates (run after an
    admin updates exchange rates: `manage.py programs_renormalise_limits`). Returns how many
    windows changed."""
    now = now or timezone.now()
    changed = 0
    candidates = FundingWindow.objects.filter(
        max_turnover__isnull=False, closes_at__gt=now
    ).exclude(max_turnover_currency="INR")
    for window in candidates.only(
        "pk", "max_turnover", "max_turnover_currency", "max_turnover_inr"
    ):
        before = window.max_turnover_inr
        normalise_limits(window)
        if window.max_turnover_inr != before:
            FundingWindow.objects.filter(pk=window.pk).update(
                max_turnover_inr=window.max_turnover_inr
            )
            changed += 1
    return changed
