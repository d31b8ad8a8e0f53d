import pytest

from matchmaking import services as matchmaking
from organisations.models import Role, Sector
from projects import services
from projects.models import Project
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
)


@pytest.fixture
def province(db, staff):
    """A small province through the services: published projects and a draft, solutions by an
    organisation (with a partner that accepted and one still invited) and by an individual,
    supports from several sectors, comments (one hidden), offers open, closed and sought."""
    city = OrganisationFactory(
        name="Thủ Dầu Một People's Committee", sector=Sector.GOVERNMENT, verified=True
    )
    lab = OrganisationFactory(name="TDMU Water Lab", sector=Sector.ACADEMIA, verified=True)
    firm = OrganisationFactory(
        name="SongFlow Technologies", sector=Sector.ENTERPRISE, verified=True
    )
    other = OrganisationFactory(name="Bến Cát Residents", sector=Sector.COMMUNITY, verified=True)
    city_owner = MembershipFactory(organisation=city, role=Role.OWNER).user
    lab_owner = MembershipFactory(organisation=lab, role=Role.OWNER).user
    firm_owner = MembershipFactory(organisation=firm, role=Role.OWNER).user
    other_owner = MembershipFactory(organisation=other, role=Role.OWNER).user

    flood = ProjectFactory(organisation=city, title="Flood warnings on the Thị Tính")
    traffic = ProjectFactory(organisation=city, title="Traffic lights that listen")
    draft = ProjectFactory(
        organisation=city, title="A secret draft about bridges", status="draft", published_at=None
    )
    services.project_transition(project=traffic, to=Project.Status.IN_REVIEW, by=staff)

    led = services.solution_propose(
        project=flood,
        by=lab_owner,
        lead_organisation=lab,
        title="River sensors",
        summary="Twenty sensors.",
        description="Sensors and SMS.",
    )
    invited = services.consortium_invite(
        solution=led, organisation=firm, role="hardware", by=lab_owner
    )
    services.consortium_answer(partner=invited, accept=True, by=firm_owner)
    services.consortium_invite(solution=led, organisation=other, role="residents", by=lab_owner)
    citizen = UserFactory(display_name="Nguyễn Thị Riêng Tư")
    alone = services.solution_propose(
        project=flood,
        by=citizen,
        title="A rain gauge on my roof",
        summary="Cheap.",
        description="One gauge.",
    )
    voters = [citizen, lab_owner, firm_owner, other_owner, *UserFactory.create_batch(3)]
    for voter in voters:
        services.vote_cast(subject=flood, by=voter)
    for voter in voters[:3]:
        services.vote_cast(subject=led, by=voter)
    services.vote_cast(subject=alone, by=firm_owner)
    CommentFactory(project=flood, author=citizen, body="My street floods first, call me.")
    hidden = services.comment_create(subject=flood, by=voters[4], body="A hidden insult.")
    services.comment_hide(comment=hidden, by=staff, reason="rude")
    matchmaking.resource_create(
        organisation=lab,
        by=lab_owner,
        direction="offer",
        kind="testbed",
        title="A flume for pilots",
        description="Three months.",
        districts=["thu-dau-mot", "ben-cat"],
    )
    matchmaking.resource_create(
        organisation=lab,
        by=lab_owner,
        direction="offer",
        kind="data",
        title="Closed offer",
        description="No longer.",
        is_open=False,
    )
    matchmaking.resource_create(
        organisation=firm,
        by=firm_owner,
        direction="seek",
        kind="funding",
        title="We seek money",
        description="Seed.",
    )
    return {
        "projects": [flood, traffic],
        "draft": draft,
        "solutions": [led, alone],
        "people": [citizen, city_owner, lab_owner, firm_owner, other_owner, staff, *voters],
        "organisations": [city, lab, firm, other],
    }


@pytest.fixture
def client(client):
    """Pages in English unless a test asks for Vietnamese (the site's default)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
