"""The rules and lifecycles of projects, solutions, comments, supports and reports."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from core.recount import recount
from organisations.models import Role
from organisations.services import organisation_unverify
from projects import services
from projects.markdown import render_markdown
from projects.models import (
    CommentRevision,
    ConsortiumPartner,
    Follow,
    Project,
    Report,
    Solution,
    StatusChange,
    Vote,
)
from tests.conftest import ROW_COUNTERS
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db

PROJECT = {
    "title": "Cảnh báo ngập cho phường Phú Hòa",
    "summary": "Warn residents before the water rises.",
    "description": "Sensors on the **Thị Tính** river.",
    "theme": "flooding-water",
    "district": "thu-dau-mot",
    "seeks_academia": True,
}


def grant(user, codename: str):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh object: permissions are cached


def fresh(obj):
    obj.refresh_from_db()
    return obj


# --- Projects --------------------------------------------------------------------------------


def test_a_member_drafts_a_project_and_follows_it(organisation, member):
    project = services.project_create(by=member, organisation=organisation, tags=["IoT"], **PROJECT)

    assert project.status == Project.Status.DRAFT
    assert project.slug == "canh-bao-ngap-cho-phuong-phu-hoa"
    assert project.description_html == "<p>Sensors on the <strong>Thị Tính</strong> river.</p>"
    assert list(project.tags.names()) == ["IoT"]
    assert Follow.objects.filter(project=project, user=member).exists()
    assert fresh(project).follower_count == 1
    assert project.status_changes.get().to_status == "draft"


def test_an_outsider_cannot_draft_for_an_organisation(organisation, user):
    with pytest.raises(PermissionDenied):
        services.project_create(by=user, organisation=organisation, **PROJECT)
    assert not Project.objects.exists()


def test_bad_project_data_saves_nothing(organisation, member):
    with pytest.raises(ValidationError):
        services.project_create(by=member, organisation=organisation, **(PROJECT | {"theme": "x"}))
    assert not Project.objects.exists()


def test_a_member_publishes_a_draft_of_a_verified_organisation(organisation, member):
    project = ProjectFactory(organisation=organisation, status="draft", published_at=None)

    services.project_publish(project=project, by=member)

    project = fresh(project)
    assert project.status == Project.Status.OPEN
    assert project.published_at is not None
    change = project.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("draft", "open", member)


def test_an_unverified_organisation_cannot_publish(owner, organisation):
    organisation.verified_at = None
    organisation.save()
    project = ProjectFactory(organisation=organisation, status="draft", published_at=None)

    with pytest.raises(ValidationError, match="verified"):
        services.project_publish(project=project, by=owner)
    assert fresh(project).status == "draft"


@pytest.mark.parametrize(
    ("start", "to"),
    [("draft", "completed"), ("open", "completed"), ("archived", "open"), ("open", "x")],
)
def test_moves_outside_the_lifecycle_are_refused_with_a_message(organisation, owner, start, to):
    project = ProjectFactory(organisation=organisation, status=start)

    with pytest.raises(ValidationError, match="cannot become"):
        services.project_transition(project=project, to=to, by=owner)
    assert fresh(project).status == start


def test_the_whole_lifecycle_is_recorded(organisation, manager):
    project = ProjectFactory(organisation=organisation, status="draft", published_at=None)

    for status in ("open", "in_review", "in_progress", "completed", "archived"):
        services.project_transition(project=project, to=status, by=manager)

    assert list(project.status_changes.values_list("to_status", flat=True)) == [
        "open", "in_review", "in_progress", "completed", "archived",
    ]  # fmt: skip


def test_a_plain_member_cannot_move_a_published_project(organisation, member):
    project = ProjectFactory(organisation=organisation)

    with pytest.raises(PermissionDenied):
        services.project_transition(project=project, to="in_review", by=member)


def test_staff_with_the_permission_move_any_project(staff):
    project = ProjectFactory()

    services.project_transition(project=project, to="in_review", by=grant(staff, "change_project"))

    assert fresh(project).status == "in_review"


def test_another_organisation_cannot_edit(organisation, owner, other_owner):
    project = ProjectFactory(organisation=organisation)

    with pytest.raises(PermissionDenied):
        services.project_update(project=project, by=other_owner, title="Mine")
    assert fresh(project).title != "Mine"


def test_editing_re_renders_the_description(organisation, manager):
    project = ProjectFactory(organisation=organisation)

    services.project_update(project=project, by=manager, description="<script>x</script> *ok*")

    assert fresh(project).description_html.strip() == "<p><em>ok</em></p>"


# --- Solutions and consortia -----------------------------------------------------------------


def propose(project, by, **extra):
    fields = {"title": "River sensors", "summary": "SMS alerts.", "description": "Twenty sensors."}
    return services.solution_propose(project=project, by=by, **(fields | extra))


def test_a_citizen_proposes_a_solution_as_an_individual(citizen):
    project = ProjectFactory()

    solution = propose(project, citizen)

    assert (solution.lead_user, solution.lead_organisation) == (citizen, None)
    assert solution.status == Solution.Status.SUBMITTED
    assert fresh(project).solution_count == 1
    assert Follow.objects.filter(project=project, user=citizen).exists()


@pytest.mark.parametrize("status", ["draft", "in_review", "completed", "archived"])
def test_solutions_come_in_only_while_the_project_is_open(citizen, status):
    project = ProjectFactory(status=status)

    with pytest.raises((ValidationError, PermissionDenied)):
        propose(project, citizen)
    assert not Solution.objects.exists()


def test_no_solution_after_the_deadline(citizen):
    project = ProjectFactory(deadline=timezone.localdate() - timedelta(days=1))

    with pytest.raises(ValidationError, match="no longer accepts"):
        propose(project, citizen)


def test_a_solution_can_be_led_only_for_ones_own_organisation(citizen, organisation):
    with pytest.raises(PermissionDenied):
        propose(ProjectFactory(), citizen, lead_organisation=organisation)


def test_a_partner_appears_only_once_it_accepts(organisation, owner):
    university = OrganisationFactory(verified=True, sector="academia")
    dean = MembershipFactory(organisation=university, role=Role.OWNER).user
    solution = propose(
        ProjectFactory(), owner, lead_organisation=organisation, partners=[(university, "research")]
    )

    listed = Solution.objects.with_listing_data().get(pk=solution.pk)
    assert listed.accepted_partners == []

    partner = solution.partners.get()
    services.consortium_answer(partner=partner, accept=True, by=dean)

    listed = Solution.objects.with_listing_data().get(pk=solution.pk)
    assert [p.organisation for p in listed.accepted_partners] == [university]


def test_only_the_partners_managers_answer_and_only_once(organisation, owner, other_owner):
    university = OrganisationFactory(verified=True)
    dean = MembershipFactory(organisation=university, role=Role.MANAGER).user
    solution = propose(
        ProjectFactory(), owner, lead_organisation=organisation, partners=[(university, "r")]
    )
    partner = solution.partners.get()

    with pytest.raises(PermissionDenied):
        services.consortium_answer(partner=partner, accept=True, by=other_owner)
    services.consortium_answer(partner=partner, accept=False, by=dean)
    with pytest.raises(ValidationError, match="already been answered"):
        services.consortium_answer(partner=partner, accept=True, by=dean)
    assert fresh(partner).status == ConsortiumPartner.Status.DECLINED


def test_unverified_organisations_are_not_invited_into_consortia(organisation, owner):
    with pytest.raises(ValidationError, match="not verified"):
        propose(
            ProjectFactory(),
            owner,
            lead_organisation=organisation,
            partners=[(OrganisationFactory(), "r")],
        )
    assert not Solution.objects.exists()  # nothing partial


def test_an_organisation_unverified_since_its_invitation_cannot_accept_it(
    organisation, owner, staff
):
    university = OrganisationFactory(verified=True)
    dean = MembershipFactory(organisation=university, role=Role.OWNER).user
    solution = propose(
        ProjectFactory(), owner, lead_organisation=organisation, partners=[(university, "r")]
    )
    partner = solution.partners.get()
    organisation_unverify(organisation=university, by=staff)

    with pytest.raises(ValidationError, match="not verified"):
        services.consortium_answer(partner=partner, accept=True, by=dean)
    assert fresh(partner).status == ConsortiumPartner.Status.INVITED
    services.consortium_answer(partner=partner, accept=False, by=dean)  # declining stays open
    assert fresh(partner).status == ConsortiumPartner.Status.DECLINED


def test_the_project_decides_shortlist_then_select(organisation, manager):
    solution = SolutionFactory(project=ProjectFactory(organisation=organisation))

    services.solution_decide(solution=solution, to="shortlisted", by=manager)
    services.solution_decide(solution=solution, to="selected", by=manager)

    assert fresh(solution).status == "selected"
    assert list(solution.status_changes.values_list("to_status", flat=True)) == [
        "shortlisted",
        "selected",
    ]


def test_selecting_straight_from_submitted_is_refused(organisation, manager):
    solution = SolutionFactory(project=ProjectFactory(organisation=organisation))

    with pytest.raises(ValidationError, match="cannot become"):
        services.solution_decide(solution=solution, to="selected", by=manager)


def test_the_lead_cannot_shortlist_their_own_solution(citizen):
    solution = SolutionFactory(lead_user=citizen)

    with pytest.raises(PermissionDenied):
        services.solution_decide(solution=solution, to="shortlisted", by=citizen)


def test_withdrawing_takes_the_solution_out_of_the_count(citizen):
    project = ProjectFactory()
    solution = propose(project, citizen)

    services.solution_withdraw(solution=solution, by=citizen)

    assert fresh(solution).status == "withdrawn"
    assert fresh(project).solution_count == 0
    with pytest.raises(PermissionDenied):
        services.solution_withdraw(solution=solution, by=citizen)  # once


# --- Comments --------------------------------------------------------------------------------


def test_comments_and_replies_are_counted_and_sanitised(citizen, user):
    project = ProjectFactory()

    comment = services.comment_create(subject=project, by=citizen, body="<b>Hi</b> **there**")
    reply = services.comment_create(subject=project, by=user, body="Agreed", parent=comment)

    assert comment.body_html == "<p>Hi <strong>there</strong></p>"
    assert reply.parent == comment
    assert fresh(project).comment_count == 2


def test_a_reply_cannot_jump_to_another_conversation(citizen):
    elsewhere = CommentFactory()

    with pytest.raises(ValidationError):
        services.comment_create(subject=ProjectFactory(), by=citizen, body="Hi", parent=elsewhere)


@pytest.mark.parametrize("body", ["", "   "])
def test_an_empty_comment_is_refused(citizen, body):
    with pytest.raises(ValidationError):
        services.comment_create(subject=ProjectFactory(), by=citizen, body=body)


def test_a_comment_over_5000_characters_is_refused(citizen):
    project = ProjectFactory()

    with pytest.raises(ValidationError):
        services.comment_create(subject=project, by=citizen, body="x" * 5001)
    assert fresh(project).comment_count == 0


def test_no_comment_on_a_draft(citizen):
    with pytest.raises(PermissionDenied):
        services.comment_create(subject=ProjectFactory(status="draft"), by=citizen, body="Hi")


def test_editing_keeps_the_history(citizen):
    comment = services.comment_create(subject=ProjectFactory(), by=citizen, body="First")

    services.comment_edit(comment=comment, by=citizen, body="Second")

    assert fresh(comment).body == "Second"
    assert comment.edited_at
    assert list(CommentRevision.objects.values_list("body", flat=True)) == ["First"]


def test_only_the_author_edits(citizen, user):
    comment = services.comment_create(subject=ProjectFactory(), by=citizen, body="Mine")

    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, by=user, body="Yours")


def test_a_deleted_comment_keeps_its_place_and_its_replies(citizen, user):
    project = ProjectFactory()
    comment = services.comment_create(subject=project, by=citizen, body="Mine")
    reply = services.comment_create(subject=project, by=user, body="Reply", parent=comment)

    services.comment_delete(comment=comment, by=citizen)

    assert fresh(comment).is_deleted
    assert fresh(reply).parent == comment


def test_hiding_needs_the_permission_and_a_reason_and_resolves_reports(staff, citizen, user):
    comment = CommentFactory()
    report = services.report_create(subject=comment, by=user, reason="Insults")

    with pytest.raises(PermissionDenied):
        services.comment_hide(comment=comment, by=citizen, reason="no")
    moderator = grant(staff, "hide_comment")
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, by=moderator, reason=" ")
    services.comment_hide(comment=comment, by=moderator, reason="Personal attack")

    comment = fresh(comment)
    assert comment.is_hidden
    assert comment.hidden_reason == "Personal attack"
    assert comment.body == "Ward 3 floods first."  # never deleted
    assert fresh(report).status == Report.Status.HIDDEN

    services.comment_unhide(comment=comment, by=moderator)
    assert not fresh(comment).is_hidden


def test_reporting_twice_keeps_one_open_report(user):
    comment = CommentFactory()

    first = services.report_create(subject=comment, by=user, reason="Spam")
    second = services.report_create(subject=comment, by=user, reason="Spam again")

    assert first == second
    assert Report.objects.count() == 1


# --- Supports and follows --------------------------------------------------------------------


def test_a_citizens_support_counts_as_community(citizen):
    project = ProjectFactory()

    services.vote_cast(subject=project, by=citizen)

    project = fresh(project)
    assert (project.support_count, project.support_community) == (1, 1)


def test_a_members_support_counts_in_their_organisations_sector():
    university = OrganisationFactory(verified=True, sector="academia")
    lecturer = MembershipFactory(organisation=university).user
    solution = SolutionFactory()

    services.vote_cast(subject=solution, by=lecturer)

    solution = fresh(solution)
    assert (solution.support_count, solution.support_academia, solution.support_community) == (
        1,
        1,
        0,
    )
    assert solution.support_by_sector()[2] == ("academia", "Academia", 1, 100)


def test_a_second_vote_counts_once(citizen):
    project = ProjectFactory()

    services.vote_cast(subject=project, by=citizen)
    services.vote_cast(subject=project, by=citizen)

    assert Vote.objects.count() == 1
    assert fresh(project).support_count == 1


def test_withdrawing_a_support_takes_it_back_from_its_sector(citizen):
    project = ProjectFactory()
    services.vote_cast(subject=project, by=citizen)
    MembershipFactory(user=citizen)  # joining an enterprise later changes nothing past

    services.vote_withdraw(subject=project, by=citizen)
    services.vote_withdraw(subject=project, by=citizen)  # twice is harmless

    project = fresh(project)
    assert (project.support_count, project.support_community, project.support_enterprise) == (
        0,
        0,
        0,
    )


def test_a_support_leaves_the_subject_with_its_counters_as_they_stand(citizen):
    project = ProjectFactory()
    Project.objects.filter(pk=project.pk).update(support_count=4, support_community=4)

    vote = services.vote_cast(subject=project, by=citizen)

    assert vote.pk == Vote.objects.get().pk
    assert (project.support_count, project.support_community, project.support_academia) == (
        5,
        5,
        0,
    )
    services.vote_withdraw(subject=project, by=citizen)
    assert (project.support_count, project.support_community) == (4, 4)


def test_a_second_vote_returns_the_first(citizen):
    project = ProjectFactory()
    first = services.vote_cast(subject=project, by=citizen)

    again = services.vote_cast(subject=project, by=citizen)

    assert (again.pk, again.sector, again.created) == (first.pk, first.sector, first.created)


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_no_support_for_drafts_or_archived_projects(citizen, status):
    with pytest.raises(PermissionDenied):
        services.vote_cast(subject=ProjectFactory(status=status), by=citizen)


def test_a_withdrawn_solution_cannot_be_supported(citizen):
    with pytest.raises(ValidationError):
        services.vote_cast(subject=SolutionFactory(status="withdrawn"), by=citizen)


def test_follow_and_unfollow_keep_the_count(citizen):
    project = ProjectFactory()

    services.follow(project=project, by=citizen)
    services.follow(project=project, by=citizen)
    assert fresh(project).follower_count == 1
    services.unfollow(project=project, by=citizen)
    services.unfollow(project=project, by=citizen)
    assert fresh(project).follower_count == 0


# --- Counters --------------------------------------------------------------------------------


def test_recount_finds_and_fixes_drift(citizen):
    project = ProjectFactory()
    services.vote_cast(subject=project, by=citizen)
    services.comment_create(subject=project, by=citizen, body="Hi")
    assert recount(fix=False, only=ROW_COUNTERS) == []

    Project.objects.filter(pk=project.pk).update(support_count=7, support_community=0)
    drift = recount(fix=True, only=ROW_COUNTERS)

    assert len(drift) == 1
    assert "support_count 7 → 1" in drift[0]
    project = fresh(project)
    assert (project.support_count, project.support_community) == (1, 1)
    assert recount(fix=False, only=ROW_COUNTERS) == []


def test_markdown_keeps_links_but_not_scripts_or_javascript_urls():
    html = render_markdown(
        "[ok](https://example.org) [bad](javascript:alert(1)) <img src=x onerror=y>"
    )

    assert 'href="https://example.org"' in html
    assert "javascript:" not in html
    assert "<img" not in html
    assert 'rel="nofollow noopener ugc"' in html


def test_status_changes_name_one_subject():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(to_status="open")


def test_a_resolved_report_is_not_dismissed_afterwards(staff, user):
    moderator = grant(staff, "hide_comment")
    comment = CommentFactory()
    report = services.report_create(subject=comment, by=user, reason="Spam")
    services.comment_hide(comment=comment, by=moderator, reason="Spam")

    with pytest.raises(ValidationError, match="already been resolved"):
        services.report_dismiss(report=report, by=moderator)
    assert fresh(report).status == Report.Status.HIDDEN


def test_a_hiding_reason_over_300_characters_is_refused(staff):
    comment = CommentFactory()

    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, by=grant(staff, "hide_comment"), reason="x" * 301)
    assert not fresh(comment).is_hidden


def test_editing_a_stale_copy_keeps_the_counters_others_moved(organisation, manager, citizen):
    project = ProjectFactory(organisation=organisation)
    stale = Project.objects.get(pk=project.pk)
    services.vote_cast(subject=project, by=citizen)

    services.project_update(project=stale, by=manager, title="New title")

    project = fresh(project)
    assert (project.title, project.support_count, project.support_community) == ("New title", 1, 1)


def test_a_new_deadline_in_the_past_is_refused_but_an_old_one_may_stay(organisation, manager):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be in the past"):
        services.project_create(
            by=manager, organisation=organisation, **PROJECT, deadline=yesterday
        )
    project = ProjectFactory(organisation=organisation, deadline=yesterday)

    services.project_update(project=project, by=manager, title="Still here", deadline=yesterday)
    with pytest.raises(ValidationError, match="cannot be in the past"):
        services.project_update(project=project, by=manager, deadline=yesterday - timedelta(days=1))


def test_a_report_saved_meanwhile_by_a_simultaneous_request_is_returned(monkeypatch, citizen):
    """The unique constraint decides the race that the look-up before it cannot see."""
    comment = CommentFactory()
    first = services.report_create(subject=comment, by=citizen, reason="Spam")
    monkeypatch.setattr(services.selectors, "open_report", _unseen_first(first))
    monkeypatch.setattr(Report, "full_clean", lambda self, **kwargs: None)

    again = services.report_create(subject=comment, by=citizen, reason="Spam")

    assert again == first
    assert Report.objects.count() == 1


def test_a_partner_invited_meanwhile_by_a_simultaneous_request_is_a_clear_error(
    monkeypatch, organisation, owner
):
    project = ProjectFactory()
    solution = services.solution_propose(
        project=project, by=owner, lead_organisation=organisation, title="T", summary="S",
        description="D",
    )  # fmt: skip
    university = OrganisationFactory(verified=True)
    services.consortium_invite(solution=solution, organisation=university, role="lab", by=owner)
    exists = QuerySet.exists
    monkeypatch.setattr(  # the look-up before the insert sees nothing, as in a race
        QuerySet, "exists", lambda qs: False if qs.model is ConsortiumPartner else exists(qs)
    )

    with pytest.raises(ValidationError):
        services.consortium_invite(solution=solution, organisation=university, role="lab", by=owner)
    assert solution.partners.count() == 1


def _unseen_first(report):
    calls = []

    def open_report(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else report

    return open_report
