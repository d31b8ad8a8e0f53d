"""Branded, translated error pages with DEBUG off; the API's error shape under /api/."""

import pytest
from django.test import Client
from django.urls import path

from api.views import server_error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("the disk is on fire")


urlpatterns = [path("boom/", _boom)]
handler500 = "api.views.server_error"


@pytest.fixture
def crashing(settings):
    import helix.urls

    settings.ROOT_URLCONF = __name__
    urlpatterns.extend(helix.urls.urlpatterns)
    yield
    del urlpatterns[1:]


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Page not found"), ("vi", "Không tìm thấy trang")]
)
def test_a_missing_page_is_helixs_own_in_the_visitors_language(client, language, heading):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert 'class="site-header"' in html
    assert f'<html lang="{language}">' in html


def test_a_missing_address_under_the_api_answers_json(client):
    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json()["type"] == "not_found"


def test_a_refused_page_is_helixs_own(client):
    # Signed in, not staff: the staff desk refuses.
    client.force_login(UserFactory(preferred_language="vi"))

    response = client.get("/admin/login/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Bạn không thể mở trang này</h1>" in html


def test_a_bad_request_is_helixs_own_page_and_json_under_the_api(client):
    page = client.get("/", HTTP_HOST="not-allowed.example", HTTP_ACCEPT_LANGUAGE="en")
    api = client.get("/api/v1/projects/", HTTP_HOST="not-allowed.example")

    assert page.status_code == 400
    assert "<h1>This request could not be understood</h1>" in page.content.decode()
    assert api.status_code == 400
    assert api.json()["type"] == "parse_error"


def test_a_server_error_page_is_branded_translated_and_reads_no_database(
    crashing, django_assert_num_queries
):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="vi")
    with django_assert_num_queries(0):
        # A GET by an anonymous visitor: no session read, so any query would be the page's.
        response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Đã có lỗi ở phía chúng tôi</h1>" in html
    assert "helix.css" in html


def test_the_server_error_page_renders_with_the_database_gone(rf, monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", no_database)
    response = server_error(rf.get("/anything/"))

    assert response.status_code == 500
    assert b"Helix" in response.content
