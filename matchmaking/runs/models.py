"""Match runs and their stored results.

A full run writes a complete new set of `Match` rows under its own id; readers follow the
`CurrentRun` pointer, which is flipped in one transaction when the run completes, so they see
the last complete run until the next one is whole. Incremental runs patch the current run's
rows for one profile.
"""

from __future__ import annotations

import json
from typing import Any

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
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    compute_seconds = models.FloatField(_("compute seconds"), default=0)
    store_seconds = models.FloatField(_("store seconds"), default=0)
    pairs_scored = models.BigIntegerField(_("pairs scored"), default=0)
    matches_stored = models.PositiveIntegerField(_("matches stored"), default=0)
    error = models.TextField(_("error"), blank=True)
    # Full runs: "" until planned, then "score" → "store" → "" again when complete; the
    # conditional UPDATE from one stage to the next decides which worker advances the run.
    stage = models.CharField(_("stage"), max_length=5, blank=True, default="")
    # Not columns: set in memory only, on the object a run hands to its `on_progress` callback
    # (absent until the run reports a phase).
    phase: str
    scored: tuple[int, int]

    class Meta:
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")
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


class ReasonsField(models.TextField):
    """JSON kept as text: the engine writes the reasons' JSON itself and readers only load it
    whole, so PostgreSQL need not parse millions of values into jsonb on every full run (text
    COPYs about a third faster) for operators nobody queries."""

    # What django-stubs types the attribute as: the decoded JSON, not the stored text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Match(models.Model):
    """One suggested partner of one profile in one run; `points` orders, `score` shows.

    The foreign keys carry no database constraint on purpose: a full run COPYs millions of
    rows, and per-row FK triggers would triple the store time. Deletes still cascade through
    Django's collector, and readers join through the profile tables.
    """

    run = models.ForeignKey(
        MatchRun, on_delete=models.CASCADE, related_name="matches", db_constraint=False
    )
    # No index of their own either: every reader filters by run first, and the indexes that
    # lead with the run serve them; a profile's deletion finds its rows by a scan instead.
    profile = models.ForeignKey(
        "matchmaking.PartnerProfile",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    partner = models.ForeignKey(
        "matchmaking.PartnerProfile",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    rank = models.PositiveSmallIntegerField()
    points = models.IntegerField()
    score = models.FloatField()
    reasons = ReasonsField(default=list)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["run", "profile", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "profile", "rank"], name="matchruns_match_rank_once"
            ),
        ]
        # The (run, partner) index that incremental runs use is each partition's own
        # (`services.sharded.partner_index_ensure`), not the parent's: a full run builds it on
        # its table after the swap, in one sorted pass (docs/matching.md, "Shards", 3 and 7).

    def __str__(self) -> str:
        return f"{self.profile_id} → {self.partner_id} ({self.score:.2f})"


class CurrentRun(models.Model):
    """One row (pk=1): which complete full run readers see. Flipped in one transaction."""

    run = models.ForeignKey(MatchRun, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("current match run")
        verbose_name_plural = _("current match runs")

    def __str__(self) -> str:
        return f"current run: {self.run_id}"


class ShardStage(models.TextChoices):
    SCORE = "score", _("Scoring")
    STORE = "store", _("Storing")


class MatchRunSnapshot(models.Model):
    """The profiles a full run scores, as one blob (`ProfileData.to_bytes`): every shard on
    every worker scores the same data whatever is edited while the run is in progress.
    Deleted when the run completes or fails."""

    run = models.OneToOneField(MatchRun, on_delete=models.CASCADE, related_name="+")
    data = models.BinaryField()

    class Meta:
        verbose_name = _("match run snapshot")
        verbose_name_plural = _("match run snapshots")

    def __str__(self) -> str:
        return f"profiles of run {self.run_id}"


class MatchShard(models.Model):
    """One unit of a full run's work, for any worker on any machine.

    `score` shards are slices of the symmetric blocks (`engine.symmetric.shard_plan`); `store`
    shards are ranges of profiles (index rows `lo:hi`) whose final lists are merged from the
    candidates and stored. `done_at` is set in the transaction that stores the shard's output,
    so "all shards done" in the database is what completes a stage.
    """

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="shards")
    stage = models.CharField(max_length=5, choices=ShardStage.choices)
    number = models.PositiveIntegerField()
    block = models.PositiveSmallIntegerField(default=0)
    lo = models.PositiveIntegerField()
    hi = models.PositiveIntegerField()
    attempts = models.PositiveSmallIntegerField(default=0)
    seconds = models.FloatField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("match run shard")
        verbose_name_plural = _("match run shards")
        ordering = ["run", "stage", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "stage", "number"], name="matchruns_shard_once"),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id} {self.stage} shard {self.number}"


class ShardCandidates(models.Model):
    """The candidates score shard `source` found for the profiles of store shard `dest`
    (`engine.symmetric.Candidates.to_bytes`). A re-delivered score shard replaces its rows."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="+")
    source = models.PositiveIntegerField()
    dest = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        verbose_name = _("shard candidate list")
        verbose_name_plural = _("shard candidate lists")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "source", "dest"], name="matchruns_candidates_once"
            ),
        ]
        indexes = [models.Index(fields=["run", "dest"], name="matchruns_candidates_dest")]

    def __str__(self) -> str:
        return f"run {self.run_id}: candidates of shard {self.source} for {self.dest}"
