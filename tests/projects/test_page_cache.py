"""A visitor's project page is kept until something it shows changes (projects/page_cache.py,
helix/project_pages.py): one query once kept, and every kind of change shows at the next visit."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from evaluation.models import Attachment, Visibility
from insights.tallies import rebuild
from matchmaking import services as matchmaking
from matchmaking.models import ProjectNeed, Resource
from organisations.models import Role
from organisations.services import organisation_unverify
from projects import page_cache, services
from projects.models import Project
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    SolutionFactory,
    StaffFactory,
    UserFactory,
)
from tests.test_cache import cache_at, cache_down  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def visit(client, project, language="en") -> str:
    response = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def main(page: str) -> str:
    """The page without the site's header and footer (whose CSRF token is new each time)."""
    return page[page.index("<main") : page.index("</main>")]


def supports(project, n: int) -> str:
    return f'project-{project.pk}-count" aria-live="polite">{n} support{"" if n == 1 else "s"}'


@pytest.fixture
def project():
    project = ProjectFactory(title="Cooler bus stops", status=Project.Status.OPEN)
    project.tags.add("shade")
    SolutionFactory(project=project, title="Shade sails")
    CommentFactory(project=project, body="Stop 4 has no tree.", body_html="<p>Stop 4.</p>")
    return project


def test_a_visitor_page_once_kept_costs_one_query(client, project, django_assert_num_queries):
    first = visit(client, project)
    with django_assert_num_queries(1):  # the project's row: may the visitor see it, its head
        again = visit(client, project)
    assert main(again) == main(first)
    assert "Shade sails" in again
    assert "<title>Cooler bus stops" in again


def test_each_language_is_kept_apart(client, project):
    english, vietnamese = visit(client, project, "en"), visit(client, project, "vi")
    assert "Description" in english
    assert "Mô tả" in vietnamese
    assert main(visit(client, project, "en")) == main(english)


def test_signed_in_people_are_never_served_a_kept_page(client, project):
    visit(client, project)
    owner = MembershipFactory(organisation=project.organisation, role=Role.OWNER).user
    client.force_login(owner)
    page = visit(client, project)
    assert "Manage this project" in page  # their controls, not the visitor's page
    client.logout()
    assert "Manage this project" not in visit(client, project)


def test_a_query_string_builds_the_page(client, project, django_assert_max_num_queries):
    visit(client, project)
    with django_assert_max_num_queries(30) as built:
        assert client.get(project.get_absolute_url() + "?utm=mail").status_code == 200
    assert len(built.captured_queries) > 1


def test_a_draft_stays_hidden_from_visitors_after_it_was_kept(client, project):
    visit(client, project)
    Project.objects.filter(pk=project.pk).update(status=Project.Status.DRAFT)
    assert client.get(project.get_absolute_url()).status_code == 404


def _new_comment(client, project):
    services.comment_create(subject=project, by=UserFactory(), body="The bus shelter leaks.")
    return "The bus shelter leaks."


def _hidden_comment(client, project):
    comment = project.comments.get()
    services.comment_hide(comment=comment, by=StaffFactory(), reason="Off topic")
    return "Hidden by a moderator: Off topic"


def _support(client, project):
    for _ in range(3):
        services.vote_cast(subject=project, by=UserFactory())
    return supports(project, 3)


def _withdrawn_support(client, project):
    person = UserFactory()
    services.vote_cast(subject=project, by=person)
    assert supports(project, 1) in visit(client, project)  # kept with one support
    services.vote_withdraw(subject=project, by=person)
    return supports(project, 0)


def _solution(client, project):
    SolutionFactory(project=project, title="Misting fans")
    return "Misting fans"


def _project_edit(client, project):
    project.description_html = "<p>Forty stops on route 61.</p>"
    project.save()
    return "Forty stops on route 61."


def _tag(client, project):
    project.tags.add("heat-island")
    return "heat-island"


def _organisation_renamed(client, project):
    organisation = project.organisation
    organisation.name = "Thủ Dầu Một transit board"
    organisation.save()
    return "Thủ Dầu Một transit board"


def _person_renamed(client, project):
    lead = project.solutions.get().lead_user
    lead.display_name = "Nguyễn Thị Sen"
    lead.save()
    return "Nguyễn Thị Sen"


def _need(client, project):
    ProjectNeed.objects.create(project=project, kind="data", title="Bus arrival data")
    return "Bus arrival data"


def _match(client, project):
    helper = OrganisationFactory(
        name="Shade Lab", sector="academia", verified=True, description="Shade for bus stops."
    )
    helper.expertise.set(["shade"])
    assert "Shade Lab" not in visit(client, project)  # kept before the refresh
    matchmaking.matches_refresh_project(project_id=project.pk)
    return "Shade Lab"


