"""The API's documentation pages have a language and Helix's own stylesheet."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_docs_pages_say_their_language(client, url):
    html = client.get(url).content.decode()

    assert '<html lang="en">' in html
    assert "<style" not in html


def test_swagger_ui_gets_helixs_contrast_fixes(client):
    html = client.get("/api/docs/").content.decode()

    assert "css/swagger-ui-page.css" in html
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/swagger-ui-page.css")).read_text()
    assert ".opblock-get .opblock-summary-method { background: #1f5f99; }" in css
