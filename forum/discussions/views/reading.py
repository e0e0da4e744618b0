"""Reading the forum: boards, thread lists, search, a thread's posts, one's notices."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from forum.discussions import selectors
from forum.discussions.forms import FlagForm, ReplyForm, SearchForm
from forum.discussions.permissions import check_can_read_board
from forum.discussions.services import quote_markdown, subscription_mark_read
from forum.discussions.views.common import moderator, paginate
from forum.i18n import language_choices


def _search_form(request: HttpRequest) -> tuple[SearchForm, str, str]:
    form = SearchForm(request.GET or None)
    if form.is_valid():
        return form, form.cleaned_data["q"].strip(), form.cleaned_data["language"]
    return form, "", ""


def board_index(request: HttpRequest) -> HttpResponse:
    """Boards, and search results across every board when a query or language is given."""
    form, query, language = _search_form(request)
    context = {"search_form": form, "query": query, "language": language}
    if query or language:
        threads = selectors.thread_list(request.user, query=query, language=language)
        context["page"] = paginate(request, threads)
    else:
        context["boards"] = selectors.board_list(request.user)
    return render(request, "discussions/board_index.html", context)


def board_detail(request: HttpRequest, slug: str) -> HttpResponse:
    board = selectors.board_get(request.user, slug)
    form, query, language = _search_form(request)
    threads = selectors.thread_list(request.user, board=board, query=query, language=language)
    return render(
        request,
        "discussions/board_detail.html",
        {
            "board": board,
            "page": paginate(request, threads),
            "search_form": form,
            "query": query,
            "language": language,
            "languages": language_choices(),
        },
    )


def thread_detail(
    request: HttpRequest, pk: int, reply_form: ReplyForm | None = None
) -> HttpResponse:
    is_mod = moderator(request)
    thread = selectors.thread_get(request.user, pk, moderator=is_mod)
    check_can_read_board(request.user, thread.board)
    page = paginate(request, selectors.post_list(request.user, thread=thread, moderator=is_mod))
    subscription = selectors.subscription_of(request.user, thread)
    if subscription is not None:
        shown = [post.published_at for post in page if post.is_visible and post.published_at]
        if shown:
            subscription_mark_read(subscription=subscription, until=max(shown))
    if reply_form is None:
        initial = {}
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit():
            quoted = (
                selectors.post_list(request.user, thread=thread).filter(pk=int(quote_id)).first()
            )
            if quoted is not None and quoted.is_visible:
                initial = {"body": quote_markdown(quoted), "quoted_post": quoted.pk}
        reply_form = ReplyForm(initial=initial)
    return render(
        request,
        "discussions/thread_detail.html",
        {
            "thread": thread,
            "board": thread.board,
            "page": page,
            "reply_form": reply_form,
            "flag_reasons": FlagForm.reason_options(),
            "is_moderator": is_mod,
            # Silenced people read the thread without any write controls.
            "can_write": request.user.is_authenticated and not request.user.is_silenced,
            "subscribed": subscription is not None,
        },
    )


def thread_unread(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    """To the first post a follower has not read yet (on its page); else to the thread's last
    page for a follower, and to its start for anyone else."""
    is_mod = moderator(request)
    thread = selectors.thread_get(request.user, pk, moderator=is_mod)
    check_can_read_board(request.user, thread.board)
    subscription = selectors.subscription_of(request.user, thread)
    if subscription is None:
        return redirect(thread)
    found = selectors.first_unread_post(
        cast(User, request.user), thread, subscription, moderator=is_mod
    )
    if found is None:
        return redirect(f"{thread.get_absolute_url()}?page=last")
    post, number = found
    return redirect(f"{thread.get_absolute_url()}?page={number}#post-{post.pk}")


@login_required
def followed(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The threads the person follows, newest activity first, with their new posts;
    `?new=1` keeps those with posts they have not read (the home page's number)."""
    unread_only = request.GET.get("new") == "1"
    threads = selectors.followed_threads(request.user, unread_only=unread_only)
    return render(
        request,
        "discussions/followed.html",
        {
            "page": paginate(request, threads),
            "unread_only": unread_only,
            "querystring": "new=1" if unread_only else "",
        },
    )


@login_required
def notices(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What moderators did to the person's posts and account, and why."""
    return render(
        request,
        "discussions/notices.html",
        {"page": paginate(request, selectors.notices_for(request.user))},
    )
