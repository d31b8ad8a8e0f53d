"""My Helix and the header's search box in Chromium, on the demo's data: Vietnamese on a 360 px
phone, English at 1366 px; screenshots saved (test-artifacts/screenshots/)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from helix.demo import DEMO_PASSWORD, load_demo

from .test_journeys import fits_the_screen

SIZES = {"vi-VN": {"width": 360, "height": 780}, "en-US": {"width": 1366, "height": 900}}
TEXT = {
    "vi-VN": {
        "waiting": "Đang chờ bạn",
        "followed": "Những gì bạn theo dõi và ủng hộ",
        "new": "bình luận mới",
        "projects": "Dự án",
        "search": "Tìm kiếm",
    },
    "en-US": {
        "waiting": "Waiting for you",
        "followed": "What you follow and support",
        "new": "new comment",
        "projects": "Projects",
        "search": "Search",
    },
}


@pytest.fixture
def demo(db):
    load_demo()


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_my_helix_then_one_search(new_page, screenshot, demo, locale):
    text = TEXT[locale]
    User.objects.filter(email="resident1@helix.local").update(preferred_language=locale[:2])
    page = new_page(locale=locale)
    page.set_viewport_size(SIZES[locale])

    page.goto("/accounts/login/")
    page.fill("input[name=login]", "resident1@helix.local")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator("#waiting-title")).to_contain_text(text["waiting"])
    expect(page.locator("#followed-title")).to_have_text(text["followed"])
    expect(page.locator(".home-changes").first).to_contain_text(text["new"])
    fits_the_screen(page)
    screenshot(page, f"my-helix-{locale}")

    if page.locator(".site-menu__toggle").is_visible():  # a phone: the menu folds
        page.locator(".site-menu__toggle").click()
    box = page.locator("form.site-search")
    box.get_by_role("searchbox").fill("canh bao ngap")
    box.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=canh\+bao\+ngap"))
    expect(page.locator("#group-projects")).to_contain_text(text["projects"])
    expect(page.locator("#group-projects + ul a").first).to_contain_text("ngập")
    fits_the_screen(page)
    screenshot(page, f"search-{locale}")


def test_the_search_box_works_without_javascript(new_page, demo):
    page = new_page(viewport="phone", locale="vi-VN", java_script_enabled=False)
    page.goto("/projects/")
    page.locator(".site-menu__toggle").click()  # the header's menu folds on a phone
    page.locator("#site-search-q").fill("ngap")
    page.locator("form.site-search button").click()
    expect(page.locator("#group-organisations")).to_be_visible()
    fits_the_screen(page)
