"""The staff desk for projects: lifecycle moves, decisions, moderation and the CSV export."""

import csv
import io

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.urls import reverse

from organisations.models import Role, Sector
from projects import services
from projects.models import Project, Report, Solution, StatusChange
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROJECTS = reverse("admin:projects_project_changelist")
SOLUTIONS = reverse("admin:projects_solution_changelist")
COMMENTS = reverse("admin:projects_comment_changelist")
REPORTS = reverse("admin:projects_report_changelist")


def act(client, url, action, objects, **data):
    return client.post(
        url, {"action": action, "_selected_action": [o.pk for o in objects], **data}, follow=True
    )


def told(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def fresh(obj):
    obj.refresh_from_db()
    return obj


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


# --- Lifecycle -------------------------------------------------------------------------------


def test_staff_move_a_project_to_review_and_who_and_when_are_recorded(staff_client, staff):
    project = ProjectFactory()

    response = act(staff_client, PROJECTS, "move_to_in_review", [project])

    assert response.status_code == 200
    assert fresh(project).status == Project.Status.IN_REVIEW
    change = StatusChange.objects.get(project=project)
    assert (change.from_status, change.to_status, change.by) == ("open", "in_review", staff)
    assert change.at is not None
    assert told(response) == [f"“{project.title}” is in review."]


def test_staff_publish_a_draft_of_a_verified_organisation(staff_client):
    project = ProjectFactory(status="draft", published_at=None)

    act(staff_client, PROJECTS, "move_to_open", [project])

    assert fresh(project).status == Project.Status.OPEN
    assert project.published_at is not None


def test_an_illegal_move_is_refused_with_a_message_and_changes_nothing(staff_client):
    project = ProjectFactory()

    response = act(staff_client, PROJECTS, "move_to_completed", [project])

    assert response.status_code == 200
    assert fresh(project).status == Project.Status.OPEN
    assert not StatusChange.objects.exists()
    [message] = told(response)
    assert message.startswith(f"{project.title}: ")
    assert "cannot become" in message


def test_each_selected_project_is_told_apart(staff_client):
    draft_of_unverified = ProjectFactory(
        status="draft", published_at=None, organisation=OrganisationFactory()
    )
    in_review = ProjectFactory(status="in_review")

    response = act(staff_client, PROJECTS, "move_to_open", [draft_of_unverified, in_review])

    assert fresh(draft_of_unverified).status == Project.Status.DRAFT
    assert fresh(in_review).status == Project.Status.OPEN
    messages = told(response)
    assert any("verified organisation" in m for m in messages)
    assert f"“{in_review.title}” is open for solutions." in messages


def test_archive_ends_any_lifecycle(staff_client):
    projects = [ProjectFactory(status=s) for s in ("draft", "open", "completed")]

    act(staff_client, PROJECTS, "move_to_archived", projects)

    assert {fresh(p).status for p in projects} == {Project.Status.ARCHIVED}


def test_staff_shortlist_then_select_a_solution(staff_client, staff):
    solution = SolutionFactory(project=ProjectFactory(status="in_review"))

    act(staff_client, SOLUTIONS, "shortlist", [solution])
    act(staff_client, SOLUTIONS, "select", [solution])

    assert fresh(solution).status == Solution.Status.SELECTED
    assert list(solution.status_changes.values_list("to_status", "by")) == [
        ("shortlisted", staff.pk),
        ("selected", staff.pk),
    ]


def test_the_project_page_leads_to_its_solutions(staff_client):
    solution, other = SolutionFactory(), SolutionFactory()
    page = staff_client.get(reverse("admin:projects_project_change", args=[solution.project_id]))
    link = f"{SOLUTIONS}?project__id__exact={solution.project_id}"

    assert link in page.content.decode()
    assert list(staff_client.get(link).context["cl"].result_list) == [solution]
    assert other.project_id != solution.project_id


def test_a_solution_cannot_be_selected_before_it_is_shortlisted(staff_client):
    solution = SolutionFactory()

    response = act(staff_client, SOLUTIONS, "select", [solution])

    assert fresh(solution).status == Solution.Status.SUBMITTED
    assert "cannot become" in told(response)[0]


def test_staff_do_not_select_a_solution(staff_client):
    solution = SolutionFactory()

    act(staff_client, SOLUTIONS, "not_select", [solution])

    assert fresh(solution).status == Solution.Status.NOT_SELECTED


# --- Moderation ------------------------------------------------------------------------------


def test_hiding_asks_for_a_reason_first(staff_client):
    comment = CommentFactory(body="Mua đất nền giá rẻ, gọi ngay!")

    page = act(staff_client, COMMENTS, "hide", [comment])

    assert page.templates[0].name == "admin/projects/hide_comments.html"
    assert "Mua đất nền giá rẻ" in page.content.decode()
    assert not fresh(comment).is_hidden


def test_hiding_without_a_reason_is_refused(staff_client):
    comment = CommentFactory()

    page = act(staff_client, COMMENTS, "hide", [comment], apply="yes", reason="  ")

    assert page.context["form"].errors["reason"]
    assert not fresh(comment).is_hidden


def test_staff_hide_a_comment_with_a_reason(staff_client, staff):
    comment = CommentFactory()

    response = act(staff_client, COMMENTS, "hide", [comment], apply="yes", reason="Quảng cáo")

    comment = fresh(comment)
    assert comment.is_hidden
    assert (comment.hidden_reason, comment.hidden_by) == ("Quảng cáo", staff)
    assert comment.body == "Ward 3 floods first."  # hidden, never deleted
    assert told(response) == ["1 comment hidden; its open reports are resolved."]


def test_staff_show_a_hidden_comment_again(staff_client, staff):
    comment = services.comment_hide(comment=CommentFactory(), by=staff, reason="Spam")

    act(staff_client, COMMENTS, "unhide", [comment])

    comment = fresh(comment)
    assert not comment.is_hidden
    assert comment.hidden_reason == ""


@pytest.fixture
def reported(user):
    comment = CommentFactory(body="Bọn quan chức toàn ăn hại.")
    return services.report_create(subject=comment, by=user, reason="Xúc phạm")


def test_the_moderation_queue_shows_open_reports_unless_told_otherwise(staff_client, reported):
    solved = services.report_create(subject=CommentFactory(), by=UserFactory(), reason="x")
    Report.objects.filter(pk=solved.pk).update(status=Report.Status.DISMISSED)

    queue = staff_client.get(REPORTS)
    everything = staff_client.get(REPORTS, {"status": "all"})

    assert list(queue.context["cl"].result_list) == [reported]
    assert set(everything.context["cl"].result_list) == {reported, solved}
    page = queue.content.decode()
    assert "Bọn quan chức toàn ăn hại." in page
    assert "Xúc phạm" in page
    assert "can only be dismissed" in page


def test_hiding_a_reported_comment_resolves_its_reports(staff_client, staff, reported):
    other = services.report_create(subject=reported.comment, by=UserFactory(), reason="Rude")

    page = act(staff_client, REPORTS, "hide_reported_comments", [reported])
    assert "Bọn quan chức toàn ăn hại." in page.content.decode()
    act(staff_client, REPORTS, "hide_reported_comments", [reported], apply="yes", reason="Xúc phạm")

    comment = fresh(reported.comment)
    assert comment.is_hidden
    assert comment.hidden_reason == "Xúc phạm"
    for report in (fresh(reported), fresh(other)):
        assert report.status == Report.Status.HIDDEN
        assert report.resolved_by == staff
        assert report.resolved_at is not None


def test_reports_about_solutions_can_only_be_dismissed(staff_client, user):
    report = services.report_create(subject=SolutionFactory(), by=user, reason="Copied")

    response = act(staff_client, REPORTS, "hide_reported_comments", [report])

    assert "only comments can be hidden" in told(response)[0]
    assert fresh(report).status == Report.Status.OPEN
    act(staff_client, REPORTS, "dismiss", [report])
    assert fresh(report).status == Report.Status.DISMISSED


def test_staff_dismiss_a_report_and_the_comment_stays(staff_client, staff, reported):
    response = act(staff_client, REPORTS, "dismiss", [reported])

    report = fresh(reported)
    assert (report.status, report.resolved_by) == (Report.Status.DISMISSED, staff)
    assert not fresh(reported.comment).is_hidden
    assert told(response) == ["1 report dismissed."]


def test_the_change_pages_are_read_only(staff_client, reported):
    comment = reported.comment
    url = reverse("admin:projects_comment_change", args=[comment.pk])

    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"body": "changed"})

    assert fresh(comment).body == "Bọn quan chức toàn ăn hại."


