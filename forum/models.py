"""Site-wide models: the admin-kept exchange rates money conversion uses, and heartbeats."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.currencies import CURRENCY_CHOICES


class ExchangeRate(models.Model):
    """1 `base` = `rate` `quote`, as published on `as_of` (e.g. 1 INR = 1.78 JPY)."""

    base = models.CharField(_("from"), max_length=3, choices=CURRENCY_CHOICES)
    quote = models.CharField(_("to"), max_length=3, choices=CURRENCY_CHOICES)
    rate = models.DecimalField(_("rate"), max_digits=18, decimal_places=8)
    as_of = models.DateField(_("as of"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["-as_of", "base", "quote"]
        constraints = [
            models.UniqueConstraint(fields=["base", "quote", "as_of"], name="uniq_rate_per_day"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_positive"),
            models.CheckConstraint(
                condition=~models.Q(base=models.F("quote")), name="rate_two_currencies"
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.base} = {self.rate} {self.quote} ({self.as_of})"

    @classmethod
    def latest(cls, base: str, quote: str, *, on: date | None = None) -> ExchangeRate | None:
        """The newest rate for the pair, using the inverse of a stored reverse pair if needed."""
        qs = cls.objects.filter(as_of__lte=on) if on else cls.objects.all()
        direct = qs.filter(base=base, quote=quote).order_by("-as_of").first()
        inverse = qs.filter(base=quote, quote=base).order_by("-as_of").first()
        if inverse and (direct is None or inverse.as_of > direct.as_of):
            return cls(
                base=base, quote=quote, rate=(Decimal(1) / inverse.rate), as_of=inverse.as_of
            )
        return direct


class Heartbeat(models.Model):
    """When a periodic job last ran, written by the job itself (one row per job, upserted).

    `/healthz` reads beat's row: a dedicated task scheduled every BEAT_HEARTBEAT_INTERVAL
    seconds writes it, so a stale row means beat stopped, or nothing consumes its queue.
    """

    BEAT = "beat"

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"

    @staticmethod
    def record(name: str, *, at: datetime) -> None:
        """One INSERT … ON CONFLICT DO UPDATE: no race between two ticks, never a duplicate."""
        Heartbeat.objects.bulk_create(
            [Heartbeat(name=name, beat_at=at)],
            update_conflicts=True,
            unique_fields=["name"],
            update_fields=["beat_at"],
        )


class OutboxMessage(models.Model):
    """A Celery task to send once the transaction that wrote it commits (transactional outbox).

    Written in the same transaction as the change it follows, so a broker that is down at commit
    time loses nothing: `forum.outbox.outbox_sweep` (beat, and every worker at start-up) sends
    what is still unsent. The tasks themselves claim their work, so a second send is harmless.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    countdown = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_unsent",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
