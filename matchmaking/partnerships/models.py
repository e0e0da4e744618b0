"""Conversations, meetings, the deal room and outcomes of an accepted introduction.

Everything hangs off one `Conversation` per accepted introduction; its two organisations
(`organisation_a` asked, `organisation_b` accepted) are the only ones whose members see it.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import time

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forum.currencies import CURRENCY_CHOICES


def _token() -> str:
    return secrets.token_urlsafe(32)


def _private_path(folder: str, filename: str) -> str:
    """Files sit under a random directory name: the stored path says nothing guessable."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"partnerships/{folder}/{secrets.token_hex(16)}.{suffix[:5]}"


def attachment_path(instance: models.Model, filename: str) -> str:
    return _private_path("attachments", filename)


def document_path(instance: models.Model, filename: str) -> str:
    return _private_path("documents", filename)


class ConversationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("conversation status", "Open")
    CLOSED = "closed", _("Closed")


class Conversation(models.Model):
    introduction = models.OneToOneField(
        "matchmaking.Introduction",
        on_delete=models.CASCADE,
        related_name="conversation",
        verbose_name=_("introduction"),
    )
    organisation_a = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("first organisation"),
    )
    organisation_b = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("second organisation"),
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ConversationStatus.choices,
        default=ConversationStatus.OPEN,
    )
    # Set when one side blocks the other: the conversation closes for both.
    closed_by = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_message_at = models.DateTimeField(
        _("last message at"), null=True, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation_a"], name="pship_conv_org_a"),
            models.Index(fields=["organisation_b"], name="pship_conv_org_b"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_a_id} ↔ {self.organisation_b_id}"

    @property
    def is_open(self) -> bool:
        return self.status == ConversationStatus.OPEN

    def org_ids(self) -> tuple[int, int]:
        return (self.organisation_a_id, self.organisation_b_id)

    def other_org_id(self, organisation_id: int | None) -> int:
        return (
            self.organisation_b_id
            if organisation_id == self.organisation_a_id
            else self.organisation_a_id
        )

    def other_organisation(self, organisation_id: int | None):
        return (
            self.organisation_b
            if organisation_id == self.organisation_a_id
            else self.organisation_a
        )


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    # Erasing a person keeps their messages, anonymised, so the conversation still makes sense.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("message"), max_length=10000)
    body_html = models.TextField(editable=False)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Reports are the forum's flags (flagtargets, registered in apps.py); they go with it.
    flags = GenericRelation(
        "discussions.Flag",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="partner_message",
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "created_at"], name="pship_msg_conv_at")]

    def __str__(self) -> str:
        return f"message {self.pk} in {self.conversation_id}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)

    class Meta:
        verbose_name = _("message attachment")
        verbose_name_plural = _("message attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ReadState(models.Model):
    """How far one person has read one conversation; unread = later messages of others."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="pship_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.conversation_id} until {self.last_read_at}"


class WorkingHours(models.Model):
    """When an organisation meets; without a row, 09:30–18:00 in its country's zone."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="working_hours",
        verbose_name=_("organisation"),
    )
    starts = models.TimeField(_("from"), default=time(9, 30))
    ends = models.TimeField(_("until"), default=time(18, 0))
    timezone = models.CharField(_("time zone"), max_length=64)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__lt=models.F("ends")), name="pship_hours_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.starts:%H:%M}–{self.ends:%H:%M} {self.timezone}"


class MeetingMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    # An accepted meeting one side asked to move: the agreed time stands (in calendars too)
    # until the other side accepts one of the new times.
    RESCHEDULING = "rescheduling", _("New time proposed")
    CANCELLED = "cancelled", _("Cancelled")


# The states in which one side waits for the other to pick a slot.
ANSWERABLE = (MeetingStatus.PROPOSED, MeetingStatus.RESCHEDULING)


DURATIONS = [(30, _("30 minutes")), (45, _("45 minutes")), (60, _("60 minutes"))]


