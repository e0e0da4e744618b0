"""Reads for the dashboards: weekly series from `DailyCount`, shaped as charts with tables.

Every dashboard is one grouped query over the daily counts of one subject (the site, a
window, a notice, an MSME) in the reader's counting zone — never a scan of an event table.
A `Chart` carries its numbers once; the template draws it (Chart.js), prints it as a table
and offers it as CSV from the same object, so the three can never disagree.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Avg, DateField, Max, Sum
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Country, OrgKind
from forum.home import counting as m
from forum.home.models import CountDay, DailyCount
from forum.home.selectors import CRITERION_LABELS
from matchmaking.models import IntroductionStatus
from matchmaking.partnerships.models import OutcomeKind
from programs.models import InterestStatus

# Measures whose daily value is a median or a duration: a week shows their average, not a sum.
AVERAGED = {m.VERIFICATION_HOURS, m.ANSWER_HOURS, m.MATCH_RUN_SECONDS}
# Snapshots: a week shows the last value taken in it.
LATEST = {m.APPEARANCES, m.ELIGIBLE_POOL}


def zone_for(tzname: str | None, *, now: datetime | None = None) -> str:
    """The counting zone of a reader: theirs, else one with the same UTC offset, else the first."""
    zones = settings.HOME_COUNT_ZONES
    if tzname in zones:
        return tzname
    now = now or timezone.now()
    try:
        offset = now.astimezone(zoneinfo.ZoneInfo(tzname or "UTC")).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zones[0]
    for zone in zones:
        if now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() == offset:
            return zone
    return zones[0]


@dataclass
class Series:
    key: str
    label: str
    values: list[float]

    @property
    def total(self) -> float:
        return sum(self.values)


@dataclass
class Chart:
    """One chart: categories on x (weeks, or keys for a bar/pie of totals), one or more series."""

    slug: str
    title: str
    kind: str  # line / bar / pie
    x_label: str
    y_label: str
    labels: list[str]
    series: list[Series]
    stacked: bool = False
    note: str = ""
    # The filtered list behind a category's number, by category label (tables link to it).
    links: dict[str, str] = field(default_factory=dict)

    @property
    def element_id(self) -> str:
        return f"chart-{self.slug}-data"

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)

    def rows(self) -> list[tuple[str, list[float]]]:
        """(category, one value per series), in the chart's order (oldest week first)."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]

    def table_rows(self) -> list[tuple[str, list[float]]]:
        """The table beside a weekly chart starts with the latest week, what readers look for."""
        rows = self.rows()
        return rows[::-1] if self.kind == "line" or len(rows) > 12 else rows

    def table_html(self) -> str:
        """The table beside the chart, built here rather than cell by cell in the template
        (a year of weekly rows for eleven charts is thousands of cells; this keeps the staff
        page inside its time budget). Numbers are localised as the template's would be."""
        formatted: dict[float, str] = {}

        def number(value: float) -> str:
            if value not in formatted:
                formatted[value] = escape(formats.number_format(value, force_grouping=True))
            return formatted[value]

        parts = [
            '<table class="table table-sm small table-cards table-cards-inline"><caption class="visually-hidden">',
            escape(self.title),
            '</caption><thead><tr><th scope="col">',
            escape(self.x_label),
            "</th>",
        ]
        parts += [f'<th scope="col" class="text-end">{escape(s.label)}</th>' for s in self.series]
        parts.append("</tr></thead><tbody>")
        # each cell names its column for the phone's card layout (static/css/portal.css)
        cells = [f'<td class="text-end" data-label="{escape(s.label)}">' for s in self.series]
        for label, values in self.table_rows():
            head: str = escape(label)
            if label in self.links:
                head = f'<a href="{escape(self.links[label])}">{head}</a>'
            parts.append(f'<tr><th scope="row" class="fw-normal text-nowrap">{head}</th>')
            parts += [f"{cell}{number(v)}</td>" for cell, v in zip(cells, values, strict=True)]
            parts.append("</tr>")
        parts.append("</tbody></table>")
        return mark_safe("".join(parts))  # every piece above is escaped

    def csv_header(self) -> list[str]:
        return [self.x_label, *(s.label for s in self.series)]

    def csv_rows(self) -> Iterable[list[Any]]:
        for label, values in self.rows():
            yield [label, *(_plain(v) for v in values)]

    def as_json(self, language: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "locale": {"en": "en-IN", "ja": "ja-JP", "hi": "hi-IN"}.get(language, language),
            "labels": self.labels,
            "x": self.x_label,
            "y": self.y_label,
            "stacked": self.stacked,
            "series": [{"label": s.label, "data": s.values} for s in self.series],
        }


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


