"""Introductions: request → accept or decline → contact details unlocked; expiry; mail."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.notifications.kinds import names
from accounts.notifications.services import notifications_create_for_organisation
from accounts.services import audit_record
from forum.outbox import send_after_commit
from matchmaking.models import Introduction, IntroductionStatus, PartnerProfile
from matchmaking.partnerships.services.conversations import conversation_open
from matchmaking.permissions import (
    check_can_answer_introduction,
    check_can_request_introduction,
    check_can_withdraw_introduction,
)
from matchmaking.selectors import (
    contact_for,
    open_introduction_between,
    profile_of,
    unlocked_org_ids,
)
from taxonomy.models import PartnershipType


def _queue_mail(introduction_id: int, event: str) -> None:
    # A function-local import: matchmaking.tasks imports these services (services ↔ tasks cycle).
    from matchmaking.tasks import introduction_notify

    send_after_commit(introduction_notify, introduction_id, event)


def _notify(*, organisation_id: int, kind: str, about: Organisation, **extra) -> None:
    """Tell every member of `organisation_id` about an event concerning `about` (in-app, and
    by email or digest as each of them chose)."""
    notifications_create_for_organisation(
        organisation_id=organisation_id,
        kind=kind,
        params={"org": names(about, "name"), **extra.pop("params", {})},
        url=reverse("matchmaking:introductions"),
        **extra,
    )


def max_requests_per_day() -> int:
    return settings.MATCHMAKING_MAX_INTRO_REQUESTS_PER_DAY


@transaction.atomic
def introduction_request(
    *, by_user: Any, profile: PartnerProfile, partnership_type: PartnershipType, message: str
) -> Introduction:
    """Ask `profile`'s organisation for an introduction; at most N a day, one open per pair."""
    organisation = check_can_request_introduction(by_user, profile)
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Say in a few lines why you would like to meet.")})
    # The organisation row lock serialises concurrent requests for the daily count.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    since = timezone.now() - timedelta(days=1)
    sent_today = Introduction.objects.filter(
        from_organisation=organisation, created_at__gte=since
    ).count()
    if sent_today >= max_requests_per_day():
        raise ValidationError(
            _("Your organisation has reached its limit of %(n)d introduction requests a day.")
            % {"n": max_requests_per_day()}
        )
    if open_introduction_between(organisation.pk, profile.organisation_id):
        raise ValidationError(
            _("There is already an open introduction request between your organisations.")
        )
    introduction = Introduction(
        from_organisation=organisation,
        to_organisation=profile.organisation,
        requested_by=by_user,
        partnership_type=partnership_type,
        message=message,
    )
    introduction.full_clean(exclude=["requested_by", "responded_by"])
    try:
        with transaction.atomic():
            introduction.save()
    except IntegrityError as exc:  # a concurrent request won the race for the pair
        raise ValidationError(
            _("There is already an open introduction request between your organisations.")
        ) from exc
    _queue_mail(introduction.pk, "requested")
    _notify(
        organisation_id=profile.organisation_id, kind="introduction_requested", about=organisation
    )
    return introduction


def _claim_pending(introduction: Introduction) -> Introduction:
    locked = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if locked.status != IntroductionStatus.PENDING:
        raise ValidationError(_("This request has already been answered or has expired."))
    if locked.expires_at <= timezone.now():  # past expiry; the periodic task marks it
        raise ValidationError(_("This request has expired."))
    return locked


@transaction.atomic
def introduction_accept(*, introduction: Introduction, by_user: Any) -> Introduction:
    """Accept: from now on both organisations see each other's contact details."""
    check_can_answer_introduction(by_user, introduction)
    introduction = _claim_pending(introduction)
    introduction.status = IntroductionStatus.ACCEPTED
    introduction.responded_by = by_user
    introduction.responded_at = timezone.now()
    introduction.save(update_fields=["status", "responded_by", "responded_at"])
    audit_record(actor=by_user, action="introduction.accept", target=introduction)
    conversation_open(introduction=introduction)
    _queue_mail(introduction.pk, "accepted")
    _notify(
        organisation_id=introduction.from_organisation_id,
        kind="introduction_accepted",
        about=introduction.to_organisation,
    )
    return introduction


