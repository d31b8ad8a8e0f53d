"""A posted update corrected or removed (issue 15, §3): by the delivery team only (the rule
that lets them post), without telling followers again, its image removed with it; on the team
page (Edit and Remove on each update) and on the public timeline ("(edited)", as comments)."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.transaction import on_commit as real_on_commit  # before conftest's stand-in
from django.urls import reverse

from evaluation import followthrough
from evaluation.models import ProjectUpdate
from notifications.models import Notification
from tests.evaluation.test_followthrough import MATRIX, _image, _who
from tests.factories import ProjectUpdateFactory
from tests.webhooks.factories import WebhookEndpointFactory
from webhooks.models import WebhookDelivery


@pytest.fixture
def posted(delivery, owner):
    return followthrough.update_post(
        project=delivery.project,
        by=delivery.lead_user,
        title="Pilot started",
        body="Ten *sensors*.",
        image=_image("PNG"),
        image_alt="Sensors on a bridge",
    )


def _fresh(update) -> ProjectUpdate:
    return ProjectUpdate.objects.select_related("project").get(pk=update.pk)


# --- Services --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", MATRIX)
def test_who_may_correct_and_remove_an_update(delivery, organisation, posted, role):
    user = _who(delivery, organisation, role)
    may = MATRIX[role][0]
    if may:
        followthrough.update_edit(update=_fresh(posted), by=user, title="Pilot", body="Eleven.")
        assert _fresh(posted).title == "Pilot"
        followthrough.update_delete(update=_fresh(posted), by=user)
        assert not ProjectUpdate.objects.exists()
    else:
        with pytest.raises(PermissionDenied):
            followthrough.update_edit(update=_fresh(posted), by=user, title="X", body="Y")
        with pytest.raises(PermissionDenied):
            followthrough.update_delete(update=_fresh(posted), by=user)
        assert _fresh(posted).title == "Pilot started"


def test_once_archived_nobody_corrects_or_removes(delivery, owner, posted):
    delivery.project.status = "archived"
    delivery.project.save()
    with pytest.raises(PermissionDenied):
        followthrough.update_edit(update=_fresh(posted), by=owner, title="X", body="Y")
    with pytest.raises(PermissionDenied):
        followthrough.update_delete(update=_fresh(posted), by=owner)


def test_a_correction_renders_markdown_keeps_the_image_and_tells_nobody(
    delivery, owner, posted, django_capture_on_commit_callbacks
):
    WebhookEndpointFactory(organisation=delivery.project.organisation)
    notified = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        followthrough.update_edit(
            update=_fresh(posted),
            by=owner,
            title="Pilot under way",
            body="Eleven **sensors**.",
            image_alt="Eleven sensors on the bridge",
        )
    update = _fresh(posted)
    assert update.body_html == "<p>Eleven <strong>sensors</strong>.</p>"
    assert update.image.name == posted.image.name
    assert update.image_alt == "Eleven sensors on the bridge"
    assert Notification.objects.count() == notified
    assert not WebhookDelivery.objects.exists()


def test_bad_corrections_are_field_errors_and_change_nothing(delivery, owner, posted):
    with pytest.raises(ValidationError) as error:
        followthrough.update_edit(update=_fresh(posted), by=owner, title="", body="x" * 5001)
    assert {"title", "body"} <= set(error.value.error_dict)
    with pytest.raises(ValidationError) as error:
        followthrough.update_edit(
            update=_fresh(posted), by=owner, title="T", body="B", image_alt="  "
        )
    assert "image_alt" in error.value.error_dict
    update = _fresh(posted)
    assert (update.title, update.image_alt) == ("Pilot started", "Sensors on a bridge")


def test_removing_an_update_removes_its_image_once_committed(
    delivery, owner, posted, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(transaction, "on_commit", real_on_commit)
    storage, name = posted.image.storage, posted.image.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        followthrough.update_delete(update=_fresh(posted), by=owner)
    assert storage.exists(name)  # not before the commit: a rollback keeps the file
    for callback in callbacks:
        callback()
    assert not storage.exists(name)


def test_edited_shows_only_for_a_later_change(delivery, owner):
    update = ProjectUpdateFactory(project=delivery.project)
    assert not update.edited
    ProjectUpdate.objects.filter(pk=update.pk).update(created=update.created - timedelta(minutes=5))
    followthrough.update_edit(update=_fresh(update), by=owner, title="Fixed", body="b")
    assert _fresh(update).edited


# --- The team page ---------------------------------------------------------------------------


def _team_page(delivery) -> str:
    return reverse("evaluation:followthrough", args=[delivery.project.slug])


def test_the_team_page_offers_edit_and_remove_naming_each_update(client, delivery, posted):
    client.force_login(delivery.company_manager)
    html = client.get(_team_page(delivery), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="update_edit"' in html
    assert f'name="u{posted.pk}-title"' in html
    assert f'for="id_u{posted.pk}-image_alt"' in html  # labelled, image kept
    assert "Remove “Pilot started”" in html


def test_the_team_page_corrects_an_update(client, delivery, posted):
    client.force_login(delivery.company_manager)
    response = client.post(
        _team_page(delivery),
        {
            "action": "update_edit",
            "update": posted.pk,
            f"u{posted.pk}-title": "Pilot under way",
            f"u{posted.pk}-body": "Eleven sensors.",
            f"u{posted.pk}-image_alt": "Sensors",
        },
    )
    assert response.status_code == 302
    update = _fresh(posted)
    assert (update.title, update.body, update.image_alt) == (
        "Pilot under way",
        "Eleven sensors.",
        "Sensors",
    )
    assert update.image.name == posted.image.name


def test_a_refused_correction_keeps_what_was_typed(client, delivery, posted):
    client.force_login(delivery.company_manager)
    response = client.post(
        _team_page(delivery),
        {
            "action": "update_edit",
            "update": posted.pk,
            f"u{posted.pk}-title": "",
            f"u{posted.pk}-body": "My long careful correction",
            f"u{posted.pk}-image_alt": "Sensors",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "My long careful correction" in html
    assert "This field is required." in html
    assert re.search(r"<details open>\s*<summary>Edit<span[^>]*>: Pilot started", html)
    assert _fresh(posted).body == "Ten *sensors*."


def test_the_team_page_removes_an_update(client, delivery, posted):
    client.force_login(delivery.partner_manager)
    response = client.post(_team_page(delivery), {"action": "update_delete", "update": posted.pk})
    assert response.status_code == 302
    assert not ProjectUpdate.objects.exists()


@pytest.mark.parametrize("action", ["update_edit", "update_delete"])
def test_others_cannot_correct_or_remove(client, delivery, posted, action):
    client.force_login(delivery.losing_lead)
    data = {"action": action, "update": posted.pk, f"u{posted.pk}-title": "Hacked"}
    data[f"u{posted.pk}-body"] = "x"
    assert client.post(_team_page(delivery), data).status_code == 403
    assert _fresh(posted).title == "Pilot started"


@pytest.mark.parametrize("pk", ["nope", "0"])
def test_an_update_of_another_project_or_none_is_a_404(client, delivery, owner, pk):
    other = ProjectUpdateFactory()
    client.force_login(owner)
    for update in (pk, other.pk):
        response = client.post(_team_page(delivery), {"action": "update_delete", "update": update})
        assert response.status_code == 404
    assert ProjectUpdate.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("count", [1, 10])
def test_the_team_page_costs_the_same_with_1_or_10_updates(
    client, delivery, owner, count, django_assert_max_num_queries
):
    for _ in range(count):
        ProjectUpdateFactory(project=delivery.project, author=owner)
    client.force_login(owner)
    client.get(_team_page(delivery))
    with django_assert_max_num_queries(TEAM_PAGE_QUERIES):
        html = client.get(_team_page(delivery)).content.decode()
    assert html.count('value="update_delete"') == count


TEAM_PAGE_QUERIES = 8  # measured: 8 with 1 and with 10 updates


def test_the_public_timeline_marks_a_correction(client, delivery, owner):
    update = ProjectUpdateFactory(project=delivery.project, title="Pilot started")
    html = client.get(delivery.project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "(edited)" not in html.content.decode()
    ProjectUpdate.objects.filter(pk=update.pk).update(created=update.created - timedelta(hours=2))
    followthrough.update_edit(update=_fresh(update), by=owner, title="Pilot started", body="b")
    html = client.get(delivery.project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "</time> (edited)" in html.content.decode()
