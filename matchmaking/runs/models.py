"""Match runs and their stored results.

A full run writes a complete new set of `Match` rows under its own id; readers follow the
`CurrentRun` pointer, which is flipped in one transaction when the run completes, so they see
the last complete run until the next one is whole. Incremental runs patch the current run's
rows for one profile.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunKind(models.TextChoices):
    FULL = "full", _("Full")
    INCREMENTAL = "incremental", _("Incremental")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    COMPLETE = "complete", _("Complete")
    FAILED = "failed", _("Failed")


class MatchRun(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=RunKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    # Incremental runs only: the profile that changed.
    profile = models.ForeignKey(
        "matchmaking.PartnerProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("profile"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    done = models.PositiveIntegerField(_("profiles done"), default=0)
    total = models.PositiveIntegerField(_("profiles in total"), default=0)
    # Resume point: every profile with id <= cursor has its rows stored under this run.
    cursor = models.BigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    compute_seconds = models.FloatField(_("compute seconds"), default=0)
    store_seconds = models.FloatField(_("store seconds"), default=0)
    pairs_scored = models.BigIntegerField(_("pairs scored"), default=0)
    matches_stored = models.PositiveIntegerField(_("matches stored"), default=0)
    error = models.TextField(_("error"), blank=True)
    # Not columns: set in memory only, on the object a run hands to its `on_progress` callback
    # (absent until the run reports a phase).
    phase: str
    scored: tuple[int, int]

    class Meta:
        verbose_name = _("match run")
        ordering = ["-created_at", "-id"]
        constraints = [
            # At most one queued incremental run per profile: the debounce marker.
            models.UniqueConstraint(
                fields=["profile"],
                condition=models.Q(kind="incremental", status="queued"),
                name="matchruns_one_queued_incremental_per_profile",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == RunStatus.COMPLETE:
            return 100
        if not self.total:
            return 0
        return min(100, int(100 * self.done / self.total))


class Match(models.Model):
    """One suggested partner of one profile in one run; `points` orders, `score` shows.

    The foreign keys carry no database constraint on purpose: a full run COPYs millions of
    rows, and per-row FK triggers would triple the store time. Deletes still cascade through
    Django's collector, and readers join through the profile tables.
    """

    run = models.ForeignKey(
        MatchRun, on_delete=models.CASCADE, related_name="matches", db_constraint=False
    )
    profile = models.ForeignKey(
        "matchmaking.PartnerProfile",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    partner = models.ForeignKey(
        "matchmaking.PartnerProfile",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    rank = models.PositiveSmallIntegerField()
    points = models.IntegerField()
    score = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["run", "profile", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "profile", "rank"], name="matchruns_match_rank_once"
            ),
        ]
        indexes = [models.Index(fields=["run", "partner"], name="matchruns_match_partner")]

    def __str__(self) -> str:
        return f"{self.profile_id} → {self.partner_id} ({self.score:.2f})"


class CurrentRun(models.Model):
    """One row (pk=1): which complete full run readers see. Flipped in one transaction."""

    run = models.ForeignKey(MatchRun, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("current match run")

    def __str__(self) -> str:
        return f"current run: {self.run_id}"
