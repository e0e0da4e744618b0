"""The moderation queue and moderators' actions. Staff with MFA only (`check_can_moderate`)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import check_can_moderate
from forum.discussions import selectors, services
from forum.discussions.forms import (
    ModeratorEditForm,
    PersonActionForm,
    PostActionForm,
    ThreadActionForm,
)
from forum.discussions.models import Post, Thread
from forum.discussions.services.flagged import flagged_decide
from forum.discussions.views.common import form_errors, paginate

POST_ACTIONS: dict[str, Callable[..., Post]] = {
    "hide": services.post_hide,
    "restore": services.post_restore,
    "approve": services.post_approve,
}
PERSON_ACTIONS: dict[str, Callable[..., User]] = {
    "block": services.user_block,
    "reinstate": services.user_reinstate,
}
THREAD_ACTIONS: dict[str, Callable[..., Thread]] = {
    "lock": services.thread_lock,
    "unlock": services.thread_unlock,
    "pin": services.thread_pin,
    "unpin": services.thread_unpin,
}


def _safe_next(request: HttpRequest) -> str:
    """The queue page to return to, only if it is on this site (no open redirect)."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def queue(request: HttpRequest) -> HttpResponse:
    """Flagged and waiting posts, and flagged content of other apps (partner messages)."""
    check_can_moderate(request.user)
    return render(
        request,
        "discussions/moderation_queue.html",
        {
            "page": paginate(request, selectors.moderation_queue()),
            "flagged": selectors.flagged_queue(),
            "form": PostActionForm(),
        },
    )


@require_POST
def flagged_review(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Hide another app's flagged item, or dismiss its flags, with a reason."""
    moderator = check_can_moderate(request.user)
    target = selectors.flagged_target(key, pk)
    try:
        flagged_decide(
            target=target,
            by_user=moderator,
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done. The flags are closed and the decision is audited."))
    return redirect(_safe_next(request) or "discussions:moderation_queue")


def post_review(request: HttpRequest, pk: int) -> HttpResponse:
    """One post with its flags and earlier versions; hide / restore / approve / edit it."""
    moderator = check_can_moderate(request.user)
    post = selectors.post_get(request.user, pk, moderator=True)
    # Two forms on one page: the edit form is prefixed so field ids stay unique.
    action_form = PostActionForm(request.POST if "action" in request.POST else None)
    edit_form = ModeratorEditForm(
        request.POST if "edit-body" in request.POST else None,
        initial={"body": post.body},
        prefix="edit",
    )
    if request.method == "POST":
        form = action_form if "action" in request.POST else edit_form
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if form is action_form:
                    POST_ACTIONS[data.pop("action")](post=post, by_user=moderator, **data)
                else:
                    services.post_moderator_edit(post=post, by_user=moderator, **data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Done. The author has been told why."))
                return redirect(_safe_next(request) or "discussions:moderation_queue")
    return render(
        request,
        "discussions/moderation_post.html",
        {
            "post": post,
            "flags": post.flags.select_related("flagger"),
            "revisions": selectors.post_revisions(post),
            "action_form": action_form,
            "edit_form": edit_form,
        },
    )


def thread_actions(request: HttpRequest, pk: int) -> HttpResponse:
    moderator = check_can_moderate(request.user)
    thread = selectors.thread_get(request.user, pk, moderator=True)
    form = ThreadActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        action, board = data.pop("action"), data.pop("board")
        try:
            if action == "move":
                if board is None:
                    raise ValidationError({"board": [_("Choose the board to move it to.")]})
                services.thread_move(thread=thread, by_user=moderator, board=board, **data)
            else:
                THREAD_ACTIONS[action](thread=thread, by_user=moderator, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Done. The author has been told why."))
            return redirect(thread)
    return render(request, "discussions/moderation_thread.html", {"thread": thread, "form": form})


def person_actions(request: HttpRequest, pk: int) -> HttpResponse:
    moderator = check_can_moderate(request.user)
    person = get_object_or_404(User.objects.select_related("organisation"), pk=pk)
    form = PersonActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action in ("block", "reinstate"):
                PERSON_ACTIONS[action](user=person, by_user=moderator, reason=reason)
            elif action == "silence":
                services.user_silence(
                    user=person, by_user=moderator, until=form.until(), reason=reason
                )
            else:
                services.user_suspend(
                    user=person, by_user=moderator, until=form.until(), reason=reason
                )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Done. The person has been told why."))
            return redirect("discussions:moderation_queue")
    return render(request, "discussions/moderation_person.html", {"person": person, "form": form})
