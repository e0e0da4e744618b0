"""Small helpers the forum's views share."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from forum.discussions.permissions import is_moderator


def paginate(request: HttpRequest, queryset, per_page: int | None = None) -> Page:
    per_page = per_page or settings.FORUM_POSTS_PER_PAGE
    paginator = Paginator(queryset, per_page)
    number: str | int | None = request.GET.get("page")
    if number == "last":
        number = paginator.num_pages
    return paginator.get_page(number)


def form_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, on its field when the form has one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def moderator(request: HttpRequest) -> bool:
    """Cached per request (in the request's own attributes): the MFA lookup behind it is a query."""
    cache = request.__dict__
    if "_forum_moderator" not in cache:
        cache["_forum_moderator"] = is_moderator(request.user)
    return cache["_forum_moderator"]
