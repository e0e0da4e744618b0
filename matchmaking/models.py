"""Taxonomy, partner profiles, match runs and introductions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.Model):
    """A sector from the forum's article, with its NIC-2008 and JSIC division codes."""

    slug = models.SlugField(unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_ja = models.CharField(_("name (Japanese)"), max_length=120, blank=True)
    name_hi = models.CharField(_("name (Hindi)"), max_length=120, blank=True)
    nic_division = models.CharField(_("NIC-2008 division"), max_length=4, blank=True)
    jsic_division = models.CharField(_("JSIC division"), max_length=4, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("sector")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        from forum.i18n import pick

        return pick(self, "name").text
