"""Policy notices from verified regulators, their revisions and PDF attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models.common import Publishable


class NoticeKind(models.TextChoices):
    REGULATION = "regulation", _("Regulation")
    SCHEME = "scheme", _("Scheme")
    CONSULTATION = "consultation", _("Consultation")
    CERTIFICATION = "certification", _("Certification")
    COMPLIANCE_CHANGE = "compliance_change", _("Compliance change")


class PolicyNotice(Publishable):
    """What changed, for whom, from when, and by when to comply."""

    BODY_FIELDS = ("body_en", "body_ja", "body_hi")

    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    # The body in each language, like titles and summaries; readers get theirs, then English,
    # then the original (forum.i18n.pick).
    body_en = models.TextField(_("body in English (markdown)"), blank=True)
    body_ja = models.TextField(_("body in Japanese (markdown)"), blank=True)
    body_hi = models.TextField(_("body in Hindi (markdown)"), blank=True)
    sectors = models.ManyToManyField(
        "taxonomy.Sector", blank=True, related_name="policy_notices", verbose_name=_("sectors")
    )
    effective_date = models.DateField(_("effective date"))
    compliance_deadline = models.DateField(_("compliance deadline"), null=True, blank=True)
    source_url = models.URLField(_("source URL"), blank=True)

    class Meta(Publishable.Meta):
        verbose_name = _("policy notice")
        verbose_name_plural = _("policy notices")
        ordering = ["-published_at", "-id"]


# The fields an amendment may change and a revision keeps.
REVISED_FIELDS = (
    "title_en",
    "title_ja",
    "title_hi",
    "summary_en",
    "summary_ja",
    "summary_hi",
    "body_en",
    "body_ja",
    "body_hi",
    "kind",
    "effective_date",
    "compliance_deadline",
    "source_url",
)


class NoticeRevision(models.Model):
    """The text of a published notice as it was before an amendment."""

    notice = models.ForeignKey(
        PolicyNotice, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("notice")
    )
    number = models.PositiveIntegerField(_("number"))
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    title_ja = models.CharField(_("title (Japanese)"), max_length=250, blank=True)
    title_hi = models.CharField(_("title (Hindi)"), max_length=250, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_ja = models.TextField(_("summary (Japanese)"), blank=True)
    summary_hi = models.TextField(_("summary (Hindi)"), blank=True)
    body_en = models.TextField(_("body in English (markdown)"), blank=True)
    body_ja = models.TextField(_("body in Japanese (markdown)"), blank=True)
    body_hi = models.TextField(_("body in Hindi (markdown)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    effective_date = models.DateField(_("effective date"))
    compliance_deadline = models.DateField(_("compliance deadline"), null=True, blank=True)
    source_url = models.URLField(_("source URL"), blank=True)
    valid_from = models.DateTimeField(
        _("valid from"), help_text=_("when this text was published or last amended")
    )
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("replaced by"),
    )
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("notice revision")
        verbose_name_plural = _("notice revisions")
        ordering = ["notice", "number"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="uniq_notice_revision")
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} r{self.number}"


def _attachment_path(instance: NoticeAttachment, filename: str) -> str:
    """An unguessable name: in development /media/ is served as static files, and a draft's
    attachment must not be reachable by guessing its URL (the download view checks access)."""
    import secrets

    return f"programs/notices/{instance.notice_id}/{secrets.token_urlsafe(24)}.pdf"


class NoticeAttachment(models.Model):
    """A PDF (checked by its magic bytes) served only through the download view."""

    notice = models.ForeignKey(PolicyNotice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename


class NoticeRead(models.Model):
    """A signed-in reader's first reading of a notice (one row per reader and notice).

    Country, role and language are copied at the moment of reading so the per-notice counts
    never need the reader again; the regulator sees counts, never names.
    """

    notice = models.ForeignKey(PolicyNotice, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    country = models.CharField(max_length=2, blank=True)
    role = models.CharField(max_length=12, blank=True)
    language = models.CharField(max_length=5, blank=True)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notice reader")
        verbose_name_plural = _("notice readers")
        constraints = [
            models.UniqueConstraint(fields=["reader", "notice"], name="one_read_per_reader")
        ]
        indexes = [
            models.Index(fields=["notice"], name="programs_noticeread_notice"),
            models.Index(fields=["read_at"], name="programs_noticeread_read_at"),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} read {self.read_at:%Y-%m-%d}"


class NoticeVisitorDay(models.Model):
    """How many visitors who were not signed in opened a published notice on one day.

    Nothing about the visitor is stored: one counter per notice, counting zone
    (HOME_COUNT_ZONES) and that zone's day, moved by `notice_visit_record` at most once per
    browser and day (the browser keeps which notices it was counted for, in a signed cookie).
    A day's counter stops moving when the day ends, before the daily counts read it.
    """

    notice = models.ForeignKey(
        PolicyNotice,
        on_delete=models.CASCADE,
        related_name="visitor_days",
        verbose_name=_("notice"),
    )
    zone = models.CharField(_("counting time zone"), max_length=40)
    day = models.DateField(_("day"))
    visitors = models.PositiveIntegerField(_("visitors (not signed in)"), default=0)

    class Meta:
        verbose_name = _("notice visitors per day")
        verbose_name_plural = _("notice visitors per day")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "zone", "day"], name="programs_noticevisitorday_once"
            )
        ]
        indexes = [models.Index(fields=["zone", "day"], name="programs_noticevisitor_day")]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.zone} {self.day}: {self.visitors}"
