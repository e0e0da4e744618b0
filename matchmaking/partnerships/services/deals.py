"""The deal room: documents behind non-disclosure terms, every open logged, revocable."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from matchmaking.partnerships import nda
from matchmaking.partnerships.files import check_upload
from matchmaking.partnerships.models import (
    Conversation,
    DealDocument,
    DocumentAccess,
    NdaAcceptance,
    NdaKind,
)
from matchmaking.partnerships.permissions import check_can_write, check_conversation_member
from matchmaking.partnerships.services.notify import notify_other_side


@transaction.atomic
def document_share(
    *,
    conversation: Conversation,
    by_user: Any,
    title: str,
    description: str = "",
    upload: UploadedFile | None,
    nda_kind: str = NdaKind.STANDARD,
    nda_upload: UploadedFile | None = None,
) -> DealDocument:
    """Share a confidential PDF/PNG/JPEG; the other side sees only title, size and description
    until one of its members accepts the terms (the forum's NDA or the owner's PDF)."""
    organisation = check_can_write(by_user, conversation)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Give the document a title.")]
    if nda_kind not in NdaKind.values:
        errors["nda_kind"] = [_("Choose the non-disclosure terms.")]
    info = nda_info = None
    if upload is None:
        errors["file"] = [_("Choose a file.")]
    else:
        try:
            info = check_upload(upload, max_bytes=settings.PARTNERSHIPS_DOCUMENT_MAX_BYTES)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if nda_kind == NdaKind.CUSTOM:
        if nda_upload is None:
            errors["nda_file"] = [
                _("Upload your NDA as a PDF, or choose the forum's standard NDA.")
            ]
        else:
            try:
                nda_info = check_upload(
                    nda_upload,
                    max_bytes=settings.PARTNERSHIPS_DOCUMENT_MAX_BYTES,
                    allowed=("application/pdf",),
                )
            except ValidationError as exc:
                errors["nda_file"] = exc.messages
    if errors or upload is None or info is None:  # no errors means both are set
        raise ValidationError(errors)
    assert upload is not None and info is not None  # no errors means both were checked
    upload.name = f"document.{info.extension}"
    document = DealDocument(
        conversation=conversation,
        organisation=organisation,
        uploaded_by=by_user,
        title=title[:200],
        description=(description or "").strip()[:2000],
        file=upload,
        name=info.name,
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
        nda_kind=nda_kind,
    )
    if nda_info is not None and nda_upload is not None:  # nda_info implies nda_upload
        nda_upload.name = "nda.pdf"
        document.nda_file = nda_upload
        document.nda_sha256 = nda_info.sha256
    document.save()
    _notify(document, organisation, "document_shared")
    return document


def _notify(document: DealDocument, actor: Organisation, kind: str) -> None:
    notify_other_side(
        conversation=document.conversation,
        actor=actor,
        kind=kind,
        url=reverse("partnerships:document", kwargs={"token": document.token}),
        params={"document": document.title},
    )


def document_terms(document: DealDocument, language: str) -> tuple[str, str | None, str]:
    """(language, text or None for a PDF, SHA-256 of exactly those terms)."""
    if document.nda_kind == NdaKind.CUSTOM:
        return "", None, document.nda_sha256
    language, text = nda.terms_text(language)
    return language, text, nda.terms_sha256(text)


def has_access(organisation_id: int, document: DealDocument) -> bool:
    if organisation_id == document.organisation_id:
        return True
    if organisation_id is None or document.revoked_at is not None:
        return False
    return document.acceptances.filter(organisation_id=organisation_id).exists()


def check_can_open(user: Any, document: DealDocument) -> Organisation:
    organisation = check_conversation_member(user, document.conversation)
    if organisation.pk == document.organisation_id:
        return organisation
    if document.revoked_at is not None:
        raise PermissionDenied(_("The owner has revoked access to this document."))
    if not document.acceptances.filter(organisation=organisation).exists():
        raise PermissionDenied(_("Accept the non-disclosure terms before opening this document."))
    return organisation


def nda_accept(
    *, document: DealDocument, by_user: Any, ip_address: str | None, language: str
) -> NdaAcceptance:
    """Accept the document's terms for one's organisation, recording who, when, from where
    and the SHA-256 of the exact text (or PDF) accepted. Accepting twice returns the first."""
    organisation = check_can_write(by_user, document.conversation)
    if organisation.pk == document.organisation_id:
        raise ValidationError(_("Your own organisation shared this document."))
    if document.revoked_at is not None:
        raise PermissionDenied(_("The owner has revoked access to this document."))
    existing = document.acceptances.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    language, _text, digest = document_terms(document, language)
    try:
        with transaction.atomic():
            acceptance = NdaAcceptance.objects.create(
                document=document,
                organisation=organisation,
                user=by_user,
                user_label=by_user.email,
                ip_address=ip_address or None,
                language=language,
                terms_sha256=digest,
            )
            # The owner's side hears of it once: a colleague's repeat returns above.
            _notify(document, organisation, "nda_accepted")
            return acceptance
    except IntegrityError:  # a colleague accepted at the same moment
        return document.acceptances.get(organisation=organisation)


def document_open(
    *, document: DealDocument, by_user: Any, ip_address: str | None, action: str
) -> DocumentAccess:
    """Check access and log the view or download; the log is what the owner reads."""
    organisation = check_can_open(by_user, document)
    return DocumentAccess.objects.create(
        document=document,
        user=by_user,
        organisation=organisation,
        action=action,
        ip_address=ip_address or None,
    )


def document_revoke(*, document: DealDocument, by_user: Any) -> DealDocument:
    """The owner withdraws the other side's access (their acceptance stays on record)."""
    organisation = check_conversation_member(by_user, document.conversation)
    if organisation.pk != document.organisation_id:
        raise PermissionDenied(_("Only the organisation that shared the document can revoke it."))
    if document.revoked_at is None:
        document.revoked_at = timezone.now()
        document.save(update_fields=["revoked_at"])
    return document
