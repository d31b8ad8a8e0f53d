"""The demo data of `make run`: complete, made through the services, and safe to load again."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from core.recount import recount
from helix import demo as demo_data
from projects.models import Comment, ConsortiumPartner, Project, Report, Solution, Theme
from tests.conftest import ROW_COUNTERS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts() -> dict[str, int]:
    models = [*apps.get_app_config("projects").get_models()]
    models += [apps.get_model("accounts", "User"), apps.get_model("organisations", "Membership")]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture
def demo(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_loading_the_demo_twice_changes_nothing(demo):
    first = counts()

    call_command("load_demo", stdout=io.StringIO())

    assert counts() == first
    assert first["projects.Project"] == 22


def test_the_kept_counters_match_the_rows(demo):
    assert recount(fix=False, only=ROW_COUNTERS) == []


def test_the_command_prints_the_accounts(demo):
    assert "officer@helix.local" in demo
    assert "resident1@helix.local … resident5@helix.local" in demo
    assert "helix-demo-2026" in demo


def test_projects_cover_every_theme_district_and_stage(demo):
    projects = Project.objects.all()

    assert {p.theme for p in projects} == set(Theme.values)
    assert len({p.district for p in projects}) == 10
    statuses = [p.status for p in projects]
    assert statuses.count("draft") == 2  # the officer's, to publish; an unverified one's
    assert statuses.count("open") > 10
    assert {"in_review", "in_progress", "completed"} <= set(statuses)
    assert all("\n\n" in p.description for p in projects)  # Vietnamese, then English


def test_a_consortium_has_an_accepted_and_a_pending_partner(demo):
    solution = Solution.objects.get(title="Mạng cảm biến SongFlow và dự báo ngập bằng AI")

    assert solution.lead_organisation.name == "SongFlow Technologies"
    partners = dict(solution.partners.values_list("organisation__name", "status"))
    assert partners == {
        "Trường Đại học Kỹ thuật Bình Dương": ConsortiumPartner.Status.ACCEPTED,
        "Viện Nghiên cứu Đô thị thông minh Đông Nam Bộ": ConsortiumPartner.Status.INVITED,
    }


def test_supports_come_from_every_sector(demo):
    project = Project.objects.get(title="Cảnh báo ngập sớm cho các tuyến đường trũng ở Thuận An")

    assert all(count for _value, _label, count, _percent in project.support_by_sector())
    assert project.follows.filter(user__email="resident2@helix.local").exists()


def test_the_officer_hid_a_comment_and_one_report_waits(demo):
    hidden = Comment.objects.get(hidden_at__isnull=False)

    assert hidden.hidden_by.email == "officer@helix.local"
    assert hidden.hidden_reason
    assert hidden.reports.get().status == Report.Status.HIDDEN
    waiting = Report.objects.get(status=Report.Status.OPEN)
    assert not waiting.comment.is_hidden
    assert Comment.objects.filter(parent__parent__isnull=False).exists()  # a reply to a reply


def test_the_demo_api_key_works_for_the_ioc(demo):
    from rest_framework.test import APIClient

    from helix.demo import DEMO_API_KEY

    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {DEMO_API_KEY}")
    me = client.get("/api/v1/me/").json()

    assert DEMO_API_KEY in demo
    assert me["api_key"]["scope"] == "write"
    assert me["memberships"][0]["role"] == "manager"


def test_the_demo_staff_sign_in_with_the_documented_second_factor(demo, client):
    from allauth.mfa.models import Authenticator

    from helix.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

    assert DEMO_TOTP_SECRET in demo
    assert Authenticator.objects.filter(user__email="admin@helix.local", type="totp").exists()
    out = io.StringIO()
    call_command("demo_code", "officer@helix.local", stdout=out)
    printed = out.getvalue()
    code = printed.split("(valid about 30 s): ")[1].split()[0]
    recovery = printed.split("Unused recovery codes: ")[1].split()
    assert len(recovery) == 10

    client.post("/accounts/login/", {"login": "officer@helix.local", "password": DEMO_PASSWORD})
    assert client.get("/admin/").status_code == 302  # not before the second factor
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    client.logout()  # a recovery code works too, once
    client.post("/accounts/login/", {"login": "officer@helix.local", "password": DEMO_PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": recovery[0]})
    assert client.get("/admin/").status_code == 200


def test_the_demo_code_command_serves_demo_staff_only(demo):
    with pytest.raises(CommandError):
        call_command("demo_code", "citizen@helix.local", stdout=io.StringIO())


def test_journey_5_the_lab_sees_projects_and_the_flooding_project_its_helpers(demo):
    """Matchmaking: the university lab sees at least three projects for it with reasons; the
    new flooding challenge lists the lab, a sensor company and the residents' association."""
    from matchmaking.models import Resource
    from matchmaking.selectors import matches_for_organisation, matches_for_project
    from organisations.models import Organisation

    lab = Organisation.objects.get(name="Trường Đại học Kỹ thuật Bình Dương")
    for_lab = list(matches_for_organisation(lab))
    assert len(for_lab) >= 3
    assert all(match.reasons for match in for_lab)
    project = Project.objects.get(title="Bản đồ điểm ngập và trạm đo mưa cho khu phố Bình Hòa")
    helpers = [m.organisation.name for m in matches_for_project(project)]
    assert {
        "Trường Đại học Kỹ thuật Bình Dương",
        "SongFlow Technologies",
        "Hội Cư dân khu phố Bình Hòa",
    } <= set(helpers[:5])
    assert Resource.objects.public().filter(direction="offer").count() >= 4


