"""The pages of acting on a match: invite from "Organisations that could help", express interest
(with a pledge) from "Projects for you", answer from the inbox, contacts once accepted, the way
to the propose form, resources committed on the project page; constant query counts."""

import re

import pytest
from django.urls import reverse

from matchmaking import services
from matchmaking.models import Approach
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(flood_project):
    return MembershipFactory(
        organisation=flood_project.organisation,
        role="manager",
        user__email="hoa@city.example",
        user__display_name="Bà Hoa",
    ).user


@pytest.fixture
def offer(lab, lab_owner):
    return services.resource_create(
        organisation=lab,
        by=lab_owner,
        kind="testbed",
        title="Flood test-bed",
        description="Sensors and a flume.",
    )


def test_the_manager_invites_from_the_project_page(client, lab, flood_project, manager, refreshed):
    client.force_login(manager)
    page = client.get(flood_project.get_absolute_url()).content.decode()
    assert "Invite to propose" in page
    response = client.post(
        reverse("matchmaking:invite", args=[flood_project.slug]),
        {"organisation": lab.slug, "message": "Join us"},
    )
    invitation = Approach.objects.get()
    assert response.status_code == 302
    assert response.url == invitation.get_absolute_url()
    assert (invitation.kind, invitation.organisation, invitation.message) == (
        "invitation",
        lab,
        "Join us",
    )
    page = client.get(flood_project.get_absolute_url()).content.decode()
    assert "Waiting for an answer" in page  # the state instead of the form


