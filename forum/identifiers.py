"""Validators for the two countries' business identifiers.

- Udyam Registration Number (India): `UDYAM-XX-00-0000000` — a state code, a two-digit
  district code and seven digits.
- Corporate Number / 法人番号 (Japan): 13 digits whose first digit is a check digit over the
  other twelve: check = 9 - (Σ Pn × Qn mod 9), Pn the n-th digit of the 12-digit base counted
  from the right, Qn = 1 for odd n and 2 for even n (National Tax Agency specification).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forum.regions import UDYAM_STATE_CODES

UDYAM_RE = re.compile(r"^UDYAM-([A-Z]{2})-(\d{2})-(\d{7})$")


def normalise_udyam(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_udyam(value: str, *, region: str | None = None) -> str:
    """Return the normalised number or raise ValidationError saying what is wrong."""
    number = normalise_udyam(value)
    match = UDYAM_RE.match(number)
    if not match:
        raise ValidationError(
            _(
                "A Udyam Registration Number looks like UDYAM-MH-19-0001234: UDYAM, a state code, "
                "a two-digit district code and seven digits."
            ),
            code="udyam_format",
        )
    state = match.group(1)
    if state not in UDYAM_STATE_CODES:
        raise ValidationError(
            _("%(code)s is not an Indian state or union territory code.") % {"code": state},
            code="udyam_state",
        )
    if region and UDYAM_STATE_CODES[state] != region:
        raise ValidationError(
            _(
                "The Udyam number is registered in state %(code)s, which differs from the "
                "organisation's state."
            )
            % {"code": state},
            code="udyam_region",
        )
    return number


def corporate_number_check_digit(base12: str) -> int:
    """The check digit for the 12-digit base of a Japanese Corporate Number."""
    total = 0
    for n, digit in enumerate(reversed(base12), start=1):
        total += int(digit) * (1 if n % 2 else 2)
    return 9 - (total % 9)


def normalise_corporate_number(value: str) -> str:
    return re.sub(r"[\s-]", "", (value or "")).translate(
        str.maketrans("０１２３４５６７８９", "0123456789")
    )


def validate_corporate_number(value: str) -> str:
    number = normalise_corporate_number(value)
    if not re.fullmatch(r"\d{13}", number):
        raise ValidationError(
            _("A Corporate Number (法人番号) has exactly 13 digits."), code="corporate_format"
        )
    if corporate_number_check_digit(number[1:]) != int(number[0]):
        raise ValidationError(
            _("This Corporate Number's check digit does not match; please check for a typo."),
            code="corporate_check_digit",
        )
    return number
