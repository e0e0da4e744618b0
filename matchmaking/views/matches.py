"""My matches: ranked, explained suggestions from the last complete match run."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.models import Organisation
from forum.i18n import current_language
from matchmaking import selectors, services
from matchmaking.permissions import check_can_use_matchmaking
from matchmaking.runs.reason_text import render_reasons
from matchmaking.views.common import error_messages, paginate, querystring_without_page
from taxonomy.models import PartnershipType, Sector


@login_required
def matches(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = check_can_use_matchmaking(request.user)
    profile = selectors.profile_of(organisation)
    sectors = list(Sector.objects.all())
    partnership_types = list(PartnershipType.objects.all())
    sector = next((s for s in sectors if s.slug == request.GET.get("sector")), None)
    partnership_type = next(
        (t for t in partnership_types if t.slug == request.GET.get("partnership_type")), None
    )
    context: dict[str, Any] = {
        "profile": profile,
        "sectors": sectors,
        "partnership_types": partnership_types,
        "sector": sector,
        "partnership_type": partnership_type,
        "querystring": querystring_without_page(request),
    }
    if profile is not None:
        page = paginate(
            request,
            selectors.my_matches(
                organisation, profile, sector=sector, partnership_type=partnership_type
            ),
        )

        language = current_language()
        found = list(page.object_list)
        states = selectors.introduction_states(
            organisation.pk, [m.partner.organisation_id for m in found]
        )
        rows = [
            (m, render_reasons(m.reasons, language), states.get(m.partner.organisation_id))
            for m in found
        ]
        context.update(page=page, rows=rows)
    return render(request, "matchmaking/matches.html", context)


@login_required
@require_POST
def not_interested(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    other = Organisation.objects.filter(slug=slug).first()
    if other is None:
        raise Http404
    try:
        services.not_interested_mark(by_user=request.user, other=other)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(org)s will no longer be suggested to you, nor you to them.")
            % {"org": other.display_name},
        )
    return redirect("matchmaking:matches")
