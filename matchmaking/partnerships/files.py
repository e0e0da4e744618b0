"""Uploaded files: the type comes from the content's first bytes, never from the name.

Only PDF, PNG and JPEG are accepted; a file whose name says .pdf but whose bytes say
something else is refused. The SHA-256 is kept so an owner can prove what was shared.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

_Response = TypeVar("_Response", bound=HttpResponseBase)


def no_store(response: _Response) -> _Response:
    """Confidential content (messages' attachments, the deal room): never cached by a browser
    or a proxy, never type-sniffed. The HTML pages and the API send the same headers."""
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# magic bytes -> (content type, the extension we store it under)
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    extension: str
    size: int
    sha256: str


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def check_upload(
    upload: UploadedFile, *, max_bytes: int, allowed: tuple[str, ...] | None = None
) -> CheckedFile:
    """Refuse empty, too large or wrongly typed files with a message the uploader understands."""
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty."))
    if size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)}
        )
    upload.seek(0)
    found = sniff(upload.read(16))
    if found is None or (allowed and found[0] not in allowed):
        raise ValidationError(
            _("Only PDF files are accepted here.")
            if allowed == ("application/pdf",)
            else _("Only PDF, PNG and JPEG files are accepted.")
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (upload.name or "file").replace("/", "_").replace("\\", "_")[-150:]
    return CheckedFile(
        name=name,
        content_type=found[0],
        extension=found[1],
        size=size,
        sha256=digest.hexdigest(),
    )
