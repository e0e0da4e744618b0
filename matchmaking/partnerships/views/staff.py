"""Staff pages: the outcomes CSV (reported messages are in the forum's moderation queue)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import check_can_moderate
from forum.csvexport import csv_response
from matchmaking.partnerships import selectors


def reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The old reported-messages page: reports are flags in the forum's moderation queue."""
    return redirect(reverse("discussions:moderation_queue") + "#flagged-partnershipsmessage")


@login_required
def outcomes_csv(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """Every recorded outcome, one row per side, for staff."""
    check_can_moderate(request.user)
    # Headers in the reader's language; the values stay codes (kind, partnership type slug,
    # ISO time and currency) so that a spreadsheet can count them whoever exported it.
    header = [
        _("Recorded (UTC)"),
        _("Organisation"),
        _("Partner"),
        _("Partnership type"),
        _("Outcome"),
        _("Value"),
        _("Currency"),
        _("Notes"),
    ]
    rows = (
        (
            outcome.recorded_at.isoformat(),
            outcome.organisation.name_en,
            outcome.conversation.other_organisation(outcome.organisation_id).name_en,
            outcome.conversation.introduction.partnership_type.slug,
            outcome.kind,
            outcome.value if outcome.value is not None else "",
            outcome.currency,
            outcome.note,
        )
        for outcome in selectors.outcomes_for_export().iterator(chunk_size=500)
    )
    return csv_response("outcomes.csv", header, rows)