def test_the_public_sees_no_invite_button(client, lab, flood_project, refreshed):
    assert "Invite to propose" not in client.get(flood_project.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    url = reverse("matchmaking:invite", args=[flood_project.slug])
    assert client.post(url, {"organisation": lab.slug}).status_code == 403


def test_the_lab_expresses_interest_with_a_pledge(
    client, lab, lab_owner, offer, flood_project, refreshed
):
    client.force_login(lab_owner)
    page = client.get(reverse("matchmaking:projects", args=[lab.slug])).content.decode()
    assert "Express interest" in page
    assert "Flood test-bed" in page
    client.post(
        reverse("matchmaking:interest", args=[flood_project.slug]),
        {"organisation": lab.slug, "message": "We can help", "pledge": offer.pk},
    )
    interest = Approach.objects.get()
    assert (interest.kind, interest.pledge) == ("interest", offer)


def test_a_refused_interest_shows_the_reason_on_the_form(
    client, lab, lab_owner, flood_project, settings
):
    settings.HELIX_MATCH_ACTIONS_PER_DAY = 0
    client.force_login(lab_owner)
    response = client.post(
        reverse("matchmaking:interest", args=[flood_project.slug]), {"organisation": lab.slug}
    )
    assert response.status_code == 200
    assert "the most allowed: try again tomorrow" in response.content.decode()
    bad = client.post(
        reverse("matchmaking:interest", args=[flood_project.slug]),
        {"organisation": lab.slug, "pledge": "abc"},
    )
    assert bad.status_code == 200
    assert Approach.objects.count() == 0


def test_answer_contacts_and_the_way_to_propose(
    client, lab, lab_owner, offer, flood_project, manager
):
    interest = services.interest_express(
        organisation=lab, project=flood_project, by=lab_owner, pledge=offer
    )
    url = interest.get_absolute_url()
    client.force_login(lab_owner)
    page = client.get(url).content.decode()
    assert "hoa@city.example" not in page
    assert "Propose a solution" not in page
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert "Your answer" in page
    assert lab_owner.email not in page
    answer = reverse("matchmaking:approach_answer", args=[interest.pk])
    client.post(answer, {"answer": "maybe"})
    client.post(answer, {"answer": "accept", "message": "x" * 2001})
    assert Approach.objects.get().status == "pending"  # neither answers
    client.post(answer, {"answer": "accept"})
    assert Approach.objects.get().status == "accepted"
    page = client.get(url).content.decode()
    assert lab_owner.email in page
    assert "Contact persons" in page
    client.force_login(lab_owner)
    page = client.get(url).content.decode()
    assert "hoa@city.example" in page
    propose = reverse("projects:propose", args=[flood_project.slug]) + f"?lead={lab.pk}"
    assert propose.replace("?", "?") in page.replace("&amp;", "&")
    form = client.get(propose).content.decode()
    assert f'<option value="{lab.pk}" selected>' in form
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_the_project_page_shows_resources_committed_by_sector(
    client, lab, lab_owner, offer, flood_project, manager
):
    interest = services.interest_express(
        organisation=lab, project=flood_project, by=lab_owner, pledge=offer
    )
    assert "resource committed" not in client.get(flood_project.get_absolute_url()).content.decode()
    services.approach_answer(approach=interest, accept=True, by=manager)
    page = client.get(flood_project.get_absolute_url()).content.decode()
    assert "1 resource committed" in page
    assert "Resources committed, by sector" in page
    assert "Flood test-bed" in page


def test_my_helix_lists_what_waits_and_what_was_sent(
    client, lab, lab_owner, flood_project, manager
):
    services.interest_express(organisation=lab, project=flood_project, by=lab_owner)
    client.force_login(manager)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Waiting for your answer" in page
    assert "Hydrology Lab interested in" in page
    client.force_login(lab_owner)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Sent and answered" in page
    assert "Waiting for an answer" in page
    assert client.get(reverse("matchmaking:inbox")).status_code == 200


def _grow(count: int, lab, lab_owner, flood_project, manager, offer) -> None:
    for _ in range(count):
        # A matching project nobody acted on yet (its form shows), and one the lab pledged to.
        ProjectFactory(organisation=flood_project.organisation).tags.set(["hydrology"])
        OrganisationFactory(verified=True, sector="academia").expertise.set(["hydrology"])
        project = ProjectFactory(organisation=flood_project.organisation)
        project.tags.set(["hydrology"])
        interest = services.interest_express(
            organisation=lab, project=project, by=lab_owner, pledge=offer
        )
        services.approach_answer(approach=interest, accept=True, by=manager)
        other = OrganisationFactory(verified=True, sector="enterprise")
        MembershipFactory(organisation=other, role="owner")
        other.expertise.set(["hydrology"])
        services.invitation_send(project=flood_project, organisation=other, by=manager)
        pledge = services.resource_create(
            organisation=other,
            by=other.memberships.get().user,
            kind="data",
            title="D",
            description="d",
        )
        services.approach_answer(
            approach=services.interest_express(
                organisation=other, project=project, by=other.memberships.get().user, pledge=pledge
            ),
            accept=True,
            by=manager,
        )
    services.matches_refresh_all()


def _counts(client, urls, users, django_assert_max_num_queries) -> dict:
    counts = {}
    for who, user in users.items():
        client.force_login(user)
        for name, url in urls.items():
            with django_assert_max_num_queries(40) as queries:
                assert client.get(url).status_code == 200
            counts[(who, name)] = len(queries)
    return counts


def test_pages_cost_constant_queries(
    client, lab, lab_owner, flood_project, manager, offer, settings, django_assert_max_num_queries
):
    """The same queries with 3 and with 12 projects, organisations, invitations and pledges."""
    settings.HELIX_MATCH_ACTIONS_PER_DAY = 100
    interest = services.interest_express(organisation=lab, project=flood_project, by=lab_owner)
    urls = {
        "project": flood_project.get_absolute_url(),
        "organisations for it": reverse("matchmaking:organisations", args=[flood_project.slug]),
        "projects for the lab": reverse("matchmaking:projects", args=[lab.slug]),
        "organisation": lab.get_absolute_url(),
        "my helix": reverse("accounts:dashboard"),
        "inbox": reverse("matchmaking:inbox"),
        "approach": interest.get_absolute_url(),
    }
    users = {"lab": lab_owner, "manager": manager}
    for user in users.values():  # a first visit to My Helix notes it: one write
        client.force_login(user)
        client.get(urls["my helix"])
    _grow(3, lab, lab_owner, flood_project, manager, offer)
    few = _counts(client, urls, users, django_assert_max_num_queries)
    _grow(9, lab, lab_owner, flood_project, manager, offer)
    many = _counts(client, urls, users, django_assert_max_num_queries)
    assert many == few


def test_an_accepted_organisation_proposes_as_a_partner(
    client, lab, lab_owner, offer, flood_project, manager
):
    """The other way to the propose form: the lab among the partners, another of the person's
    organisations leading; the lab is invited to the consortium like any partner."""
    from projects.models import ConsortiumPartner, Solution

    company = OrganisationFactory(verified=True, sector="enterprise")
    MembershipFactory(organisation=company, user=lab_owner, role="owner")
    interest = services.interest_express(
        organisation=lab, project=flood_project, by=lab_owner, pledge=offer
    )
    services.approach_answer(approach=interest, accept=True, by=manager)
    client.force_login(lab_owner)
    page = client.get(interest.get_absolute_url()).content.decode().replace("&amp;", "&")
    propose = reverse("projects:propose", args=[flood_project.slug]) + f"?partner={lab.pk}"
    assert propose in page
    form = client.get(propose).content.decode()
    assert re.search(rf'<input[^>]*name="partners"[^>]*value="{lab.pk}"[^>]*checked', form)
    response = client.post(
        propose,
        {
            "lead_organisation": company.pk,
            "title": "Cảm biến ngập cho khu phố",
            "summary": "Một mạng cảm biến mực nước.",
            "description": "Lắp cảm biến và công bố dữ liệu.",
            "partners": [lab.pk],
            "partner_role": "Thử nghiệm và phân tích dữ liệu",
        },
    )
    assert response.status_code == 302
    solution = Solution.objects.get(project=flood_project)
    assert solution.lead_organisation == company
    assert ConsortiumPartner.objects.filter(solution=solution, organisation=lab).exists()
