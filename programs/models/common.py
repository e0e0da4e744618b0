"""What notices, funding windows and programmes share: multilingual text, an issuing
organisation, a jurisdiction, sectors, a draft → published → withdrawn life, and search columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.i18n import LANGUAGE_CHOICES, pick
from forum.regions import region_choices

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import ManyRelatedManager

    from taxonomy.models import Sector


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Jurisdiction(models.TextChoices):
    """Where a notice, window or programme applies; a state or prefecture goes in `region`."""

    INDIA = "IN", _("India")
    JAPAN = "JP", _("Japan")
    BILATERAL = "BI", _("India–Japan (bilateral)")


class Publishable(models.Model):
    """Abstract base: the columns every published item of this app carries."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=LANGUAGE_CHOICES, default="en"
    )
    title_en = models.CharField(_("title (English)"), max_length=250, blank=True)
    title_ja = models.CharField(_("title (Japanese)"), max_length=250, blank=True)
    title_hi = models.CharField(_("title (Hindi)"), max_length=250, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_ja = models.TextField(_("summary (Japanese)"), blank=True)
    summary_hi = models.TextField(_("summary (Hindi)"), blank=True)
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=2, choices=Jurisdiction.choices, default=Jurisdiction.INDIA
    )
    region = models.CharField(
        _("state / prefecture"), max_length=5, choices=region_choices(), blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    amended_at = models.DateTimeField(_("amended at"), null=True, blank=True, db_index=True)
    is_sample = models.BooleanField(_("sample data"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Kept up to date by services: every language's title/summary/body plus the CJK bigrams
    # of `forum.search.search_document`, and the 'simple' tsvector of it (GIN-indexed).
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    search_vector = SearchVectorField(_("search index"), null=True, editable=False)

    if TYPE_CHECKING:
        # Every concrete kind declares its own `sectors` field (each with its related name).
        sectors: ManyRelatedManager[Sector, Any]

    class Meta:
        abstract = True
        indexes = [
            GinIndex(fields=["search_vector"], name="%(class)s_search_vec"),
        ]

    def __str__(self) -> str:
        return self.title_en or self.title_ja or self.title_hi or f"#{self.pk}"

    @property
    def title(self) -> str:

        return pick(self, "title").text

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN

    @property
    def is_readable_by_public(self) -> bool:
        return self.status in (Status.PUBLISHED, Status.WITHDRAWN)

    @property
    def changed_at(self):
        """When readers last saw something new: the amendment, else the publication."""
        return self.amended_at or self.published_at
