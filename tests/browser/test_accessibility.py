"""axe-core (bundled by the PyPI package axe-playwright-python: nothing downloaded at run time)
on Helix's main pages: both languages, anonymous and signed in, at 360 and 1366 px. Any
violation of impact moderate or above fails, with its rule and elements named."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from organisations.models import Role
from tests.browser.test_journeys import ENGLISH, VIETNAMESE, sign_in
from tests.factories import (
    PASSWORD,
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
)

FAILING_IMPACTS = {"moderate", "serious", "critical"}
AXE = Axe()


@pytest.fixture
def world():
    organisation = OrganisationFactory(
        name="Công ty Cổ phần Nước Bình Dương", verified=True, description="Cấp nước sạch."
    )
    organisation.expertise.set(["cấp nước", "GIS"])
    project = ProjectFactory(organisation=organisation, title="Chống ngập Đại lộ Bình Dương")
    project.tags.set(["ngập lụt"])
    solution = SolutionFactory(project=project, title="Cảm biến mực nước giá rẻ")
    CommentFactory(project=project, body="Nên lắp thêm cảm biến ở cầu Ông Cộ.")
    owner = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    return {
        "pages": [
            "/",
            "/projects/",
            project.get_absolute_url(),
            solution.get_absolute_url(),
            "/organisations/",
            organisation.get_absolute_url(),
            "/matchmaking/offers/",
            "/accounts/login/",
            "/no-such-page/",
            "/search/?q=ngap+lut",
        ],
        "signed_in_pages": [
            "/me/",
            "/notifications/",
            "/organisations/new/",
            f"{organisation.get_absolute_url()}edit/",
            f"{project.get_absolute_url()}propose/",
        ],
        "owner": owner,
    }


def violations(page) -> list[str]:
    found = AXE.run(page).response["violations"]
    return [
        f"{page.url} [{v['impact']}] {v['id']}: "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in found
        if v["impact"] in FAILING_IMPACTS
    ]


@pytest.mark.parametrize("viewport", ["phone360", "laptop"])
@pytest.mark.parametrize("lang", [VIETNAMESE, ENGLISH], ids=lambda lang: lang.code)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_the_main_pages_have_no_moderate_or_worse_axe_violation(
    new_page, world, viewport, lang, signed_in
):
    page = new_page(viewport=viewport, locale=lang.locale)
    pages = list(world["pages"])
    if signed_in:
        sign_in(page, lang, email=world["owner"].email, password=PASSWORD)
        pages += world["signed_in_pages"]

    found = []
    for path in pages:
        page.goto(path)
        found += violations(page)

    assert found == []


# The two readers' own markup, which Helix does not write: Swagger UI nests its "copy" and
# "lock" buttons inside each operation's button and puts its own <main> around the operations
# only (leaving its title outside any landmark); both skip heading levels in the operations.
# Everything else (contrast, language, landmarks) is held to the same rule as Helix's pages.
THIRD_PARTY_MARKUP = {
    "/api/docs/": {"heading-order", "nested-interactive", "region"},
    "/api/redoc/": {"heading-order"},
}


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_api_documentation_has_no_moderate_or_worse_axe_violation(new_page, path):
    page = new_page(viewport="laptop")
    page.goto(path)
    page.wait_for_load_state("networkidle")

    found = [
        v
        for v in violations(page)
        if v.split("] ")[1].split(":")[0] not in THIRD_PARTY_MARKUP[path]
    ]
    assert found == []
