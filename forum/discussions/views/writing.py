"""Members' writes in HTML. Each view calls one service; the service checks permissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from forum.discussions import selectors, services
from forum.discussions.forms import EditForm, FlagForm, ReplyForm, ThreadForm
from forum.discussions.models import Post
from forum.discussions.permissions import check_can_edit_post, check_can_start_thread
from forum.discussions.views.common import form_errors, moderator
from forum.discussions.views.reading import thread_detail


def _post_url(post: Post) -> str:
    return f"{post.thread.get_absolute_url()}?page=last#post-{post.pk}"


def _waiting_message(request: HttpRequest, post: Post | None) -> None:
    if post is not None and post.is_pending:
        messages.info(request, gettext(post.status_reason))


@login_required
def thread_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    board = selectors.board_get(request.user, slug)
    check_can_start_thread(request.user, board)
    form = ThreadForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(board=board, author=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            _waiting_message(request, thread.posts.first())
            return redirect(thread)
    return render(request, "discussions/thread_form.html", {"board": board, "form": form})


@login_required
@require_POST
def thread_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_get(request.user, pk, moderator=moderator(request))
    form = ReplyForm(request.POST)
    if form.is_valid():
        quoted = None
        if form.cleaned_data["quoted_post"]:
            quoted = Post.objects.filter(pk=form.cleaned_data["quoted_post"]).first()
        try:
            post = services.post_create(
                thread=thread,
                author=request.user,
                body=form.cleaned_data["body"],
                quoted_post=quoted,
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            _waiting_message(request, post)
            return redirect(_post_url(post))
    return thread_detail(request, pk, reply_form=form)


@login_required
def post_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(request.user, pk)
    check_can_edit_post(request.user, post)
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_edit(post=post, by_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            _waiting_message(request, post)
            return redirect(_post_url(post))
    return render(request, "discussions/post_edit.html", {"post": post, "form": form})


@login_required
@require_POST
def post_flag(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get(request.user, pk)
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            services.flag_create(post=post, flagger=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Thank you. The moderators will look at this post."))
    else:
        messages.error(request, _("Choose a reason for the flag."))
    return redirect(_post_url(post))


@login_required
@require_POST
def thread_subscribe(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_get(request.user, pk, moderator=moderator(request))
    if request.POST.get("subscribe") == "1":
        services.subscription_create(thread=thread, user=request.user)
        messages.success(request, _("You will get new replies by email, a few at a time."))
    else:
        services.subscription_delete(thread=thread, user=request.user)
        messages.success(request, _("You will no longer get emails about this thread."))
    if request.POST.get("next") == "followed":  # unfollowed from the list of followed threads
        return redirect("discussions:followed")
    return redirect(thread)


@login_required
@require_POST
def thread_solve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_get(request.user, pk)
    post_id = request.POST.get("post", "")
    post = get_object_or_404(Post, pk=int(post_id)) if post_id.isdigit() else None
    try:
        services.thread_mark_solved(thread=thread, by_user=request.user, post=post)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(thread)
