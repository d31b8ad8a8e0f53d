"""Journey 5 in Chromium: a lab sets an offer, sees projects for it with reasons; the project's
page lists the lab among the organisations that could help; the offers directory finds it
without accents. Vietnamese on a 360 px phone, English at 1366 px; screenshots saved."""

import re

import pytest
from playwright.sync_api import expect

from matchmaking import services
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, ProjectFactory

from .test_journeys import fits_the_screen

SIZES = {"vi-VN": {"width": 360, "height": 780}, "en-US": {"width": 1366, "height": 900}}


@pytest.fixture
def journey(db):
    lab = OrganisationFactory(
        name="Phòng thí nghiệm Thủy văn",
        slug="phong-thi-nghiem-thuy-van",
        sector="academia",
        district="thu-dau-mot",
        verified=True,
        description="Nghiên cứu thủy văn, cảnh báo ngập lụt, cảm biến mực nước.",
    )
    lab.expertise.set(["thủy văn", "GIS", "cảm biến ngập"])
    owner = MembershipFactory(organisation=lab, role="owner", user__preferred_language="vi").user
    project = ProjectFactory(
        title="Cảnh báo ngập lụt cho phường Phú Cường",
        slug="canh-bao-ngap-lut",
        summary="Báo trước cho cư dân khi nước lên.",
        description="Cảm biến mực nước và bản đồ GIS các điểm ngập.",
        seeks_academia=True,
    )
    project.tags.set(["thủy văn", "GIS"])
    manager = MembershipFactory(organisation=project.organisation, role="manager").user
    services.need_create(project=project, by=manager, kind="testbed", title="Nơi thử nghiệm")
    return lab, owner, project


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_journey_5(new_page, screenshot, journey, locale):
    lab, owner, project = journey
    vi = locale == "vi-VN"
    page = new_page(locale=locale)
    page.set_viewport_size(SIZES[locale])
    owner.preferred_language = "vi" if vi else "en"
    owner.save()

    page.goto("/accounts/login/")
    page.fill("input[name=login]", owner.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/me/$"))

    page.goto(f"/matchmaking/organisations/{lab.slug}/capabilities/")
    page.locator("input[name=sectors][value=government]").check()
    page.locator("button[name=sectors_form]").click()
    page.locator("select[name=kind]").select_option("testbed")
    page.fill("input[name=title]", "Bể thử ngập lụt")
    page.fill("textarea[name=description]", "Bể mô phỏng dòng chảy và cảm biến.")
    page.locator("input[name=districts][value=thu-dau-mot]").check()
    page.locator("button[name=resource_form]").click()
    expect(page.locator("main")).to_contain_text("Bể thử ngập lụt")
    screenshot(page, f"matchmaking-capabilities-{locale}")
    fits_the_screen(page)

    page.goto(lab.get_absolute_url())
    projects_for_you = "Dự án dành cho bạn" if vi else "Projects for you"
    expect(page.get_by_role("heading", name=projects_for_you)).to_be_visible()
    expect(page.locator(".matches")).to_contain_text(project.title)
    expect(page.locator(".matches")).to_contain_text("Bể thử ngập lụt")
    screenshot(page, f"matchmaking-organisation-{locale}")
    fits_the_screen(page)

    page.goto("/me/")
    expect(page.locator("main")).to_contain_text(project.title)
    screenshot(page, f"matchmaking-my-helix-{locale}")
    fits_the_screen(page)

    visitor = new_page(locale=locale)
    visitor.set_viewport_size(SIZES[locale])
    visitor.goto(project.get_absolute_url())
    helpers = "Tổ chức có thể giúp" if vi else "Organisations that could help"
    expect(visitor.get_by_role("heading", name=helpers)).to_be_visible()
    expect(visitor.locator(".matches")).to_contain_text(lab.name)
    expect(visitor.locator(".matches")).not_to_contain_text(owner.email)
    screenshot(visitor, f"matchmaking-project-{locale}")
    fits_the_screen(visitor)

    visitor.goto(f"/matchmaking/projects/{project.slug}/organisations/?sector=academia")
    expect(visitor.locator(".matches")).to_contain_text(lab.name)
    screenshot(visitor, f"matchmaking-organisations-for-project-{locale}")
    fits_the_screen(visitor)

    visitor.goto("/matchmaking/offers/?q=be+thu+ngap")
    expect(visitor.locator("main")).to_contain_text("Bể thử ngập lụt")
    screenshot(visitor, f"matchmaking-offers-{locale}")
    fits_the_screen(visitor)
