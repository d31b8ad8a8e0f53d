"""Open data and a person's own data in Chromium: the footer leads to /open-data/, whose files,
dictionary and licence show; a person asks for a copy of their data, then deletes their account
(a wrong password first), and their comment stays as by a former participant. Vietnamese on a
360 px phone, English at 1366 px; screenshots saved."""

import re

import pytest
from playwright.sync_api import expect

from opendata.services import open_data_build
from projects import services
from tests.factories import PASSWORD, ProjectFactory, UserFactory

from .test_journeys import fits_the_screen

SIZES = {"vi-VN": {"width": 360, "height": 780}, "en-US": {"width": 1366, "height": 900}}
TEXT = {
    "vi-VN": {
        "open_data": "Dữ liệu mở",
        "zip": "Tải tất cả (ZIP)",
        "dictionary": "Từ điển dữ liệu: Dự án",
        "ask": "Tải dữ liệu của tôi",
        "asked": "đang chuẩn bị bản sao",
        "delete": "Xoá tài khoản của tôi",
        "wrong": "Mật khẩu không đúng.",
        "for_good": "Xoá vĩnh viễn tài khoản của tôi",
        "deleted": "Tài khoản của bạn đã được xoá",
        "former": "Một người từng tham gia",
    },
    "en-US": {
        "open_data": "Open data",
        "zip": "Download everything (ZIP)",
        "dictionary": "Data dictionary: Projects",
        "ask": "Download my data",
        "asked": "We are preparing a copy",
        "delete": "Delete my account",
        "wrong": "The password is wrong.",
        "for_good": "Delete my account for good",
        "deleted": "Your account has been deleted",
        "former": "A former participant",
    },
}


@pytest.fixture
def province(db):
    project = ProjectFactory(title="Cảnh báo ngập lụt cho phường Phú Cường")
    person = UserFactory(display_name="Võ Thị Lan")
    services.comment_create(subject=project, by=person, body="Đường Yersin ngập trước tiên.")
    services.vote_cast(subject=project, by=person)
    open_data_build()
    return project, person


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_open_data_and_my_own_data(new_page, screenshot, province, locale):
    project, person = province
    text = TEXT[locale]
    name = "vi-phone" if locale == "vi-VN" else "en-desktop"
    page = new_page(locale=locale)
    page.set_viewport_size(SIZES[locale])

    page.goto("/")
    page.locator("footer a[href='/open-data/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text["open_data"])
    expect(page.get_by_role("link", name=text["zip"])).to_be_visible()
    expect(page.locator("a[href='/open-data/helix-projects.csv']")).to_be_visible()
    page.get_by_text(text["dictionary"]).click()
    expect(
        page.locator(
            "section[aria-labelledby=dataset-projects] table code", has_text="organisation_sector"
        )
    ).to_be_visible()
    fits_the_screen(page)
    screenshot(page, f"opendata-{name}")
    response = page.request.get("/open-data/helix-projects.csv")
    assert response.status == 200
    assert "Cảnh báo ngập lụt" in response.text()
    assert (
        page.request.get(
            "/open-data/helix-projects.csv", headers={"If-None-Match": response.headers["etag"]}
        ).status
        == 304
    )

    person.preferred_language = "vi" if locale == "vi-VN" else "en"
    person.save()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", person.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    page.get_by_role("button", name=text["ask"]).click()
    expect(page.get_by_text(text["asked"])).to_be_visible()
    fits_the_screen(page)
    screenshot(page, f"my-data-{name}")

    page.get_by_role("link", name=text["delete"]).click()
    page.fill("input[name=password]", "not-my-password")
    page.get_by_role("button", name=text["for_good"]).click()
    expect(page.get_by_text(text["wrong"])).to_be_visible()
    fits_the_screen(page)
    screenshot(page, f"delete-account-{name}")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name=text["for_good"]).click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text(text["deleted"])).to_be_visible()

    page.goto(project.get_absolute_url())
    expect(page.get_by_text("Đường Yersin ngập trước tiên.")).to_be_visible()
    expect(page.locator(".comment strong", has_text=text["former"])).to_be_visible()
    expect(page.get_by_text("Võ Thị Lan")).to_have_count(0)
    screenshot(page, f"former-participant-{name}")
