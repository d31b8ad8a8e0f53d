"""My Helix's "Projects for ..." sections are kept per organisation and language until something
they show changes (matchmaking/for_you.py): fewer queries once kept, whatever the number of
organisations; every kind of change at the next request; right with the cache down; no form and
so no CSRF token in what is kept."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts import home_tokens
from matchmaking import for_you, services
from matchmaking.models import Approach
from organisations.services import organisation_unverify
from projects import services as project_services
from projects.models import ConsortiumPartner
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    StaffFactory,
)
from tests.test_cache import cache_at, cache_down  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
URL = reverse("accounts:dashboard")


def section(client, organisation) -> str:
    """The organisation's "Projects for ..." section of My Helix."""
    page = client.get(URL).content.decode()
    return page.split(f'aria-labelledby="for-{organisation.pk}-title"')[1].split("</section>")[0]


@pytest.fixture
def seen(client, lab, lab_owner, flood_project, refreshed) -> str:
    """The lab's owner has seen the project among the lab's (the section is kept)."""
    client.force_login(lab_owner)
    shown = section(client, lab)
    assert flood_project.title in shown
    assert cache.get(for_you._section_key(lab.pk, "en")) is not None
    return shown


def _my_helix_queries(client, django_assert_max_num_queries) -> tuple[int, int]:
    """Queries of My Helix with the sections built, then kept (the rest of the cache, such as
    sessions read through it, stays as it is)."""
    cache.delete(for_you.SHARED_TOKEN_KEY)
    with django_assert_max_num_queries(30) as built:
        assert client.get(URL).status_code == 200
    # The rest of the page is rebuilt (its own copy is kept under its tokens: helix).
    cache.delete(home_tokens.SHARED_TOKEN_KEY)
    with django_assert_max_num_queries(30) as kept:
        assert client.get(URL).status_code == 200
    return len(built.captured_queries), len(kept.captured_queries)


def test_kept_sections_cost_fewer_queries_the_same_for_1_or_5_organisations(
    client, lab, lab_owner, flood_project, django_assert_max_num_queries
):
    def join(n: int) -> None:
        for _ in range(n):
            organisation = OrganisationFactory(verified=True, sector="academia")
            organisation.expertise.set(["hydrology", "GIS"])
            MembershipFactory(organisation=organisation, user=lab_owner, role="member")
            ProjectFactory(seeks_academia=True).tags.set(["hydrology"])
        services.matches_refresh_all()

    client.force_login(lab_owner)
    client.get(URL)  # the first visit is noted (one write)
    join(0)
    one = _my_helix_queries(client, django_assert_max_num_queries)
    join(4)
    five = _my_helix_queries(client, django_assert_max_num_queries)

    assert one == five
    built, kept = five
    assert kept == built - 2  # the matches and their states
    assert client.get(URL).text.count("Projects for ") == 5


def test_an_interest_goes_through_its_form_page_and_nothing_kept_holds_a_token(
    client, seen, lab, lab_owner, flood_project
):
    interest = reverse("matchmaking:interest", args=[flood_project.slug])
    link = f"{interest}?organisation={lab.slug}"
    assert f'href="{link}"' in seen
    assert "<form" not in seen
    assert "csrfmiddlewaretoken" not in cache.get(for_you._section_key(lab.pk, "en"))[1]

    form = client.get(link)
    assert form.status_code == 200
    assert 'name="message"' in form.text
    sent = client.post(interest, {"organisation": lab.slug, "message": "Our sensors"})
    assert sent.status_code == 302

    shown = section(client, lab)
    assert f'href="{link}"' not in shown
    assert "Expression of interest · Waiting for an answer" in shown


