"""Journey 6 in Chromium: a flooding challenge's manager sets a rubric and invites three
reviewers from three sectors; one is barred automatically from her own organisation's
solution, one declares a conflict the manager allows; they score in their own order; the
manager sees the aggregates and the disagreement flag, selects with a rationale and publishes;
the public reads the rationale and the scores. Vietnamese on a 360 px phone, English at
1366 px; screenshots saved."""

import re

import pytest
from playwright.sync_api import Page, expect

from core.recount import recount
from evaluation.models import Assignment
from tests.conftest import ROW_COUNTERS
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
)

from .test_journeys import fits_the_screen

SIZES = {"vi-VN": {"width": 360, "height": 780}, "en-US": {"width": 1366, "height": 900}}


@pytest.fixture
def journey(db):
    city = OrganisationFactory(name="Sở Xây dựng", sector="government", verified=True)
    project = ProjectFactory(
        organisation=city,
        title="Chống ngập cho phường Phú Cường",
        slug="chong-ngap-phu-cuong",
        status="in_review",
    )
    manager = MembershipFactory(organisation=city, role="manager").user
    company = OrganisationFactory(name="SongFlow", sector="enterprise", verified=True)
    university = OrganisationFactory(name="Đại học Thủ Dầu Một", sector="academia", verified=True)
    ngo = OrganisationFactory(name="Hội cư dân Phú Cường", sector="community", verified=True)
    sensors = SolutionFactory(project=project, lead_organisation=company, title="Cảm biến ngập")
    drains = SolutionFactory(project=project, lead_organisation=ngo, title="Nạo vét cống")
    engineer = MembershipFactory(organisation=company, user__display_name="Kỹ sư Mai").user
    professor = MembershipFactory(organisation=university, user__display_name="GS. Lâm").user
    resident = MembershipFactory(
        organisation=OrganisationFactory(sector="community"), user__display_name="Cô Hạnh"
    ).user
    # The factories write rows without their counters (the solutions' count).
    recount(fix=True, only=ROW_COUNTERS)
    return project, manager, (engineer, professor, resident), sensors, drains


def sign_in(page: Page, user) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/me/$"))


def post_form(page: Page, action: str):
    return page.locator(f"form:has(input[name=action][value={action}])")


def score(page: Page, values: list[int]) -> None:
    selects = page.locator("select[name^=score_]")
    for n, value in enumerate(values):
        selects.nth(n).select_option(str(value))
        page.locator("textarea[name^=comment_]").nth(n).fill(f"Nhận xét {value}")
    page.locator("button[name=submit]").click()


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_journey_6(new_page, screenshot, journey, locale):
    project, manager, reviewers, sensors, drains = journey
    engineer, professor, resident = reviewers
    vi = locale == "vi-VN"
    for person in (manager, *reviewers):
        person.preferred_language = "vi" if vi else "en"
        person.save()
    page = new_page(locale=locale)
    page.set_viewport_size(SIZES[locale])

    # The manager sets the rubric and invites three reviewers.
    sign_in(page, manager)
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Thiết lập đánh giá" if vi else "Set up the evaluation").click()
    settings = post_form(page, "settings")
    settings.locator("input[name=closes_on]").fill("2099-12-31")
    settings.locator("button[type=submit]").click()
    for title, weight, scale in (("Tác động", "3", "5"), ("Chi phí", "1", "10")):
        details = page.locator("details:has(input[name=action][value=criterion])")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        form = post_form(page, "criterion")
        form.locator("input[name=title]").fill(title)
        form.locator("input[name=weight]").fill(weight)
        form.locator("select[name=scale]").select_option(scale)
        form.locator("button[type=submit]").click()
        expect(page.locator("main table").first).to_contain_text(title)
    for person in reviewers:
        form = post_form(page, "invite")
        form.locator("input[name=email]").fill(person.email)
        form.locator("button[type=submit]").click()
        expect(page.locator("main")).to_contain_text(person.display_name)
    barred = "Không được chấm" if vi else "Barred"
    expect(page.locator("main")).to_contain_text(barred)
    screenshot(page, f"evaluation-board-setup-{locale}")
    fits_the_screen(page)

    # The engineer is barred from her own company's solution.
    sign_in(page, engineer)
    page.goto(f"/evaluation/{project.slug}/review/")
    expect(page.locator("main")).to_contain_text(barred)
    screenshot(page, f"evaluation-reviewer-list-{locale}")
    fits_the_screen(page)

    # The professor declares a collaboration with the drains' residents, then scores sensors.
    sign_in(page, professor)
    page.goto(Assignment.objects.get(reviewer__user=professor, solution=drains).get_absolute_url())
    page.locator("input[name=relationship][value=collaboration]").check()
    page.fill("textarea[name=details]", "Đồng tác giả khảo sát 2025")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .notice")).to_be_visible()
    page.goto(Assignment.objects.get(reviewer__user=professor, solution=sensors).get_absolute_url())
    page.locator("input[name=relationship][value=none]").check()
    page.locator("main form button[type=submit]").click()
    screenshot(page, f"evaluation-score-form-{locale}")
    fits_the_screen(page)
    score(page, [5, 10])
    expect(page.locator("main")).to_contain_text("Nhận xét 10")

    # The resident scores sensors far lower: the reviewers disagree.
    sign_in(page, resident)
    page.goto(Assignment.objects.get(reviewer__user=resident, solution=sensors).get_absolute_url())
    page.locator("input[name=relationship][value=none]").check()
    page.locator("main form button[type=submit]").click()
    score(page, [1, 2])
    # Submitted: the other reviewer's scores appear, anonymous.
    expect(page.locator("main")).to_contain_text("Nhận xét 10")
    expect(page.locator("main")).not_to_contain_text(professor.display_name)
    screenshot(page, f"evaluation-after-submitting-{locale}")
    fits_the_screen(page)

    # The manager allows the declared conflict, sees the ranking, decides and publishes.
    sign_in(page, manager)
    page.goto(f"/evaluation/{project.slug}/")
    page.get_by_role("button", name="Cho phép chấm" if vi else "Allow to score").click()
    expect(page.locator("main")).to_contain_text(
        "Người đánh giá bất đồng" if vi else "Reviewers disagree"
    )
    expect(page.locator("main")).to_contain_text(professor.display_name)
    for to, rationale in (("shortlisted", "Đủ điều kiện"), ("selected", "Tác động lớn nhất")):
        form = page.locator(f"#solution-{sensors.pk} form")
        form.locator("select[name=to]").select_option(to)
        form.locator("textarea[name=rationale]").fill(rationale)
        form.locator("button[type=submit]").click()
    post_form(page, "publish").locator("button").click()
    screenshot(page, f"evaluation-board-decided-{locale}")
    fits_the_screen(page)

    # The public reads the rationale and the scores per criterion, reviewers anonymous.
    visitor = new_page(locale=locale)
    visitor.set_viewport_size(SIZES[locale])
    visitor.goto(sensors.get_absolute_url())
    panel = visitor.locator("section[aria-labelledby=evaluation-results-title]")
    expect(panel).to_contain_text("Tác động lớn nhất")
    expect(panel).to_contain_text("Tác động")
    expect(panel.locator("svg")).to_be_visible()
    for person in reviewers:
        expect(panel).not_to_contain_text(person.display_name)
    expect(panel).not_to_contain_text("Nhận xét 10")
    screenshot(visitor, f"evaluation-public-solution-{locale}")
    fits_the_screen(visitor)
