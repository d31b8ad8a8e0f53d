"""Follow-through (issue 15, §3): who may post and keep milestones, the services, the public
timeline and its query count, the results filter, the followers' notification, webhooks."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from evaluation import followthrough
from evaluation.models import Milestone, ProjectUpdate
from notifications.models import Notification
from projects import services as project_services
from projects.models import Project
from tests.factories import (
    MembershipFactory,
    MilestoneFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    RubricFactory,
    StaffFactory,
    UserFactory,
)
from tests.webhooks.factories import WebhookEndpointFactory
from webhooks.models import WebhookDelivery


def _who(delivery, organisation, role: str):
    return {
        "anonymous": AnonymousUser,
        "citizen": UserFactory,
        "member": lambda: MembershipFactory(organisation=organisation, role="member").user,
        "owner": lambda: MembershipFactory(organisation=organisation, role="owner").user,
        "lead_user": lambda: delivery.lead_user,
        "company_manager": lambda: delivery.company_manager,
        "partner_manager": lambda: delivery.partner_manager,
        "losing_lead": lambda: delivery.losing_lead,
        "follower": lambda: delivery.follower,
        "staff": StaffFactory,
    }[role]()


# role: (may post updates and keep milestones while in progress, may record results once completed)
MATRIX = {
    "anonymous": (False, False),
    "citizen": (False, False),
    "member": (False, False),
    "owner": (True, True),
    "lead_user": (True, False),
    "company_manager": (True, False),
    "partner_manager": (True, False),
    "losing_lead": (False, False),
    "follower": (False, False),
    "staff": (True, True),
}


@pytest.mark.parametrize("role", MATRIX)
def test_rules_matrix(delivery, organisation, role):
    user = _who(delivery, organisation, role)
    may_post, may_record = MATRIX[role]
    project = delivery.project
    assert user.has_perm("evaluation.post_update", project) is may_post
    assert user.has_perm("evaluation.keep_milestones", project) is may_post
    assert user.has_perm("evaluation.record_results", project) is False  # not completed yet
    project.status = Project.Status.COMPLETED
    for cache in ("_helix_delivery", "_helix_roles"):
        user.__dict__.pop(cache, None)
    assert user.has_perm("evaluation.record_results", project) is may_record


@pytest.mark.parametrize("status", ["open", "in_review", "archived"])
def test_nobody_posts_before_the_work_starts_or_once_archived(delivery, owner, status):
    delivery.project.status = status
    assert not owner.has_perm("evaluation.post_update", delivery.project)
    with pytest.raises(PermissionDenied):
        followthrough.update_post(project=delivery.project, by=owner, title="t", body="b")


def test_milestone_done_means_a_hundred_percent_and_late_is_shown(delivery, owner):
    milestone = followthrough.milestone_create(
        project=delivery.project,
        by=delivery.lead_user,
        title="Sensors",
        due_on="2020-01-01",
        progress=30,
    )
    milestone.refresh_from_db()
    assert milestone.is_late
    followthrough.milestone_update(milestone=milestone, by=owner, status="done")
    milestone.refresh_from_db()
    assert (milestone.status, milestone.progress, milestone.is_late) == ("done", 100, False)


def test_progress_out_of_range_is_a_field_error(delivery, owner):
    with pytest.raises(ValidationError) as error:
        followthrough.milestone_create(
            project=delivery.project, by=owner, title="x", due_on="2030-01-01", progress=120
        )
    assert "progress" in error.value.error_dict


def _image(fmt="JPEG") -> SimpleUploadedFile:
    image = Image.new("RGB", (40, 30), "teal")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif)
    return SimpleUploadedFile("photo.txt", out.getvalue(), content_type="text/plain")


def test_an_update_renders_safe_markdown_and_strips_image_metadata(delivery, owner):
    update = followthrough.update_post(
        project=delivery.project,
        by=delivery.partner_manager,
        title="First alerts",
        body="**Sent** <script>alert(1)</script>",
        image=_image(),
        image_alt="A sensor on a bridge",
    )
    assert "<strong>Sent</strong>" in update.body_html
    assert "<script>" not in update.body_html
    assert update.image.name.endswith(".jpg")  # the type read from the content, not the name
    with Image.open(update.image.open("rb")) as stored:
        assert b"SpyCam" not in stored.info.get("exif", b"")
        assert not stored.getexif()


def test_a_file_that_is_not_an_image_is_refused(delivery, owner):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        followthrough.update_post(
            project=delivery.project, by=owner, title="t", body="b", image=fake, image_alt="x"
        )
    assert "image" in error.value.error_dict
    assert not ProjectUpdate.objects.exists()


def test_followers_are_notified_of_an_update(delivery, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        followthrough.update_post(project=delivery.project, by=owner, title="Week 3", body="b")
    notification = Notification.objects.get(recipient=delivery.follower)
    assert notification.kind == "project_status"
    assert "Week 3" in str(notification.event.context)
    assert notification.get_absolute_url().startswith(delivery.project.get_absolute_url())
    assert not Notification.objects.filter(recipient=owner).exists()  # the author is not told


def test_followers_who_turned_project_news_off_get_no_email(
    delivery, owner, django_capture_on_commit_callbacks, mailoutbox
):
    from notifications.services import preference_set

    preference_set(user=delivery.follower, kind="project_status", channel="off")
    with django_capture_on_commit_callbacks(execute=True):
        followthrough.update_post(project=delivery.project, by=owner, title="Week 3", body="b")
    assert Notification.objects.filter(recipient=delivery.follower).exists()  # still in the app
    assert not [m for m in mailoutbox if delivery.follower.email in m.to]


def test_results_only_name_selected_solutions(delivery, owner):
    delivery.project = project_services.project_transition(
        project=delivery.project, to="completed", by=owner
    )
    with pytest.raises(ValidationError):
        followthrough.results_record(
            project=delivery.project, by=owner, delivered="x", solutions=[delivery.other]
        )
    results = followthrough.results_record(
        project=delivery.project,
        by=owner,
        delivered="Twenty **sensors**",
        budget_used_vnd=800_000,
        solutions=[delivery.selected],
    )
    assert list(results.solutions.all()) == [delivery.selected]
    assert "<strong>sensors</strong>" in results.delivered_html


def test_the_list_filters_projects_with_results(client, delivery, owner):
    delivery.project = project_services.project_transition(
        project=delivery.project, to="completed", by=owner
    )
    followthrough.results_record(project=delivery.project, by=owner, delivered="Done")
    ProjectFactory(title="Completed without results", status="completed")
    with_results = client.get(reverse("projects:list"), {"results": "with"}).content.decode()
    without = client.get(reverse("projects:list"), {"results": "without"}).content.decode()
    assert delivery.project.title in with_results
    assert "Completed without results" not in with_results
    assert "Completed without results" in without
    assert delivery.project.title not in without


def _page(client, project):
    return client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("count", [1, 30])
def test_the_project_page_costs_the_same_with_1_or_30_milestones_and_updates(
    client, delivery, owner, count, django_assert_max_num_queries
):
    project = delivery.project
    for _ in range(count):
        MilestoneFactory(project=project)
        ProjectUpdateFactory(project=project, author=owner)
    client.force_login(delivery.follower)
    _page(client, project)  # warm the per-process caches
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = _page(client, project)
    html = response.content.decode()
    assert html.count('class="update"') == count
    assert html.count('<tr id="milestone-') == count


# Measured with 1 and with 30 milestones and updates: the same, 27 (the follow-through adds 3).
QUERY_BUDGET = 27


def test_the_public_timeline_shows_progress_and_results(client, delivery, owner):
    MilestoneFactory(project=delivery.project, progress=100, status="done")
    MilestoneFactory(project=delivery.project, progress=0)
    ProjectUpdateFactory(project=delivery.project, title="Pilot started")
    html = _page(client, delivery.project).content.decode()
    assert "Overall progress: 50 % (1 of 2 milestones done)" in html
    assert 'value="50"' in html
    assert "<svg" in html
    assert "Pilot started" in html
    delivery.project = project_services.project_transition(
        project=delivery.project, to="completed", by=owner
    )
    followthrough.results_record(
        project=delivery.project,
        by=owner,
        delivered="Twenty sensors",
        budget_used_vnd=800_000,
        lessons="Start with the wards that flood first.",
        solutions=[delivery.selected],
    )
    html = _page(client, delivery.project).content.decode()
    assert "Twenty sensors" in html
    assert "80 % of the budget announced" in html
    assert delivery.selected.title in html
    assert "wards that flood first" in html


def test_the_team_page_posts_an_update_with_an_image(client, delivery):
    client.force_login(delivery.company_manager)
    url = reverse("evaluation:followthrough", args=[delivery.project.slug])
    response = client.post(
        url,
        {
            "action": "update",
            "update-title": "Pilot",
            "update-body": "Going *well*",
            "update-image": _image("PNG"),
            "update-image_alt": "The pilot",
        },
    )
    assert response.status_code == 302
    assert ProjectUpdate.objects.get().image.name.endswith(".png")
    response = client.post(
        url,
        {
            "action": "milestone",
            "milestone-title": "Install",
            "milestone-due_on": "2030-01-01",
            "milestone-status": "planned",
            "milestone-progress": "150",
        },
    )
    assert response.status_code == 400
    assert not Milestone.objects.exists()


def test_the_team_page_is_refused_to_others(client, delivery):
    client.force_login(delivery.losing_lead)
    url = reverse("evaluation:followthrough", args=[delivery.project.slug])
    assert client.get(url).status_code == 403


# --- Webhooks --------------------------------------------------------------------------------


def test_webhooks_for_updates_and_milestones_reach_the_project_and_the_consortium(
    delivery, organisation, owner
):
    own = WebhookEndpointFactory(organisation=organisation)
    lead = WebhookEndpointFactory(organisation=delivery.selected.lead_organisation)
    stranger = WebhookEndpointFactory()
    update = followthrough.update_post(project=delivery.project, by=owner, title="W1", body="b")
    milestone = followthrough.milestone_create(
        project=delivery.project, by=owner, title="Install", due_on="2030-01-01"
    )
    sent = WebhookDelivery.objects.filter(event_type="project.update_posted")
    assert {d.endpoint_id for d in sent} == {own.pk, lead.pk}
    data = sent.first().payload["data"]
    assert data["update"]["id"] == update.pk
    assert data["update"]["title"] == "W1"
    assert data["project"]["slug"] == delivery.project.slug
    changed = WebhookDelivery.objects.filter(event_type="project.milestone_changed")
    assert {d.endpoint_id for d in changed} == {own.pk, lead.pk}
    assert changed.first().payload["data"]["milestone"]["id"] == milestone.pk
    assert changed.first().payload["data"]["created"] is True
    assert not WebhookDelivery.objects.filter(endpoint=stranger).exists()


def test_evaluation_completed_webhook_tells_the_project_organisation_without_scores(organisation):
    from evaluation import signals

    own = WebhookEndpointFactory(organisation=organisation)
    rubric = RubricFactory(project=ProjectFactory(organisation=organisation, status="in_review"))
    signals.reviews_completed.send(type(rubric), rubric=rubric, by=None)
    delivered = WebhookDelivery.objects.get(event_type="evaluation.completed")
    assert delivered.endpoint_id == own.pk
    assert delivered.payload["data"]["project"]["slug"] == rubric.project.slug
    assert "scores" not in str(delivered.payload)


def test_staff_see_milestones_late_first_updates_and_results_read_only(client, delivery, owner):
    late = MilestoneFactory(
        project=delivery.project, title="Sensors installed", due_on=date(2020, 1, 1)
    )
    MilestoneFactory(project=delivery.project, title="Pilot report", due_on=date(2099, 1, 1))
    update = ProjectUpdateFactory(project=delivery.project, title="First readings")
    delivery.project = project_services.project_transition(
        project=delivery.project, to="completed", by=owner
    )
    results = followthrough.results_record(
        project=delivery.project, by=owner, delivered="Twenty sensors", budget_used_vnd=800_000
    )
    client.force_login(StaffFactory())

    late_only = client.get(reverse("admin:evaluation_milestone_changelist"), {"late": "yes"})
    assert "Sensors installed" in late_only.text
    assert "Pilot report" not in late_only.text
    assert "First readings" in client.get(reverse("admin:evaluation_projectupdate_changelist")).text
    assert "800" in client.get(reverse("admin:evaluation_projectresults_changelist")).text
    for name, pk in (
        ("milestone", late.pk),
        ("projectupdate", update.pk),
        ("projectresults", results.pk),
    ):
        page = client.get(reverse(f"admin:evaluation_{name}_change", args=[pk]))
        assert page.status_code == 200
        assert 'type="submit" value="Save"' not in page.text  # read-only: the team keeps them
        assert client.get(reverse(f"admin:evaluation_{name}_add")).status_code == 403


def test_the_delivery_team_cannot_open_the_follow_through_in_the_staff_desk(client, delivery):
    client.force_login(delivery.lead_user)
    response = client.get(reverse("admin:evaluation_milestone_changelist"))
    assert response.status_code == 302
