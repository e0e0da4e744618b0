from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts import msme
from forum.identifiers import (
    corporate_number_check_digit,
    validate_corporate_number,
    validate_udyam,
)

CRORE = Decimal(10_000_000)


@pytest.mark.parametrize(
    "number", ["UDYAM-MH-19-0001234", "udyam-pb-10-0012345", " UDYAM-CG-03-1234567 "]
)
def test_good_udyam_numbers(number):
    assert validate_udyam(number).startswith("UDYAM-")


@pytest.mark.parametrize(
    "number",
    [
        "UDYAM-MH-19-001234",
        "UDYAM-M1-19-0001234",
        "UDYAM-XX-19-0001234",
        "MH-19-0001234",
        "UDYAM-MH-1-0001234",
        "",
    ],
)
def test_bad_udyam_numbers(number):
    with pytest.raises(ValidationError):
        validate_udyam(number)


def test_udyam_state_must_match_region():
    assert validate_udyam("UDYAM-PB-10-0012345", region="IN-PB")
    with pytest.raises(ValidationError):
        validate_udyam("UDYAM-PB-10-0012345", region="IN-MH")


@pytest.mark.parametrize(
    "number",
    [
        "7000012050002",  # National Tax Agency
        "4000012090001",  # check digit 4 over 000012090001
        "7 0000 1205 0002",
        "７００００１２０５０００２",
    ],
)
def test_good_corporate_numbers(number):
    # computed independently: check = 9 - (sum(Pn*Qn) mod 9)
    assert validate_corporate_number(number) in {"7000012050002", "4000012090001"}


@pytest.mark.parametrize(
    "number", ["8000012050002", "700001205000", "70000120500021", "70000120500A2"]
)
def test_bad_corporate_numbers(number):
    with pytest.raises(ValidationError):
        validate_corporate_number(number)


def test_check_digit_formula():
    assert corporate_number_check_digit("000012050002") == 7


@pytest.mark.parametrize(
    ("investment", "turnover", "expected"),
    [
        (Decimal("2.5") * CRORE, 10 * CRORE, "micro"),
        (Decimal("2.6") * CRORE, 5 * CRORE, "small"),
        (1 * CRORE, Decimal("10.01") * CRORE, "small"),
        (25 * CRORE, 100 * CRORE, "small"),
        (26 * CRORE, 50 * CRORE, "medium"),
        (125 * CRORE, 500 * CRORE, "medium"),
        (126 * CRORE, 10 * CRORE, "large"),
        (10 * CRORE, 501 * CRORE, "large"),
        (None, 10 * CRORE, ""),
    ],
)
def test_msme_class_thresholds(investment, turnover, expected):
    assert msme.msme_class(investment_inr=investment, turnover_inr=turnover) == expected
