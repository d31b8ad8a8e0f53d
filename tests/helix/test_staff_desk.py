"""The staff desk a newcomer to it meets: its words translated, its lists readable."""

import pytest
from django.urls import reverse

from projects import services
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, staff):
    staff.preferred_language = "vi"
    staff.save()
    client.force_login(staff)
    return client


def test_the_tags_app_has_a_translated_name_not_taggit(client, admin_user):
    admin_user.preferred_language = "vi"
    admin_user.save()
    client.force_login(admin_user)

    html = client.get(reverse("admin:index")).content.decode()

    assert "Taggit" not in html
    assert "TAGGIT" not in html
    assert reverse("admin:app_list", args=["taggit"]) in html
    assert ">Thẻ<" in html


def test_show_counts_is_translated(desk):
    html = desk.get(reverse("admin:organisations_organisation_changelist")).content.decode()

    assert "Show counts" not in html
    assert "Hiện số lượng" in html


def test_the_report_list_gives_its_text_columns_room(desk, user):
    services.report_create(subject=CommentFactory(), by=UserFactory(), reason="Xúc phạm")

    html = desk.get(reverse("admin:projects_report_changelist")).content.decode()

    assert "css/admin-helix.css" in html
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/admin-helix.css")).read_text()
    assert ".field-reported_content" in css
    assert "min-width" in css


def test_the_sites_record_is_not_offered_for_editing(client, admin_user):
    client.force_login(admin_user)

    html = client.get(reverse("admin:index")).content.decode()

    assert "/admin/sites/" not in html
