import pytest

from organisations.models import Role, Sector
from projects import services
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory


@pytest.fixture
def cast(django_capture_on_commit_callbacks):
    """Run the writes as a request would: the refreshes queued on commit run (eagerly) too."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


@pytest.fixture
def helix(db, cast):
    """Four verified organisations, one per sector, each with a manager; a staff officer."""
    people = {}
    for sector in Sector.values:
        organisation = OrganisationFactory(sector=sector, verified=True, name=f"{sector} org")
        manager = UserFactory()
        MembershipFactory(user=manager, organisation=organisation, role=Role.OWNER)
        people[sector] = (organisation, manager)
    return {"people": people, "staff": StaffFactory(), "services": services}


def published_project(helix, cast, sector: str, **fields):
    """A project of the `sector`'s organisation, created and published by its manager."""
    owner, manager = helix["people"][sector]
    project = cast(
        services.project_create,
        by=manager,
        organisation=owner,
        title=fields.pop("title", "Flood sensors"),
        summary="s",
        description="d",
        theme=fields.pop("theme", "flooding-water"),
        district=fields.pop("district", "thu-dau-mot"),
        **fields,
    )
    cast(services.project_publish, project=project, by=manager)
    return project


def four_sector_project(helix, cast, **fields):
    """A government project with an enterprise solution whose partners are a university and a
    residents' association (all accepted): it joins all four sectors."""
    people = helix["people"]
    project = published_project(helix, cast, "government", **fields)
    lead, engineer = people["enterprise"]
    solution = cast(
        services.solution_propose,
        project=project,
        by=engineer,
        lead_organisation=lead,
        partners=[(people["academia"][0], "research"), (people["community"][0], "residents")],
        title="Sensors",
        summary="s",
        description="d",
    )
    for partner in solution.partners.select_related("organisation"):
        who = people[partner.organisation.sector][1]
        cast(services.consortium_answer, partner=partner, accept=True, by=who)
    return project, solution
