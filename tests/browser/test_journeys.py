"""A newcomer's journeys through Helix in a real browser, in Vietnamese and in English.

Helix's own wording and its Vietnamese catalogue are still moving, so its buttons and links are
found by what they do (a form's action, a link's address, a field's name); the language is checked
on <html lang> and on django-allauth's translated page titles and email subjects.
"""

import re
import time
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.models import User
from organisations.models import Invitation, Membership, Organisation, Role, Sector
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    MembershipRequestFactory,
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    totp_code,
)


@dataclass(frozen=True)
class Language:
    code: str
    locale: str
    switch_label: str  # the header switcher's button, in the language's own name
    sign_up: str
    sign_in: str
    verify_email: str
    confirm_email: str
    confirm: str
    change_password: str
    password_reset: str
    reset_my_password: str
    forgot_password: str
    password_changed: str
    confirmation_subject: str
    reset_subject: str
    only_owner: str


VIETNAMESE = Language(
    code="vi",
    locale="vi-VN",
    switch_label="Tiếng Việt",
    sign_up="Đăng ký",
    sign_in="Đăng nhập",
    verify_email="Xác minh địa chỉ email của bạn",
    confirm_email="Xác nhận địa chỉ email",
    confirm="Xác nhận",
    change_password="Đổi mật khẩu",
    password_reset="Đặt lại mật khẩu",
    reset_my_password="Đặt lại mật khẩu của tôi",
    forgot_password="Bạn quên mật khẩu?",
    password_changed="Mật khẩu của bạn hiện đã được thay đổi.",
    confirmation_subject="[Helix] Vui lòng xác nhận địa chỉ email của bạn",
    reset_subject="[Helix] Email đặt lại mật khẩu",
    only_owner="chủ sở hữu duy nhất",
)
ENGLISH = Language(
    code="en",
    locale="en-US",
    switch_label="English",
    sign_up="Sign Up",
    sign_in="Sign In",
    verify_email="Verify Your Email Address",
    confirm_email="Confirm Email Address",
    confirm="Confirm",
    change_password="Change Password",
    password_reset="Password Reset",
    reset_my_password="Reset My Password",
    forgot_password="Forgot your password?",
    password_changed="Your password is now changed.",
    confirmation_subject="[Helix] Please Confirm Your Email Address",
    reset_subject="[Helix] Password Reset Email",
    only_owner="the only owner",
)
LANGUAGES = pytest.mark.parametrize("lang", [VIETNAMESE, ENGLISH], ids=lambda lang: lang.code)
OTHER = {"vi": ENGLISH, "en": VIETNAMESE}


# --- Helpers ---------------------------------------------------------------------------------


