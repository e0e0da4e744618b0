"""The currencies the portal shows money in: codes, choices and symbols.

A vocabulary with no dependency, so models (`forum.models.ExchangeRate`, organisations, funding
windows) can name currencies without importing the conversion code that reads those models.
"""

from __future__ import annotations

CURRENCIES = ("INR", "JPY", "USD")
CURRENCY_CHOICES = [("INR", "₹ INR"), ("JPY", "¥ JPY"), ("USD", "$ USD")]
SYMBOLS = {"INR": "₹", "JPY": "¥", "USD": "US$"}
