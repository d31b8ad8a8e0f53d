"""The fields of the project list's filter form are rendered once per language and value; what
each visitor sees is still what they asked for."""

import pytest
from django.utils.autoreload import file_changed

from projects.templatetags import project_tags

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    project_tags._project_filter_field.cache_clear()


def filters(client, query="", language="en") -> str:
    html = client.get(f"/projects/{query}", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    start = html.index('<form method="get"')
    return html[start : html.index("</form>", start)]


def test_each_visitor_sees_the_values_they_asked_for(client):
    filters(client, "?theme=health")

    html = filters(client, "?theme=energy&q=bus+stops")

    assert '<option value="energy" selected>' in html
    assert '<option value="health">' in html
    assert 'value="bus stops"' in html


def test_a_value_dropped_is_no_longer_selected(client):
    filters(client, "?theme=health&status=open")

    html = filters(client, "?status=open")

    assert '<option value="health">' in html
    assert '<option value="open" selected>' in html


def test_each_language_has_its_own_form(client):
    assert "All themes" in filters(client, language="en")
    assert "All themes" not in filters(client, language="vi")
    assert "All themes" in filters(client, language="en")


def test_a_bad_value_shows_its_error_and_a_good_one_does_not(client):
    assert "errorlist" in filters(client, "?theme=nowhere")
    assert "errorlist" not in filters(client, "?theme=health")
    assert "nowhere is not one of the available choices" in filters(client, "?theme=nowhere")


def test_a_field_is_rendered_once_per_language_and_value(client):
    fields = len(filters(client).split('class="filters__field')) - 1
    assert project_tags._project_filter_field.cache_info().misses == fields

    filters(client, "?district=phu-giao&page=2")
    filters(client, "?district=phu-giao&theme=health")
    filters(client, "?district=phu-giao", language="vi")

    assert project_tags._project_filter_field.cache_info().misses == fields + 2 + fields


def test_an_edited_template_is_used_at_once_by_the_development_server(client, tmp_path):
    filters(client)

    file_changed.send(sender=None, file_path=tmp_path / "project_filter_field.html")

    assert project_tags._project_filter_field.cache_info().currsize == 0
