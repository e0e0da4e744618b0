"""Data export and account deletion for the programs app (registered in ProgramsConfig.ready)."""

from __future__ import annotations

from typing import Any

from programs.models import (
    Enrolment,
    EnrolmentStatus,
    ExpressionOfInterest,
    FundingWindow,
    NoticeAttachment,
    NoticeRead,
    NoticeRevision,
    PolicyNotice,
    TrainingProgramme,
)
from programs.services import enrolment_cancel


def export_user(user: Any) -> dict[str, list[dict[str, Any]]]:
    """What this app holds about a person: their enrolments and the interests they sent."""
    enrolments = Enrolment.objects.filter(user=user).select_related("session__programme")
    interests = ExpressionOfInterest.objects.filter(sent_by=user).select_related("window")
    reads = NoticeRead.objects.filter(reader=user).select_related("notice").order_by("read_at")
    return {
        "notices_read": [
            {"notice": str(r.notice), "read_at": r.read_at.isoformat()} for r in reads
        ],
        "enrolments": [
            {
                "programme": str(e.session.programme),
                "session_starts_at": e.session.starts_at.isoformat(),
                "status": e.status,
                "created_at": e.created_at.isoformat(),
                "completed_at": e.completed_at.isoformat() if e.completed_at else None,
            }
            for e in enrolments
        ],
        "interests_sent": [
            {
                "window": str(i.window),
                "message": i.message,
                "status": i.status,
                "created_at": i.created_at.isoformat(),
            }
            for i in interests
        ],
        # Published items belong to the organisation; that this person wrote them is theirs.
        "items_created": [
            {"kind": model._meta.model_name, "id": item.pk, "title": str(item)}
            for model in (PolicyNotice, FundingWindow, TrainingProgramme)
            for item in model.objects.filter(created_by=user).order_by("pk")
        ],
        "notice_revisions_replaced": [
            {"notice_id": r.notice_id, "number": r.number, "valid_from": r.valid_from.isoformat()}
            for r in NoticeRevision.objects.filter(replaced_by=user).order_by("pk")
        ],
        "attachments_uploaded": [
            {"notice_id": a.notice_id, "filename": a.filename}
            for a in NoticeAttachment.objects.filter(uploaded_by=user).order_by("pk")
        ],
    }


def erase_user(user: Any) -> None:
    """Give up the person's places first, so the waiting list moves up, before rows cascade."""

    active = Enrolment.objects.filter(
        user=user, status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED]
    )
    for enrolment in active:
        enrolment_cancel(enrolment=enrolment, user=user)
    # Which notices a person read goes with them; the daily counts keep only totals.
    NoticeRead.objects.filter(reader=user).delete()
    # The items stay with their organisation and lose their author (enrolments then cascade).
    for model in (PolicyNotice, FundingWindow, TrainingProgramme):
        model.objects.filter(created_by=user).update(created_by=None)
    NoticeRevision.objects.filter(replaced_by=user).update(replaced_by=None)
    NoticeAttachment.objects.filter(uploaded_by=user).update(uploaded_by=None)
    ExpressionOfInterest.objects.filter(sent_by=user).update(sent_by=None)