def _public_document(client, project):
    Attachment.objects.create(
        project=project,
        name="Stop survey 2026",
        file="documents/survey.pdf",
        content_type="application/pdf",
        size=10,
        visibility=Visibility.PUBLIC,
        uploaded_by=UserFactory(),
    )
    return "Stop survey 2026"


def _moved(client, project):
    owner = MembershipFactory(organisation=project.organisation, role=Role.OWNER).user
    services.project_transition(project=project, to=Project.Status.IN_REVIEW, by=owner)
    return "In review"


def _milestone(client, project):
    project.status = Project.Status.IN_PROGRESS
    project.save()
    assert "Shelters" not in visit(client, project)  # kept, in progress
    MilestoneFactory(project=project, title="Shelters at ten stops")
    return "Shelters at ten stops"


CHANGES = [
    _new_comment,
    _hidden_comment,
    _support,
    _withdrawn_support,
    _solution,
    _project_edit,
    _tag,
    _organisation_renamed,
    _person_renamed,
    _need,
    _match,
    _public_document,
    _moved,
    _milestone,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.strip("_"))
def test_a_change_shows_to_the_next_visitor(client, project, change):
    before = visit(client, project)
    shown = change(client, project)
    if change is not _withdrawn_support:  # which shows the number of before again
        assert shown not in before
    assert shown in visit(client, project)


def test_an_update_corrected_then_removed_shows_to_the_next_visitor(client, project):
    from evaluation import followthrough

    project.status = Project.Status.IN_PROGRESS
    project.save()
    owner = MembershipFactory(organisation=project.organisation, role=Role.OWNER).user
    update = ProjectUpdateFactory(project=project, title="Sails ordered")
    assert "Sails ordered" in visit(client, project)  # kept with the update
    followthrough.update_edit(update=update, by=owner, title="Sails delivered", body="Ten.")
    page = visit(client, project)
    assert "Sails delivered" in page
    assert "Sails ordered" not in page
    followthrough.update_delete(update=update, by=owner)
    assert "Sails delivered" not in visit(client, project)


def test_unverifying_an_organisation_replaces_every_page(client, project):
    visit(client, project)
    token = cache.get(page_cache.SHARED_TOKEN_KEY)
    organisation_unverify(organisation=project.organisation, by=StaffFactory())
    assert cache.get(page_cache.SHARED_TOKEN_KEY) != token


@pytest.mark.parametrize("refresh", ["project", "organisation", "all", "insights"])
def test_bulk_writes_replace_the_tokens_of_what_they_rewrote(project, refresh):
    key = f"project-page:token:{project.pk}"
    before = (cache.get(key), cache.get(page_cache.SHARED_TOKEN_KEY))
    if refresh == "project":
        matchmaking.matches_refresh_project(project_id=project.pk)
    elif refresh == "organisation":
        matchmaking.matches_refresh_organisation(organisation_id=project.organisation_id)
    elif refresh == "all":
        matchmaking.matches_refresh_all()
    else:
        rebuild()
    after = (cache.get(key), cache.get(page_cache.SHARED_TOKEN_KEY))
    assert after != before


def test_an_offer_replaces_every_page(project):
    token = cache.get(page_cache.SHARED_TOKEN_KEY)
    Resource.objects.create(
        organisation=OrganisationFactory(verified=True), kind="data", title="Bus GPS feed"
    )
    assert cache.get(page_cache.SHARED_TOKEN_KEY) != token


def test_signing_in_replaces_no_page(project):
    person = UserFactory()
    token = cache.get(page_cache.SHARED_TOKEN_KEY)
    person.last_login = timezone.now()
    person.save(update_fields=["last_login"])
    assert cache.get(page_cache.SHARED_TOKEN_KEY) == token


def test_without_the_cache_each_visitor_page_is_built(cache_down, client, project):  # noqa: F811
    assert "Shade sails" in visit(client, project)
    SolutionFactory(project=project, title="Misting fans")
    assert "Misting fans" in visit(client, project)
    assert cache_down.health()["degraded_operations"] > 0


@pytest.mark.parametrize("change", [_need, _project_edit, _tag, _organisation_renamed, _moved])
def test_the_parts_kept_for_signed_in_people_follow_the_same_changes(client, project, change):
    client.force_login(UserFactory())
    visit(client, project)
    shown = change(client, project)
    assert shown in visit(client, project)


def test_the_team_gets_its_controls_in_the_kept_matchmaking_panel(client, project):
    client.force_login(UserFactory())
    assert "Edit the needs" not in visit(client, project)  # the panel kept without controls
    client.force_login(MembershipFactory(organisation=project.organisation, role=Role.OWNER).user)
    assert "Edit the needs" in visit(client, project)
