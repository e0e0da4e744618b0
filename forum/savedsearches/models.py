"""A person's saved searches over the portal's filtered lists, and what each has reported."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    DIRECTORY = "directory", _("Partner directory")
    WINDOWS = "windows", _("Funding windows")
    NOTICES = "notices", _("Policy notices")
    PROGRAMMES = "programmes", _("Training programmes")
    FORUM = "forum", _("Forum search")


class SavedSearch(models.Model):
    """`query` is the list page's query string in canonical form (known keys, sorted, no page),
    so two people's identical searches compare equal and are computed once per check."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("list"), max_length=12, choices=SearchKind.choices)
    query = models.CharField(_("query"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "query"], name="savedsearch_once_per_query"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SavedSearchResult(models.Model):
    """An item the search has already seen (the baseline at saving, then every reported hit).

    `seen_at` is the check window end at which it was last reported; an item amended after it
    is reported again unless `muted`. One row per (search, item): a second run of the same
    window finds every item already seen and reports nothing.
    """

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="results")
    object_id = models.BigIntegerField()
    seen_at = models.DateTimeField()
    reported_at = models.DateTimeField(null=True, blank=True)
    title = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    muted = models.BooleanField(_("muted"), default=False)

    class Meta:
        verbose_name = _("saved search result")
        verbose_name_plural = _("saved search results")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["search", "object_id"], name="savedsearch_result_once")
        ]
        indexes = [
            models.Index(
                fields=["search", "-reported_at"],
                condition=models.Q(reported_at__isnull=False),
                name="savedsearch_reported",
            )
        ]

    def __str__(self) -> str:
        return f"{self.search_id}: #{self.object_id}"
