"""The home page's body is cached for every viewer until something it shows changes
(helix/home.py); it costs a constant number of queries, none once cached."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from insights.tallies import rebuild
from organisations.models import Role
from organisations.services import organisation_unverify, organisation_verify
from projects import services, tasks
from projects.models import Project
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    StaffFactory,
    UserFactory,
    picture,
)
from tests.test_cache import cache_at, cache_down  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def page(client, language="en") -> str:
    return client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()


def _costs(client, django_assert_max_num_queries) -> tuple[int, int]:
    """Queries of the home page built afresh, then served from the cache."""
    rebuild()  # the insights' tallies, which the charts read
    cache.clear()
    with django_assert_max_num_queries(20) as cold:
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(3) as warm:
        assert client.get(reverse("home")).status_code == 200
    return len(cold.captured_queries), len(warm.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_home_page_costs_the_same_with_2_or_12_of_everything(
    client, django_assert_max_num_queries, signed_in
):
    if signed_in:
        client.force_login(UserFactory())

    def more(n: int) -> None:
        for _ in range(n):
            organisation = OrganisationFactory(verified=True)
            organisation.expertise.add("water")
            SolutionFactory(project=ProjectFactory(organisation=organisation))

    more(2)
    _costs(client, django_assert_max_num_queries)  # what each process reads once (content types)
    few = _costs(client, django_assert_max_num_queries)
    more(10)
    many = _costs(client, django_assert_max_num_queries)

    assert few == many
    # Once cached: nothing for a visitor; the person and the unread count else, and the session
    # unless it is read through the cache (core/sessions.py, with Redis configured).
    session = settings.SESSION_ENGINE != "core.sessions"
    assert many[1] == (2 + session if signed_in else 0)


def test_the_body_is_the_same_for_visitors_and_people_signed_in(client):
    project = ProjectFactory(title="Cooler bus stops")
    SolutionFactory(project=project, title="Shade sails")
    visitor = page(client)
    client.force_login(UserFactory())
    person = page(client)

    assert "Shade sails" in visitor
    assert "Shade sails" in person
    assert "Join Helix" in visitor
    assert "Join Helix" not in person


@pytest.mark.parametrize(
    "change",
    [
        "support",
        "comment",
        "solution",
        "partner",
        "lead renamed",
        "project renamed",
        "withdrawn",
    ],
)
def test_what_the_body_shows_changes_at_once(client, change):
    project = ProjectFactory(title="Cooler bus stops")
    solution = SolutionFactory(project=project, title="Shade sails")
    page(client)  # cached
    person = UserFactory()

    if change == "support":
        services.vote_cast(subject=solution, by=person)
        expected = "1 support"
    elif change == "comment":
        services.comment_create(subject=solution, by=person, body="Yes")
        expected = "1 comment"
    elif change == "solution":
        SolutionFactory(project=project, title="Misting poles")
        expected = "Misting poles"
    elif change == "partner":
        partner = OrganisationFactory(name="Shade Lab")
        solution.partners.create(organisation=partner, role="design", status="accepted")
        expected = "Shade Lab"
    elif change == "lead renamed":
        solution.lead_user.display_name = "Trần Thảo"
        solution.lead_user.save()
        expected = "Trần Thảo"
    elif change == "project renamed":
        project.title = "Shaded bus stops"
        project.save()
        expected = "Shaded bus stops"
    else:
        Project.objects.filter(pk=project.pk).update(solution_count=1)  # as proposing counts
        services.solution_withdraw(solution=solution, by=solution.lead_user)
        assert "Shade sails" not in page(client)
        return

    assert expected in page(client)


def test_verifying_an_organisation_shows_at_once(client):
    organisation = OrganisationFactory(name="Dong Nai Water Lab", sector="academia")
    staff = StaffFactory()
    page(client)

    organisation_verify(organisation=organisation, by=staff)
    assert "Dong Nai Water Lab" in page(client)

    organisation_unverify(organisation=organisation, by=staff)
    assert "Dong Nai Water Lab" not in page(client)


def test_signing_in_does_not_rebuild_the_body(client):
    ProjectFactory()
    person = UserFactory()
    page(client)
    token = cache.get("home:token")

    client.force_login(person)  # writes last_login

    assert cache.get("home:token") == token


def test_each_language_has_its_body(client):
    ProjectFactory()
    english, vietnamese = page(client, "en"), page(client, "vi")

    assert "Open projects" in english
    assert "Open projects" not in vietnamese


def test_without_the_cache_the_body_is_built_each_time(cache_down, client):  # noqa: F811
    ProjectFactory(title="Cooler bus stops")
    assert "Cooler bus stops" in page(client)

    ProjectFactory(title="Rain gardens")

    assert "Rain gardens" in page(client)
    assert cache_down.health()["degraded_operations"] > 0


def test_a_cover_thumbnail_written_by_its_task_shows_at_once(client):
    """The task records the thumbnail with update() (no post_save): its own signal tells."""
    owner = MembershipFactory(role=Role.OWNER, organisation__verified=True)
    # The cover is stored now; its thumbnail's task is left for later (on commit, not run).
    project = services.project_create(
        by=owner.user,
        organisation=owner.organisation,
        title="Shaded bus stops",
        summary="Shade where people wait.",
        description="Sails over the stops of route 61.",
        theme="smart-mobility",
        district="thu-dau-mot",
        cover=picture(),
        cover_alt="A bus stop under a white sail.",
    )
    services.project_publish(project=project, by=owner.user)
    project.refresh_from_db()
    assert not project.cover_thumbnail
    assert f'src="{project.cover.url}"' in page(client)  # the picture itself meanwhile

    tasks.project_cover_thumbnail(project.pk)

    project.refresh_from_db()
    assert f'src="{project.cover_thumbnail.url}"' in page(client)