# --- CSV export ------------------------------------------------------------------------------


def rows_of(response) -> list[list[str]]:
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.fixture
def rich_project(staff):
    """An open project with a consortium solution, supports of three sectors and comments."""
    project = ProjectFactory(title="Chống ngập đường Phú Lợi", budget_vnd=2_500_000_000)
    engineer = MembershipFactory(
        organisation=OrganisationFactory(name="SongFlow", verified=True), role=Role.OWNER
    ).user
    university = OrganisationFactory(name="Đại học Kỹ thuật", sector=Sector.ACADEMIA, verified=True)
    lab = MembershipFactory(organisation=university, role=Role.OWNER).user
    solution = services.solution_propose(
        project=project,
        by=engineer,
        lead_organisation=engineer.memberships.get().organisation,
        partners=[(university, "nghiên cứu")],
        title="Cảm biến mực nước",
        summary="Hai mươi cảm biến.",
        description="Cảnh báo qua Zalo.",
        estimated_cost_vnd=900_000_000,
        duration_months=6,
    )
    services.consortium_answer(partner=solution.partners.get(), accept=True, by=lab)
    for voter in (engineer, lab, UserFactory()):
        services.vote_cast(subject=project, by=voter)
    services.vote_cast(subject=solution, by=lab)
    citizen = UserFactory(display_name="Nguyễn Thị Hoa")
    first = services.comment_create(subject=project, by=citizen, body="Đường ngập mỗi khi mưa.")
    services.comment_create(subject=project, by=engineer, body="Cảm ơn chị.", parent=first)
    spam = services.comment_create(subject=project, by=UserFactory(), body="=HYPERLINK(evil)")
    services.comment_hide(comment=spam, by=staff, reason="Quảng cáo")
    services.comment_create(subject=solution, by=citizen, body="Bao giờ lắp?")
    return project


