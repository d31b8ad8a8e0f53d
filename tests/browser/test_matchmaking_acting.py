"""Journey 5, acting on a match, in Chromium: the lab expresses interest in a flooding project
with a pledge; the project's manager sees it waiting on My Helix, and the lab among the
organisations that could help on the project's page, and accepts; both see each
other's contact persons; the project counts the resource committed; the lab goes to the
propose form with itself as a partner (Vietnamese) or as lead (English) and proposes; both
are notified. Vietnamese on a 360 px phone, English at 1366 px; screenshots saved."""

import re

import pytest
from playwright.sync_api import expect

from matchmaking import services
from projects.models import Solution
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, ProjectFactory

from .test_journeys import fits_the_screen

SIZES = {"vi-VN": {"width": 360, "height": 780}, "en-US": {"width": 1366, "height": 900}}


@pytest.fixture
def journey(db):
    lab = OrganisationFactory(
        name="Phòng thí nghiệm Thủy văn",
        slug="phong-thi-nghiem-thuy-van",
        sector="academia",
        verified=True,
        description="Nghiên cứu thủy văn, cảnh báo ngập lụt, cảm biến mực nước.",
    )
    lab.expertise.set(["thủy văn", "GIS"])
    owner = MembershipFactory(
        organisation=lab, role="owner", user__display_name="TS. Lan", user__email="lan@lab.example"
    ).user
    services.resource_create(
        organisation=lab,
        by=owner,
        kind="testbed",
        title="Bể thử ngập lụt",
        description="Bể mô phỏng dòng chảy và cảm biến.",
    )
    project = ProjectFactory(
        title="Cảnh báo ngập lụt cho phường Phú Cường",
        slug="canh-bao-ngap-lut",
        summary="Báo trước cho cư dân khi nước lên.",
        description="Cảm biến mực nước và bản đồ GIS các điểm ngập.",
        seeks_academia=True,
    )
    project.tags.set(["thủy văn", "GIS"])
    manager = MembershipFactory(
        organisation=project.organisation,
        role="manager",
        user__display_name="Chị Hà",
        user__email="ha@city.example",
    ).user
    services.matches_refresh_all()
    return lab, owner, project, manager


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/me/$"))


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_the_lab_pledges_the_manager_accepts_the_lab_proposes(
    new_page, screenshot, journey, locale
):
    lab, owner, project, manager = journey
    vi = locale == "vi-VN"
    for user in (owner, manager):
        user.preferred_language = "vi" if vi else "en"
        user.save()

    # The lab's owner: "Projects for you", express interest with a pledge.
    lab_page = new_page(locale=locale)
    lab_page.set_viewport_size(SIZES[locale])
    sign_in(lab_page, owner)
    lab_page.goto(f"/matchmaking/organisations/{lab.slug}/projects/")
    match = lab_page.locator(".match", has_text=project.title)
    match.locator("summary").click()
    match.get_by_label("Lời nhắn" if vi else "Message").fill("Bể thử của chúng tôi sẵn sàng.")
    match.get_by_label(
        "Cam kết một đề nghị cung cấp của bạn" if vi else "Pledge one of your offers"
    ).select_option(label="Bể thử ngập lụt")
    screenshot(lab_page, f"matchmaking-interest-form-{locale}")
    fits_the_screen(lab_page)
    match.get_by_role("button", name="Gửi bày tỏ quan tâm" if vi else "Send the interest").click()
    expect(lab_page.locator("main")).to_contain_text(
        "Đang chờ phản hồi" if vi else "Waiting for an answer"
    )
    expect(lab_page.locator("main")).not_to_contain_text(manager.email)
    screenshot(lab_page, f"matchmaking-interest-sent-{locale}")
    fits_the_screen(lab_page)

    # The project's manager: My Helix shows it waiting; accept with a message.
    team = new_page(locale=locale)
    team.set_viewport_size(SIZES[locale])
    sign_in(team, manager)
    waiting = team.locator(
        "section", has_text="Đang chờ bạn phản hồi" if vi else "Waiting for your answer"
    ).first
    expect(waiting).to_contain_text(lab.name)
    screenshot(team, f"matchmaking-inbox-{locale}")
    fits_the_screen(team)
    # The project's page lists the lab among the organisations that could help, with its
    # state: an interest is waiting.
    team.goto(project.get_absolute_url())
    helpers = "Tổ chức có thể giúp" if vi else "Organisations that could help"
    expect(team.get_by_role("heading", name=helpers)).to_be_visible()
    expect(team.locator(".matches")).to_contain_text(lab.name)
    screenshot(team, f"matchmaking-team-sees-the-lab-{locale}")
    team.go_back()
    waiting.get_by_role("link", name=re.compile(re.escape(lab.name))).first.click()
    team.get_by_label(
        "Lời nhắn kèm phản hồi (không bắt buộc)" if vi else "Message with your answer (optional)"
    ).fill("Hẹn gặp tuần sau.")
    team.get_by_role("button", name="Chấp nhận" if vi else "Accept").click()
    contacts = team.locator("section", has_text="Người liên hệ" if vi else "Contact persons")
    expect(contacts).to_contain_text(owner.email)
    screenshot(team, f"matchmaking-accepted-{locale}")
    fits_the_screen(team)

    team.goto(project.get_absolute_url())
    expect(team.locator("main")).to_contain_text(
        "1 nguồn lực đã cam kết" if vi else "1 resource committed"
    )
    expect(team.locator("main")).to_contain_text("Bể thử ngập lụt")
    screenshot(team, f"matchmaking-committed-{locale}")
    fits_the_screen(team)

    # The lab: the manager's contact, then the propose form: in Vietnamese with the lab as a
    # partner (its owner proposing as herself), in English with the lab as lead.
    lab_page.reload()
    expect(lab_page.locator("main")).to_contain_text(manager.email)
    if vi:
        lab_page.get_by_role("link", name=re.compile("làm đối tác")).click()
        expect(lab_page.locator(f"input[name=partners][value='{lab.pk}']")).to_be_checked()
        lab_page.fill("input[name=partner_role]", "Bể thử và phân tích dữ liệu")
    else:
        lab_page.get_by_role("link", name=re.compile("as lead")).click()
        expect(lab_page.locator("select[name=lead_organisation]")).to_have_value(str(lab.pk))
    lab_page.fill("input[name=title]", "Bể thử cho cảnh báo ngập")
    lab_page.fill("textarea[name=summary]", "Thử cảm biến trong bể trước khi lắp ngoài phố.")
    lab_page.fill("textarea[name=description]", "Ba tháng thử nghiệm, rồi lắp 10 trạm.")
    screenshot(lab_page, f"matchmaking-propose-{locale}")
    fits_the_screen(lab_page)
    lab_page.locator("main form button[type=submit]").last.click()
    expect(lab_page.locator("main")).to_contain_text("Bể thử cho cảnh báo ngập")
    solution = Solution.objects.get()
    if vi:
        assert solution.lead_organisation is None
        assert solution.partners.filter(organisation=lab).exists()
    else:
        assert solution.lead_organisation == lab

    # Both were told.
    lab_page.goto("/notifications/")
    expect(lab_page.locator("main")).to_contain_text(
        "đã chấp nhận sự quan tâm" if vi else "accepted the interest"
    )
    screenshot(lab_page, f"matchmaking-notifications-lab-{locale}")
    fits_the_screen(lab_page)
    team.goto("/notifications/")
    expect(team.locator("main")).to_contain_text("quan tâm đến" if vi else "is interested in")
    screenshot(team, f"matchmaking-notifications-team-{locale}")
    fits_the_screen(team)
