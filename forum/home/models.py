"""Home visits, the daily counts the dashboards read, and the ledger of counted days."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HomeVisit(models.Model):
    """When a person last looked at their home page, and which matches they had then.

    One row per person, written at most once per visit (a visit ends after
    HOME_VISIT_GAP_MINUTES without a home page view), so "new since your last visit" costs
    one small read and an occasional UPDATE.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="home_visit"
    )
    # The visit in progress: its start, its latest view and the match partners seen in it.
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    seen_partner_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    # The visit before: what is "new" is compared against these.
    previous_seen_at = models.DateTimeField(null=True, blank=True)
    previous_partner_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.last_seen_at:%Y-%m-%d %H:%M}"


class CountDayStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Counting")
    DONE = "done", _("Counted")


class CountDay(models.Model):
    """The ledger of counted days: one row per (time zone, day), claimed by a conditional
    UPDATE and marked done in the same transaction that writes the day's counts, so a day is
    counted exactly once and a crash leaves it claimable again after HOME_COUNT_STALE_SECONDS.
    """

    zone = models.CharField(max_length=40)
    day = models.DateField()
    status = models.CharField(
        max_length=8, choices=CountDayStatus.choices, default=CountDayStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    # Demo history written by `forum.home.demo`, not counted from events.
    is_sample = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("counted day")
        verbose_name_plural = _("counted days")
        ordering = ["zone", "-day"]
        constraints = [models.UniqueConstraint(fields=["zone", "day"], name="home_countday_once")]

    def __str__(self) -> str:
        return f"{self.zone} {self.day} {self.status}"


class DailyCount(models.Model):
    """One number of one day: a measure, split by a dimension, for the site or one subject.

    `subject` is 0 for site-wide measures, else the id of what the measure is about (the
    funding window, the notice, the MSME organisation), so a dashboard reads one index range.
    `value` is a count, or hours / seconds for the median and duration measures.
    """

    zone = models.CharField(max_length=40)
    day = models.DateField()
    measure = models.CharField(max_length=40)
    subject = models.BigIntegerField(default=0)
    dimension = models.CharField(max_length=20, blank=True)
    key = models.CharField(max_length=40, blank=True)
    value = models.FloatField()

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "subject", "zone", "day", "dimension", "key"],
                name="home_dailycount_once",
            )
        ]
        indexes = [models.Index(fields=["zone", "day"], name="home_dailycount_zone_day")]

    def __str__(self) -> str:
        return f"{self.zone} {self.day} {self.measure}[{self.dimension}={self.key}] = {self.value}"
