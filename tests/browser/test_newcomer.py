"""What a newcomer tripped on (issue 16, sections 1 and 2), checked in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from organisations.models import Organisation, Role
from projects.models import Comment, Solution
from tests.browser.test_journeys import ENGLISH, VIETNAMESE, fits_the_screen, sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)

# --- Colours ---------------------------------------------------------------------------------


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


WHITE = (255, 255, 255)


# --- Header and menu ---------------------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_the_header_is_one_line_and_its_menu_button_works(
    new_page, screenshot, javascript
):
    page = new_page(viewport="phone360", locale="vi-VN", java_script_enabled=javascript)
    page.goto("/")

    header = page.locator("header.site-header")
    assert header.bounding_box()["height"] <= 72
    nav = page.locator("header .site-nav")
    expect(nav).to_be_hidden()
    toggle = page.locator("header .site-menu__toggle")
    expect(toggle).to_be_visible()

    toggle.click()

    expect(nav).to_be_visible()
    for link in nav.locator("a").all():
        expect(link).to_be_in_viewport()
    expect(page.locator("header button[name=language]").first).to_be_visible()
    screenshot(page, f"newcomer-phone-menu-{'js' if javascript else 'nojs'}")
    fits_the_screen(page)


def test_on_a_laptop_the_menu_shows_without_its_button(new_page):
    page = new_page(viewport="laptop")
    page.goto("/")

    expect(page.locator("header .site-menu__toggle")).to_be_hidden()
    expect(page.locator("header .site-nav a[href='/projects/']")).to_be_visible()
    expect(page.locator("header button[name=language]").first).to_be_visible()


# --- Home and lists on a phone -----------------------------------------------------------------


def test_the_home_page_on_a_phone_is_at_most_four_screens(new_page, screenshot):
    for n in range(6):
        project = ProjectFactory(title=f"Chống ngập đường Đại lộ Bình Dương {n}")
        SolutionFactory(project=project, title=f"Cảm biến mực nước giá rẻ {n}")
        OrganisationFactory(name=f"Công ty Cổ phần Nước Bình Dương {n}", verified=True)
    page = new_page(viewport="phone360", locale="vi-VN")
    page.goto("/")

    height = page.evaluate("document.documentElement.scrollHeight")
    screenshot(page, "newcomer-phone-home")
    assert height <= 4 * 740, f"the home page is {height / 740:.1f} screens long"
    for href in ["/projects/?status=open", "/organisations/"]:
        expect(page.locator(f"main .page-head a[href='{href}']").first).to_be_visible()
    fits_the_screen(page)


def test_the_project_filters_fold_away_on_a_phone(new_page):
    ProjectFactory()
    phone = new_page(viewport="phone360", locale="vi-VN")
    phone.goto("/projects/")

    expect(phone.locator("main form.filters--projects")).to_be_hidden()
    expect(phone.locator("main .card").first).to_be_in_viewport()
    phone.locator("main .filters-fold__toggle").click()
    expect(phone.locator("main form.filters--projects")).to_be_visible()

    laptop = new_page(viewport="laptop")
    laptop.goto("/projects/")
    expect(laptop.locator("main form.filters--projects")).to_be_visible()
    expect(laptop.locator("main .filters-fold__toggle")).to_be_hidden()


# --- Forms -----------------------------------------------------------------------------------


def test_a_bare_domain_goes_through_the_browser_and_is_stored_with_https(new_page):
    user = UserFactory()
    page = new_page(viewport="phone360", locale="vi-VN")
    sign_in(page, VIETNAMESE, email=user.email, password=PASSWORD)
    page.goto("/organisations/new/")

    page.fill("input[name=name]", "Cầu Nối Số")
    page.select_option("select[name=sector]", "enterprise")
    page.select_option("select[name=district]", "thu-dau-mot")
    page.fill("textarea[name=description]", "Kết nối doanh nghiệp nhỏ với chính quyền số.")
    page.fill("input[name=website]", "caunoiso.vn")
    page.fill("input[name=expertise]", "chuyển đổi số, dữ liệu mở")
    page.locator("main form button[type=submit]").last.click()

    expect(page).to_have_url(re.compile(r"/organisations/[\w-]+/$"))
    organisation = Organisation.objects.get(name="Cầu Nối Số")
    assert organisation.website == "https://caunoiso.vn"
    assert sorted(organisation.expertise.names()) == ["chuyển đổi số", "dữ liệu mở"]


def test_the_tag_input_suggests_existing_tags_after_a_comma(new_page):
    OrganisationFactory().expertise.set(["GIS", "giao thông công cộng"])
    owner = MembershipFactory(organisation=OrganisationFactory(), role=Role.OWNER).user
    page = new_page(locale="vi-VN")
    sign_in(page, VIETNAMESE, email=owner.email, password=PASSWORD)
    page.goto(f"{owner.memberships.get().organisation.get_absolute_url()}edit/")

    field = page.locator("input[name=expertise]")
    field.fill("IoT, g")
    field.dispatch_event("input")

    options = page.locator(f"datalist#{field.get_attribute('list')} option")
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert "IoT, GIS" in values
    assert "IoT, giao thông công cộng" in values


# --- Keyboard and focus ------------------------------------------------------------------------


def test_focus_stays_on_support_and_publish_and_the_change_is_announced(new_page):
    project = ProjectFactory(title="Cây xanh cho Bến Cát")
    citizen = UserFactory()
    page = new_page(locale="en-US")
    sign_in(page, ENGLISH, email=citizen.email, password=PASSWORD)
    page.goto(project.get_absolute_url())

    button = page.locator(f"#support-project-{project.pk}-button")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#support-project-{project.pk}-button")).to_be_focused()
    live = page.locator("#messages[aria-live=polite]")
    expect(live).to_contain_text("Thank you for your support. 1 support.")

    page.locator("textarea[name=body]").first.fill("Trồng thêm cây ở chợ Bến Cát.")
    page.locator("#comment-publish").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".comment-list")).to_contain_text("Trồng thêm cây ở chợ Bến Cát.")
    assert Comment.objects.count() == 1
    expect(page.locator("#comment-publish")).to_be_focused()
    expect(live).to_contain_text("Your comment is published.")

    page.locator("#follow-button").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#follow-button")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#follow-button")).to_be_focused()
    expect(live).to_contain_text("You follow this project")

    # Switching the language reloads the page: Tab starts again at the skip link.
    page.locator("header button[name=language][value=vi]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the focus is on `selector`: it must be reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached in {limit} presses of Tab on {page.url}")


def test_proposing_by_keyboard_lands_on_what_to_correct_then_announces_the_solution(new_page):
    project = ProjectFactory(title="Đèn đường thông minh Thủ Dầu Một")
    newcomer = MembershipFactory(
        organisation=OrganisationFactory(name="Cầu Nối Số"), role=Role.OWNER
    ).user
    page = new_page(locale="en-US")
    sign_in(page, ENGLISH, email=newcomer.email, password=PASSWORD)
    page.goto(project.get_absolute_url())

    tab_to(page, f"a[href='/projects/{project.slug}/propose/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/propose/$"))

    # On behalf of the organisation not yet verified: the server refuses it.
    tab_to(page, "select[name=lead_organisation]")
    page.keyboard.press("ArrowDown")
    expect(page.locator("select[name=lead_organisation]")).to_have_value(
        str(newcomer.memberships.get().organisation_id)
    )
    for name, text in [
        ("title", "Đèn LED tự điều chỉnh"),
        ("summary", "Đèn sáng theo lượng người qua lại."),
        ("description", "Cảm biến chuyển động trên mỗi cột đèn."),
        ("estimated_cost_vnd", "500000000"),
        ("duration_months", "6"),
    ]:
        tab_to(page, f"[name={name}]")
        page.keyboard.type(text)
    page.keyboard.press("Enter")  # submits the form from its last text box

    lead = page.locator("select[name=lead_organisation]")
    expect(lead).to_have_attribute("aria-invalid", "true")
    expect(lead).to_be_focused()  # not the page's top: what to correct
    expect(page.locator("main")).to_contain_text("Cầu Nối Số is not verified yet")
    assert not Solution.objects.exists()

    page.keyboard.press("ArrowUp")  # back to "Myself, as an individual"
    tab_to(page, "[name=title]")
    expect(page.locator("[name=title]")).to_have_value("Đèn LED tự điều chỉnh")
    page.keyboard.press("Enter")

    expect(page.locator("#messages[aria-live=polite]")).to_contain_text(
        "Your solution has been submitted."
    )
    solution = Solution.objects.get()
    assert solution.lead_organisation is None
    expect(page).to_have_url(re.compile(rf"{solution.get_absolute_url()}$"))
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()


def test_the_sign_in_page_tabs_to_the_password_before_the_forgotten_password_link(new_page):
    page = new_page(locale="en-US")
    page.goto("/accounts/login/")

    page.locator("input[name=login]").focus()
    page.keyboard.press("Tab")

    expect(page.locator("input[name=password]")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("a[href='/accounts/password/reset/']")).to_be_focused()


def test_the_focus_ring_is_two_tone_and_at_least_3_to_1_on_white_and_on_the_hero(new_page):
    page = new_page(locale="en-US")
    page.goto("/")

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand link
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineColor, s.outlineStyle, s.outlineWidth, s.boxShadow]; }"""
    )
    outline, outline_style, width, shadow = style
    assert outline_style == "solid"
    assert float(width.rstrip("px")) >= 2
    assert contrast(_rgb(outline), WHITE) >= 3
    assert contrast(_rgb(shadow), WHITE) < 1.1  # the outer ring is white
    hero = page.evaluate("() => getComputedStyle(document.querySelector('.hero')).backgroundImage")
    for stop in re.findall(r"rgb\([^)]*\)", hero):
        # On the hero the white outer ring carries the contrast.
        assert contrast(_rgb(stop), WHITE) >= 3


def test_the_hero_text_is_at_least_4_5_to_1_on_its_lightest_colour(new_page):
    page = new_page(locale="vi-VN")
    page.goto("/")

    hero = page.evaluate("() => getComputedStyle(document.querySelector('.hero')).backgroundImage")
    stops = [_rgb(stop) for stop in re.findall(r"rgb\([^)]*\)", hero)]
    for selector in [".hero h1", ".hero .lead"]:
        colour = _rgb(
            page.evaluate(f"() => getComputedStyle(document.querySelector('{selector}')).color")
        )
        assert min(contrast(colour, stop) for stop in stops) >= 4.5, selector