@transaction.atomic
def introduction_decline(
    *, introduction: Introduction, by_user: Any, reason: str = ""
) -> Introduction:
    check_can_answer_introduction(by_user, introduction)
    introduction = _claim_pending(introduction)
    introduction.status = IntroductionStatus.DECLINED
    introduction.decline_reason = (reason or "").strip()[:2000]
    introduction.responded_by = by_user
    introduction.responded_at = timezone.now()
    introduction.save(update_fields=["status", "decline_reason", "responded_by", "responded_at"])
    audit_record(actor=by_user, action="introduction.decline", target=introduction, reason=reason)
    _queue_mail(introduction.pk, "declined")
    _notify(
        organisation_id=introduction.from_organisation_id,
        kind="introduction_declined",
        about=introduction.to_organisation,
    )
    return introduction


@transaction.atomic
def introduction_withdraw(*, introduction: Introduction, by_user: Any) -> Introduction:
    """The sender takes back a request still waiting for an answer (no mail: nothing to do)."""
    check_can_withdraw_introduction(by_user, introduction)
    introduction = _claim_pending(introduction)
    introduction.status = IntroductionStatus.WITHDRAWN
    introduction.responded_at = timezone.now()
    introduction.save(update_fields=["status", "responded_at"])
    audit_record(actor=by_user, action="introduction.withdraw", target=introduction)
    return introduction


def introductions_expire(*, now=None) -> int:
    """Mark pending requests past their expiry as expired (one conditional UPDATE)."""
    return Introduction.objects.filter(
        status=IntroductionStatus.PENDING, expires_at__lte=now or timezone.now()
    ).update(status=IntroductionStatus.EXPIRED)


def introductions_remind_expiring(*, now=None) -> int:
    """Tell the organisations that must answer that a pending request expires within
    NOTIFICATIONS_INTRODUCTION_REMINDER_DAYS. Exactly once per introduction and member: the
    notification's unique (recipient, kind, key) makes every later run skip them.
    Returns the number of notifications created."""
    now = now or timezone.now()
    days = settings.NOTIFICATIONS_INTRODUCTION_REMINDER_DAYS
    due = Introduction.objects.filter(
        status=IntroductionStatus.PENDING,
        expires_at__gt=now,
        expires_at__lte=now + timedelta(days=days),
    ).select_related("from_organisation")
    created = 0
    for introduction in due:
        left = max(1, math.ceil((introduction.expires_at - now).total_seconds() / 86400))
        with transaction.atomic():
            created += notifications_create_for_organisation(
                organisation_id=introduction.to_organisation_id,
                kind="introduction_expiring",
                params={"org": names(introduction.from_organisation, "name"), "days": left},
                url=reverse("matchmaking:introductions"),
                dedupe_key=f"introduction:{introduction.pk}",
            )
    return created


# ---------------------------------------------------------------- mail

MAIL_EVENTS = {
    # event -> (claim field, recipients side, required status)
    "requested": ("request_mailed_at", "to_organisation", IntroductionStatus.PENDING),
    "accepted": ("response_mailed_at", "from_organisation", IntroductionStatus.ACCEPTED),
    "declined": ("response_mailed_at", "from_organisation", IntroductionStatus.DECLINED),
}


def introduction_mail(*, introduction_id: int, event: str) -> int:
    """Mail the members of the organisation concerned, each in their language. Returns the
    number of messages sent; a second call for the same event sends nothing (claimed)."""
    claim_field, side, status = MAIL_EVENTS[event]
    claimed = Introduction.objects.filter(
        pk=introduction_id, status=status, **{claim_field: None}
    ).update(**{claim_field: timezone.now()})
    if claimed != 1:
        return 0
    introduction = Introduction.objects.select_related(
        "from_organisation", "to_organisation", "partnership_type"
    ).get(pk=introduction_id)
    recipients_org = getattr(introduction, side)
    other_org = (
        introduction.from_organisation
        if side == "to_organisation"
        else introduction.to_organisation
    )
    # Contact details only ever through the one privacy rule, and only once accepted.
    other_profile = profile_of(other_org)
    contact = None
    if other_profile is not None:
        contact = contact_for(other_profile, unlocked_org_ids(recipients_org.pk, [other_org.pk]))
    url = settings.SITE_URL + reverse("matchmaking:introductions")
    sent = 0
    for user in User.objects.filter(organisation=recipients_org, is_active=True):
        with translation.override(user.language or "en"):
            context = {
                "introduction": introduction,
                "other": other_org,
                "contact": contact,
                "url": url,
                "user": user,
            }
            subject = render_to_string(
                f"matchmaking/email/introduction_{event}_subject.txt", context
            ).strip()
            body = render_to_string(f"matchmaking/email/introduction_{event}.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent
