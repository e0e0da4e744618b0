"""HTML pages of policy notices."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import can_view_dashboard
from forum.i18n import pick
from forum.regions import region_name
from programs import history, selectors, services, visitors
from programs.forms import AttachmentForm, NoticeForm, WithdrawForm
from programs.models import NoticeAttachment, NoticeKind, PolicyNotice
from programs.services.common import NOTICE_KINDS, check_can_draft, check_can_read, check_owns
from programs.views.common import (
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
    gettext_lazy("Kind"),
    gettext_lazy("Issued by"),
    gettext_lazy("Jurisdiction"),
    gettext_lazy("State / prefecture"),
    gettext_lazy("Sectors"),
    gettext_lazy("Effective date"),
    gettext_lazy("Compliance deadline"),
    gettext_lazy("Status"),
    gettext_lazy("Published (UTC)"),
    gettext_lazy("Amended (UTC)"),
    gettext_lazy("Source URL"),
]


def _row(notice: PolicyNotice) -> list:
    return [
        notice.pk,
        pick(notice, "title").text,
        notice.get_kind_display(),
        notice.organisation.display_name if notice.organisation else "",
        notice.get_jurisdiction_display(),
        region_name(notice.region) if notice.region else "",
        "; ".join(s.name for s in notice.sectors.all()),
        notice.effective_date,
        notice.compliance_deadline or "",
        notice.get_status_display(),
        notice.published_at.isoformat() if notice.published_at else "",
        notice.amended_at.isoformat() if notice.amended_at else "",
        notice.source_url,
    ]


def notice_list(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filters = selectors.ListFilters.from_params(request.GET)
    return render_list(
        request,
        queryset=selectors.filter_notices(filters, user=request.user),
        template="programs/notice_list.html",
        filename="policy-notices.csv",
        header=CSV_HEADER,
        row=_row,
        context={"kinds": NoticeKind.choices, "section": "notices"},
    )


def _get_readable(request: HttpRequest, pk: int) -> PolicyNotice:
    return get_readable(request, selectors.notice_list(), pk)


def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _get_readable(request, pk)
    revisions = list(notice.revisions.all())
    is_owner = owns_item(request, notice)
    services.notice_read_record(notice=notice, reader=request.user)
    seen = _count_visitor(request, notice)
    response = render(
        request,
        "programs/notice_detail.html",
        {
            "notice": notice,
            "amendments": history.amendments(notice, revisions),
            "is_owner": is_owner,
            "can_see_dashboard": can_view_dashboard(request.user, notice.organisation_id),
            "withdraw_form": WithdrawForm() if is_owner else None,
            "attachment_form": AttachmentForm() if is_owner else None,
        },
    )
    if seen is not None and seen.changed:
        response.set_signed_cookie(
            visitors.COOKIE_NAME,
            seen.dump(),
            salt=visitors.COOKIE_SALT,
            max_age=visitors.COOKIE_MAX_AGE,
            path=visitors.COOKIE_PATH,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _count_visitor(request: HttpRequest, notice: PolicyNotice) -> visitors.SeenNotices | None:
    """A visitor who is not signed in is counted once a day per notice (signed readers are
    `NoticeRead` rows instead); their browser's cookie remembers which notices were counted."""
    if request.user.is_authenticated or request.method != "GET":
        return None
    raw = request.get_signed_cookie(visitors.COOKIE_NAME, default="", salt=visitors.COOKIE_SALT)
    now = timezone.now()
    seen = visitors.SeenNotices.parse(raw or "", visitors.zone_days(settings.HOME_COUNT_ZONES, now))
    services.notice_visit_record(
        notice=notice, seen=seen, user_agent=request.headers.get("User-Agent", ""), now=now
    )
    return seen


@login_required
def notice_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    check_can_draft(request.user, kinds=NOTICE_KINDS)
    form = NoticeForm(request.POST or None)

    def save(form: NoticeForm) -> PolicyNotice:
        data, sectors = form.cleaned_for_service()
        return services.notice_create(user=request.user, data=data, sectors=sectors)

    return handle_form(
        request,
        form=form,
        save=save,
        template="programs/form.html",
        context={"heading": _("New policy notice"), "cancel_url": "programs:notice_list"},
    )


@login_required
def notice_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notice = _get_readable(request, pk)
    check_owns(request.user, notice)
    form = NoticeForm(request.POST or None, instance=PolicyNotice.objects.get(pk=pk))

    def save(form: NoticeForm) -> PolicyNotice:
        data, sectors = form.cleaned_for_service()
        return services.notice_update(
            notice=notice,
            user=request.user,
            data=data,
            sectors=sectors,
            change_note=form.cleaned_data.get("change_note", ""),
        )

    heading = _("Amend the notice") if notice.is_published else _("Edit the draft")
    return handle_form(
        request,
        form=form,
        save=save,
        template="programs/form.html",
        context={"heading": heading, "item": notice, "amending": notice.is_published},
    )


@login_required
@require_POST
def notice_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return publish_action(
        request,
        _get_readable(request, pk),
        lambda item, user: services.notice_publish(notice=item, user=user),
    )


@login_required
@require_POST
def notice_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return withdraw_action(
        request,
        _get_readable(request, pk),
        lambda item, user, reason: services.notice_withdraw(notice=item, user=user, reason=reason),
    )


@login_required
@require_POST
def notice_attach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notice = _get_readable(request, pk)
    check_owns(request.user, notice)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.notice_attach(
                notice=notice, user=request.user, upload=form.cleaned_data["file"]
            )
            messages.success(request, _("Attachment added."))
        except ValidationError as exc:
            add_service_errors(form, exc)
    for errors in form.errors.values():
        messages.error(request, " ".join(map(str, errors)))
    return redirect(item_url(notice))


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Served as a download, never inline, and only when its notice is readable."""
    attachment = get_object_or_404(NoticeAttachment.objects.select_related("notice"), pk=pk)
    check_can_read(request.user, attachment.notice)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