@pytest.mark.parametrize(
    "change",
    [
        "matches refreshed",
        "offer added",
        "interest expressed",
        "project renamed",
        "project closed",
        "project's organisation renamed",
        "organisation unverified",
        "solution proposed",
        "consortium joined",
    ],
)
def test_what_a_section_shows_changes_at_the_next_request(
    client, seen, change, lab, lab_owner, flood_project, committed
):
    if change == "matches refreshed":
        # A project there before the section was kept, matched only now (bulk writes).
        newer = ProjectFactory(title="Rain gauges for ward 9", seeks_academia=True)
        newer.tags.set(["hydrology", "GIS", "flood sensors"])
        cache.delete(for_you.SHARED_TOKEN_KEY)
        section(client, lab)
        services.matches_refresh_project(project_id=newer.pk)
        assert "Rain gauges for ward 9" in section(client, lab)
        return
    if change == "offer added":
        manager = MembershipFactory(organisation=flood_project.organisation, role="manager").user
        services.need_create(project=flood_project, by=manager, kind="testbed", title="Pilot")
        section(client, lab)
        with committed():  # the lab's matches are refreshed once it commits
            services.resource_create(
                organisation=lab,
                by=lab_owner,
                direction="offer",
                kind="testbed",
                title="Flood test-bed",
                description="Tanks and sensors",
                districts=["thu-dau-mot"],
            )
        assert "Flood test-bed" in section(client, lab)
        return
    if change == "interest expressed":
        services.interest_express(organisation=lab, project=flood_project, by=lab_owner)
        assert "Expression of interest · Waiting for an answer" in section(client, lab)
        return
    if change == "project renamed":
        owner = MembershipFactory(organisation=flood_project.organisation, role="owner").user
        project_services.project_update(project=flood_project, by=owner, title="Flood radar")
        assert "Flood radar" in section(client, lab)
        return
    if change == "project's organisation renamed":
        flood_project.organisation.name = "Thu Dau Mot City"
        flood_project.organisation.save()
        assert "Thu Dau Mot City" in section(client, lab)
        return

    if change == "project closed":
        owner = MembershipFactory(organisation=flood_project.organisation, role="owner").user
        project_services.project_transition(project=flood_project, to="in_review", by=owner)
    elif change == "organisation unverified":
        organisation_unverify(organisation=lab, by=StaffFactory())
    elif change == "solution proposed":
        SolutionFactory(project=flood_project, lead_organisation=lab)
    else:
        ConsortiumPartner.objects.create(
            solution=SolutionFactory(project=flood_project),
            organisation=lab,
            role="flood models",
            status=ConsortiumPartner.Status.ACCEPTED,
        )
    assert flood_project.title not in section(client, lab)


def test_an_organisation_s_change_leaves_the_others_sections_kept(
    client, seen, lab, lab_owner, flood_project
):
    other = MembershipFactory(user=lab_owner, organisation__verified=True).organisation
    section(client, other)
    kept = cache.get(for_you._section_key(other.pk, "en"))

    services.interest_express(organisation=lab, project=flood_project, by=lab_owner)
    section(client, lab)

    assert cache.get(for_you._section_key(other.pk, "en")) == kept


def test_each_language_has_its_sections(client, seen, lab, lab_owner):
    lab_owner.preferred_language = "vi"
    lab_owner.save(update_fields=["preferred_language"])

    vietnamese = client.get(URL).content.decode()

    assert f"Dự án dành cho {lab.name}" in vietnamese
    assert cache.get(for_you._section_key(lab.pk, "vi")) is not None


def test_with_the_cache_down_the_sections_are_built_each_time(
    cache_down,  # noqa: F811
    client,
    lab,
    lab_owner,
    flood_project,
    refreshed,
):
    client.force_login(lab_owner)
    assert flood_project.title in section(client, lab)

    Approach.objects.create(
        kind=Approach.Kind.INTEREST,
        project=flood_project,
        organisation=lab,
        sender_organisation=lab,
        sent_by=lab_owner,
    )

    assert "Expression of interest · Waiting for an answer" in section(client, lab)
    assert cache_down.health()["degraded_operations"] > 0