def test_the_csv_export_holds_the_project_its_solutions_and_comments(staff_client, rich_project):
    response = act(staff_client, PROJECTS, "export_as_csv", [rich_project])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == ["Project"]
    header, project = rows[1], dict(zip(rows[1], rows[2], strict=True))
    assert header[:3] == ["title", "organisation", "status"]
    assert project["title"] == "Chống ngập đường Phú Lợi"
    assert project["budget (VND)"] == "2500000000"
    assert project["supports"] == "3"
    assert [project[f"supports: {sector.label}"] for sector in Sector] == ["0", "1", "1", "1"]
    solutions_at = rows.index(["Solutions"])
    solution = dict(zip(rows[solutions_at + 1], rows[solutions_at + 2], strict=True))
    assert solution["title"] == "Cảm biến mực nước"
    assert solution["lead"] == "SongFlow"
    assert solution["partners (accepted)"] == "Đại học Kỹ thuật"
    assert solution["supports: Academia"] == "1"
    assert (solution["estimated cost (VND)"], solution["duration (months)"]) == ("900000000", "6")
    comments_at = rows.index(["Comments"])
    header = rows[comments_at + 1]
    comments = [dict(zip(header, row, strict=True)) for row in rows[comments_at + 2 : -1]]
    assert [c["text"] for c in comments] == [
        "Đường ngập mỗi khi mưa.",
        "Cảm ơn chị.",
        "'=HYPERLINK(evil)",  # no formula for Excel to run
        "Bao giờ lắp?",
    ]
    assert comments[0]["author"] == "Nguyễn Thị Hoa"
    assert comments[1]["reply to"] == comments[0]["number"]
    assert comments[2]["moderation"] == "hidden: Quảng cáo"
    assert comments[3]["on"] == "Cảm biến mực nước"


def test_the_project_page_links_to_its_csv(staff_client, rich_project):
    page = staff_client.get(reverse("admin:projects_project_change", args=[rich_project.pk]))
    url = reverse("admin:projects_project_export", args=[rich_project.pk])

    assert url in page.content.decode()
    response = staff_client.get(url)
    assert rows_of(response)[2][0] == "Chống ngập đường Phú Lợi"
    assert f'filename="{rich_project.slug}.csv"' in response["Content-Disposition"]


def test_several_projects_export_one_section_each(staff_client):
    projects = ProjectFactory.create_batch(3)

    rows = rows_of(act(staff_client, PROJECTS, "export_as_csv", projects))

    assert rows.count(["Project"]) == 3


# --- Who may use the desk --------------------------------------------------------------------