def test_journey_5_a_pledge_is_committed_and_invitations_wait(demo, client):
    """The sensor company's pledge, accepted, shows as a resource committed on the flooding
    project; the residents' association and the lab each have an invitation waiting."""
    from matchmaking.models import Approach, ProjectCommitments

    flood_map = Project.objects.get(title=demo_data.FLOOD_MAP)
    commitments = ProjectCommitments.objects.get(project=flood_map)
    assert (commitments.committed_count, commitments.committed_enterprise) == (1, 1)
    assert Approach.objects.filter(status="pending", kind="invitation").count() == 2
    page = client.get(flood_map.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 resource committed" in page
    assert "Cảm biến mực nước cho thí điểm" in page


def test_the_demo_builds_the_open_data_and_shows_no_demo_address(demo):
    from django.core.files.storage import default_storage

    from accounts.models import User
    from opendata.models import DatasetFile

    files = DatasetFile.objects.exclude(format="zip")
    assert files.get(dataset="projects", format="csv").rows == 20  # 22 less the two drafts
    emails = list(User.objects.values_list("email", flat=True))
    names = [n for n in User.objects.values_list("display_name", flat=True) if n]
    for file in files:
        with default_storage.open(file.path) as handle:
            text = handle.read().decode()
        assert "@helix.local" not in text
        assert not [value for value in emails + names if value in text], file.filename


def test_journey_6_an_evaluation_with_reviewers_from_three_sectors(demo, client):
    """Evaluation: a rubric, three reviewers from three sectors (one barred automatically, one
    declaring a conflict the team allowed), submitted scores, a selected solution whose page
    shows its rationale and scores once published."""
    from evaluation.models import Assignment, Declaration, Rubric

    rubric = Rubric.objects.get(project__title="Ứng dụng phản ánh hiện trường cho người dân")
    assert rubric.is_published
    assert rubric.criteria.count() == 3
    sectors = {
        m.organisation.sector
        for r in rubric.reviewers.select_related("user")
        for m in r.user.memberships.select_related("organisation")
    }
    assert sectors == {"enterprise", "community", "academia"}
    assignments = Assignment.objects.filter(reviewer__rubric=rubric)
    assert assignments.filter(status="barred").count() == 1
    assert Declaration.objects.filter(
        assignment__reviewer__rubric=rubric, decision="allowed"
    ).exists()
    assert assignments.filter(status="submitted").count() == 5
    selected = rubric.project.solutions.get(status="selected")
    page = client.get(selected.get_absolute_url()).content.decode()
    assert selected.rationale.text[:40] in page
    assert "Tác động cho người dân" in page


def test_the_demo_shows_its_own_pictures(settings, django_capture_on_commit_callbacks):
    from pathlib import Path

    from organisations.models import Organisation

    # The thumbnails are made once the changes commit, as they do outside a test.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    media = Path(settings.MEDIA_ROOT)
    projects = Project.objects.all()
    assert all(p.cover and p.cover_alt and p.cover_thumbnail for p in projects)
    assert all((media / p.cover_thumbnail.name).exists() for p in projects)
    with_logo = Organisation.objects.exclude(logo="")
    assert with_logo.count() >= 5
    assert all(o.logo_alt and o.logo_thumbnail for o in with_logo)


def test_my_helix_shows_what_changed_since_the_last_visit_and_search_finds(demo, client):
    from accounts.models import User

    client.force_login(User.objects.get(email="resident1@helix.local"))
    home = client.get("/me/")
    assert home.context["changed_count"] > 0
    assert home.context["followed"][0].new_comments > 0

    found = client.get("/search/", {"q": "canh bao ngap"})
    assert {g["kind"] for g in found.context["groups"] if g["count"]} >= {"projects"}


def test_documents_with_each_visibility_are_shown_to_whom_they_should(demo, client):
    from evaluation.models import Attachment, CostBreakdown

    assert set(Attachment.objects.values_list("visibility", flat=True)) == {
        "public",
        "reviewers",
        "consortium",
    }
    assert CostBreakdown.objects.filter(visibility="reviewers").exists()
    solution = Attachment.objects.filter(visibility="consortium").get().solution
    page = client.get(solution.get_absolute_url()).content.decode()
    assert "So-do-he-thong.png" in page
    assert "Du-toan-chi-tiet.pdf" not in page
    client.force_login(solution.lead_user)
    page = client.get(solution.get_absolute_url()).content.decode()
    assert "Du-toan-chi-tiet.pdf" in page
    assert "Huấn luyện mô hình" in page


def test_the_demos_notifications_are_spread_over_days(django_capture_on_commit_callbacks):
    """Run as `load_demo` does outside a test: each change's notifications after its commit."""
    from django.utils import timezone

    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    demo_data.spread_notifications()  # after the fan-outs the callbacks ran

    days = {
        timezone.localdate(created)
        for created in Notification.objects.values_list("created", flat=True)
    }
    assert len(days) == 3
    before = list(Notification.objects.order_by("pk").values_list("created", flat=True))
    demo_data.spread_notifications()
    assert list(Notification.objects.order_by("pk").values_list("created", flat=True)) == before


def test_journey_7_milestones_updates_and_results(demo, client):
    """Follow-through: a project in progress with milestones (one late) and two updates, its
    followers' feed; a completed project with its results, found by the "with results" filter."""
    from evaluation.models import Milestone, ProjectResults, ProjectUpdate

    project = Project.objects.get(title="Tìm chỗ đỗ xe quanh Trung tâm Hành chính tỉnh")
    assert Milestone.objects.filter(project=project).count() == 3
    assert ProjectUpdate.objects.filter(project=project).count() == 2
    page = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Đã lắp xong 200 cảm biến đầu tiên" in page
    assert "Overall progress: 57 %" in page
    results = ProjectResults.objects.get(project__title__startswith="Giám sát mực nước")
    assert results.budget_used_vnd < results.project.budget_vnd
    assert results.solutions.count() == 1
    listed = client.get("/projects/", {"results": "with"}).content.decode()
    assert results.project.title in listed
    assert project.title not in listed
