"""HTML pages of training programmes: sessions, enrolment and the waiting list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from forum.i18n import language_name, pick
from forum.regions import region_name
from programs import selectors, services
from programs.forms import ProgrammeForm, SessionForm, WithdrawForm
from programs.models import (
    Enrolment,
    ExpressionOfInterest,
    Topic,
    TrainingProgramme,
    TrainingSession,
)
from programs.services.common import PROGRAMME_KINDS, check_can_draft, check_can_read, check_owns
from programs.views.common import (
    PAGE_SIZE,
    add_service_errors,
    get_readable,
    handle_form,
    item_url,
    owns_item,
    publish_action,
    render_list,
    withdraw_action,
)

# Column names for the people who open the file (in their language); the API's CSV keeps
# the field names of its schema for scripts (forum/csvexport.py).
CSV_HEADER = [
    gettext_lazy("ID"),
    gettext_lazy("Title"),
    gettext_lazy("Topic"),
    gettext_lazy("Provider"),
    gettext_lazy("Language"),
    gettext_lazy("Mode"),
    gettext_lazy("Place"),
    gettext_lazy("Jurisdiction"),
    gettext_lazy("State / prefecture"),
    gettext_lazy("Sectors"),
    gettext_lazy("Sessions (start, places)"),
    gettext_lazy("Status"),
    gettext_lazy("Published (UTC)"),
]


def _row(programme: TrainingProgramme) -> list:
    return [
        programme.pk,
        pick(programme, "title").text,
        programme.get_topic_display(),
        programme.provider_name
        or (programme.organisation.display_name if programme.organisation else ""),
        language_name(programme.language),
        programme.get_mode_display(),
        programme.place,
        programme.get_jurisdiction_display(),
        region_name(programme.region) if programme.region else "",
        "; ".join(s.name for s in programme.sectors.all()),
        "; ".join(f"{s.starts_at.isoformat()} ({s.capacity})" for s in programme.sessions.all()),
        programme.get_status_display(),
        programme.published_at.isoformat() if programme.published_at else "",
    ]


def programme_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filters = selectors.ListFilters.from_params(request.GET)
    return render_list(
        request,
        queryset=selectors.filter_programmes(filters, user=request.user),
        template="programs/programme_list.html",
        filename="training-programmes.csv",
        header=CSV_HEADER,
        row=_row,
        context={"topics": Topic.choices, "section": "programmes"},
    )


def _get_readable(request: HttpRequest, pk: int) -> TrainingProgramme:
    return get_readable(request, selectors.programme_list(), pk)


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _get_readable(request, pk)
    is_owner = owns_item(request, programme)
    mine = {}
    if request.user.is_authenticated:
        mine = {
            e.session_id: e
            for e in Enrolment.objects.filter(
                user=request.user, session__programme=programme
            ).exclude(status="cancelled")
        }
    sessions = [(session, mine.get(session.pk)) for session in programme.sessions.all()]
    return render(
        request,
        "programs/programme_detail.html",
        {
            "programme": programme,
            "sessions": sessions,
            "is_owner": is_owner,
            "can_enrol": request.user.is_authenticated
            and request.user.organisation is not None
            and request.user.organisation.kind == "msme",
            "participants": selectors.enrolments_for_programme(programme) if is_owner else None,
            "session_form": SessionForm(initial={"zone": getattr(request.user, "timezone", "")})
            if is_owner
            else None,
            "withdraw_form": WithdrawForm() if is_owner else None,
        },
    )


@login_required
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_can_draft(request.user, kinds=PROGRAMME_KINDS)
    form = ProgrammeForm(request.POST or None)

    def save(form: ProgrammeForm) -> TrainingProgramme:
        data, sectors = form.cleaned_for_service()
        return services.programme_create(user=request.user, data=data, sectors=sectors)

    return handle_form(
        request,
        form=form,
        save=save,
        template="programs/form.html",
        context={"heading": _("New training programme")},
    )


@login_required
def programme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = _get_readable(request, pk)
    check_owns(request.user, programme)
    form = ProgrammeForm(request.POST or None, instance=TrainingProgramme.objects.get(pk=pk))

    def save(form: ProgrammeForm) -> TrainingProgramme:
        data, sectors = form.cleaned_for_service()
        return services.programme_update(
            programme=programme, user=request.user, data=data, sectors=sectors
        )

    return handle_form(
        request,
        form=form,
        save=save,
        template="programs/form.html",
        context={"heading": _("Edit the programme"), "item": programme},
    )


@login_required
@require_POST
def programme_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return publish_action(
        request,
        _get_readable(request, pk),
        lambda item, user: services.programme_publish(programme=item, user=user),
    )


@login_required
@require_POST
def programme_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return withdraw_action(
        request,
        _get_readable(request, pk),
        lambda item, user, reason: services.programme_withdraw(
            programme=item, user=user, reason=reason
        ),
    )


@login_required
@require_POST
def session_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = _get_readable(request, pk)
    check_owns(request.user, programme)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.session_add(
                programme=programme,
                user=request.user,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                capacity=form.cleaned_data["capacity"],
            )
            messages.success(request, _("Session added."))
        except ValidationError as exc:
            add_service_errors(form, exc)
    for errors in form.errors.values():
        messages.error(request, " ".join(map(str, errors)))
    return redirect(item_url(programme))


@login_required
@require_POST
def enrol(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(TrainingSession.objects.select_related("programme"), pk=pk)
    check_can_read(request.user, session.programme)
    try:
        enrolment = services.enrolment_enrol(session=session, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if enrolment.status == "enrolled":
            messages.success(request, _("You have a place in this session."))
        else:
            messages.info(
                request,
                _(
                    "The session is full: you are on the waiting list. We email you if a place frees up."
                ),
            )
    return redirect(item_url(session.programme))


@login_required
@require_POST
def enrolment_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.select_related("session__programme"), pk=pk)
    try:
        services.enrolment_cancel(enrolment=enrolment, user=request.user)
        messages.success(request, _("Cancelled."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(item_url(enrolment.session.programme))


@login_required
@require_POST
def enrolment_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.select_related("session__programme"), pk=pk)
    try:
        services.enrolment_complete(enrolment=enrolment, user=request.user)
        messages.success(request, _("Marked as completed; it shows as a badge on their profile."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(item_url(enrolment.session.programme))


@login_required
def my_activity(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in person's enrolments and their organisation's expressions of interest."""
    from django.core.paginator import Paginator

    organisation = request.user.organisation
    interests = (
        selectors.interests_of_organisation(organisation)
        if organisation is not None
        else ExpressionOfInterest.objects.none()
    )
    return render(
        request,
        "programs/mine.html",
        {
            "section": "mine",
            "enrolments": Paginator(selectors.enrolments_of_user(request.user), PAGE_SIZE).get_page(
                request.GET.get("epage")
            ),
            "interests": Paginator(interests, PAGE_SIZE).get_page(request.GET.get("ipage")),
        },
    )
