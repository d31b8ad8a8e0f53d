"""Pictures in Chromium on the demo's data: the home page's charts, the covers on the project
list and a project's page, in Vietnamese on a 360 px phone and in English at 1366 px;
screenshots saved. Every picture shown has loaded and has its text alternative."""

import re

import pytest
from playwright.sync_api import expect

from helix.demo import load_demo

from .test_journeys import fits_the_screen, loaded_width

SIZES = {"vi-VN": {"width": 360, "height": 780}, "en-US": {"width": 1366, "height": 900}}
GLANCE = {"vi-VN": "Toàn cảnh tỉnh trong nháy mắt", "en-US": "The province at a glance"}


@pytest.fixture
def demo(db):
    load_demo()


def pictures_are_loaded_and_described(page, selector: str) -> int:
    images = page.locator(f"{selector}:visible")  # a phone's home page shows fewer cards
    for i in range(images.count()):
        image = images.nth(i)
        expect(image).to_have_attribute("alt", re.compile(r"\S"))
        loaded_width(image)  # lazy pictures load once scrolled to
    return images.count()


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_pictures_on_home_list_and_project(new_page, screenshot, demo, locale):
    page = new_page(locale=locale)
    page.set_viewport_size(SIZES[locale])

    page.goto("/")
    expect(page.locator("#figures-title")).to_have_text(GLANCE[locale])
    if SIZES[locale]["width"] < 760:  # folded on a phone, as the project filters are
        expect(page.locator("#home-chart-sectors svg")).not_to_be_visible()
        page.locator(".glance-fold > summary").click()
    expect(page.locator("#home-chart-sectors svg[role=img]")).to_be_visible()
    expect(page.locator("#home-chart-months svg[role=img]")).to_be_visible()
    assert pictures_are_loaded_and_described(page, "main img.card__cover") >= 2
    pictures_are_loaded_and_described(page, "main img.logo")  # the directory has them all
    fits_the_screen(page)
    screenshot(page, f"pictures-home-{locale}")

    page.goto("/projects/")
    assert pictures_are_loaded_and_described(page, "main img.card__cover") >= 10
    fits_the_screen(page)
    screenshot(page, f"pictures-projects-{locale}")

    page.locator("main .project-card h3 a").first.click()
    cover = page.locator("main img.project__cover")
    expect(cover).to_be_visible()
    pictures_are_loaded_and_described(page, "main img.project__cover")
    og_image = page.locator("meta[property='og:image']").get_attribute("content")
    assert og_image.startswith("http")
    assert og_image.endswith(cover.get_attribute("src"))
    fits_the_screen(page)
    screenshot(page, f"pictures-project-{locale}")

    page.goto("/organisations/")
    assert pictures_are_loaded_and_described(page, "main img.logo") >= 5
    fits_the_screen(page)
    screenshot(page, f"pictures-organisations-{locale}")
