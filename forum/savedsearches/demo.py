"""Demo data of the notification centre and saved searches, made by the real services.

Runs last (it needs the other apps' demo data): an expression of interest of the Indian MSME
that the financier marks contacted, and a saved directory search of each demo MSME that the
real check reports on. Idempotent. (No introduction between the two demo MSMEs: that is what
the demo's visitors try first, so the pair stays free.)
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from accounts.models import User
from forum.savedsearches.models import SavedSearch
from forum.savedsearches.services import savedsearch_create, savedsearches_check
from matchmaking.models import PartnerProfile
from programs.models import ExpressionOfInterest, FundingWindow, Status
from programs.services import interest_mark, interest_send

INDIA = "msme.india@demo.ijsme.example"
JAPAN = "sme.japan@demo.ijsme.example"
FINANCIER = "financier@demo.ijsme.example"
# (person, name, directory query) of the demo saved searches
SEARCHES = (
    (INDIA, "Japanese partners", "country=JP"),
    (JAPAN, "インドの部品・製造パートナー", "country=IN"),
)
# The demo search is saved "before" this many of its results joined, so the real check has
# news to report the first time it runs.
REPORTED_ON_FIRST_RUN = 3


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).select_related("organisation").first()


def _interest(india: User, financier: User, write) -> None:
    if ExpressionOfInterest.objects.filter(organisation=india.organisation).exists():
        return
    now = timezone.now()
    windows = FundingWindow.objects.filter(
        organisation=financier.organisation,
        status=Status.PUBLISHED,
        opens_at__lte=now,
        closes_at__gt=now,
    ).order_by("closes_at", "id")
    for window in windows:
        try:
            interest = interest_send(
                window=window,
                user=india,
                message="We would like to finance a second CNC line (₹1.2 crore).",
            )
        except ValidationError:
            continue
        interest_mark(interest=interest, user=financier, status="contacted")
        return
    write("notifications: no open demo funding window of the financier to show interest in")


def _saved_search(user: User, name: str, query: str) -> None:
    if SavedSearch.objects.filter(user=user, name=name).exists():
        return
    search = savedsearch_create(user=user, kind="directory", params=QueryDict(query), name=name)
    newest = list(
        PartnerProfile.objects.filter(pk__in=search.results.values("object_id"))
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[:REPORTED_ON_FIRST_RUN]
    )
    search.results.filter(object_id__in=newest).delete()


def seed(stdout=None) -> None:
    def write(line: str) -> None:
        if stdout is not None:
            stdout.write(line)

    india, japan, financier = _user(INDIA), _user(JAPAN), _user(FINANCIER)
    if india is None or japan is None or financier is None:
        write("notifications: demo accounts missing; run accounts.demo first")
        return
    _interest(india, financier, write)
    people = {INDIA: india, JAPAN: japan}
    for email, name, query in SEARCHES:
        _saved_search(people[email], name, query)
    savedsearches_check(now=timezone.now())
    write(
        f"notifications: {india.notifications.filter(read_at__isnull=True).count()} unread for "
        f"{INDIA}, {japan.notifications.filter(read_at__isnull=True).count()} for {JAPAN}"
    )