def expect_language(page: Page, code: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", code)


def expect_heading(page: Page, text: str | re.Pattern) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def open_menu(page: Page) -> None:
    """On a phone the header's menu is folded behind its button (a <details>): open it."""
    toggle = page.locator("header .site-menu__toggle")
    if toggle.is_visible() and page.locator("header details.site-menu[open]").count() == 0:
        toggle.click()


def open_filters(page: Page) -> None:
    """On a phone a list's search and filters fold behind their button: open them."""
    toggle = page.locator("main .filters-fold__toggle")
    if toggle.is_visible() and page.locator("main details.filters-fold[open]").count() == 0:
        toggle.click()


def nav_link(page: Page, path: str):
    open_menu(page)
    return page.locator(f"header .site-nav :is(a[href='{path}'], a[href^='{path}?'])")


def language_button(page: Page, lang: Language):
    """The header switcher's button, labelled with the language's own name.

    Django's name for Vietnamese is not in NFC ("ê" + a combining accent), which Playwright's
    text matching does not normalise: the button is found by value, its label compared in NFC.
    """
    open_menu(page)
    button = page.locator(f"header button[name=language][value={lang.code}]")
    assert unicodedata.normalize("NFC", button.inner_text()) == lang.switch_label
    return button


def submit_in(page: Page, action: str):
    """The submit button of the form posting to `action`."""
    return page.locator(f"form[action='{action}'] button[type=submit]")


def wait_for_mail(to: str, containing: str, timeout: float = 5.0):
    """The newest email to `to` whose body contains `containing` (sent by the server thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(mail.outbox):
            if to in message.to and containing in message.body:
                return message
        time.sleep(0.05)
    raise AssertionError(f"no email to {to} containing {containing!r}: {mail.outbox!r}")


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in the email under `path_prefix` (its host may differ)."""
    for url in re.findall(r"https?://\S+", message.body):
        path = urlsplit(url).path
        if path.startswith(path_prefix):
            return path
    raise AssertionError(f"no link to {path_prefix} in {message.body!r}")


def sign_up(page: Page, lang: Language, *, email: str, name: str, password: str) -> None:
    """From the sign-up page: fill the form and reach "verify your email"."""
    expect_heading(page, lang.sign_up)
    page.fill("input[name=email]", email)
    page.fill("input[name=display_name]", name)
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    page.get_by_role("button", name=lang.sign_up, exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect_heading(page, lang.verify_email)


def confirm_email(page: Page, lang: Language, *, email: str) -> None:
    """Open the link in the confirmation email and confirm (which signs in)."""
    message = wait_for_mail(email, "/accounts/confirm-email/")
    assert message.subject == lang.confirmation_subject
    page.goto(link_in(message, "/accounts/confirm-email/"))
    expect_heading(page, lang.confirm_email)
    page.get_by_role("button", name=lang.confirm, exact=True).click()


def sign_in(page: Page, lang: Language, *, email: str, password: str) -> None:
    page.goto("/")
    nav_link(page, "/accounts/login/").click()
    expect_heading(page, lang.sign_in)
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name=lang.sign_in, exact=True).click()
    expect(page).to_have_url(re.compile(r"/me/$"))


def fits_the_screen(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def sign_out(page: Page) -> None:
    submit_in(page, "/accounts/logout/").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(nav_link(page, "/accounts/login/")).to_be_visible()


def small_png(path) -> str:
    Image.new("RGB", (64, 64), (11, 93, 122)).save(path)
    return str(path)


def loaded_width(image) -> int:
    """The picture's natural width once the browser has decoded it (it may still be loading)."""
    image.scroll_into_view_if_needed()
    image.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    return image.evaluate("img => img.naturalWidth")


def role_of(user: User, organisation: Organisation) -> str | None:
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    return membership.role if membership else None


# --- a. Accounts -----------------------------------------------------------------------------


@LANGUAGES
def test_a_newcomer_signs_up_manages_the_account_and_resets_the_password(
    new_page, mailoutbox, screenshot, lang
):
    email, password = f"lan-{lang.code}@example.org", "flood-Sensor-2026"
    other = OTHER[lang.code]
    page = new_page(locale=lang.locale)

    # Given a visitor whose browser speaks the language
    page.goto("/")
    expect_language(page, lang.code)
    screenshot(page, f"home-{lang.code}")

    # When she signs up, she is asked to confirm her address and is not signed in yet
    nav_link(page, "/accounts/signup/").click()
    screenshot(page, f"signup-{lang.code}")
    sign_up(page, lang, email=email, name="Nguyễn Thị Lan", password=password)
    screenshot(page, f"verify-email-{lang.code}")
    user = User.objects.get(email=email)
    assert (user.display_name, user.preferred_language) == ("Nguyễn Thị Lan", lang.code)
    assert not EmailAddress.objects.get(email=email).verified

    # The link in the email confirms the address, signs her in and opens My Helix
    confirm_email(page, lang, email=email)
    expect(page).to_have_url(re.compile(r"/me/$"))
    assert EmailAddress.objects.get(email=email).verified
    expect_language(page, lang.code)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nguyễn Thị Lan")
    expect(nav_link(page, "/me/")).to_have_attribute("aria-current", "page")
    screenshot(page, f"my-helix-{lang.code}")

    # She renames herself and picks the other language on My Helix
    page.fill("input[name=display_name]", "Trần Thị Lan")
    page.select_option("select[name=preferred_language]", other.code)
    # The profile's form (My Helix also has the data download's).
    page.locator("main form[method=post]:has(input[name=display_name]) button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect_language(page, other.code)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trần Thị Lan")
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Trần Thị Lan", other.code)

    # The header switcher brings her language back, and saves it on the account
    switch = language_button(page, lang)
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect_language(page, lang.code)
    expect(language_button(page, lang)).to_have_attribute("aria-pressed", "true")
    user.refresh_from_db()
    assert user.preferred_language == lang.code

    # Signing out and in again keeps it
    sign_out(page)
    expect_language(page, lang.code)
    sign_in(page, lang, email=email, password=password)
    expect_language(page, lang.code)

    # She changes her password from My Helix
    page.locator("main a[href='/accounts/password/change/']").click()
    expect_heading(page, lang.change_password)
    new_password = "Mekong-Delta-2027"
    page.fill("input[name=oldpassword]", password)
    page.fill("input[name=password1]", new_password)
    page.fill("input[name=password2]", new_password)
    page.get_by_role("button", name=lang.change_password, exact=True).click()
    expect(page.locator(".message--success")).to_be_visible()
    user.refresh_from_db()
    assert user.check_password(new_password)
    sign_out(page)

    # Having forgotten it, she asks for a reset link from the sign-in page
    nav_link(page, "/accounts/login/").click()
    page.get_by_role("link", name=lang.forgot_password).click()
    expect_heading(page, lang.password_reset)
    page.fill("input[name=email]", email)
    page.get_by_role("button", name=lang.reset_my_password).click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/done/$"))
    expect_heading(page, lang.password_reset)

    # The link in the email lets her choose a new one
    reset = wait_for_mail(email, "/accounts/password/reset/key/")
    assert reset.subject == lang.reset_subject
    page.goto(link_in(reset, "/accounts/password/reset/key/"))
    expect_heading(page, lang.change_password)
    final_password = "Saigon-River-2028"
    page.fill("input[name=password1]", final_password)
    page.fill("input[name=password2]", final_password)
    page.get_by_role("button", name=lang.change_password, exact=True).click()
    expect(page.get_by_text(lang.password_changed)).to_be_visible()

    # She signs in with it on another device whose browser speaks the other language:
    # Helix answers in the language saved on her account
    phone = new_page(viewport="phone", locale=other.locale)
    phone.goto("/")
    expect_language(phone, other.code)
    sign_in(phone, other, email=email, password=final_password)
    expect_language(phone, lang.code)
    screenshot(phone, f"signed-in-from-{other.code}-browser-{lang.code}")


# --- b. Organisations ------------------------------------------------------------------------


@LANGUAGES
def test_an_organisation_is_registered_and_its_members_come_and_go(
    new_page, mailoutbox, screenshot, settings, live_server, tmp_path, lang
):
    settings.HELIX_SITE_URL = live_server.url
    owner = UserFactory(display_name="Lê Văn Minh", preferred_language=lang.code)
    page = new_page(locale=lang.locale)
    sign_in(page, lang, email=owner.email, password=PASSWORD)

    # An empty name is refused by the browser, a blank one by the server: nothing is created
    page.locator("main a[href='/organisations/new/']").first.click()
    expect(page).to_have_url(re.compile(r"/organisations/new/$"))
    expect_language(page, lang.code)
    page.select_option("select[name=sector]", "enterprise")
    page.select_option("select[name=district]", "thu-dau-mot")
    page.fill("textarea[name=description]", "Cảm biến ngập cho Bình Dương.")
    register = page.locator("main form button[type=submit]")
    register.click()
    assert page.locator("input[name=name]").evaluate("input => input.validity.valueMissing")
    expect(page).to_have_url(re.compile(r"/organisations/new/$"))
    page.fill("input[name=name]", "   ")
    register.click()
    name = page.locator("input[name=name]")
    expect(name).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_name_error")
    expect(error).to_be_visible()
    expect(name).to_have_accessible_description(error.inner_text())
    screenshot(page, f"organisation-form-error-{lang.code}")
    assert not Organisation.objects.exists()

    # A complete registration lands on the organisation's page, not yet verified
    page.fill("input[name=name]", "Đông Á Sensors")
    page.fill("textarea[name=description]", "Cảm biến ngập cho Bình Dương.")
    page.fill("input[name=expertise]", "flood sensors, GIS")
    page.set_input_files("input[name=logo]", small_png(tmp_path / "logo.png"))
    page.fill("input[name=logo_alt]", "Chữ ĐÁ trắng trên nền xanh")
    register.click()
    organisation = Organisation.objects.get()
    assert organisation.slug == "dong-a-sensors"
    expect(page).to_have_url(re.compile(r"/organisations/dong-a-sensors/$"))
    expect_heading(page, "Đông Á Sensors")
    expect(page.locator("main .badge--unverified")).to_be_visible()
    expect(page.locator("main .badge--verified")).to_have_count(0)
    logo = page.locator("main img.logo")
    expect(logo).to_be_visible()
    assert loaded_width(logo) == 64  # never enlarged
    expect(logo).to_have_attribute("alt", "Chữ ĐÁ trắng trên nền xanh")
    assert sorted(organisation.expertise.names()) == ["GIS", "flood sensors"]
    assert role_of(owner, organisation) == Role.OWNER
    screenshot(page, f"organisation-new-{lang.code}")

    # The owner invites a colleague from "Members and invitations"
    members_path = f"/organisations/{organisation.slug}/members/"
    page.locator(f"main a[href='{members_path}']").click()
    colleague_email = f"hoa-{lang.code}@example.org"
    page.fill("input[name=email]", colleague_email)
    page.locator("main form:has(input[name=email]) button[type=submit]").click()
    expect(page.locator(".message--success")).to_contain_text(colleague_email)
    expect(page.locator("main li", has_text=colleague_email)).to_be_visible()  # pending
    invitation_email = wait_for_mail(colleague_email, "/organisations/invitations/")

    # The colleague, new to Helix, opens the link: she is asked to sign in, signs up instead
    # with that address, confirms it, and comes back to the invitation
    colleague_page = new_page(locale=lang.locale)
    invitation_path = link_in(invitation_email, "/organisations/invitations/")
    colleague_page.goto(invitation_path)
    expect_heading(colleague_page, lang.sign_in)
    colleague_page.locator("main a[href^='/accounts/signup/']").click()
    sign_up(colleague_page, lang, email=colleague_email, name="Phạm Thu Hoa", password=PASSWORD)
    confirm_email(colleague_page, lang, email=colleague_email)
    expect(colleague_page).to_have_url(re.compile(rf"{invitation_path}$"))
    expect_heading(colleague_page, re.compile("Đông Á Sensors"))
    screenshot(colleague_page, f"invitation-{lang.code}")
    colleague_page.locator("button[name=answer][value=accept]").click()
    expect(colleague_page).to_have_url(re.compile(rf"/organisations/{organisation.slug}/$"))
    colleague = User.objects.get(email=colleague_email)
    assert role_of(colleague, organisation) == Role.MEMBER
    assert Invitation.objects.get().status == Invitation.Status.ACCEPTED

    # A third person asks to join from the organisation's page
    third = UserFactory(display_name="Võ Quốc Bảo", preferred_language=lang.code)
    third_page = new_page(locale=lang.locale)
    sign_in(third_page, lang, email=third.email, password=PASSWORD)
    third_page.goto(organisation.get_absolute_url())
    expect(third_page.locator(f"a[href='{members_path}']")).to_have_count(0)
    third_page.fill("textarea[name=message]", "Tôi làm GIS ở Thủ Dầu Một.")
    submit_in(third_page, f"/organisations/{organisation.slug}/join/").click()
    expect(third_page.locator(".message--success")).to_be_visible()
    expect(submit_in(third_page, f"/organisations/{organisation.slug}/join/")).to_have_count(0)
    expect(third_page.locator("main aside .notice")).to_be_visible()  # waiting for an answer

    # The owner approves the request, then makes the new member a manager
    page.goto(members_path)
    expect(page.get_by_text("Tôi làm GIS ở Thủ Dầu Một.")).to_be_visible()
    page.locator("form[action*='/requests/'][action$='/approve/'] button").click()
    expect(page.locator(".message--success")).to_contain_text("Võ Quốc Bảo")
    assert role_of(third, organisation) == Role.MEMBER
    membership = Membership.objects.get(user=third, organisation=organisation)
    page.select_option(f"#role-{membership.pk}", "manager")
    submit_in(page, f"/organisations/{organisation.slug}/members/{membership.pk}/role/").click()
    expect(page.locator(".message--success")).to_contain_text("Võ Quốc Bảo")
    expect(page.locator(f"#role-{membership.pk}")).to_have_value("manager")
    assert role_of(third, organisation) == Role.MANAGER
    screenshot(page, f"organisation-members-{lang.code}")

    # The colleague leaves
    leave = f"/organisations/{organisation.slug}/leave/"
    colleague_page.goto(organisation.get_absolute_url())
    submit_in(colleague_page, leave).click()
    expect(colleague_page).to_have_url(re.compile(r"/me/$"))
    expect(colleague_page.locator(".message--success")).to_be_visible()
    assert role_of(colleague, organisation) is None

    # The last owner is told why she cannot leave, and offered no button to (the server refuses
    # a forged request too: tests/organisations)
    page.goto(organisation.get_absolute_url())
    expect(page.locator("main aside")).to_contain_text(lang.only_owner)
    expect(submit_in(page, leave)).to_have_count(0)
    assert role_of(owner, organisation) == Role.OWNER
    organisation.refresh_from_db()
    assert organisation.member_count == 2
    expect(page.locator("main aside ul.list:not(.list--links) > li")).to_have_count(2)

    # Nor can she give up ownership by changing her own role on the members page
    own = Membership.objects.get(user=owner, organisation=organisation)
    page.goto(members_path)
    page.select_option(f"#role-{own.pk}", "member")
    submit_in(page, f"/organisations/{organisation.slug}/members/{own.pk}/role/").click()
    assert role_of(owner, organisation) == Role.OWNER
    expect(page.locator(".message--error")).to_be_visible()
    expect(page.locator(f"#role-{own.pk}")).to_have_value("owner")


# --- c. Government staff ---------------------------------------------------------------------


def test_government_staff_verify_an_organisation_in_the_admin(new_page, mailoutbox, screenshot):
    staff = StaffFactory(preferred_language="vi")
    organisation = OrganisationFactory(name="Hợp tác xã Phú Giáo")
    owner = MembershipFactory(organisation=organisation, role=Role.OWNER).user  # speaks English
    OrganisationFactory(name="Already verified", verified=True)
    page = new_page(locale="vi-VN")

    page.goto("/admin/")  # the site's sign-in, then the second factor
    page.fill("input[name=login]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").first.click()
    page.fill("input[name=code]", totp_code())
    page.locator("main form [type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect_language(page, "vi")
    page.locator("a[href='/admin/organisations/organisation/']").first.click()

    page.locator("#changelist-filter a[href='?verified=no']").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Hợp tác xã Phú Giáo")
    page.check(f"input[name=_selected_action][value='{organisation.pk}']")
    page.select_option("select[name=action]", "verify")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot(page, "admin-verified")

    organisation.refresh_from_db()
    assert organisation.verified_by == staff
    message = wait_for_mail(owner.email, organisation.get_absolute_url())
    assert "Hợp tác xã Phú Giáo is now verified" in message.subject

    page.goto(organisation.get_absolute_url())
    expect(page.locator("main .badge--verified")).to_be_visible()
    expect(page.locator("main .badge--unverified")).to_have_count(0)


# --- d. Phone --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name"),
    [("/", "home"), ("/organisations/", "directory"), ("/accounts/signup/", "signup")],
)
def test_pages_fit_a_phone_screen(new_page, screenshot, path, name):
    for n in range(3):
        OrganisationFactory(
            name=f"Trường Đại học Thủ Dầu Một {n}",
            sector=Sector.ACADEMIA,
            verified=True,
            description="Nghiên cứu ngập lụt, giao thông và năng lượng cho thành phố thông minh.",
        )
    page = new_page(viewport="phone", locale="vi-VN")

    page.goto(path)

    expect_language(page, "vi")
    screenshot(page, f"phone-{name}")
    fits_the_screen(page)
    open_menu(page)
    links = page.locator("header .site-nav a")
    expect(links).to_have_count(6)  # Projects, Organisations, Offers, Insights, Sign in, Sign up
    for link in links.all():
        expect(link).to_be_in_viewport()


def test_signed_in_pages_fit_a_phone_screen(new_page, screenshot):
    organisation = OrganisationFactory(name="Sở Thông tin và Truyền thông tỉnh Bình Dương")
    owner = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    MembershipFactory(organisation=organisation, user__display_name="Nguyễn Hoàng Phương Thảo")
    MembershipRequestFactory(organisation=organisation, message="Tôi muốn tham gia dự án.")
    page = new_page(viewport="phone", locale="vi-VN")
    sign_in(page, VIETNAMESE, email=owner.email, password=PASSWORD)

    for path, name in [
        ("/me/", "my-helix"),
        (organisation.get_absolute_url(), "organisation"),
        (f"{organisation.get_absolute_url()}members/", "members"),
    ]:
        page.goto(path)
        screenshot(page, f"phone-{name}")
        fits_the_screen(page)
        open_menu(page)
        for link in page.locator("header .site-nav a, header .site-nav button").all():
            expect(link).to_be_in_viewport()


# --- e. Keyboard -----------------------------------------------------------------------------


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(new_page):
    page = new_page()
    page.goto("/")

    page.keyboard.press("Tab")

    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#content")).to_be_focused()
