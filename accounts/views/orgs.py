"""The public organisation page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import selectors
from accounts.models import Organisation


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Kind, place, size, MSME class, verified badge and member count (never emails)."""
    try:
        organisation = selectors.organisation_get_public(slug=slug)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "is_member": request.user.is_authenticated
            and request.user.organisation_id == organisation.pk,
        },
    )
