"""Profiles, resources and needs through the services: who may, bad input, and the matches
kept fresh by the signals (eager Celery here)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from matchmaking import services
from matchmaking.models import Match, MatchAnnouncement, Resource
from matchmaking.selectors import filter_resources, matches_for_project
from organisations import services as organisation_services
from projects import services as project_services
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)

OFFER = {
    "direction": "offer",
    "kind": "testbed",
    "title": "Phòng thí nghiệm ngập lụt",
    "description": "A flood test-bed with sensors.",
    "districts": ["thuan-an", "nowhere"],
}


def test_owner_adds_an_offer_and_districts_are_kept_known_only(lab, lab_owner):
    offer = services.resource_create(organisation=lab, by=lab_owner, **OFFER)
    assert offer.district_codes == ["thuan-an"]
    assert offer.search_text.startswith("phong thi nghiem ngap lut")


@pytest.mark.parametrize("role", ["member", None])
def test_members_and_strangers_may_not_edit_capabilities(lab, role):
    user = MembershipFactory(organisation=lab, role=role).user if role else UserFactory()
    with pytest.raises(PermissionDenied):
        services.resource_create(organisation=lab, by=user, **OFFER)
    with pytest.raises(PermissionDenied):
        services.capability_profile_update(organisation=lab, by=user, sectors=["academia"])


def test_another_organisation_manager_may_not_edit_an_offer(lab, lab_owner, other_owner):
    offer = services.resource_create(organisation=lab, by=lab_owner, **OFFER)
    with pytest.raises(PermissionDenied):
        services.resource_update(resource=offer, by=other_owner, title="Mine")


def test_bad_kind_is_a_validation_error(lab, lab_owner):
    with pytest.raises(ValidationError):
        services.resource_create(organisation=lab, by=lab_owner, **{**OFFER, "kind": "gold"})


def test_need_needs_a_project_manager(flood_project, lab_owner):
    with pytest.raises(PermissionDenied):
        services.need_create(project=flood_project, by=lab_owner, kind="data", title="Rain data")
    manager = MembershipFactory(organisation=flood_project.organisation, role="manager").user
    need = services.need_create(project=flood_project, by=manager, kind="data", title="Rain")
    assert need.project == flood_project


def test_search_is_accent_insensitive_both_ways(lab, lab_owner):
    services.resource_create(organisation=lab, by=lab_owner, **OFFER)
    public = Resource.objects.public()
    assert filter_resources(public, q="ngap lut").count() == 1
    assert filter_resources(public, q="NGẬP LỤT").count() == 1
    assert filter_resources(public, q="ngập lụt", district="thuan-an").count() == 1
    assert filter_resources(public, district="di-an").count() == 0
    assert filter_resources(public, q="bakery").count() == 0


def test_a_change_shows_up_in_the_matches(lab, lab_owner, flood_project, committed):
    """Freshness: the signals refresh the stored matches once the change commits."""
    assert not Match.objects.exists()  # the lab was created before any refresh
    with committed():
        services.capability_profile_update(organisation=lab, by=lab_owner, sectors=["government"])
    match = Match.objects.get(project=flood_project, organisation=lab)
    assert "expertise" in [r["code"] for r in match.reasons]
    before = match.score
    manager = MembershipFactory(organisation=flood_project.organisation, role="manager").user
    with committed():
        services.need_create(project=flood_project, by=manager, kind="testbed", title="Pilot")
    with committed():
        services.resource_create(organisation=lab, by=lab_owner, **OFFER)
    match = Match.objects.get(project=flood_project, organisation=lab)
    assert match.score > before
    assert "offers" in [r["code"] for r in match.reasons]


def test_project_edits_and_moves_refresh(lab, flood_project, refreshed, committed):
    manager = MembershipFactory(organisation=flood_project.organisation, role="owner").user
    with committed():
        project_services.project_update(
            project=flood_project,
            by=manager,
            tags=["bakery"],
            title="Bánh mì",
            summary="Bread",
            description="Bread",
        )
    assert not Match.objects.filter(project=flood_project).exists()
    with committed():
        project_services.project_update(project=flood_project, by=manager, tags=["hydrology"])
    assert Match.objects.filter(project=flood_project).exists()
    with committed():
        project_services.project_transition(project=flood_project, to="in_review", by=manager)
    assert not Match.objects.filter(project=flood_project).exists()


def test_organisation_edit_refreshes(lab, lab_owner, flood_project, refreshed, committed):
    assert Match.objects.filter(organisation=lab).exists()
    with committed():
        organisation_services.organisation_update(
            organisation=lab, by=lab_owner, expertise=["bakery"], description="Bread and cakes"
        )
    assert not Match.objects.filter(organisation=lab).exists()


def test_never_drafts_closed_unverified_or_involved(lab, flood_project, refreshed):
    assert list(matches_for_project(flood_project)) != []
    # Involved: leads a solution of the project.
    solution = SolutionFactory(project=flood_project, lead_organisation=lab)
    assert list(matches_for_project(flood_project)) == []
    solution.delete()
    # Unverified (read time, before any refresh).
    lab.verified_at = None
    lab.save()
    assert list(matches_for_project(flood_project)) == []


def test_closed_projects_show_no_matches(lab, flood_project, refreshed):
    flood_project.status = "in_review"
    flood_project.save()
    assert list(matches_for_project(flood_project)) == []
    # And the refresh stores none.
    services.matches_refresh_project(project_id=flood_project.pk)
    assert not Match.objects.filter(project=flood_project).exists()


def test_unverified_organisations_are_not_matched(flood_project):
    stranger = OrganisationFactory(verified=False)
    stranger.expertise.set(["hydrology", "GIS"])
    services.matches_refresh_all()
    assert not Match.objects.filter(organisation=stranger).exists()


def test_drafts_are_not_matched(lab):
    draft = ProjectFactory(status="draft", published_at=None)
    draft.tags.set(["hydrology"])
    services.matches_refresh_all()
    assert not Match.objects.filter(project=draft).exists()


def _crowd(count: int) -> None:
    for n in range(count):
        org = OrganisationFactory(verified=True, sector="academia")
        org.expertise.set(["hydrology", f"tag{n}"])
        Resource.objects.create(organisation=org, kind="data", title=f"Data {n}", description="x")
        SolutionFactory(project=ProjectFactory(), lead_organisation=org)


def test_a_refresh_costs_the_same_queries_whatever_the_numbers(
    lab, flood_project, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost(refresh) -> int:
        MatchAnnouncement.objects.all().delete()  # every refresh finds its strong pairs anew
        with CaptureQueriesContext(connection) as queries:
            refresh()
        return len(queries)

    refreshes = [
        lambda: services.matches_refresh_project(project_id=flood_project.pk),
        lambda: services.matches_refresh_organisation(organisation_id=lab.pk),
        services.matches_refresh_all,
    ]
    _crowd(3)
    few = [cost(refresh) for refresh in refreshes]
    _crowd(12)
    assert [cost(refresh) for refresh in refreshes] == few


def test_staff_edit_through_the_admin_and_the_services(client, lab):
    """Staff with the model permissions add and change resources in the admin; the services
    write the folded search text and the districts."""
    from tests.factories import StaffFactory

    client.force_login(StaffFactory(is_superuser=True))
    form = {
        "organisation": lab.pk,
        "direction": "offer",
        "kind": "data",
        "title": "Bản đồ ngập",
        "description": "GIS",
        "conditions": "",
        "value_vnd": "",
        "is_open": "on",
        "district_choices": ["di-an"],
    }
    response = client.post("/admin/matchmaking/resource/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get()
    assert resource.search_text == "ban do ngap gis "
    assert resource.district_codes == ["di-an"]
    client.post(
        f"/admin/matchmaking/resource/{resource.pk}/change/", {**form, "title": "Bản đồ mưa"}
    )
    resource.refresh_from_db()
    assert resource.search_text.startswith("ban do mua")


def test_verification_brings_an_organisation_into_the_matches(flood_project, committed):
    newcomer = OrganisationFactory(verified=False, sector="academia")
    newcomer.expertise.set(["hydrology", "GIS"])
    services.matches_refresh_all()
    assert not Match.objects.filter(organisation=newcomer).exists()
    with committed():
        organisation_services.organisation_verify(
            organisation=newcomer, by=UserFactory(is_superuser=True)
        )
    assert Match.objects.filter(organisation=newcomer, project=flood_project).exists()


def test_withdrawing_a_verification_drops_the_organisations_matches_at_once(
    lab, flood_project, refreshed, committed
):
    """Not left stored until the night (the pages hid them already: `Match.showable`)."""
    assert Match.objects.filter(organisation=lab).exists()
    with committed():
        organisation_services.organisation_unverify(
            organisation=lab, by=UserFactory(is_superuser=True)
        )
    assert not Match.objects.filter(organisation=lab).exists()