@dataclass
class Weekly:
    """The grouped rows of one dashboard: {(measure, dimension, key): {week: value}}."""

    weeks: list[date]
    values: dict[tuple[str, str, str], dict[date, float]] = field(default_factory=dict)
    _labels: list[str] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        if not self._labels:
            self._labels = [formats.date_format(w, "MONTH_DAY_FORMAT") for w in self.weeks]
        return list(self._labels)

    def series(self, measure: str, dimension: str, key: str) -> list[float]:
        by_week = self.values.get((measure, dimension, key), {})
        return [_plain(by_week.get(week, 0)) for week in self.weeks]

    def keys(self, measure: str, dimension: str) -> list[str]:
        found = {k for (ms, d, k) in self.values if ms == measure and d == dimension}
        return sorted(found)


def sample_history_until(zone: str) -> date | None:
    """The last day of demo sample history in `zone` (None on a real portal)."""
    return CountDay.objects.filter(zone=zone, is_sample=True).aggregate(last=Max("day"))["last"]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(*, measures: Iterable[str], subject: int, zone: str, weeks: int, today: date) -> Weekly:
    """One query: the subject's daily counts of the last `weeks` weeks, summed per week
    (averaged for medians and durations, the latest for snapshots)."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    result = Weekly(weeks=[first + timedelta(weeks=n) for n in range(weeks)])
    measures = list(measures)
    rows = (
        DailyCount.objects.filter(
            measure__in=measures, subject=subject, zone=zone, day__gte=first, day__lte=today
        )
        .annotate(week=TruncWeek("day", output_field=DateField()))
        .values_list("measure", "dimension", "key", "week")
        .annotate(total=Sum("value"), mean=Avg("value"), latest=Max("value"))
        .order_by()
    )
    for measure, dimension, key, week, total, mean, latest in rows:
        week = week.date() if isinstance(week, datetime) else week
        if measure in AVERAGED:
            value = round(mean, 1)
        elif measure in LATEST:
            value = latest
        else:
            value = total
        result.values.setdefault((measure, dimension, key), {})[week] = value
    return result


# ---------------------------------------------------------------- labels


def _country(code: str) -> str:
    if code in Country.values:
        return str(Country(code).label)
    return _("unknown")


def _role(code: str) -> str:
    if code in OrgKind.values:
        return str(OrgKind(code).label)
    if code == "admin":
        return _("Admin")
    return _("no organisation yet")


def _language(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, _("unknown"))


def _status(code: str) -> str:
    labels = {
        "requested": _("requested"),
        "accepted": str(IntroductionStatus.ACCEPTED.label),
        "declined": str(IntroductionStatus.DECLINED.label),
        "expired": str(IntroductionStatus.EXPIRED.label),
        "sent": _("sent"),
        "skipped": _("skipped"),
        "failed": _("failed"),
        "complete": _("complete"),
        "posts": _("posts"),
        "flags": _("flags"),
        "actions": _("moderation actions"),
        "received": _("received"),
    }
    return labels.get(code, code)


def _outcome_kind(code: str) -> str:
    return str(OutcomeKind(code).label) if code in OutcomeKind.values else code


def _interest_status(code: str) -> str:
    return str(InterestStatus(code).label) if code in InterestStatus.values else code


def _split(
    data: Weekly,
    *,
    slug: str,
    title: str,
    measure: str,
    dimension: str,
    label: Callable[[str], str],
    y_label: str,
    kind: str = "bar",
    keys: list[str] | None = None,
    stacked: bool = True,
    note: str = "",
) -> Chart:
    keys = keys if keys is not None else data.keys(measure, dimension)
    return Chart(
        slug=slug,
        title=title,
        kind=kind,
        x_label=pgettext("chart axis", "week starting"),
        y_label=y_label,
        labels=data.labels,
        series=[Series(k, label(k), data.series(measure, dimension, k)) for k in keys],
        stacked=stacked and kind == "bar",
        note=note,
    )


def _single(
    data: Weekly, *, slug: str, title: str, measure: str, y_label: str, label: str, note: str = ""
) -> Chart:
    return Chart(
        slug=slug,
        title=title,
        kind="line",
        x_label=pgettext("chart axis", "week starting"),
        y_label=y_label,
        labels=data.labels,
        series=[Series(measure, label, data.series(measure, "", ""))],
        note=note,
    )


def _totals(chart: Chart, *, slug: str, title: str, kind: str = "pie") -> Chart:
    """The sum of each series of `chart` over its weeks, as one pie (or bar) of keys."""
    return Chart(
        slug=slug,
        title=title,
        kind=kind,
        x_label=chart.y_label,
        y_label=pgettext("chart axis", "total"),
        labels=[s.label for s in chart.series],
        series=[
            Series(
                "total", pgettext("chart axis", "total"), [_plain(s.total) for s in chart.series]
            )
        ],
    )


# ---------------------------------------------------------------- dashboards


def _today(zone: str, now: datetime | None) -> date:
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone)).date()


def staff_charts(*, zone: str, now: datetime | None = None) -> list[Chart]:
    weeks = settings.HOME_DASHBOARD_WEEKS
    data = weekly(
        measures=[
            m.SIGNUPS,
            m.VERIFIED,
            m.VERIFICATION_HOURS,
            m.INTRODUCTIONS,
            m.ANSWER_HOURS,
            m.FORUM,
            m.DIGESTS,
            m.MATCH_RUN_SECONDS,
            m.MATCHES_STORED,
            m.OUTCOMES,
        ],
        subject=0,
        zone=zone,
        weeks=weeks,
        today=_today(zone, now),
    )
    people = pgettext("chart axis", "people")
    organisations = pgettext("chart axis", "organisations")
    return [
        _split(
            data,
            slug="signups-country",
            title=_("Sign-ups per week by country"),
            measure=m.SIGNUPS,
            dimension="country",
            label=_country,
            y_label=people,
        ),
        _split(
            data,
            slug="signups-role",
            title=_("Sign-ups per week by role"),
            measure=m.SIGNUPS,
            dimension="role",
            label=_role,
            y_label=people,
        ),
        _split(
            data,
            slug="verified-country",
            title=_("Organisations verified per week by country"),
            measure=m.VERIFIED,
            dimension="country",
            label=_country,
            y_label=organisations,
        ),
        _split(
            data,
            slug="verified-role",
            title=_("Organisations verified per week by role"),
            measure=m.VERIFIED,
            dimension="role",
            label=_role,
            y_label=organisations,
        ),
        _single(
            data,
            slug="verification-hours",
            title=_("Time to verification"),
            measure=m.VERIFICATION_HOURS,
            y_label=pgettext("chart axis", "hours"),
            label=_("median hours from sign-up to verification"),
            note=_("Weekly average of each day's median."),
        ),
        _split(
            data,
            slug="introductions",
            title=_("Introductions per week"),
            measure=m.INTRODUCTIONS,
            dimension="status",
            label=_status,
            y_label=pgettext("chart axis", "introductions"),
            kind="line",
            keys=["requested", "accepted", "declined", "expired"],
        ),
        _single(
            data,
            slug="answer-hours",
            title=_("Time to an answer"),
            measure=m.ANSWER_HOURS,
            y_label=pgettext("chart axis", "hours"),
            label=_("median hours from request to answer"),
            note=_("Weekly average of each day's median."),
        ),
        _split(
            data,
            slug="forum",
            title=_("Forum posts, flags and moderation actions"),
            measure=m.FORUM,
            dimension="kind",
            label=_status,
            y_label=pgettext("chart axis", "count"),
            kind="line",
            keys=["posts", "flags", "actions"],
        ),
        _split(
            data,
            slug="digests",
            title=_("Digests sent, skipped and failed"),
            measure=m.DIGESTS,
            dimension="status",
            label=_status,
            y_label=pgettext("chart axis", "digests"),
            keys=["sent", "skipped", "failed"],
        ),
        _single(
            data,
            slug="match-run-seconds",
            title=_("Match-run duration"),
            measure=m.MATCH_RUN_SECONDS,
            y_label=pgettext("chart axis", "seconds"),
            label=_("seconds per complete full run"),
        ),
        _single(
            data,
            slug="matches-stored",
            title=_("Matches stored"),
            measure=m.MATCHES_STORED,
            y_label=pgettext("chart axis", "matches"),
            label=_("matches stored by full runs"),
        ),
        _split(
            data,
            slug="outcomes",
            title=_("Outcomes recorded per week by kind"),
            measure=m.OUTCOMES,
            dimension="kind",
            label=_outcome_kind,
            y_label=pgettext("chart axis", "outcomes"),
            keys=list(OutcomeKind.values),
            note=_(
                "Each side of a conversation records its own outcome; a correction counts "
                "in the week it was made."
            ),
        ),
    ]


def window_charts(window, *, zone: str, pool, now: datetime | None = None) -> list[Chart]:
    data = weekly(
        measures=[m.INTERESTS],
        subject=window.pk,
        zone=zone,
        weeks=settings.HOME_DASHBOARD_WEEKS,
        today=_today(zone, now),
    )
    over_time = _split(
        data,
        slug="interests",
        title=_("Expressions of interest per week by status"),
        measure=m.INTERESTS,
        dimension="status",
        label=_interest_status,
        y_label=pgettext("chart axis", "expressions of interest"),
        keys=[s for s in InterestStatus.values if s in data.keys(m.INTERESTS, "status")],
    )
    by_status = _totals(over_time, slug="interests-status", title=_("By status"))
    interests_url = reverse("programs:window_interests", args=[window.pk])
    by_status.links = {s.label: f"{interests_url}?status={s.key}" for s in over_time.series}
    charts = [over_time, by_status]
    if pool is not None:
        keys = list(pool.excluded)
        pool_url = reverse("home:window_pool", args=[window.pk])
        eligible_label = _("eligible")
        criterion_labels = [str(CRITERION_LABELS.get(k, k)) for k in keys]
        charts.append(
            Chart(
                slug="eligible-pool",
                title=_("The eligible pool by criterion"),
                kind="bar",
                x_label=pgettext("chart axis", "criterion"),
                y_label=organisations_label(),
                labels=[eligible_label, *criterion_labels],
                series=[
                    Series(
                        "organisations",
                        _("MSMEs eligible, then excluded by each criterion"),
                        [pool.eligible, *(pool.excluded[k] for k in keys)],
                    )
                ],
                note=_("Of %(total)s MSME organisations on the portal, counted now.")
                % {"total": formats.number_format(pool.total, force_grouping=True)},
                links={
                    eligible_label: pool_url,
                    **{
                        label: f"{pool_url}?excluded={key}"
                        for key, label in zip(keys, criterion_labels, strict=True)
                    },
                },
            )
        )
    return charts


def organisations_label() -> str:
    return pgettext("chart axis", "organisations")


def notice_charts(notice, *, zone: str, now: datetime | None = None) -> list[Chart]:
    data = weekly(
        measures=[m.NOTICE_READERS, m.NOTICE_VISITORS],
        subject=notice.pk,
        zone=zone,
        weeks=settings.HOME_DASHBOARD_WEEKS,
        today=_today(zone, now),
    )
    readers = pgettext("chart axis", "readers")
    charts = []
    for dimension, title, label in (
        ("country", _("Readers per week by country"), _country),
        ("role", _("Readers per week by role"), _role),
        ("language", _("Readers per week by language"), _language),
    ):
        charts.append(
            _split(
                data,
                slug=f"readers-{dimension}",
                title=title,
                measure=m.NOTICE_READERS,
                dimension=dimension,
                label=label,
                y_label=readers,
            )
        )
    charts.append(
        _single(
            data,
            slug="visitors",
            title=_("Visitors not signed in per week"),
            measure=m.NOTICE_VISITORS,
            y_label=pgettext("chart axis", "visitors"),
            label=_("visitors (not signed in)"),
            note=_(
                "Each browser counts once a day per notice; nothing about the visitor is "
                "stored, so they are not split by country, role or language."
            ),
        )
    )
    return charts


def msme_charts(
    organisation, *, zone: str, now: datetime | None = None, own: bool = False
) -> list[Chart]:
    """`own`: the reader is a member, so the funnel's totals link to their introductions."""
    data = weekly(
        measures=[m.PROFILE_VIEWS, m.APPEARANCES, m.FUNNEL],
        subject=organisation.pk,
        zone=zone,
        weeks=settings.HOME_DASHBOARD_WEEKS,
        today=_today(zone, now),
    )
    funnel_keys = ["sent", "accepted", "declined", "expired", "received"]
    funnel = _split(
        data,
        slug="funnel-weekly",
        title=_("Introductions per week"),
        measure=m.FUNNEL,
        dimension="stage",
        label=_status,
        y_label=pgettext("chart axis", "introductions"),
        kind="line",
        keys=funnel_keys,
    )
    funnel_totals = _totals(funnel, slug="funnel", title=_("Your introduction funnel"), kind="bar")
    introductions_url = reverse("matchmaking:introductions")
    # Received requests are one box; what became of the requests sent is the other.
    if own:
        funnel_totals.links = {
            s.label: f"{introductions_url}?box={s.key}"
            if s.key in ("sent", "received")
            else f"{introductions_url}?box=sent&status={s.key}"
            for s in funnel.series
        }
    return [
        _split(
            data,
            slug="profile-views",
            title=_("Views of your profile per week by country"),
            measure=m.PROFILE_VIEWS,
            dimension="country",
            label=_country,
            y_label=pgettext("chart axis", "views"),
            note=_("Counts only: the portal never records who viewed your profile."),
        ),
        _single(
            data,
            slug="appearances",
            title=_("Appearances in other organisations' match lists"),
            measure=m.APPEARANCES,
            y_label=pgettext("chart axis", "match lists"),
            label=_("match lists you appear in"),
            note=_("Counted once a week from the current match run."),
        ),
        funnel_totals,
        funnel,
    ]
