"""The site's own pictures: favicon, web-app manifest with home-screen icons, and the home page's
province at a glance."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse
from PIL import Image, ImageChops

from helix.icons import SIZES, draw_icon
from tests.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

STATIC_IMG = Path(settings.BASE_DIR) / "static" / "img"


def test_the_manifest_is_served_as_a_manifest_in_the_visitors_language(client):
    english = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="vi")

    assert english.status_code == 200
    assert english["Content-Type"] == "application/manifest+json"
    data = english.json()
    assert data["lang"] == "en"
    assert vietnamese.json()["lang"] == "vi"
    assert data["name"] == "Helix: smart-city collaboration"
    assert vietnamese.json()["name"] != data["name"], "translated"
    assert data["start_url"] == "/"
    assert data["display"] == "standalone"
    assert data["theme_color"] == "#0b5d7a"
    icons = {icon["sizes"]: icon for icon in data["icons"]}
    assert {"192x192", "512x512"} <= set(icons)
    for size in (192, 512):
        found = finders.find(icons[f"{size}x{size}"]["src"].removeprefix("/static/"))
        assert Image.open(found).size == (size, size)


@pytest.mark.parametrize(("name", "size"), SIZES.items())
def test_the_committed_icons_are_what_make_icons_draws(name, size):
    committed = Image.open(STATIC_IMG / name).convert("RGBA")
    assert committed.size == (size, size)
    assert ImageChops.difference(committed, draw_icon(size)).getbbox() is None, (
        "run `manage.py make_icons`"
    )


def test_every_page_links_the_manifest_and_icons_under_the_csp(client):
    response = client.get(reverse("home"))
    page = response.text

    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'rel="apple-touch-icon"' in page
    assert 'name="theme-color"' in page
    assert "manifest-src 'self'" in response["Content-Security-Policy"]


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url.endswith("favicon.ico")
    assert "/static/" in response.url
    assert Image.open(STATIC_IMG / "favicon.ico").format == "ICO"


def test_the_home_page_shows_the_sectors_and_the_months_in_charts(client):
    ProjectFactory(organisation=OrganisationFactory(verified=True, sector="academia"))
    from insights.tallies import rebuild

    rebuild()

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").text

    assert 'id="home-chart-sectors"' in page
    assert 'id="home-chart-months"' in page
    assert page.count('<svg class="chart__svg"') == 2
    assert "The four sectors taking part" in page
    # The sectors' chart says its numbers in words and in a table.
    assert "Academia 1" in page
    assert '<th scope="row">Academia</th><td>1</td>' in page


def test_the_home_page_costs_the_same_with_5_or_30_projects(client, django_assert_max_num_queries):
    from insights.tallies import rebuild

    def count():
        rebuild()
        cache.clear()
        with django_assert_max_num_queries(100) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured.captured_queries)

    ProjectFactory.create_batch(5)
    few = count()
    ProjectFactory.create_batch(25)
    assert count() == few
