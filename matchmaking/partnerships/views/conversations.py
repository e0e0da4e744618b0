"""Conversations: the list, one conversation with its messages, attachments, report, block,
and the outcome form."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import Organisation
from accounts.permissions import check_signed_in
from matchmaking.partnerships import selectors
from matchmaking.partnerships.files import no_store
from matchmaking.partnerships.forms import MessageForm, OutcomeForm, ReportForm
from matchmaking.partnerships.models import Message, Outcome
from matchmaking.partnerships.permissions import check_conversation_member
from matchmaking.partnerships.services import conversations as service
from matchmaking.partnerships.services.outcomes import outcome_record
from matchmaking.partnerships.views.common import conversation_for, error_messages, flash_errors

MESSAGES_PER_PAGE = 30


@login_required
def conversation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_signed_in(request.user)
    page = Paginator(selectors.conversations_for(request.user), 20).get_page(
        request.GET.get("page")
    )
    rows = [
        {"conversation": c, "other": c.other_organisation(request.user.organisation_id)}
        for c in page.object_list
    ]
    return render(request, "partnerships/conversation_list.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def conversation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request, pk)
    # conversation_for let in only members of the conversation's two organisations.
    organisation = cast(Organisation, request.user.organisation)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.message_post(
                conversation=conversation,
                by_user=request.user,
                body=form.cleaned_data["body"],
                files=request.FILES.getlist("files"),
            )
        except ValidationError as error:
            for message in error_messages(error):
                form.add_error(None, message)
        else:
            return redirect(f"{request.path}?page=last#latest")
    paginator = Paginator(selectors.conversation_messages(conversation), MESSAGES_PER_PAGE)
    wanted = request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if wanted in (None, "", "last") else wanted)
    service.conversation_mark_read(conversation=conversation, by_user=request.user)
    own_outcome = Outcome.objects.filter(
        conversation=conversation, organisation=organisation
    ).first()
    context = {
        "conversation": conversation,
        "other": conversation.other_organisation(organisation.pk),
        "page": page,
        "form": form,
        "report_form": ReportForm(),
        "meetings": selectors.conversation_meetings(conversation),
        "documents": selectors.conversation_documents(conversation, organisation.pk),
        "outcome_form": OutcomeForm(
            initial={
                "kind": own_outcome.kind,
                "value": own_outcome.value,
                "currency": own_outcome.currency,
                "note": own_outcome.note,
            }
            if own_outcome
            else None
        ),
        "own_outcome": own_outcome,
        "can_write": conversation.is_open and not request.user.is_silenced,
    }
    return render(request, "partnerships/conversation_detail.html", context)


@login_required
def attachment_download(request: AuthenticatedHttpRequest, token: str) -> FileResponse:
    attachment = selectors.attachment_by_token(token)
    if attachment is None:
        raise Http404
    check_conversation_member(request.user, attachment.message.conversation)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    return no_store(response)


@login_required
@require_POST
def message_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = Message.objects.select_related("conversation").filter(pk=pk).first()
    if message is None:
        raise Http404
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason."))
    else:
        try:
            service.message_report(
                message=message,
                by_user=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at this message."))
    return redirect("partnerships:conversation", pk=message.conversation_id)


@login_required
@require_POST
def conversation_block(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request, pk)
    service.conversation_block(conversation=conversation, by_user=request.user)
    messages.success(
        request,
        _("You have blocked %(org)s: the conversation is closed and you will not be matched again.")
        % {"org": conversation.other_organisation(request.user.organisation_id).display_name},
    )
    return redirect("partnerships:conversation", pk=pk)


@login_required
@require_POST
def outcome_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_for(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)  # type: ignore[arg-type]  # stubs: an ErrorList yields str
        return redirect("partnerships:conversation", pk=pk)
    try:
        outcome_record(
            conversation=conversation,
            by_user=request.user,
            kind=form.cleaned_data["kind"],
            value=form.cleaned_data["value"],
            currency=form.cleaned_data["currency"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Outcome saved."))
    return redirect("partnerships:conversation", pk=pk)


@login_required
def unread(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The navigation badge's number: unread messages of others in open conversations."""
    count = selectors.unread_count(request.user)
    label = ngettext("%(n)d unread message", "%(n)d unread messages", count) % {"n": count}
    response = JsonResponse({"unread": count, "label": label})
    response["Cache-Control"] = "private, no-store"
    return response
