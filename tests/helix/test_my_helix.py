"""My Helix: what waits, what changed since the last visit, at a constant cost."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import HOME_VISIT_GAP, user_record_home_visit
from matchmaking.models import Approach
from organisations.models import Role
from projects.models import ConsortiumPartner, Follow, StatusChange, Vote
from tests.factories import (
    CommentFactory,
    InvitationFactory,
    MembershipFactory,
    MembershipRequestFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("accounts:dashboard")


def _visited(user, *, ago: timedelta) -> None:
    """As if the person's last visit to My Helix began `ago`."""
    user.home_visit_at = timezone.now() - ago
    user.save(update_fields=["home_visit_at"])


def test_what_waits_for_me_is_one_list_with_its_counts(client, user):
    managed = MembershipFactory(user=user, role=Role.MANAGER).organisation
    InvitationFactory(email=user.email)
    MembershipRequestFactory(organisation=managed)
    MembershipRequestFactory()  # to an organisation I do not manage
    ConsortiumPartner.objects.create(solution=SolutionFactory(), organisation=managed, role="x")
    client.force_login(user)

    response = client.get(URL)

    waiting = response.context["waiting"]
    assert (len(waiting.invitations), len(waiting.join_requests), len(waiting.partnerships)) == (
        1,
        1,
        1,
    )
    assert waiting.total == 3
    assert "Requests to join your organisations" in response.text


def test_an_interest_in_my_organisations_project_waits_for_me(client, user):
    managed = MembershipFactory(user=user, role=Role.OWNER).organisation
    project = ProjectFactory(organisation=managed)
    lab = OrganisationFactory(verified=True)
    Approach.objects.create(
        kind=Approach.Kind.INTEREST,
        project=project,
        organisation=lab,
        sender_organisation=lab,
        sent_by=MembershipFactory(organisation=lab, role=Role.OWNER).user,
    )
    client.force_login(user)

    response = client.get(URL)

    assert len(response.context["waiting"].approaches) == 1
    assert response.context["waiting"].total == 1
    assert 'href="#approaches-title"' in response.text


def test_a_member_who_does_not_manage_answers_no_join_request(client, user):
    organisation = MembershipFactory(user=user, role=Role.MEMBER).organisation
    MembershipRequestFactory(organisation=organisation)
    client.force_login(user)

    assert client.get(URL).context["waiting"].total == 0


def test_what_changed_since_my_last_visit_comes_first(client, user):
    quiet, busy = ProjectFactory(title="Quiet"), ProjectFactory(title="Busy")
    supported = ProjectFactory(title="Supported")
    Follow.objects.create(user=user, project=quiet)
    Follow.objects.create(user=user, project=busy)
    Vote.objects.create(user=user, project=supported, sector="community")
    _visited(user, ago=2 * HOME_VISIT_GAP)
    old = CommentFactory(project=quiet)
    type(old).objects.filter(pk=old.pk).update(created=timezone.now() - 3 * HOME_VISIT_GAP)
    CommentFactory(project=busy)
    CommentFactory(project=busy)
    SolutionFactory(project=busy)
    StatusChange.objects.create(project=supported, from_status="open", to_status="in_review")
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)

    response = client.get(URL)

    followed = response.context["followed"]
    assert [p.title for p in followed][:2] == ["Busy", "Supported"]
    busy_row, supported_row, quiet_row = followed
    assert (busy_row.new_comments, busy_row.new_solutions, busy_row.new_statuses) == (2, 1, 0)
    assert (supported_row.supporting, supported_row.following, supported_row.new_statuses) == (
        True,
        False,
        1,
    )
    assert (quiet_row.new_comments, quiet_row.new_solutions) == (0, 0)
    assert response.context["changed_count"] == 2
    assert "2 new comments" in response.text


def test_a_supported_solution_shows_its_new_status(client, user):
    solution = SolutionFactory()
    Vote.objects.create(user=user, solution=solution, sector="community")
    _visited(user, ago=2 * HOME_VISIT_GAP)
    StatusChange.objects.create(solution=solution, from_status="submitted", to_status="selected")
    client.force_login(user)

    [row] = client.get(URL).context["supported"]

    assert (row, row.new_statuses) == (solution, 1)


def test_a_followed_project_back_in_draft_is_not_shown(client, user):
    Follow.objects.create(user=user, project=ProjectFactory(status="draft"))
    client.force_login(user)

    assert client.get(URL).context["followed"] == []


def test_on_the_first_visit_nothing_is_marked_new(client, user):
    project = ProjectFactory()
    Follow.objects.create(user=user, project=project)
    CommentFactory(project=project)
    client.force_login(user)

    response = client.get(URL)

    assert response.context["last_visit"] is None
    assert response.context["followed"][0].new_comments == 0


