"""My Helix kept per person (helix/my_helix_cache.py): each change a person expects shows at
their next load; nobody sees another's page; the CSRF field is each request's; with the cache
down the page is built each time; a kept page's queries are the same with 1 or 5 organisations
and 5 or 50 follows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matchmaking.models import Approach
from notifications import services as notification_services
from organisations import services as organisation_services
from organisations.models import Role
from projects import services as project_services
from projects.models import ConsortiumPartner, Follow
from tests.factories import (
    CommentFactory,
    InvitationFactory,
    MembershipFactory,
    MembershipRequestFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)
from tests.test_cache import cache_at, cache_down  # noqa: F401 - fixtures

URL = reverse("accounts:dashboard")


@pytest.fixture
def me(client, user):
    """A manager of an organisation with a project, who follows another project, and whose
    previous visit was a day ago; My Helix seen once, so it is kept."""
    organisation = MembershipFactory(user=user, role=Role.MANAGER).organisation
    ProjectFactory(organisation=organisation, title="Our own river")
    Follow.objects.create(user=user, project=ProjectFactory(title="Followed bridge"))
    user.home_visit_at = timezone.now() - timedelta(days=1)
    user.save(update_fields=["home_visit_at"])
    client.force_login(user)
    client.get(URL)
    user.refresh_from_db()
    assert client.get(URL).status_code == 200
    user.organisation = organisation
    return user


# Each change: what is made before the page is kept (saving a project, an organisation or a
# person replaces tokens of their own), then the change itself, then what shows.


def _comment(user, author):
    CommentFactory(project=Follow.objects.get(user=user).project, author=author)


def _follow(user, project):
    Follow.objects.create(user=user, project=project)


def _support(user, project):
    project_services.vote_cast(subject=project, by=user)


def _join(user, organisation):
    MembershipFactory(user=user, organisation=organisation)


def _invited(user, organisation):
    InvitationFactory(email=user.email, organisation=organisation)


def _join_request(user, requester):
    MembershipRequestFactory(organisation=user.organisation, user=requester)


def _partnership(user, solution):
    ConsortiumPartner.objects.create(solution=solution, organisation=user.organisation, role="x")


def _interest(user, lab):
    project = user.organisation.projects.get()
    Approach.objects.create(
        kind=Approach.Kind.INTEREST, project=project, organisation=lab, sender_organisation=lab
    )


def _project_renamed(user, _):
    project = user.organisation.projects.get()
    project.title = "Renamed river"
    project.save()


def _renamed(user, _):
    user.display_name = "Renamed Me"
    user.save()


CHANGES = {
    "comment on a followed project": (lambda: UserFactory(), _comment, "1 new comment"),
    "a project followed": (lambda: ProjectFactory(title="Followed dam"), _follow, "Followed dam"),
    "a project supported": (
        lambda: ProjectFactory(title="Supported well"),
        _support,
        "Supported well",
    ),
    "an organisation joined": (
        lambda: OrganisationFactory(name="Joined cooperative"),
        _join,
        "Joined cooperative",
    ),
    "an invitation to my address": (
        lambda: OrganisationFactory(name="Inviting agency"),
        _invited,
        "Inviting agency",
    ),
    "a request to join my organisation": (
        lambda: UserFactory(display_name="Asking Person"),
        _join_request,
        "Asking Person",
    ),
    "a consortium invitation": (
        lambda: SolutionFactory(title="Shared pump"),
        _partnership,
        "Shared pump",
    ),
    "an interest in my organisation's project": (
        lambda: OrganisationFactory(verified=True),
        _interest,
        "Invitations to propose and interests",
    ),
    "my organisation's project renamed": (lambda: None, _project_renamed, "Renamed river"),
    "my name": (lambda: None, _renamed, "Renamed Me"),
}


def test_a_request_answered_by_accepting_an_invitation_leaves_my_list(client, me):
    """The request is approved with `update()`, no signal: the membership made beside it must
    replace the organisation's token, as any membership does."""
    requester = UserFactory(display_name="Asking Person")
    MembershipRequestFactory(organisation=me.organisation, user=requester)
    invitation = InvitationFactory(email=requester.email, organisation=me.organisation)
    assert "Asking Person asks to join" in client.get(URL).text

    organisation_services.invitation_accept(invitation=invitation, user=requester)

    assert "Asking Person asks to join" not in client.get(URL).text


