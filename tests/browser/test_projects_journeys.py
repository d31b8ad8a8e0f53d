"""Projects, solutions, supports, follows and comments in a real browser (PRODUCT.md journeys 1-2).

Helix's wording for projects is still being translated, so, as in test_journeys.py, elements are
found by what they do (a form's action, a link's address, a field's name, ids, aria attributes)
and the language is checked on <html lang> and on django-allauth's translated titles.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from core.choices import District
from organisations.models import Role, Sector
from projects import services
from projects.models import Comment, ConsortiumPartner, Follow, Project, Solution, Theme, Vote
from tests.browser.test_journeys import (
    ENGLISH,
    VIETNAMESE,
    Language,
    confirm_email,
    expect_heading,
    expect_language,
    fits_the_screen,
    language_button,
    nav_link,
    open_filters,
    sign_in,
    sign_up,
)
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)

# Journey 1 in Vietnamese on a phone, and in English on a desktop.
CITIZEN_VARIANTS = pytest.mark.parametrize(
    ("lang", "viewport", "switch_to"),
    [(VIETNAMESE, "phone", ENGLISH), (ENGLISH, "desktop", VIETNAMESE)],
    ids=["vi-phone", "en-desktop"],
)


# --- Helpers ---------------------------------------------------------------------------------


def number(value: int) -> re.Pattern:
    """A text whose only number is `value` ("3 supports", "3 lượt ủng hộ")."""
    return re.compile(rf"^\D*{value}\D*$")


def mark_the_page(page: Page) -> None:
    """A marker that a full page load would wipe out: see `not_reloaded`."""
    page.evaluate("window.__marker = 1")


def not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__marker") == 1, f"{page.url} was reloaded"


def support_button(page: Page, kind: str, pk: int):
    return page.locator(f"#support-{kind}-{pk} form.toggle-form button[type=submit]")


def support_count(page: Page, kind: str, pk: int):
    return page.locator(f"#support-{kind}-{pk}-count")


def breakdown_value(page: Page, kind: str, pk: int, sector: str):
    """The "count · percent" of one sector in a support breakdown."""
    return page.locator(
        f"#support-{kind}-{pk}-breakdown .breakdown__row"
        f":has(.breakdown__fill--{sector}) .breakdown__value"
    )


def comment_form(page: Page):
    return page.locator("#comment-thread form.comment-form")


def follow_button(page: Page):
    return page.locator("#follow form.toggle-form button[type=submit]")


def project_cards(page: Page):
    return page.locator("main .project-card")


def card_link(page: Page, project: Project):
    return page.locator(f"main .project-card a[href='{project.get_absolute_url()}']")


def filter_projects(page: Page, **values: str) -> None:
    """Choose values in the list's filters and show the projects."""
    open_filters(page)
    form = page.locator("main form.filters--projects")
    for name, value in values.items():
        form.locator(f"select[name={name}]").select_option(value)
    form.locator("button[type=submit]").click()


def decide_button(page: Page, solution: Solution, to: str):
    action = f"{solution.get_absolute_url()}decide/"
    return page.locator(f"form[action='{action}'] button[name=to][value={to}]")


# --- 1. A citizen ----------------------------------------------------------------------------


