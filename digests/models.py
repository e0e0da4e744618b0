"""Digest preferences, digest runs and deliveries.

A `Delivery` row is the exactly-once ledger: one per (person, digest kind, period), claimed with
a conditional UPDATE immediately before its message goes over SMTP and marked sent immediately
after (see docs/digests.md for the protocol and its one ambiguous window).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly (Mondays)")
    OFF = "off", _("Off")


class DigestPreference(models.Model):
    """What a person wants in their digest and how often; filters default from their org."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_preference",
        verbose_name=_("user"),
    )
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    include_notices = models.BooleanField(_("policy notices"), default=True)
    include_windows = models.BooleanField(_("funding windows"), default=True)
    include_programmes = models.BooleanField(_("training programmes"), default=True)
    include_matches = models.BooleanField(_("new partner matches"), default=True)
    include_threads = models.BooleanField(_("forum threads I follow"), default=False)
    sectors = models.ManyToManyField(
        "taxonomy.Sector", blank=True, related_name="+", verbose_name=_("sectors")
    )
    countries = ArrayField(
        models.CharField(max_length=2), blank=True, default=list, verbose_name=_("countries")
    )
    regions = ArrayField(
        models.CharField(max_length=5),
        blank=True,
        default=list,
        verbose_name=_("states / prefectures"),
    )
    instruments = ArrayField(
        models.CharField(max_length=20), blank=True, default=list, verbose_name=_("instruments")
    )
    # Partner profiles already reported as new matches, so a nightly re-run of the matching
    # (which stores every pair again) does not announce them again (newest last, capped).
    reported_partner_ids = ArrayField(
        models.BigIntegerField(), blank=True, default=list, verbose_name=_("reported partners")
    )
    # An address that answered 5xx: skipped until the person's address differs from it.
    bounced_email = models.EmailField(_("bounced email"), blank=True)
    bounced_at = models.DateTimeField(_("bounced at"), null=True, blank=True)
    bounce_reason = models.CharField(_("bounce reason"), max_length=300, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")
        indexes = [models.Index(fields=["frequency"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"


class DigestRun(models.Model):
    """One tick of the scheduler (or a manual run): which deliveries it created and fanned out."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    now = models.DateTimeField(
        _("scheduled time"), help_text=_("the moment the schedule was evaluated at")
    )
    created = models.PositiveIntegerField(_("deliveries created"), default=0)
    batches = models.PositiveIntegerField(_("batches"), default=0)
    recovered = models.PositiveIntegerField(_("recovered deliveries"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("digest run")
        verbose_name_plural = _("digest runs")

    def __str__(self) -> str:
        return f"run {self.pk} at {self.now:%Y-%m-%d %H:%M}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Skipped (nothing new)")
    RETRY = "retry", _("Failed, will retry")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Address refused")
    UNKNOWN = "unknown", _("Interrupted while sending")


class Delivery(models.Model):
    """One person's digest for one period; its status moves only by conditional UPDATEs."""

    # No single-column indexes on the foreign keys: the unique (user, kind, period) and the
    # (run, status) indexes lead with them. Every index costs each claim and record UPDATE an
    # entry (docs/digests.md, "Benchmark").
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_deliveries",
        db_index=False,
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Frequency.choices)
    period = models.DateField(
        _("period"), help_text=_("the recipient's local date of the 08:00 it is due at")
    )
    run = models.ForeignKey(
        DigestRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        db_index=False,
        verbose_name=_("run"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    window_start = models.DateTimeField(_("window start"), null=True, blank=True)
    window_end = models.DateTimeField(_("window end"))
    email = models.EmailField(_("email"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    item_count = models.PositiveSmallIntegerField(_("item count"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period"], name="digest_delivery_once_per_period"
            )
        ]
        indexes = [
            models.Index(fields=["status", "claimed_at"]),
            models.Index(fields=["run", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.period} {self.status}"
