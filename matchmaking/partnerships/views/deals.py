"""The deal room: share a document, read and accept its NDA, open it (logged), revoke."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from matchmaking.partnerships import selectors
from matchmaking.partnerships.files import no_store
from matchmaking.partnerships.forms import DocumentForm
from matchmaking.partnerships.models import NdaKind
from matchmaking.partnerships.services import deals as service
from matchmaking.partnerships.views.common import (
    client_ip,
    conversation_for,
    document_for,
    error_messages,
    flash_errors,
)


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = service.document_share(
                conversation=conversation,
                by_user=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                upload=form.cleaned_data["file"],
                nda_kind=form.cleaned_data["nda_kind"],
                nda_upload=form.cleaned_data["nda_file"],
            )
        except ValidationError as error:
            for message in error_messages(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("Document shared in the deal room."))
            return redirect("partnerships:document", token=document.token)
    return render(
        request, "partnerships/document_form.html", {"conversation": conversation, "form": form}
    )


@never_cache
@login_required
def document_detail(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    document = document_for(request, token)
    # document_for let in only members of the conversation's two organisations.
    organisation_id = cast(int, request.user.organisation_id)
    is_owner = organisation_id == document.organisation_id
    access = service.has_access(organisation_id, document)
    if access and not is_owner:
        service.document_open(
            document=document, by_user=request.user, ip_address=client_ip(request), action="view"
        )
    _language, text, digest = service.document_terms(document, get_language() or "en")
    acceptance = document.acceptances.filter(organisation_id=organisation_id).first()
    context = {
        "document": document,
        "conversation": document.conversation,
        "is_owner": is_owner,
        "access": access,
        "terms_text": text,
        "terms_sha256": digest,
        "acceptance": acceptance,
        "acceptances": document.acceptances.select_related("organisation") if is_owner else [],
        "accesses": selectors.document_accesses(document)[:200] if is_owner else [],
        "custom_nda": document.nda_kind == NdaKind.CUSTOM,
    }
    return no_store(render(request, "partnerships/document_detail.html", context))


@login_required
def document_file(request: AuthenticatedHttpRequest, token: str) -> FileResponse:
    document = document_for(request, token)
    service.document_open(
        document=document, by_user=request.user, ip_address=client_ip(request), action="download"
    )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type,
    )
    return no_store(response)


@login_required
def document_nda(request: AuthenticatedHttpRequest, token: str) -> FileResponse:
    """The owner's own NDA PDF, readable by both sides before accepting it."""
    document = document_for(request, token)
    if document.nda_kind != NdaKind.CUSTOM or not document.nda_file:
        raise Http404
    response = FileResponse(
        document.nda_file.open("rb"),
        as_attachment=True,
        filename="nda.pdf",
        content_type="application/pdf",
    )
    return no_store(response)


@login_required
@require_POST
def nda_accept(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    document = document_for(request, token)
    if request.POST.get("agree") != "yes":
        messages.error(request, _("Tick the box to accept the non-disclosure terms."))
        return redirect("partnerships:document", token=token)
    try:
        service.nda_accept(
            document=document,
            by_user=request.user,
            ip_address=client_ip(request),
            language=get_language() or "en",
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, _("Terms accepted for your organisation. You can open the document.")
        )
    return redirect("partnerships:document", token=token)


@login_required
@require_POST
def document_revoke(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    document = document_for(request, token)
    service.document_revoke(document=document, by_user=request.user)
    messages.success(request, _("Access revoked: the other side can no longer open it."))
    return redirect("partnerships:document", token=token)
