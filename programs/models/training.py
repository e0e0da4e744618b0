"""Training programmes (AOTS Kaizen / 5S, JISSI mentorship …), their sessions and enrolments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.i18n import LANGUAGE_CHOICES
from programs.models.common import Publishable


class Topic(models.TextChoices):
    KAIZEN = "kaizen", _("Kaizen")
    FIVE_S = "5s", _("5S")
    QUALITY_CERTIFICATION = "quality-certification", _("Quality certification")
    EXPORT_READINESS = "export-readiness", _("Export readiness")
    DIGITAL_TOOLS = "digital-tools", _("Digital tools")
    MENTORSHIP = "mentorship", _("Mentorship")
    JAPANESE_BUSINESS = "japanese-business", _("Japanese business practice")


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


class TrainingProgramme(Publishable):
    """A course offered by a verified regulator or financier, or by the forum's admins."""

    provider_name = models.CharField(
        _("provider (if not your organisation)"), max_length=200, blank=True
    )
    body = models.TextField(_("description (markdown)"), blank=True)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    sectors = models.ManyToManyField(
        "taxonomy.Sector", blank=True, related_name="programmes", verbose_name=_("sectors")
    )

    class Meta(Publishable.Meta):
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["-published_at", "-id"]


class TrainingSession(models.Model):
    programme = models.ForeignKey(
        TrainingProgramme,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("programme"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"))

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="session_has_places"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} @ {self.starts_at:%Y-%m-%d}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")


ACTIVE_ENROLMENT = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.COMPLETED)


class Enrolment(models.Model):
    """A person's place (or waiting-list position, by `created_at`) in a session."""

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="programme_enrolments",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="programme_enrolments",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    promotion_emailed_at = models.DateTimeField(
        _("promotion emailed at"), null=True, blank=True, editable=False
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(status__in=["enrolled", "waitlisted", "completed"]),
                name="one_active_enrolment_per_session",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.session_id} ({self.status})"
