"""People, organisations, invitations and the audit log."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext_lazy as _

from forum.currencies import CURRENCY_CHOICES
from forum.i18n import pick
from forum.identifiers import validate_corporate_number, validate_udyam
from forum.regions import region_choices


class Country(models.TextChoices):
    INDIA = "IN", _("India")
    JAPAN = "JP", _("Japan")


class OrgKind(models.TextChoices):
    MSME = "msme", _("MSME / SME")
    REGULATOR = "regulator", _("Regulator")
    FINANCIER = "financier", _("Financier")


class Verification(models.TextChoices):
    NOT_REQUIRED = "not_required", _("Not required")
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class MsmeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Above the medium limits")


class Organisation(models.Model):
    """A company or institution. Every person belongs to exactly one."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200, blank=True)
    name_hi = models.CharField(_("name (Hindi)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=OrgKind.choices)
    region = models.CharField(
        _("state / prefecture"), max_length=5, choices=region_choices(), blank=True
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    udyam_number = models.CharField(
        _("Udyam Registration Number"), max_length=19, unique=True, null=True, blank=True
    )
    corporate_number = models.CharField(
        _("Corporate Number (法人番号)"), max_length=13, unique=True, null=True, blank=True
    )
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    annual_turnover = models.DecimalField(
        _("annual turnover"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    turnover_currency = models.CharField(
        _("turnover currency"), max_length=3, choices=CURRENCY_CHOICES, default="INR"
    )
    investment = models.DecimalField(
        _("investment in plant, machinery or equipment"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
    )
    investment_currency = models.CharField(
        _("investment currency"), max_length=3, choices=CURRENCY_CHOICES, default="INR"
    )
    # Derived by accounts.services from investment and turnover (accounts/msme.py); stored so
    # that eligibility and directory filters run in the database.
    msme_class = models.CharField(
        _("MSME class"), max_length=8, choices=MsmeClass.choices, blank=True
    )
    verification_status = models.CharField(
        _("verification"),
        max_length=14,
        choices=Verification.choices,
        default=Verification.NOT_REQUIRED,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    # Claimed by the mail task (conditional UPDATE) so a retried task mails the decision once.
    verification_mailed_at = models.DateTimeField(
        _("verification mailed at"), null=True, blank=True, editable=False
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]
        indexes = [
            models.Index(fields=["kind", "verification_status"]),
            models.Index(fields=["country", "region"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(country="JP", udyam_number__isnull=False),
                name="udyam_only_india",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        """Identifiers must be real: Udyam for Indian MSMEs, a checked 法人番号 in Japan."""
        from django.core.exceptions import ValidationError

        errors: dict[str, list] = {}
        if self.region and not self.region.startswith(f"{self.country}-"):
            errors["region"] = [_("Choose a state or prefecture of the organisation's country.")]
        if self.udyam_number:
            try:
                self.udyam_number = validate_udyam(self.udyam_number, region=self.region or None)
            except ValidationError as exc:
                errors["udyam_number"] = exc.messages
            if self.country != Country.INDIA:
                errors["udyam_number"] = [_("Only Indian organisations have a Udyam number.")]
        elif self.country == Country.INDIA and self.kind == OrgKind.MSME:
            errors["udyam_number"] = [_("Indian MSMEs give their Udyam Registration Number.")]
        if self.corporate_number:
            try:
                self.corporate_number = validate_corporate_number(self.corporate_number)
            except ValidationError as exc:
                errors["corporate_number"] = exc.messages
            if self.country != Country.JAPAN:
                errors["corporate_number"] = [
                    _("Only Japanese organisations have a Corporate Number.")
                ]
        elif self.country == Country.JAPAN and self.kind == OrgKind.MSME:
            errors["corporate_number"] = [
                _("Japanese companies give their 13-digit Corporate Number.")
            ]
        if self.udyam_number == "":
            self.udyam_number = None
        if self.corporate_number == "":
            self.corporate_number = None
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:

        return pick(self, "name").text or self.name_en

    @property
    def is_verified(self) -> bool:
        return self.verification_status == Verification.VERIFIED

    @property
    def needs_verification(self) -> bool:
        return self.kind in (OrgKind.REGULATOR, OrgKind.FINANCIER)

    @property
    def can_publish(self) -> bool:
        """Regulators and financiers publish only once an admin has verified them."""
        return not self.needs_verification or self.is_verified


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class OrgRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class User(AbstractBaseUser, PermissionsMixin):
    """A person. The email address is the login; there is no username.

    Staff users (`is_staff`) are the portal's admins and moderators.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organisation"),
    )
    org_role = models.CharField(
        _("role in organisation"), max_length=8, choices=OrgRole.choices, blank=True
    )
    # What the person said they are at signup; onboarding creates an organisation of this kind.
    signup_kind = models.CharField(_("I am"), max_length=12, choices=OrgKind.choices, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Kolkata")
    sectors_of_interest = models.ManyToManyField(
        "taxonomy.Sector",
        blank=True,
        related_name="interested_users",
        verbose_name=_("sectors of interest"),
    )
    is_staff = models.BooleanField(_("admin"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    # Moderation (forum): silenced people can read but not write; suspended ones cannot sign in.
    silenced_until = models.DateTimeField(_("silenced until"), null=True, blank=True)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    date_joined = models.DateTimeField(_("date joined"), default=dj_timezone.now)

    objects = UserManager()

    # Not a column: whether the request acting as this person passed a second factor (a session
    # with an allauth "mfa" record, or an API token created with staff powers). Set per request
    # by accounts.middleware / accounts.authentication; a bare model instance has passed nothing.
    second_factor_passed: bool = False

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_silenced(self) -> bool:
        return self.silenced_until is not None and self.silenced_until > dj_timezone.now()

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > dj_timezone.now()

    @property
    def role(self) -> str:
        """'admin', 'msme', 'regulator', 'financier', or '' before onboarding."""
        if self.is_staff:
            return "admin"
        return self.organisation.kind if self.organisation is not None else ""


def _invite_token() -> str:
    return secrets.token_urlsafe(32)


def _invite_expiry():
    return dj_timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An owner's invitation for someone to join their organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email"))
    token = models.CharField(_("token"), max_length=64, unique=True, default=_invite_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=_invite_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # Claimed by the mail task (conditional UPDATE) so a retried task sends the invitation once.
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > dj_timezone.now()
        )


class ApiToken(models.Model):
    """A named API key. Only its SHA-256 is stored; the key itself is shown once, at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=dj_timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    # Only a staff member in a session that passed MFA can create a token with staff powers;
    # every other token acts as its owner without them (moderation, verification, runs).
    grants_staff = models.BooleanField(_("grants staff powers"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="uniq_token_name_per_user")
        ]

    # Not a column: the plain key, set only on the token the API has just created so that
    # `ApiTokenCreatedSerializer` can show it that once.
    key: str

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AuditLog(models.Model):
    """Privileged actions (verifications, role changes, moderation). Append-only in the app."""

    created_at = models.DateTimeField(_("created at"), default=dj_timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target ID"), max_length=64, blank=True)
    target_label = models.CharField(_("target (as recorded)"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"
        )
