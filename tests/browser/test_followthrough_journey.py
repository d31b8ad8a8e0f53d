"""Journey 7 in Chromium: the selected consortium posts milestones and an update with an image,
a follower is notified, the project completes and its manager records the results that the
public reads. Vietnamese on a 360 px phone, English at 1366 px; screenshots saved."""

import pytest
from playwright.sync_api import expect

from core.recount import recount
from projects import services as project_services
from projects.models import ConsortiumPartner
from tests.conftest import ROW_COUNTERS
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory, SolutionFactory

from .test_evaluation_journey import SIZES, post_form, sign_in
from .test_journeys import fits_the_screen, loaded_width, small_png


@pytest.fixture
def journey(db):
    city = OrganisationFactory(name="Sở Xây dựng", sector="government", verified=True)
    project = ProjectFactory(
        organisation=city,
        title="Chống ngập cho phường Phú Cường",
        slug="chong-ngap-phu-cuong",
        status="in_progress",
        budget_vnd=2_000_000_000,
    )
    manager = MembershipFactory(organisation=city, role="manager").user
    company = OrganisationFactory(name="SongFlow", sector="enterprise", verified=True)
    university = OrganisationFactory(name="Đại học Thủ Dầu Một", sector="academia", verified=True)
    engineer = MembershipFactory(
        organisation=company, role="manager", user__display_name="Kỹ sư Mai"
    ).user
    sensors = SolutionFactory(
        project=project,
        lead_organisation=company,
        lead_user=engineer,
        title="Cảm biến ngập",
        status="selected",
    )
    ConsortiumPartner.objects.create(
        solution=sensors, organisation=university, role="research", status="accepted"
    )
    follower = MembershipFactory(
        organisation=OrganisationFactory(sector="community"), user__display_name="Cô Hạnh"
    ).user
    project_services.follow(project=project, by=follower)
    # The factories write rows without their counters (the solutions' count).
    recount(fix=True, only=ROW_COUNTERS)
    return project, manager, engineer, follower, sensors


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_journey_7(new_page, screenshot, journey, locale, tmp_path):
    project, manager, engineer, follower, sensors = journey
    vi = locale == "vi-VN"
    for person in (manager, engineer, follower):
        person.preferred_language = "vi" if vi else "en"
        person.save()
    page = new_page(locale=locale)
    page.set_viewport_size(SIZES[locale])

    # The selected consortium's engineer adds two milestones and posts an update with a photo.
    sign_in(page, engineer)
    page.goto(project.get_absolute_url())
    link = "Đăng tin cập nhật hoặc mốc tiến độ" if vi else "Post an update or a milestone"
    page.get_by_role("link", name=link).click()
    for title, due, status, progress in (
        ("Lắp 20 cảm biến", "2026-01-15", "done", "100"),
        ("Cảnh báo qua SMS", "2099-03-01", "in_progress", "40"),
    ):
        form = post_form(page, "milestone")
        form.locator("input[name=milestone-title]").fill(title)
        form.locator("input[name=milestone-due_on]").fill(due)
        form.locator("select[name=milestone-status]").select_option(status)
        form.locator("input[name=milestone-progress]").fill(progress)
        form.locator("button[type=submit]").click()
        expect(page.locator("main")).to_contain_text(title)
    form = post_form(page, "update")
    form.locator("input[name=update-title]").fill("Tuần đầu vận hành")
    form.locator("textarea[name=update-body]").fill("Đã gửi **1.200** tin nhắn cảnh báo.")
    form.locator("input[name=update-image]").set_input_files(small_png(tmp_path / "anh.png"))
    form.locator("input[name=update-image_alt]").fill("Cảm biến trên cầu")
    form.locator("button[type=submit]").click()
    told = "Người theo dõi sẽ được thông báo" if vi else "Followers are told"
    expect(page.locator("body")).to_contain_text(told)
    screenshot(page, f"followthrough-team-{locale}")
    fits_the_screen(page)

    page.goto(project.get_absolute_url())
    timeline = page.locator("#follow-through")
    expect(timeline).to_contain_text("70 %")
    expect(timeline.locator("progress")).to_have_attribute("value", "70")
    photo = timeline.locator("img[alt='Cảm biến trên cầu']")
    expect(photo).to_be_visible()
    assert loaded_width(photo) == 64
    expect(timeline.locator("strong")).to_contain_text("1.200")
    expect(page.locator("#solutions-title")).to_have_text("1 giải pháp" if vi else "1 solution")
    screenshot(page, f"followthrough-timeline-{locale}")
    fits_the_screen(page)

    # The follower is notified.
    sign_in(page, follower)
    page.goto("/notifications/")
    news = "Tin mới của" if vi else "News of"
    expect(page.locator("main")).to_contain_text(f"{news} “{project.title}”: Tuần đầu vận hành")
    screenshot(page, f"followthrough-notified-{locale}")

    # The manager completes the project and records its results.
    sign_in(page, manager)
    page.goto(project.get_absolute_url())
    done = "Đã hoàn thành" if vi else "Completed"
    page.locator("button[name=to][value=completed]").click()
    expect(page.locator("main")).to_contain_text(done)
    page.goto(f"/evaluation/{project.slug}/follow-through/")
    form = post_form(page, "results")
    form.locator("textarea[name=results-delivered]").fill("20 cảm biến và cảnh báo SMS.")
    form.locator("input[name=results-budget_used_vnd]").fill("1800000000")
    form.locator(f"input[name=results-solutions][value='{sensors.pk}']").check()
    form.locator("textarea[name=results-lessons]").fill("Cần loa phường cho người cao tuổi.")
    form.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("Đã lưu kết quả" if vi else "Results saved")

    # The public reads the results.
    page.context.clear_cookies()
    page.goto(project.get_absolute_url())
    results = page.locator("#follow-through")
    expect(results).to_contain_text("20 cảm biến và cảnh báo SMS.")
    expect(results).to_contain_text("90 %")
    expect(results.get_by_role("link", name="Cảm biến ngập")).to_be_visible()
    screenshot(page, f"followthrough-results-{locale}")
    fits_the_screen(page)
