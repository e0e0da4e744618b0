"""Partner profiles, shortlists, "not interested" marks and introductions.

The vocabularies they use (sectors, capabilities, certifications, …) live in `taxonomy`.

Match runs and matches themselves live in `matchmaking.runs` (app label `matchruns`).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.i18n import LANGUAGE_CHOICES, WORKING_LANGUAGES, pick
from taxonomy.models import Capability, Certification, Market, PartnershipType, Sector


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Signed-in members only")
    HIDDEN = "hidden", _("Hidden")


#: A profile's taxonomy terms (many-to-many fields), in the order forms and pages show them.
TERM_FIELDS = (
    "sectors",
    "capabilities_offered",
    "capabilities_sought",
    "partnership_types",
    "certifications_held",
    "certifications_required",
    "target_markets",
)


class PartnerProfile(models.Model):
    """What an MSME offers and seeks. One per MSME organisation.

    `contact_*` fields are private: only `matchmaking.selectors.contact_for` may reveal them,
    and only to the profile's own organisation or after an accepted introduction.
    """

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="partner_profile",
        verbose_name=_("organisation"),
    )
    headline_en = models.CharField(_("headline (English)"), max_length=200, blank=True)
    headline_ja = models.CharField(_("headline (Japanese)"), max_length=200, blank=True)
    headline_hi = models.CharField(_("headline (Hindi)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_hi = models.TextField(_("description (Hindi)"), blank=True)
    original_language = models.CharField(
        _("original language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="en",
    )
    sectors = models.ManyToManyField(
        Sector, related_name="profiles", blank=True, verbose_name=_("sectors")
    )
    capabilities_offered = models.ManyToManyField(
        Capability, related_name="offered_by", blank=True, verbose_name=_("capabilities offered")
    )
    capabilities_sought = models.ManyToManyField(
        Capability, related_name="sought_by", blank=True, verbose_name=_("capabilities sought")
    )
    partnership_types = models.ManyToManyField(
        PartnershipType,
        related_name="profiles",
        blank=True,
        verbose_name=_("partnership types sought"),
    )
    certifications_held = models.ManyToManyField(
        Certification, related_name="held_by", blank=True, verbose_name=_("certifications held")
    )
    certifications_required = models.ManyToManyField(
        Certification,
        related_name="required_by",
        blank=True,
        verbose_name=_("certifications required of a partner"),
    )
    target_markets = models.ManyToManyField(
        Market, related_name="profiles", blank=True, verbose_name=_("target markets")
    )
    working_languages = ArrayField(
        models.CharField(max_length=8),
        default=list,
        blank=True,
        verbose_name=_("working languages"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    open_to_same_country = models.BooleanField(
        _("open to partners in my own country"), default=False
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    # Kept up to date by services.profile_save (forum.search: words + CJK bigrams, no pg_trgm).
    search_vector = SearchVectorField(_("search index"), null=True, editable=False)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("partner profile")
        verbose_name_plural = _("partner profiles")
        ordering = ["-updated_at", "id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="mm_profile_search_vector"),
            models.Index(fields=["visibility"], name="mm_profile_visibility"),
            # The directory's sorts, so a page reads 20 rows in order instead of sorting all.
            models.Index(fields=["-updated_at", "id"], name="mm_profile_recent"),
            models.Index(fields=["-created_at", "id"], name="mm_profile_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.headline_en or self.headline_ja or self.headline_hi}"

    @property
    def headline(self) -> str:

        return pick(self, "headline").text

    @property
    def working_language_names(self) -> list[str]:
        names = dict(WORKING_LANGUAGES)
        return [str(names.get(code, code)) for code in self.working_languages]


class NotInterested(models.Model):
    """`organisation` does not want `other` suggested; the engine drops the pair both ways."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="not_interested",
        verbose_name=_("organisation"),
    )
    other = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="not_interested_by",
        verbose_name=_("other organisation"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("not interested")
        verbose_name_plural = _("not interested")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "other"], name="mm_not_interested_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ✕ {self.other}"


class ShortlistEntry(models.Model):
    """A profile an organisation keeps an eye on, with a note only that organisation sees."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="shortlist",
        verbose_name=_("organisation"),
    )
    profile = models.ForeignKey(
        PartnerProfile,
        on_delete=models.CASCADE,
        related_name="shortlisted_in",
        verbose_name=_("profile"),
    )
    note = models.TextField(_("private note"), blank=True, max_length=4000)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "profile"], name="mm_shortlist_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.profile_id}"


def _introduction_expiry():
    return timezone.now() + timedelta(days=settings.MATCHMAKING_INTRODUCTION_DAYS)


class IntroductionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting reply")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Introduction(models.Model):
    """A request from one organisation to be introduced to another; consent unlocks contacts."""

    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="introductions_sent",
        verbose_name=_("from organisation"),
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="introductions_received",
        verbose_name=_("to organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    partnership_type = models.ForeignKey(
        PartnershipType,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partnership type"),
    )
    message = models.TextField(_("message"), max_length=4000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=IntroductionStatus.choices,
        default=IntroductionStatus.PENDING,
    )
    decline_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("responded by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires at"), default=_introduction_expiry, db_index=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    # Claimed by the mail task with a conditional UPDATE, so a retried task mails once.
    request_mailed_at = models.DateTimeField(
        _("request mailed at"), null=True, blank=True, editable=False
    )
    response_mailed_at = models.DateTimeField(
        _("response mailed at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_organisation=models.F("to_organisation")),
                name="mm_intro_not_self",
            ),
            # At most one open request per pair of organisations, whichever side asked.
            models.UniqueConstraint(
                Least("from_organisation", "to_organisation"),
                Greatest("from_organisation", "to_organisation"),
                condition=models.Q(status="pending"),
                name="mm_intro_one_open_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="mm_intro_status_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.from_organisation} → {self.to_organisation} ({self.status})"


class ProfileView(models.Model):
    """One view of a profile by someone of another organisation: never who, only from where.

    Written with one INSERT by `services.profile_view_record`; the daily counts (`home`) turn
    these into views per week by country, which is all the profile's owner ever sees.
    """

    profile = models.ForeignKey(PartnerProfile, on_delete=models.CASCADE, related_name="+")
    viewer_country = models.CharField(max_length=2, blank=True)
    viewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("profile view")
        verbose_name_plural = _("profile views")
        indexes = [models.Index(fields=["viewed_at"], name="mm_profileview_viewed_at")]

    def __str__(self) -> str:
        return f"{self.profile_id} @ {self.viewed_at:%Y-%m-%d}"
