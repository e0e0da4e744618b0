"""Site-wide models: the admin-kept exchange rates money conversion uses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forum.currencies import CURRENCY_CHOICES


class ExchangeRate(models.Model):
    """1 `base` = `rate` `quote`, as published on `as_of` (e.g. 1 INR = 1.78 JPY)."""

    base = models.CharField(_("from"), max_length=3, choices=CURRENCY_CHOICES)
    quote = models.CharField(_("to"), max_length=3, choices=CURRENCY_CHOICES)
    rate = models.DecimalField(_("rate"), max_digits=18, decimal_places=8)
    as_of = models.DateField(_("as of"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
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