def test_the_group_holds_the_moderation_and_lifecycle_permissions(government_staff_group):
    codenames = set(government_staff_group.permissions.values_list("codename", flat=True))

    assert {
        "view_project",
        "change_project",
        "view_solution",
        "change_solution",
        "view_comment",
        "hide_comment",
        "view_report",
        "change_report",
        "view_statuschange",
        "view_vote",
        "view_follow",
        "view_consortiumpartner",
    } <= codenames
    assert not {"add_project", "delete_project", "delete_comment", "change_vote"} & codenames


@pytest.mark.parametrize(
    "url",
    [
        PROJECTS,
        SOLUTIONS,
        COMMENTS,
        REPORTS,
        reverse("admin:projects_statuschange_changelist"),
        reverse("admin:projects_vote_changelist"),
        reverse("admin:projects_follow_changelist"),
    ],
)
def test_a_staff_member_without_the_group_is_refused(client, url):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(url).status_code == 403


def test_a_staff_member_without_the_group_cannot_export(client):
    project = ProjectFactory()
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("admin:projects_project_export", args=[project.pk]))

    assert response.status_code == 403


def test_a_staff_member_without_the_group_cannot_post_the_actions(client):
    project, comment = ProjectFactory(), CommentFactory()
    client.force_login(UserFactory(is_staff=True))

    assert act(client, PROJECTS, "move_to_archived", [project]).status_code == 403
    assert act(client, COMMENTS, "hide", [comment], apply="yes", reason="x").status_code == 403
    assert fresh(project).status == Project.Status.OPEN
    assert not fresh(comment).is_hidden


def test_nothing_can_be_added_or_deleted_here(staff_client, admin_client):
    for client in (staff_client, admin_client):
        assert client.get(reverse("admin:projects_project_add")).status_code == 403
        actions = client.get(COMMENTS).context["action_form"].fields["action"].choices
        assert "delete_selected" not in dict(actions)


# --- Every list and page opens, at a constant cost -------------------------------------------

LISTS = [
    PROJECTS,
    SOLUTIONS,
    COMMENTS,
    REPORTS,
    REPORTS + "?status=all",
    reverse("admin:projects_statuschange_changelist"),
    reverse("admin:projects_vote_changelist"),
    reverse("admin:projects_follow_changelist"),
]


def make_projects(n: int, staff) -> None:
    for _ in range(n):
        project = ProjectFactory(status="draft", published_at=None)
        project = services.project_transition(project=project, to="open", by=staff)
        voter = UserFactory()
        solution = SolutionFactory(project=project)
        services.vote_cast(subject=project, by=voter)
        services.vote_cast(subject=solution, by=voter)
        services.follow(project=project, by=voter)
        comment = services.comment_create(subject=project, by=voter, body="Đồng ý")
        services.comment_create(subject=solution, by=voter, body="Tốt")
        services.report_create(subject=comment, by=UserFactory(), reason="Spam")
        services.report_create(subject=solution, by=UserFactory(), reason="Copied")


def count_queries(client, django_assert_max_num_queries, request) -> int:
    with django_assert_max_num_queries(60) as captured:
        response = request(client)
        assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", LISTS)
def test_lists_cost_the_same_with_2_or_10_projects(
    staff_client, staff, url, django_assert_max_num_queries
):
    def get(client):
        return client.get(url, {"q": "o"} if "?" not in url else None)

    make_projects(2, staff)
    few = count_queries(staff_client, django_assert_max_num_queries, get)
    make_projects(8, staff)
    many = count_queries(staff_client, django_assert_max_num_queries, get)

    assert few == many


def test_the_export_costs_the_same_with_2_or_10_projects(
    staff_client, staff, django_assert_max_num_queries
):
    def export(client):
        return act(client, PROJECTS, "export_as_csv", Project.objects.all())

    make_projects(2, staff)
    few = count_queries(staff_client, django_assert_max_num_queries, export)
    make_projects(8, staff)
    many = count_queries(staff_client, django_assert_max_num_queries, export)

    assert few == many
    assert rows_of(export(staff_client)).count(["Project"]) == 10


@pytest.mark.parametrize(
    "model", ["project", "solution", "comment", "report", "statuschange", "vote", "follow"]
)
def test_every_page_opens_for_staff_and_superusers(staff_client, admin_client, staff, model):
    make_projects(1, staff)
    obj = apps.get_model("projects", model).objects.first()
    for client in (staff_client, admin_client):
        assert client.get(reverse(f"admin:projects_{model}_changelist")).status_code == 200
        url = reverse(f"admin:projects_{model}_change", args=[obj.pk])
        assert client.get(url).status_code == 200
