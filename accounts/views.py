"""Account pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account_home.html")


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    from django.shortcuts import get_object_or_404

    from accounts.models import Organisation

    organisation = get_object_or_404(Organisation, slug=slug)
    return render(request, "accounts/organisation_detail.html", {"organisation": organisation})