class Meeting(models.Model):
    """A meeting between the two sides. `proposed_by_org` is the side that proposed the
    current slots; the other side answers. `starts_at` is the agreed time (set on the first
    acceptance, moved only when a new time is accepted). `sequence` is the iCalendar SEQUENCE."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("conversation"),
    )
    uid = models.UUIDField(_("UID"), default=uuid.uuid4, unique=True, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_by_org = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("proposing organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(_("duration"), choices=DURATIONS)
    mode = models.CharField(_("where"), max_length=10, choices=MeetingMode.choices)
    url = models.URLField(_("meeting link"), blank=True, max_length=500)
    address = models.TextField(_("address"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED
    )
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True, db_index=True)
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "starts_at"], name="pship_meeting_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self):
        if self.starts_at is None:
            return None
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)


class MeetingSlot(models.Model):
    """One proposed start; a counter-proposal marks the earlier round's slots not current."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("proposed meeting time")
        verbose_name_plural = _("proposed meeting times")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_id} at {self.starts_at:%Y-%m-%d %H:%M}"


class MeetingRecord(models.Model):
    """What one side says happened: held or did not happen."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="records")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    held = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting record")
        verbose_name_plural = _("meeting records")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="pship_record_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.organisation_id} held={self.held}"


class InvitationMail(models.Model):
    """One invitation (REQUEST or CANCEL) of one SEQUENCE to one person: recorded in the same
    transaction as the change, claimed by the mail task (sent_at), unique per sequence."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sequence = models.PositiveIntegerField()
    method = models.CharField(max_length=8)  # REQUEST | CANCEL
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting invitation email")
        verbose_name_plural = _("meeting invitation emails")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "sequence"], name="pship_invitation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.meeting_id}#{self.sequence} → {self.user_id}"


class Reminder(models.Model):
    """A 24 h or 1 h reminder of one start time to one person; the unique row is the claim."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4)  # "24h" | "1h"
    starts_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("meeting reminder")
        verbose_name_plural = _("meeting reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "kind", "starts_at"], name="pship_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.meeting_id} → {self.user_id}"


class CalendarFeed(models.Model):
    """The secret behind a person's signed calendar-feed URL; a new key revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=64, default=_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"


class NdaKind(models.TextChoices):
    STANDARD = "standard", _("The forum's standard mutual NDA")
    CUSTOM = "custom", _("Our own NDA (PDF)")


class DealDocument(models.Model):
    """A confidential document one side shares; the other side opens it only after an NDA."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("conversation"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    nda_kind = models.CharField(
        _("non-disclosure terms"), max_length=10, choices=NdaKind.choices, default=NdaKind.STANDARD
    )
    nda_file = models.FileField(_("NDA file"), upload_to=document_path, max_length=200, blank=True)
    nda_sha256 = models.CharField(_("NDA SHA-256"), max_length=64, blank=True)
    token = models.CharField(_("token"), max_length=64, unique=True, default=_token, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("deal-room document")
        verbose_name_plural = _("deal-room documents")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class NdaAcceptance(models.Model):
    """Who accepted the terms of one document for their organisation, and exactly which."""

    document = models.ForeignKey(
        DealDocument,
        on_delete=models.CASCADE,
        related_name="acceptances",
        verbose_name=_("document"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    user_label = models.CharField(_("person"), max_length=254)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5)
    terms_sha256 = models.CharField(_("terms SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("NDA acceptance")
        verbose_name_plural = _("NDA acceptances")
        constraints = [
            models.UniqueConstraint(fields=["document", "organisation"], name="pship_nda_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} accepted {self.document_id}"


class DocumentAccess(models.Model):
    """Every view and download of a deal-room document, shown to its owner."""

    document = models.ForeignKey(DealDocument, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(max_length=10)  # "view" | "download"
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document access")
        verbose_name_plural = _("document accesses")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.document_id} by {self.user_id}"


class OutcomeKind(models.TextChoices):
    MOU = "mou", _("MoU signed")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    SUPPLY = "supply", _("Supply contract")
    LICENCE = "licence", _("Technology licence")
    INVESTMENT = "investment", _("Investment")
    TALKING = "talking", _("Still talking")
    NO_FIT = "no_fit", _("No fit")


class Outcome(models.Model):
    """What one side says came of the introduction; "no fit" also hides the pair from matching."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="outcomes",
        verbose_name=_("conversation"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("outcome"), max_length=14, choices=OutcomeKind.choices)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "organisation"], name="pship_outcome_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.organisation_id})"
