"""Writes for policy notices: drafts, publication, amendments with revisions, attachments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from programs.models import (
    REVISED_FIELDS,
    NoticeAttachment,
    NoticeRead,
    NoticeRevision,
    NoticeVisitorDay,
    PolicyNotice,
    Status,
)
from programs.services.common import (
    NOTICE_KINDS,
    check_can_draft,
    check_owns,
    item_edit_begin,
    item_publish,
    item_save,
    item_withdraw,
)
from programs.visitors import SeenNotices, is_robot, zone_days

PDF_MAGIC = b"%PDF-"


def notice_create(
    *, user: User, data: dict[str, Any], sectors: Iterable[Any] = (), publish: bool = False
) -> PolicyNotice:
    """A new draft in the name of the user's regulator organisation (published if asked)."""
    organisation = check_can_draft(user, kinds=NOTICE_KINDS)
    notice = PolicyNotice(organisation=organisation, created_by=user)
    with transaction.atomic():
        item_save(item=notice, user=user, data=data, sectors=sectors, extra_text=_bodies(data))
        if publish:
            item_publish(item=notice, user=user, kinds=NOTICE_KINDS)
    return notice


def _bodies(data: dict[str, Any], notice: PolicyNotice | None = None) -> list[str | None]:
    """Every language's body, for the search columns (the new text, else the current one)."""
    return [
        data.get(name, getattr(notice, name) if notice is not None else None)
        for name in PolicyNotice.BODY_FIELDS
    ]


def check_change_note(change_note: str) -> None:
    """An amendment of a published notice says what changed; readers see the note."""
    if not (change_note or "").strip():
        raise ValidationError(
            {"change_note": _("Say what changed: readers of the amended notice see this note.")}
        )


@transaction.atomic
def notice_update(
    *,
    notice: PolicyNotice,
    user: User,
    data: dict[str, Any],
    sectors: Iterable[Any] | None = None,
    change_note: str = "",
) -> PolicyNotice:
    """Edit a draft in place; amending a published notice first keeps its text as a revision."""
    notice, sectors, amending = item_edit_begin(
        item=notice, user=user, kinds=NOTICE_KINDS, data=data, sectors=sectors
    )
    if notice.status == Status.PUBLISHED and not amending:
        return notice
    if amending:
        check_change_note(change_note)
        changed = [f for f in REVISED_FIELDS if f in data and data[f] != getattr(notice, f)]
        number = notice.revisions.count() + 1
        NoticeRevision.objects.create(
            notice=notice,
            number=number,
            valid_from=notice.amended_at or notice.published_at or notice.created_at,
            replaced_by=user,
            change_note=change_note[:300],
            **{f: getattr(notice, f) for f in REVISED_FIELDS},
        )
        notice.amended_at = timezone.now()
        audit_record(
            actor=user, action="policynotice.amend", target=notice, data={"fields": changed}
        )
    return item_save(
        item=notice,
        user=user,
        data=data,
        sectors=sectors,
        extra_text=_bodies(data, notice),
    )


def notice_publish(*, notice: PolicyNotice, user: User) -> PolicyNotice:
    return item_publish(item=notice, user=user, kinds=NOTICE_KINDS)


def notice_withdraw(*, notice: PolicyNotice, user: User, reason: str) -> PolicyNotice:
    return item_withdraw(item=notice, user=user, kinds=NOTICE_KINDS, reason=reason)


def validate_pdf(upload: UploadedFile) -> int:
    """A real PDF (magic bytes, not the name or the browser's content type), size-limited.

    Returns its size in bytes."""
    limit = settings.PROGRAMS_ATTACHMENT_MAX_BYTES
    size = upload.size
    if size is None or size > limit:
        raise ValidationError(
            {"file": [_("Attachments may be at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}]}
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"file": [_("Only PDF files can be attached.")]})
    return size


def notice_attach(*, notice: PolicyNotice, user: User, upload: UploadedFile) -> NoticeAttachment:
    check_owns(user, notice)
    check_can_draft(user, kinds=NOTICE_KINDS)
    size = validate_pdf(upload)
    name = (upload.name or "attachment.pdf").rsplit("/", 1)[-1][:190]
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    attachment = NoticeAttachment(notice=notice, filename=name, size=size, uploaded_by=user)
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


def notice_attachment_delete(*, attachment: NoticeAttachment, user: User) -> None:
    check_owns(user, attachment.notice)
    check_can_draft(user, kinds=NOTICE_KINDS)
    attachment.file.delete(save=False)
    attachment.delete()


def notice_read_record(*, notice: PolicyNotice, reader: Any) -> None:
    """Remember that a signed-in person read a published notice (once per person).

    One INSERT … ON CONFLICT DO NOTHING per page view; anonymous visitors and the issuing
    organisation's own people are not readers.
    """
    if reader is None or not reader.is_authenticated or notice.status != Status.PUBLISHED:
        return
    if reader.organisation_id and reader.organisation_id == notice.organisation_id:
        return
    organisation = reader.organisation if reader.organisation_id else None
    NoticeRead.objects.bulk_create(
        [
            NoticeRead(
                notice=notice,
                reader=reader,
                country=organisation.country if organisation else "",
                role=reader.role,
                language=reader.language or "",
            )
        ],
        ignore_conflicts=True,
    )


def notice_visit_record(
    *,
    notice: PolicyNotice,
    seen: SeenNotices,
    user_agent: str,
    now: datetime | None = None,
) -> list[str]:
    """Count a visitor who is not signed in once per day of each counting zone
    (HOME_COUNT_ZONES) in which their browser (`seen`, its signed cookie, updated here) was not
    counted for this notice yet. One INSERT … ON CONFLICT DO UPDATE for every zone; nothing
    about the visitor is stored. Returns the zones counted. Drafts, withdrawn notices and
    robots are not counted."""
    if notice.status != Status.PUBLISHED or is_robot(user_agent):
        return []
    today = zone_days(settings.HOME_COUNT_ZONES, now or timezone.now())
    zones = seen.unseen_zones(notice.pk, today)
    if not zones:
        return []
    table = connection.ops.quote_name(NoticeVisitorDay._meta.db_table)
    values = ", ".join(["(%s, %s, %s, 1)"] * len(zones))
    params: list[Any] = []
    for zone in zones:
        params += [notice.pk, zone, today[zone]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (notice_id, zone, day, visitors) VALUES {values} "
            f"ON CONFLICT (notice_id, zone, day) DO UPDATE SET visitors = {table}.visitors + 1",
            params,
        )
    seen.add(notice.pk, zones, today)
    return zones
