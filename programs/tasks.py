"""Emails of the programs app. Each task takes an id and claims its email with a conditional
UPDATE, so a retried or duplicated task sends nothing twice."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from programs.models import Enrolment, ExpressionOfInterest, InterestStatus


def _send(template: str, context: dict, recipients: list[str], language: str) -> None:
    with translation.override(language or "en"):
        subject = render_to_string(f"programs/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"programs/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


@shared_task(name="programs.tasks.enrolment_promoted_email", acks_late=True)
def enrolment_promoted_email(enrolment_id: int) -> bool:
    """Tell the first on the waiting list that a place is theirs."""
    claimed = Enrolment.objects.filter(
        pk=enrolment_id, promotion_emailed_at__isnull=True, promoted_at__isnull=False
    ).update(promotion_emailed_at=timezone.now())
    if claimed != 1:
        return False
    enrolment = Enrolment.objects.select_related("user", "session__programme").get(pk=enrolment_id)
    context = {
        "enrolment": enrolment,
        "session": enrolment.session,
        "programme": enrolment.session.programme,
        "site_url": settings.SITE_URL,
    }
    _send("promoted", context, [enrolment.user.email], enrolment.user.language)
    return True


@shared_task(name="programs.tasks.interest_email", acks_late=True)
def interest_email(interest_id: int) -> bool:
    """New interest → the financier's people; contacted / declined → the sender."""
    interest = ExpressionOfInterest.objects.select_related(
        "window__organisation", "organisation", "sent_by"
    ).get(pk=interest_id)
    claimed = (
        ExpressionOfInterest.objects.filter(pk=interest_id, status=interest.status)
        .exclude(emailed_status=interest.status)
        .update(emailed_status=interest.status)
    )
    if claimed != 1:
        return False
    context = {
        "interest": interest,
        "window": interest.window,
        "site_url": settings.SITE_URL,
    }
    if interest.status == InterestStatus.SENT:
        organisation = interest.window.organisation
        people = list(organisation.members.filter(is_active=True)) if organisation else []
        for person in people:
            _send("interest_received", context, [person.email], person.language)
        return bool(people)
    if interest.status in (InterestStatus.CONTACTED, InterestStatus.DECLINED) and interest.sent_by:
        _send("interest_answered", context, [interest.sent_by.email], interest.sent_by.language)
        return True
    return False