@pytest.mark.parametrize("change", CHANGES)
def test_each_change_shows_at_my_next_load(client, me, change):
    prepare, act, shown = CHANGES[change]
    made = prepare()
    client.get(URL)  # kept after what was made
    assert shown not in client.get(URL).text

    act(me, made)

    assert shown in client.get(URL).text


def test_a_notification_and_its_reading_show_at_my_next_load(
    client, me, django_capture_on_commit_callbacks
):
    owner = MembershipFactory(role=Role.OWNER, organisation__verified=True).user
    project = ProjectFactory(organisation=owner.memberships.get().organisation, title="Told dam")
    Follow.objects.create(user=me, project=project)
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.project_transition(project=project, to="in_review", by=owner)
    panel = client.get(URL).text.split('id="notifications-title"')[1].split("</section>")[0]
    assert "Told dam" in panel
    assert "Mark as read" in panel

    [told] = me.notifications.all()
    notification_services.notification_mark_read(notification=told, by=me)

    panel = client.get(URL).text.split('id="notifications-title"')[1].split("</section>")[0]
    assert "Told dam" in panel
    assert "Mark as read" not in panel


def test_the_kept_page_carries_each_requests_own_csrf_field(
    client, me, django_capture_on_commit_callbacks
):
    owner = MembershipFactory(role=Role.OWNER, organisation__verified=True).user
    project = ProjectFactory(organisation=owner.memberships.get().organisation)
    Follow.objects.create(user=me, project=project)
    with django_capture_on_commit_callbacks(execute=True):
        project_services.project_transition(project=project, to="in_review", by=owner)
    client.get(URL)  # built and kept

    page = client.get(URL).text

    assert "kept-csrf-token" not in page
    panel = page.split('id="notifications-title"')[1].split("</section>")[0]
    assert 'name="csrfmiddlewaretoken" value="' in panel


def test_another_person_never_sees_my_page(client, me):
    other = UserFactory(display_name="Someone Else")
    client.force_login(other)

    page = client.get(URL).text

    assert "Our own river" not in page
    assert "Followed bridge" not in page
    assert "Someone Else" in page


@pytest.mark.usefixtures("cache_down")
def test_with_the_cache_down_the_page_is_built_each_time(client, user):
    client.force_login(user)
    client.get(URL)
    Follow.objects.create(user=user, project=ProjectFactory(title="Seen without cache"))

    assert "Seen without cache" in client.get(URL).text


def test_a_kept_page_costs_the_same_with_1_or_5_organisations_and_5_or_50_follows(
    client, user, django_assert_max_num_queries
):
    client.force_login(user)

    def kept_queries(organisations: int, follows: int) -> int:
        for _ in range(organisations - user.memberships.count()):
            MembershipFactory(user=user)
        for _ in range(follows - Follow.objects.filter(user=user).count()):
            Follow.objects.create(user=user, project=ProjectFactory())
        client.get(URL)  # built
        # The session (in the database without Redis), the person, their second factor and
        # their data export, around the kept parts.
        with django_assert_max_num_queries(5) as kept:
            assert client.get(URL).status_code == 200
        return len(kept.captured_queries)

    assert kept_queries(1, 5) == kept_queries(5, 50)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_profile_fields_are_those_the_persons_own_form_renders(client, db, language):
    """They are rendered once per values and language: two people, and one after an edit, each
    get exactly what their own form renders."""
    from django.utils import translation

    from accounts.forms import ProfileForm

    for name in ("First Person", "Second Person"):
        person = UserFactory(display_name=name, preferred_language=language)
        client.force_login(person)
        client.cookies["django_language"] = language
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE=language)
        with translation.override(language):
            expected = ProfileForm(instance=person).render()
        assert response.context["profile_fields"] == expected
        assert f'value="{name}"' in response.text

    response = client.post(URL, {"display_name": "Edited Name", "preferred_language": language})
    assert response.status_code == 302
    assert 'value="Edited Name"' in client.get(URL).text
    response = client.post(URL, {"display_name": " ", "preferred_language": language})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "errorlist" in response.text  # the bound form, with its error, not a kept one
