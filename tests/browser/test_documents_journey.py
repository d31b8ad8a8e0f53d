"""Documents in Chromium: a solution's lead attaches a confidential PDF shown also to the
assigned reviewers; the reviewer sees and downloads it; a member of another organisation sees
neither the document nor, through a guessed URL, its content. Vietnamese on a 360 px phone,
English at 1366 px; screenshots saved."""

import pytest
from playwright.sync_api import expect

from evaluation import services
from evaluation.models import Assignment, Attachment
from tests import samples
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    RubricFactory,
    SolutionFactory,
)

from .test_evaluation_journey import SIZES, sign_in
from .test_journeys import fits_the_screen

WORDS = {
    "vi-VN": {
        "attach": "Đính kèm",
        "manage": "Quản lý tài liệu",
        "badge": "Mật, cả người đánh giá",
    },
    "en-US": {
        "attach": "Attach",
        "manage": "Manage the documents",
        "badge": "Confidential, reviewers too",
    },
}


@pytest.fixture
def cast(db):
    city = OrganisationFactory(name="Sở Xây dựng", sector="government", verified=True)
    project = ProjectFactory(organisation=city, slug="chong-ngap", status="in_review")
    manager = MembershipFactory(organisation=city, role="manager").user
    company = OrganisationFactory(name="SongFlow", sector="enterprise", verified=True)
    sensors = SolutionFactory(project=project, lead_organisation=company, title="Cảm biến ngập")
    rubric = RubricFactory(project=project)
    reviewer = MembershipFactory(
        organisation=OrganisationFactory(sector="academia"), user__display_name="GS. Lâm"
    ).user
    services.reviewer_invite(rubric=rubric, email=reviewer.email, by=manager)
    services.declaration_make(
        assignment=Assignment.objects.get(reviewer__user=reviewer, solution=sensors),
        by=reviewer,
        relationship="none",
    )
    outsider = MembershipFactory(organisation=OrganisationFactory(sector="enterprise")).user
    return sensors, reviewer, outsider


@pytest.mark.parametrize("locale", list(SIZES))
def test_a_confidential_pdf_reaches_the_reviewer_and_no_one_else(
    new_page, screenshot, cast, locale
):
    sensors, reviewer, outsider = cast
    words = WORDS[locale]
    for person in (sensors.lead_user, reviewer, outsider):
        person.preferred_language = locale[:2]
        person.save(update_fields=["preferred_language"])
    page = new_page(locale=locale)
    page.set_viewport_size(SIZES[locale])

    # The lead attaches the budget, for the consortium and the assigned reviewers.
    sign_in(page, sensors.lead_user)
    page.goto(sensors.get_absolute_url())
    page.get_by_role("link", name=words["manage"]).click()
    page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "du-toan.pdf", "mimeType": "application/pdf", "buffer": samples.MINIMAL_PDF}
        ],
    )
    page.check("input[name=visibility][value=reviewers]")
    page.get_by_role("button", name=words["attach"], exact=True).click()
    expect(page.get_by_role("link", name="du-toan.pdf")).to_be_visible()
    fits_the_screen(page)
    screenshot(page, f"documents-lead-{locale}")
    document = Attachment.objects.get()
    assert document.visibility == "reviewers"

    # The assigned reviewer sees it on the solution's page and downloads it.
    sign_in(page, reviewer)
    page.goto(sensors.get_absolute_url())
    link = page.get_by_role("link", name="du-toan.pdf")
    expect(link).to_be_visible()
    expect(page.get_by_text(words["badge"])).to_be_visible()
    fits_the_screen(page)
    screenshot(page, f"documents-reviewer-{locale}")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "du-toan.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == samples.MINIMAL_PDF

    # Another organisation's member: nothing on the page, a 404 on the guessed URL.
    sign_in(page, outsider)
    page.goto(sensors.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Cảm biến ngập")
    expect(page.get_by_text("du-toan.pdf")).to_have_count(0)
    response = page.request.get(document.get_absolute_url())
    assert response.status == 404
    assert samples.MINIMAL_PDF not in response.body()
    screenshot(page, f"documents-outsider-{locale}")
