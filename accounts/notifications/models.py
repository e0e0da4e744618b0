"""Notifications, each person's channel per kind, and the email-batching state per person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.notifications.kinds import KIND_CHOICES, Channel, render


class Notification(models.Model):
    """One event for one person: a kind code and its parameters, rendered when read.

    `channel` is the recipient's choice for the kind when the row was made, so changing a
    preference later never re-sends or drops what is already queued. `emailed_at` and
    `digested_at` are claims: set by one conditional UPDATE, they make every delivery happen once.
    `dedupe_key` (with the recipient and kind) is unique when filled, for events that must
    exist at most once however often a periodic task runs (e.g. "expires in 2 days").
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("URL"), max_length=500, blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.IN_APP
    )
    dedupe_key = models.CharField(_("de-duplication key"), max_length=120, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    digested_at = models.DateTimeField(_("digested at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notif_once_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_recipient_recent"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread",
            ),
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(channel="email", emailed_at__isnull=True),
                name="notif_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def text(self) -> str:
        """The sentence in the active language (views and mails set the reader's)."""
        return render(self.kind, self.params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's channel for one kind; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=KIND_CHOICES)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_pref_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} → {self.channel}"


class EmailBatchState(models.Model):
    """When a person's last notification email went: the next one waits for the window to end,
    and then carries everything that arrived meanwhile in one message."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_email_state",
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification email batch")
        verbose_name_plural = _("notification email batches")

    def __str__(self) -> str:
        return f"{self.user_id}: last sent {self.last_sent_at}"
