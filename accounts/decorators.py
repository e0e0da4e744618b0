"""`organisation_required`: pages that need an organisation send newcomers to onboarding."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from accounts.http import AuthenticatedHttpRequest


def organisation_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in people without an organisation go to onboarding first (then come back)."""

    @login_required
    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.organisation_id is None:
            from urllib.parse import urlencode

            from django.urls import reverse

            return redirect(
                f"{reverse('onboarding')}?{urlencode({'next': request.get_full_path()})}"
            )
        return view(request, *args, **kwargs)

    return wrapper
