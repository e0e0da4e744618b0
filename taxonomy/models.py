"""The shared vocabularies: sectors, capabilities, certifications, partnership types, markets.

They sit below every domain app (accounts, programs, matchmaking, the forum and the digests all
name sectors), so none of those needs another domain app to say what a sector is. The tables
keep the names they had when these models lived in `matchmaking` (migration 0001 moved only
Django's state, not the rows).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.i18n import pick


class TaxonomyTerm(models.Model):
    """A slug with an English, Japanese and Hindi name; kept by admins in the Django admin."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=160)
    name_ja = models.CharField(_("name (Japanese)"), max_length=160, blank=True)
    name_hi = models.CharField(_("name (Hindi)"), max_length=160, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name_en"]

    def __str__(self) -> str:
        """The name in the reader's language: form choices, badges and the admin show this."""
        return self.name

    @property
    def name(self) -> str:
        return pick(self, "name").text


class Sector(models.Model):
    """A sector from the forum's article, with its NIC-2008 and JSIC division codes."""

    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ja = models.CharField(_("name (Japanese)"), max_length=120, blank=True)
    name_hi = models.CharField(_("name (Hindi)"), max_length=120, blank=True)
    nic_division = models.CharField(_("NIC-2008 division"), max_length=4, blank=True)
    jsic_division = models.CharField(_("JSIC division"), max_length=4, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        db_table = "matchmaking_sector"  # moved from matchmaking without copying rows
        ordering = ["position", "name_en"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        """The name in the reader's language: form choices, badges and the admin show this."""
        return self.name

    @property
    def name(self) -> str:
        return pick(self, "name").text


class Capability(TaxonomyTerm):
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="capabilities", verbose_name=_("sector")
    )

    class Meta(TaxonomyTerm.Meta):
        db_table = "matchmaking_capability"
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        ordering = ["sector__position", "position", "name_en"]


class PartnershipType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        db_table = "matchmaking_partnershiptype"
        verbose_name = _("partnership type")
        verbose_name_plural = _("partnership types")


class Certification(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        db_table = "matchmaking_certification"
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")


class Market(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        db_table = "matchmaking_market"
        verbose_name = _("market")
        verbose_name_plural = _("markets")