def test_a_reload_keeps_what_changed_and_writes_nothing(user, django_assert_num_queries):
    first = timezone.now()
    assert user_record_home_visit(user=user, now=first) is None
    second = first + 2 * HOME_VISIT_GAP
    assert user_record_home_visit(user=user, now=second) == first

    with django_assert_num_queries(0):
        assert user_record_home_visit(user=user, now=second + HOME_VISIT_GAP / 2) == first

    user.refresh_from_db()
    assert (user.home_previous_visit_at, user.home_visit_at) == (first, second)


def test_my_projects_and_solutions_with_their_status(client, user):
    organisation = MembershipFactory(user=user, role=Role.MEMBER).organisation
    draft = ProjectFactory(organisation=organisation, status="draft", title="Our draft")
    ProjectFactory(title="Someone else's")
    solution = SolutionFactory(lead_user=user, title="My proposal")
    client.force_login(user)

    response = client.get(URL)

    assert response.context["my_projects"] == [draft]
    assert response.context["my_solutions"] == [solution]
    assert "Our draft" in response.text
    assert "My proposal" in response.text


def _grow(user, n: int) -> None:
    for _ in range(n):
        organisation = OrganisationFactory(verified=True)
        MembershipFactory(user=user, organisation=organisation, role=Role.OWNER)
        project = ProjectFactory(organisation=organisation)
        followed = ProjectFactory()
        Follow.objects.create(user=user, project=followed)
        Vote.objects.create(user=user, project=followed, sector="community")
        CommentFactory(project=followed)
        solution = SolutionFactory(project=project, lead_user=user)
        Vote.objects.create(user=user, solution=SolutionFactory(), sector="community")
        MembershipRequestFactory(organisation=organisation)
        InvitationFactory(email=user.email, organisation=OrganisationFactory())
        ConsortiumPartner.objects.create(
            solution=SolutionFactory(), organisation=organisation, role="x"
        )
        CommentFactory(project=None, solution=solution)
        lab = OrganisationFactory(verified=True)
        Approach.objects.create(
            kind=Approach.Kind.INTEREST, project=project, organisation=lab, sender_organisation=lab
        )


def test_my_helix_costs_the_same_with_1_or_20_organisations_and_follows(
    client, user, django_assert_max_num_queries
):
    client.force_login(user)
    client.get(URL)  # the first visit is noted (one write); the next ones are read only
    _visited(user, ago=2 * HOME_VISIT_GAP)
    client.get(URL)

    def count() -> int:
        # Matchmaking's inbox, the reviews and the memberships are read once, for their panels
        # and for "Waiting for you" alike; "Projects for ..." built afresh (the organisations
        # just made replaced its token) reads no offers, and reads the approaches' states whether
        # or not a match is shown; the page's own copy reads the ids its tokens are of first
        # (addresses, followed projects): 23 on SQLite, 22 on PostgreSQL.
        with django_assert_max_num_queries(23) as captured:
            assert client.get(URL).status_code == 200
        return len(captured.captured_queries)

    _grow(user, 1)
    one = count()
    _grow(user, 19)
    twenty = count()

    assert one == twenty


def test_my_latest_notifications_and_my_settings_are_on_the_page(
    client, user, django_capture_on_commit_callbacks
):
    from projects import services as project_services

    owner = MembershipFactory(role=Role.OWNER, organisation__verified=True).user
    project = ProjectFactory(organisation=owner.memberships.get().organisation, title="Cầu Ông Cộ")
    Follow.objects.create(user=user, project=project)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.project_transition(project=project, to="in_review", by=owner)
    [told] = user.notifications.all()
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client.force_login(user)

    response = client.get(URL)

    assert response.context["notifications"] == [told]
    panel = response.text.split('id="notifications-title"')[1].split("</section>")[0]
    # As in the list: what happened, then a quiet line with the object as the link, the
    # time ago and "Mark as read", which comes back here.
    assert f'<a href="{told.get_absolute_url()}">Cầu Ông Cộ</a>' in panel
    assert "just now" in panel
    assert ">New<" in panel  # unread
    assert f'name="next" value="{URL}"' in panel
    assert f'href="{reverse("notifications:list")}"' in panel
    settings = response.text.split('id="settings-title"')[1].split("</section>")[0]
    for address in [
        "#profile-title",
        reverse("notifications:preferences"),
        reverse("mfa_index"),
        "#my-data",
        reverse("account_change_password"),
        reverse("account_email"),
    ]:
        assert f'href="{address}"' in settings
    assert "Optional" in settings  # no second factor yet, and not staff
    assert 'id="my-data"' in response.text
