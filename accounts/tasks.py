"""Mail about accounts, sent after the deciding transaction commits.

Each task claims its row with a conditional UPDATE, so a retried or duplicated task mails once.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Invitation, Organisation, OrgRole, User, Verification


def _mail(*, template: str, context: dict, to: list[str], language: str) -> None:
    with translation.override(language):
        subject = render_to_string(f"email/accounts_{template}_subject.txt", context).strip()
        body = render_to_string(f"email/accounts_{template}_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


@shared_task(name="accounts.tasks.verification_mail_send", acks_late=True)
def verification_mail_send(organisation_id: int) -> int:
    """Tell the organisation's owners that it was verified or rejected (and why)."""
    claimed = Organisation.objects.filter(
        pk=organisation_id,
        verification_mailed_at__isnull=True,
        verification_status__in=[Verification.VERIFIED, Verification.REJECTED],
    ).update(verification_mailed_at=timezone.now())
    if claimed != 1:
        return 0
    organisation = Organisation.objects.get(pk=organisation_id)
    owners = User.objects.filter(organisation=organisation, org_role=OrgRole.OWNER)
    try:
        for owner in owners:
            _mail(
                template="verification_verified"
                if organisation.is_verified
                else "verification_rejected",
                context={
                    "organisation": organisation,
                    "person": owner,
                    "link": settings.SITE_URL + reverse("account_organisation"),
                },
                to=[owner.email],
                language=owner.language,
            )
    except Exception:
        Organisation.objects.filter(pk=organisation_id).update(verification_mailed_at=None)
        raise
    return len(owners)


@shared_task(name="accounts.tasks.invitation_mail_send", acks_late=True)
def invitation_mail_send(invitation_id: int) -> int:
    """Send the invitation link; the invitee reads it in the inviter's language."""
    claimed = Invitation.objects.filter(
        pk=invitation_id, sent_at__isnull=True, revoked_at__isnull=True
    ).update(sent_at=timezone.now())
    if claimed != 1:
        return 0
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    language = invitation.invited_by.language if invitation.invited_by else "en"
    try:
        _mail(
            template="invitation",
            context={
                "invitation": invitation,
                "organisation": invitation.organisation,
                "inviter": invitation.invited_by,
                "link": settings.SITE_URL
                + reverse("invitation_accept", kwargs={"token": invitation.token}),
            },
            to=[invitation.email],
            language=language,
        )
    except Exception:
        Invitation.objects.filter(pk=invitation_id).update(sent_at=None)
        raise
    return 1
