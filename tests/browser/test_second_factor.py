"""The second factor in a browser, on a 360 px phone, in Vietnamese: a staff account without
one is sent from the admin to set it up, then signs in with its code."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD, StaffFactory, totp_code


def fits_the_screen(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_staff_set_up_the_second_factor_then_sign_in_with_it(new_page, screenshot):
    staff = StaffFactory(preferred_language="vi", totp=False)
    page = new_page(viewport="phone", locale="vi-VN")
    page.set_viewport_size({"width": 360, "height": 780})

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").first.click()

    # Not the admin: the reason, in Vietnamese, then allauth asks for the password once more
    # before an authenticator can be added (a stolen session alone cannot add one).
    expect(page.get_by_text("Bàn làm việc của cán bộ yêu cầu xác thực hai lớp")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").first.click()

    # The set-up page, in Helix's layout.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("header").first).to_be_visible()
    expect(page.locator(".totp-qr svg")).to_be_visible()  # inline: no data: image for the CSP
    expect(page.locator("img[src^='data:']")).to_have_count(0)
    fits_the_screen(page)
    screenshot(page, "mfa-activate-phone-vi")
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form [type=submit]").first.click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    fits_the_screen(page)
    screenshot(page, "mfa-recovery-codes-phone-vi")
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # Signing in again asks for the code after the password.
    page.context.clear_cookies()
    page.goto("/admin/")
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    fits_the_screen(page)
    screenshot(page, "mfa-authenticate-phone-vi")
    page.fill("input[name=code]", totp_code(secret))
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_my_helix_links_to_the_second_factor(new_page, screenshot):
    staff = StaffFactory(preferred_language="vi")
    page = new_page(viewport="phone", locale="vi-VN")
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/accounts/login/")
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.fill("input[name=code]", totp_code())
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/me/$"))

    page.get_by_role("link", name="Xác thực hai lớp").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    fits_the_screen(page)
    screenshot(page, "mfa-index-phone-vi")
