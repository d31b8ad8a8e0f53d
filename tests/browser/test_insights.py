"""Journey 7's first half in Chromium: a journalist opens the insights page on the demo's data,
filters to the projects that join all four sectors in a district this year, reads the charts'
numbers as tables. Vietnamese on a 360 px phone, English at 1366 px; screenshots saved."""

import pytest
from playwright.sync_api import expect

from helix.demo import load_demo
from insights.tallies import check

from .test_journeys import fits_the_screen, open_menu

SIZES = {"vi-VN": {"width": 360, "height": 780}, "en-US": {"width": 1366, "height": 900}}
TEXT = {
    "vi-VN": {"title": "Các khu vực cùng làm việc", "table": "Xem số liệu dạng bảng"},
    "en-US": {"title": "How the sectors work together", "table": "The numbers as a table"},
}


@pytest.fixture
def demo(db):
    load_demo()
    assert check(fix=False) == []


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_the_insights_dashboard(new_page, screenshot, demo, locale):
    text = TEXT[locale]
    page = new_page(locale=locale, java_script_enabled=False)
    page.set_viewport_size(SIZES[locale])

    page.goto("/")
    open_menu(page)  # folded behind its button on a phone
    page.locator("nav.site-nav a[href='/insights/']").click()
    expect(page.locator("h1")).to_contain_text(text["title"])
    # Every chart is an image with a name, and its numbers are a table one click away.
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() >= 7
    assert page.locator("figure.chart").count() == 9
    fits_the_screen(page)
    screenshot(page, f"insights-dashboard-{locale}")

    page.locator("#chart-matrix details summary").click()
    expect(page.locator("#chart-matrix table")).to_be_visible()
    expect(page.locator(".four-list > li")).to_have_count(2)

    # The filters are kept in the URL: a link shows the same view.
    page.select_option("#id_district", "thuan-an")
    page.locator("form.filters button[type=submit]").click()
    assert "district=thuan-an" in page.url
    expect(page.locator(".four-list > li")).to_have_count(1)
    fits_the_screen(page)
    screenshot(page, f"insights-dashboard-filtered-{locale}")

    page.locator(".four-list a").first.click()
    expect(page.locator("#insights-title")).to_be_visible()
    screenshot(page, f"insights-project-{locale}")


DESK = {"vi-VN": "Việc đang chờ bạn", "en-US": "What waits for you"}


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_the_staff_desk_first_page(new_page, screenshot, demo, live_server, locale):
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    officer = User.objects.get(email="officer@helix.local")
    officer.preferred_language = locale[:2]
    officer.save()
    client = Client()
    client.force_login(officer)
    page = new_page(locale=locale)
    page.set_viewport_size(SIZES[locale])
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto("/admin/")
    expect(page.locator("#desk-waiting-title")).to_have_text(DESK[locale])
    assert page.locator(".desk__item").count() >= 5
    expect(page.locator("#desk-week svg[role=img]")).to_be_visible()
    screenshot(page, f"insights-staff-desk-{locale}")

    page.locator(".desk__item a").first.click()
    assert "verified=no" in page.url
    expect(page.locator("#result_list")).to_be_visible()
