"""Funding windows from verified financiers, with eligibility as data, and expressions of
interest from MSMEs.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Country, MsmeClass
from forum.currencies import CURRENCY_CHOICES
from programs.models.common import Publishable


class Instrument(models.TextChoices):
    LOAN = "loan", _("Loan")
    CONCESSIONAL_LOAN = "concessional_loan", _("Concessional loan")
    CREDIT_GUARANTEE = "credit_guarantee", _("Credit guarantee")
    GRANT = "grant", _("Grant")
    EQUITY = "equity", _("Equity")
    SUBSIDY = "subsidy", _("Subsidy")


class FundingWindow(Publishable):
    """Money an MSME can apply for between `opens_at` and `closes_at`.

    Eligibility is data so that "am I eligible?" is answered per criterion and "windows I am
    eligible for" runs in the database. `max_turnover_inr` is `max_turnover` converted to INR at
    the latest exchange rate when the window was saved (see docs/programs.md).
    """

    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    sectors = models.ManyToManyField(
        "taxonomy.Sector",
        blank=True,
        related_name="funding_windows",
        verbose_name=_("eligible sectors"),
        help_text=_("Leave empty when every sector may apply."),
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    amount_min = models.DecimalField(
        _("smallest amount"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        _("largest amount"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    interest_rate_min = models.DecimalField(
        _("interest from (% a year)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    interest_rate_max = models.DecimalField(
        _("interest up to (% a year)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    tenor_months_min = models.PositiveSmallIntegerField(
        _("tenor from (months)"), null=True, blank=True
    )
    tenor_months_max = models.PositiveSmallIntegerField(
        _("tenor up to (months)"), null=True, blank=True
    )
    guarantee_coverage_pct = models.DecimalField(
        _("guarantee coverage (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"), db_index=True)
    entry_timezone = models.CharField(
        _("time zone of the dates"), max_length=32, default="Asia/Kolkata"
    )
    apply_url = models.URLField(_("where to apply (URL)"), blank=True)
    apply_through_member_institution = models.BooleanField(
        _("apply through a member lending institution"), default=False
    )
    # --- eligibility, as data ---
    applicant_countries = ArrayField(
        models.CharField(max_length=2, choices=Country.choices),
        default=list,
        blank=True,
        verbose_name=_("applicant countries"),
        help_text=_("Empty: companies of either country may apply."),
    )
    foreign_applicants_allowed = models.BooleanField(
        _("applicants from other countries allowed"), default=False
    )
    msme_classes = ArrayField(
        models.CharField(max_length=8, choices=MsmeClass.choices),
        default=list,
        blank=True,
        verbose_name=_("MSME classes"),
        help_text=_("Empty: any class."),
    )
    max_employees = models.PositiveIntegerField(_("at most employees"), null=True, blank=True)
    max_turnover = models.DecimalField(
        _("annual turnover at most"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    max_turnover_currency = models.CharField(
        _("currency of the turnover limit"), max_length=3, choices=CURRENCY_CHOICES, default="INR"
    )
    max_turnover_inr = models.DecimalField(
        _("maximum turnover in rupees"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    udyam_required = models.BooleanField(_("Udyam registration required"), default=False)
    min_years_in_business = models.PositiveSmallIntegerField(
        _("at least years in business"), null=True, blank=True
    )
    eligibility_notes = models.TextField(_("other eligibility notes"), blank=True)

    class Meta(Publishable.Meta):
        verbose_name = _("funding window")
        verbose_name_plural = _("funding windows")
        ordering = ["closes_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="window_closes_after"
            ),
        ]

    def applicant_country_labels(self) -> list[str]:
        return [str(Country(code).label) for code in self.applicant_countries]

    def msme_class_labels(self) -> list[str]:
        return [str(MsmeClass(code).label) for code in self.msme_classes]

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class InterestStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CONTACTED = "contacted", _("Contacted")
    DECLINED = "declined", _("Declined")


class ExpressionOfInterest(models.Model):
    """One organisation's interest in one window (one per organisation per window)."""

    window = models.ForeignKey(
        FundingWindow, on_delete=models.CASCADE, related_name="interests", verbose_name=_("window")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="funding_interests",
        verbose_name=_("organisation"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InterestStatus.choices, default=InterestStatus.SENT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Which state the last email announced; tasks claim by a conditional UPDATE on it.
    emailed_status = models.CharField(
        _("status last emailed"), max_length=10, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "organisation"], name="one_interest_per_org_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.window_id}"
