"""A financier publishes a funding window through the form; an MSME checks its eligibility and
sends an expression of interest, which the financier then sees."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.browser.helpers import sign_in


@pytest.mark.django_db(transaction=True)
def test_financier_publishes_a_window_and_an_msme_sends_interest(page, financier, alice):
    from django.utils import timezone

    from accounts.demo import DEMO_TOTP_SECRET
    from programs.models import ExpressionOfInterest, FundingWindow

    now = timezone.localtime(timezone.now(), timezone.get_fixed_timezone(330))
    opens = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    closes = (now + timedelta(days=10)).strftime("%Y-%m-%dT17:00")

    # 1. The financier (MFA on) fills in the window form.
    sign_in(page, financier.email, totp_secret=DEMO_TOTP_SECRET)
    page.goto("/programs/funding/")
    page.get_by_role("link", name="New funding window").click()
    page.fill("input[name=title_en]", "Energy-efficiency loans for auto-component MSMEs")
    page.fill("textarea[name=summary_en]", "Term loans for efficient compressors and furnaces.")
    page.select_option("select[name=instrument]", "loan")
    page.select_option("select[name=currency]", "INR")
    page.fill("input[name=amount_min]", "2500000")
    page.fill("input[name=amount_max]", "50000000")
    page.fill("input[name=interest_rate_min]", "7.9")
    page.fill("input[name=interest_rate_max]", "9.25")
    page.fill("input[name=opens_at]", opens)
    page.fill("input[name=closes_at]", closes)
    page.select_option("select[name=entry_timezone]", "Asia/Kolkata")
    page.fill("input[name=apply_url]", "https://bank.example/green")
    page.check("input[name=applicant_countries][value=IN]")
    page.fill("input[name=max_employees]", "250")
    page.fill("input[name=max_turnover]", "500000000")
    page.check("input[name=udyam_required]")
    page.fill("input[name=min_years_in_business]", "3")
    page.shots("financier fills in the window form")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Draft: only your organisation can see it").is_visible()
    page.shots("draft saved")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Published.").is_visible()
    page.shots("window published")
    window = FundingWindow.objects.get()
    assert window.status == "published"
    assert window.closes_at.astimezone(timezone.get_fixed_timezone(330)).hour == 17

    # 2. The MSME finds it, checks eligibility and sends interest. (The financier's session is
    # kept aside: signing in again with the same TOTP code within 30 s would be refused.)
    financier_cookies = page.context.cookies()
    page.context.clear_cookies()
    sign_in(page, alice.email)
    page.goto("/programs/funding/?eligible=1")
    page.shots("msme filters windows it is eligible for")
    page.get_by_role("link", name="Energy-efficiency loans for auto-component MSMEs").click()
    page.wait_for_load_state("networkidle")
    verdict = page.locator(".eligibility")
    assert "Eligible" in verdict.inner_text()
    assert "50 employees is within the limit of 250" in verdict.inner_text()
    assert "turnover ₹5 crore is within the ₹50 crore limit" in verdict.inner_text()
    page.shots("msme sees it is eligible, criterion by criterion")
    page.fill("textarea[name=message]", "We need ₹1.2 crore for two furnaces.")
    page.get_by_role("button", name="Send interest").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Your interest was sent to the financier.").is_visible()
    page.shots("interest sent")
    assert ExpressionOfInterest.objects.get().organisation == alice.organisation

    # 3. The financier sees it with the MSME's organisation.
    page.context.clear_cookies()
    page.context.add_cookies(financier_cookies)
    page.goto(f"/programs/funding/{window.pk}/interests/")
    assert page.get_by_text("We need ₹1.2 crore for two furnaces.").is_visible()
    assert page.get_by_role("link", name="Alice Auto Parts").is_visible()
    page.shots("financier sees the expression of interest")