@CITIZEN_VARIANTS
def test_a_citizen_finds_a_project_in_her_district_and_takes_part(
    new_page, mailoutbox, screenshot, lang: Language, viewport: str, switch_to: Language
):
    city = OrganisationFactory(
        name="UBND thành phố Dĩ An",
        sector=Sector.GOVERNMENT,
        district=District.DI_AN,
        verified=True,
    )
    hers = ProjectFactory(
        organisation=city,
        title="Cảnh báo ngập đường Trần Hưng Đạo",
        summary="Báo cho người dân trước khi nước lên.",
        district=District.DI_AN,
        theme=Theme.FLOODING_WATER,
        solution_count=1,
    )
    elsewhere = ProjectFactory(
        title="Xe buýt thông minh Thuận An",
        district=District.THUAN_AN,
        theme=Theme.SMART_MOBILITY,
    )
    in_review = ProjectFactory(
        organisation=city, title="Đèn đường tiết kiệm năng lượng", status=Project.Status.IN_REVIEW
    )
    company = OrganisationFactory(name="Công ty Cảm biến Đông Á", verified=True)
    solution = SolutionFactory(
        project=hers, lead_organisation=company, title="Cảm biến mực nước và tin nhắn SMS"
    )
    for _ in range(2):  # two engineers of the company already support it
        engineer = MembershipFactory(organisation=company).user
        services.vote_cast(subject=solution, by=engineer)
    neighbour = UserFactory(display_name="Trần Văn Hùng", preferred_language=lang.code)
    email = f"lan-{lang.code}@example.org"
    page = new_page(viewport=viewport, locale=lang.locale)

    # From the home page she goes to the open projects: the one in review is not among them
    page.goto("/")
    expect_language(page, lang.code)
    page.locator("main a[href='/projects/?status=open']").first.click()
    expect(page).to_have_url(re.compile(r"/projects/\?status=open$"))
    expect(page.locator("main select[name=status]")).to_have_value("open")
    expect(card_link(page, hers)).to_be_visible()
    expect(card_link(page, elsewhere)).to_be_visible()
    expect(card_link(page, in_review)).to_have_count(0)
    expect(project_cards(page)).to_have_count(2)

    # She narrows them down to her district: Thuận An's project goes
    filter_projects(page, district=District.DI_AN)
    expect(page).to_have_url(re.compile(r"[?&]district=di-an(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]status=open(&|$)"))
    expect(card_link(page, elsewhere)).to_have_count(0)
    expect(project_cards(page)).to_have_count(1)
    expect(card_link(page, hers)).to_be_visible()
    expect_language(page, lang.code)
    screenshot(page, f"projects-list-{viewport}-{lang.code}")
    if viewport == "phone":
        fits_the_screen(page)

    # She opens the project; to follow it she is offered to sign in, and comes back after
    card_link(page, hers).click()
    project_path = hers.get_absolute_url()
    expect(page).to_have_url(re.compile(rf"{project_path}$"))
    expect_heading(page, hers.title)
    expect(page.locator(f"#solution-{solution.pk}")).to_be_visible()
    screenshot(page, f"projects-detail-{viewport}-{lang.code}")
    if viewport == "phone":
        fits_the_screen(page)
    sign_in_link = page.locator("#follow a[href^='/accounts/login/']")
    expect(sign_in_link).to_have_attribute("href", f"/accounts/login/?next={project_path}")
    sign_in_link.click()
    expect_heading(page, lang.sign_in)
    sign_up_link = page.locator("main a[href^='/accounts/signup/']")
    expect(sign_up_link).to_have_attribute("href", re.compile(r"next=%2Fprojects%2F"))
    sign_up_link.click()
    sign_up(page, lang, email=email, name="Nguyễn Thị Lan", password="flood-Sensor-2026")
    confirm_email(page, lang, email=email)
    expect(page).to_have_url(re.compile(rf"{project_path}$"))
    expect_language(page, lang.code)
    lan = User.objects.get(email=email)
    assert lan.preferred_language == lang.code
    mark_the_page(page)

    # She follows it: the button and the follower count change in place
    follow = follow_button(page)
    expect(follow).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#follower-count")).to_have_text(number(0))
    follow.click()
    expect(follow_button(page)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#follower-count")).to_have_text(number(1))
    assert Follow.objects.filter(user=lan, project=hers).exists()
    not_reloaded(page)

    # She supports the solution: its count goes from 2 to 3, and community now has a share
    expect(support_count(page, "solution", solution.pk)).to_have_text(number(2))
    expect(breakdown_value(page, "solution", solution.pk, "community")).to_have_text("0 · 0%")
    support_button(page, "solution", solution.pk).click()
    expect(support_button(page, "solution", solution.pk)).to_have_attribute("aria-pressed", "true")
    expect(support_count(page, "solution", solution.pk)).to_have_text(number(3))
    expect(breakdown_value(page, "solution", solution.pk, "community")).to_have_text("1 · 33%")
    expect(breakdown_value(page, "solution", solution.pk, "enterprise")).to_have_text("2 · 67%")
    assert Vote.objects.get(user=lan, solution=solution).sector == Sector.COMMUNITY
    not_reloaded(page)

    # She comments on the project
    expect(page.locator("#comment-count")).to_have_text("0")
    form = comment_form(page)
    form.locator("textarea[name=body]").fill("Đường Trần Hưng Đạo ngập **mỗi chiều mưa**.")
    form.locator("button[type=submit]").click()
    expect(page.locator("#comment-count")).to_have_text("1")
    comment = Comment.objects.get(author=lan)
    expect(page.locator(f"#comment-{comment.pk} .prose strong")).to_have_text("mỗi chiều mưa")
    expect(comment_form(page).locator("textarea[name=body]")).to_have_value("")
    not_reloaded(page)

    # A neighbour, signed in elsewhere, replies to her comment
    other = new_page(locale=lang.locale)
    sign_in(other, lang, email=neighbour.email, password=PASSWORD)
    other.goto(project_path)
    replying = other.locator(f"#comment-{comment.pk} > article details:has(#reply-{comment.pk})")
    replying.locator("summary").click()
    other.fill(f"#reply-{comment.pk}", "Cả đường Nguyễn An Ninh nữa.")
    replying.locator("button[type=submit]").click()
    replies = other.locator(f"#comment-{comment.pk} .comment-list--replies > li.comment")
    expect(replies).to_have_count(1)
    expect(replies).to_contain_text("Cả đường Nguyễn An Ninh nữa.")

    # She sees the reply under her comment when she reloads the page
    page.reload()
    replies = page.locator(f"#comment-{comment.pk} .comment-list--replies > li.comment")
    expect(replies).to_have_count(1)
    expect(replies).to_contain_text("Trần Văn Hùng")
    expect(replies).to_contain_text("Cả đường Nguyễn An Ninh nữa.")
    expect(page.locator("#comment-count")).to_have_text("2")

    # She switches language with the header switcher, staying on the project
    language_button(page, switch_to).click()
    expect_language(page, switch_to.code)
    expect(page).to_have_url(re.compile(rf"{project_path}$"))
    expect(language_button(page, switch_to)).to_have_attribute("aria-pressed", "true")
    lan.refresh_from_db()
    assert lan.preferred_language == switch_to.code


# --- 2. An enterprise engineer, a university and the project's owner -------------------------


def test_an_engineer_proposes_a_solution_with_a_university_that_the_owner_shortlists(
    new_page, screenshot
):
    engineer = MembershipFactory(
        organisation__name="Becamex Smart Sensors",
        organisation__sector=Sector.ENTERPRISE,
        organisation__verified=True,
        role=Role.OWNER,
        user__display_name="Phạm Quốc Việt",
    )
    company, engineer = engineer.organisation, engineer.user
    university = OrganisationFactory(
        name="Trường Đại học Thủ Dầu Một", sector=Sector.ACADEMIA, verified=True
    )
    professor = MembershipFactory(organisation=university, role=Role.OWNER).user
    unverified = OrganisationFactory(name="Viện chưa xác minh", sector=Sector.ACADEMIA)
    department = OrganisationFactory(
        name="Sở Xây dựng Bình Dương", sector=Sector.GOVERNMENT, verified=True
    )
    officer = MembershipFactory(organisation=department, role=Role.MANAGER).user
    wanted = ProjectFactory(
        organisation=department,
        title="Flood early warning for Thủ Dầu Một",
        seeks_enterprise=True,
        seeks_academia=True,
    )
    citizens_only = ProjectFactory(
        organisation=department,
        title="Neighbourhood clean-up days",
        theme=Theme.ENVIRONMENT,
        seeks_enterprise=False,
        seeks_academia=False,
        seeks_community=True,
    )
    page = new_page()
    sign_in(page, ENGLISH, email=engineer.email, password=PASSWORD)

    # He looks for projects that seek enterprise partners
    nav_link(page, "/projects/").click()
    expect(card_link(page, citizens_only)).to_be_visible()
    filter_projects(page, seeks=Sector.ENTERPRISE)
    expect(page).to_have_url(re.compile(r"[?&]seeks=enterprise(&|$)"))
    expect(card_link(page, citizens_only)).to_have_count(0)
    expect(project_cards(page)).to_have_count(1)
    screenshot(page, "projects-list-desktop-seeks-enterprise")
    card_link(page, wanted).click()
    expect_heading(page, wanted.title)

    # He proposes a solution led by his company, with the university as a partner
    propose = f"{wanted.get_absolute_url()}propose/"
    page.locator(f"main a[href='{propose}']").click()
    expect(page).to_have_url(re.compile(rf"{propose}$"))
    page.select_option("select[name=lead_organisation]", str(company.pk))
    page.fill("input[name=title]", "River sensors with TDMU flood models")
    page.fill("textarea[name=summary]", "Forty sensors, a flood model and SMS alerts.")
    page.fill("textarea[name=description]", "Sensors on the **Thị Tính** river.")
    page.fill("input[name=estimated_cost_vnd]", "1500000000")
    page.fill("input[name=duration_months]", "9")
    expect(page.locator(f"input[name=partners][value='{unverified.pk}']")).to_have_count(0)
    page.check(f"input[name=partners][value='{university.pk}']")
    page.fill("input[name=partner_role]", "research partner: flood models")
    page.locator("main .preview button").click()  # the Markdown preview, with htmx
    expect(page.locator("#id_description-preview strong")).to_have_text("Thị Tính")
    screenshot(page, "projects-propose-form")
    page.locator("main form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"{wanted.get_absolute_url()}solutions/\d+/$"))
    expect(page.locator(".message--success")).to_be_visible()
    solution = Solution.objects.get()
    assert (solution.lead_organisation, solution.lead_user) == (company, engineer)
    partner = ConsortiumPartner.objects.get()
    assert (partner.organisation, partner.role) == (university, "research partner: flood models")
    assert partner.status == ConsortiumPartner.Status.INVITED
    solution_path = solution.get_absolute_url()
    consortium = "main section[aria-labelledby=consortium-title]"
    university_link = f"{consortium} a[href='{university.get_absolute_url()}']"
    expect(page.locator(university_link)).to_be_visible()  # the lead sees it, still invited

    # The public does not see the university until it accepts
    public = new_page()
    public.goto(solution_path)
    expect(public.locator(f"{consortium} a[href='{company.get_absolute_url()}']")).to_be_visible()
    expect(public.locator(university_link)).to_have_count(0)

    # The university's owner finds the invitation on My Helix and accepts it
    academic = new_page()
    sign_in(academic, ENGLISH, email=professor.email, password=PASSWORD)
    answer = f"/projects/partnerships/{partner.pk}/"
    # What waits for her (the latest notifications below link to the same page)
    waiting = "main section[aria-labelledby=waiting-title]"
    academic.locator(f"{waiting} a[href='{answer}']").click()
    expect(academic).to_have_url(re.compile(rf"{answer}$"))
    academic.locator("button[name=answer][value=accept]").click()
    expect(academic).to_have_url(re.compile(rf"{solution_path}$"))
    expect(academic.locator(".message--success")).to_be_visible()
    partner.refresh_from_db()
    assert (partner.status, partner.answered_by) == (ConsortiumPartner.Status.ACCEPTED, professor)
    academic.goto("/me/")
    expect(academic.locator(f"{waiting} a[href='{answer}']")).to_have_count(0)

    # Now everyone sees the university as a partner, with its role
    public.reload()
    row = public.locator(f"{consortium} li:has(a[href='{university.get_absolute_url()}'])")
    expect(row).to_be_visible()
    expect(row).to_contain_text("research partner: flood models")
    expect(row.locator(f".badge--{Sector.ACADEMIA}")).to_be_visible()
    public.goto(wanted.get_absolute_url())
    expect(
        public.locator(f"#solution-{solution.pk} a[href='{university.get_absolute_url()}']")
    ).to_be_visible()

    # The project's owner shortlists the solution from the project page
    owner = new_page()
    sign_in(owner, ENGLISH, email=officer.email, password=PASSWORD)
    owner.goto(wanted.get_absolute_url())
    expect(decide_button(owner, solution, "selected")).to_have_count(0)  # shortlist first
    decide_button(owner, solution, "shortlisted").click()
    expect(owner).to_have_url(re.compile(rf"{wanted.get_absolute_url()}$"))
    expect(owner.locator(".message--success")).to_be_visible()
    expect(owner.locator(f"#solution-{solution.pk} .badge--shortlisted")).to_be_visible()
    expect(decide_button(owner, solution, "selected")).to_be_visible()
    solution.refresh_from_db()
    assert solution.status == Solution.Status.SHORTLISTED

    # Its status shows shortlisted on its page, for everyone
    public.goto(solution_path)
    expect(public.locator("main header .badge--shortlisted")).to_be_visible()
    expect(decide_button(public, solution, "selected")).to_have_count(0)
    screenshot(public, "projects-solution")


# --- 3. Without JavaScript -------------------------------------------------------------------


def test_supporting_following_and_commenting_work_without_javascript(new_page, screenshot):
    project = ProjectFactory(title="Cây xanh cho Bến Cát", district=District.BEN_CAT)
    citizen = UserFactory(display_name="Lê Thị Mai")
    page = new_page(viewport="phone", locale="vi-VN", java_script_enabled=False)
    sign_in(page, VIETNAMESE, email=citizen.email, password=PASSWORD)
    page.goto(project.get_absolute_url())
    expect(page.locator("main .preview.js-only").first).to_be_hidden()  # needs htmx

    # Supporting posts the form and comes back to the support panel, with a message
    support_button(page, "project", project.pk).click()
    expect(page).to_have_url(re.compile(rf"{project.get_absolute_url()}#support-project-"))
    expect(page.locator(".message--success")).to_be_visible()
    expect(support_count(page, "project", project.pk)).to_have_text(number(1))
    expect(support_button(page, "project", project.pk)).to_have_attribute("aria-pressed", "true")
    expect(breakdown_value(page, "project", project.pk, "community")).to_have_text("1 · 100%")

    # So does following
    follow_button(page).click()
    expect(page).to_have_url(re.compile(r"#follow$"))
    expect(page.locator(".message--success")).to_be_visible()
    expect(follow_button(page)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#follower-count")).to_have_text(number(1))

    # And commenting
    comment_form(page).locator("textarea[name=body]").fill("Trồng thêm cây ở chợ Bến Cát.")
    comment_form(page).locator("button[type=submit]").click()
    comment = Comment.objects.get()
    expect(page).to_have_url(re.compile(rf"#comment-{comment.pk}$"))
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("#comment-count")).to_have_text("1")
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Trồng thêm cây ở chợ Bến Cát.")
    screenshot(page, "projects-detail-phone-no-js")
    fits_the_screen(page)

    project.refresh_from_db()
    assert (project.support_count, project.follower_count, project.comment_count) == (1, 1, 1)
