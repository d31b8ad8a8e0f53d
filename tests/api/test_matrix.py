# ruff: noqa: E501 (the table is wider than a line on purpose: one row per endpoint)
"""The endpoint-by-role matrix: every write of the API, by every role, with the status code the
rules of `projects/permissions.py` give — and, whenever the answer is a refusal, proof that
nothing changed in the database.

The table is the spec. The world it runs in:
- `organisation` (verified, an enterprise) owns the open `project` and the `draft`;
  `member` and `owner` belong to it;
- `other_owner` owns `other`, which leads the `solution` to the project and is invited
  (`partnership`) into the consortium of a second solution, proposed by an outsider;
- `citizen` wrote the `comment` on the project; `university` is verified and invitable;
- `staff` is government staff.
"""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from taggit.models import TaggedItem

from api.services import api_key_create
from core.recount import recount
from matchmaking.models import (
    Approach,
    CapabilityProfile,
    ProjectCommitments,
    ProjectNeed,
    Resource,
)
from organisations.models import Membership, Organisation, Role
from organisations.services import organisation_unverify, organisation_verify
from projects import services
from projects.models import (
    Comment,
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
    MilestoneFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    SolutionFactory,
    StaffFactory,
    UserFactory,
)

from .conftest import ROLES

pytestmark = pytest.mark.django_db


@dataclass
class Write:
    endpoint: str  # "METHOD /path/" under /api/v1, {names} taken from the world
    body: dict | None
    codes: dict[str, int]
    given: Any = None  # (world, user) -> None: what the caller did before


# The API keys: read-only and read-write keys of `organisation`, and a read-write key of
# `other`. A key acts as its organisation's API account, a manager of it and of nothing else.
# `unverified` is `write_key` once staff have withdrawn its organisation's verification: it
# reads, and every write is a 403 that says why.
KEY_ROLES = ["read_key", "write_key", "other_key", "unverified"]
MATRIX_ROLES = [*ROLES, *KEY_ROLES]


def W(endpoint, body, *codes, given=None) -> Write:
    return Write(endpoint, body, dict(zip(MATRIX_ROLES, codes, strict=True)), given)


def supports(subject):
    return lambda world, user: services.vote_cast(subject=getattr(world, subject), by=user)


def follows(world, user):
    services.follow(project=world.project, by=user)


PROJECT = {"organisation": "{organisation}", "title": "Cooler bus stops", "summary": "Shade.",
           "description": "Start with the market.", "theme": "smart-mobility",
           "district": "thu-dau-mot"}  # fmt: skip
SOLUTION = {"title": "Misting fans", "summary": "Cheap.", "description": "Fans."}
INVITE = {"organisation": "{university}", "role": "research partner"}
OFFER = {"organisation": "{organisation}", "kind": "testbed", "title": "Pilot site",
         "description": "A street.", "districts": ["di-an"]}  # fmt: skip
CAPABILITIES = {"expertise": ["traffic counts"], "sectors_wanted": ["academia"]}
NEED = {"project": "{project}", "kind": "data", "title": "Traffic counts"}
INVITATION = {"project": "{project}", "organisation": "{university}", "message": "Propose?"}
INTEREST = {"organisation": "{organisation}", "project": "{other_project}", "message": "Us?"}

# fmt: off
MATRIX = [
    #  endpoint                                         body                      anon  citizen member owner other staff  read-key write-key other-key unverified
    W("POST /projects/",                                PROJECT,                  401, 403, 201, 201, 403, 403, 403, 201, 403, 403),
    W("PATCH /projects/{project}/",                     {"summary": "Shorter."},  401, 403, 403, 200, 403, 403, 403, 200, 403, 403),
    W("POST /projects/{draft}/transition/",             {"to": "open"},           401, 404, 200, 200, 404, 200, 403, 200, 404, 403),
    W("POST /projects/{project}/transition/",           {"to": "in_review"},      401, 403, 403, 200, 403, 200, 403, 200, 403, 403),
    W("POST /projects/{project}/support/",              None,                     401, 200, 200, 200, 200, 200, 403, 403, 403, 403),
    W("DELETE /projects/{project}/support/",            None,                     401, 204, 204, 204, 204, 204, 403, 403, 403, 403,
      given=supports("project")),
    W("POST /projects/{project}/follow/",               None,                     401, 200, 200, 200, 200, 200, 403, 403, 403, 403),
    W("DELETE /projects/{project}/follow/",             None,                     401, 204, 204, 204, 204, 204, 403, 403, 403, 403,
      given=follows),
    W("POST /projects/{project}/solutions/",            SOLUTION,                 401, 201, 201, 201, 201, 201, 403, 201, 201, 403),
    W("PATCH /solutions/{solution}/",                   {"summary": "Cheaper."},  401, 403, 403, 403, 200, 403, 403, 403, 200, 403),
    W("POST /solutions/{solution}/withdraw/",           None,                     401, 403, 403, 403, 200, 403, 403, 403, 200, 403),
    W("POST /solutions/{solution}/decision/",           {"to": "shortlisted"},    401, 403, 403, 200, 403, 200, 403, 200, 403, 403),
    W("POST /solutions/{solution}/support/",            None,                     401, 200, 200, 200, 200, 200, 403, 403, 403, 403),
    W("DELETE /solutions/{solution}/support/",          None,                     401, 204, 204, 204, 204, 204, 403, 403, 403, 403,
      given=supports("solution")),
    W("POST /solutions/{solution}/partners/",           INVITE,                   401, 403, 403, 403, 201, 403, 403, 403, 201, 403),
    W("POST /partnerships/{partnership}/accept/",       None,                     401, 404, 404, 404, 200, 404, 403, 404, 200, 403),
    W("POST /partnerships/{partnership}/decline/",      None,                     401, 404, 404, 404, 200, 404, 403, 404, 200, 403),
    W("POST /projects/{project}/comments/",             {"body": "Agreed."},      401, 201, 201, 201, 201, 201, 403, 201, 201, 403),
    W("POST /solutions/{solution}/comments/",           {"body": "How much?"},    401, 201, 201, 201, 201, 201, 403, 201, 201, 403),
    W("PATCH /comments/{comment}/",                     {"body": "Edited."},      401, 200, 403, 403, 403, 403, 403, 403, 403, 403),
    W("DELETE /comments/{comment}/",                    None,                     401, 204, 403, 403, 403, 403, 403, 403, 403, 403),
    W("POST /comments/{comment}/report/",               {"reason": "Spam"},       401, 201, 201, 201, 201, 201, 403, 201, 201, 403),
    W("POST /solutions/{solution}/report/",             {"reason": "Copied"},     401, 201, 201, 201, 201, 201, 403, 201, 201, 403),
    W("PATCH /organisations/{organisation}/capabilities/", CAPABILITIES,          401, 403, 403, 200, 403, 403, 403, 200, 403, 403),
    W("POST /offers/",                                  OFFER,                    401, 403, 403, 201, 403, 403, 403, 201, 403, 403),
    W("PATCH /offers/{offer}/",                         {"is_open": False},       401, 403, 403, 200, 403, 403, 403, 200, 403, 403),
    W("DELETE /offers/{offer}/",                        None,                     401, 403, 403, 204, 403, 403, 403, 204, 403, 403),
    W("POST /needs/",                                   NEED,                     401, 403, 403, 201, 403, 403, 403, 201, 403, 403),
    W("PATCH /needs/{need}/",                           {"title": "Counts"},      401, 403, 403, 200, 403, 403, 403, 200, 403, 403),
    W("DELETE /needs/{need}/",                          None,                     401, 403, 403, 204, 403, 403, 403, 204, 403, 403),
    W("POST /invitations/",                             INVITATION,               401, 403, 403, 201, 403, 201, 403, 201, 403, 403),
    W("POST /invitations/{invitation}/accept/",         None,                     401, 404, 403, 200, 404, 200, 403, 200, 404, 403),
    W("POST /invitations/{invitation}/decline/",        {"message": "Not now"},   401, 404, 403, 200, 404, 200, 403, 200, 404, 403),
    W("POST /invitations/{invitation}/withdraw/",       None,                     401, 404, 403, 403, 404, 200, 403, 403, 404, 403),
    W("POST /interests/",                               INTEREST,                 401, 403, 201, 201, 403, 403, 403, 201, 403, 403),
    W("POST /interests/{interest}/accept/",             None,                     401, 404, 403, 200, 403, 200, 403, 200, 403, 403),
    W("POST /interests/{interest}/decline/",            None,                     401, 404, 403, 200, 403, 200, 403, 200, 403, 403),
    W("POST /interests/{interest}/withdraw/",           None,                     401, 404, 403, 403, 200, 200, 403, 403, 200, 403),
]
# fmt: on

TABLES = [Organisation, Membership, Group, Project, StatusChange, Solution, ConsortiumPartner,
          Comment, CommentRevision, Vote, Follow, Report, TaggedItem, Resource, ProjectNeed,
          CapabilityProfile, Approach, ProjectCommitments]  # fmt: skip


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table a write could touch, counters and timestamps included."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in TABLES}


@dataclass
class World:
    people: dict
    organisation: Organisation
    university: Organisation
    project: Project
    draft: Project
    solution: Solution
    partnership: ConsortiumPartner
    comment: Comment
    offer: Resource
    need: ProjectNeed
    other_project: Project
    invitation: Approach
    interest: Approach
    milestone: Any = None  # the follow-through's (evaluation), for the routes' walk
    update: Any = None

    def names(self) -> dict:
        return {
            "organisation": self.organisation.slug,
            "university": self.university.slug,
            "project": self.project.slug,
            "draft": self.draft.slug,
            "solution": self.solution.pk,
            "partnership": self.partnership.pk,
            "comment": self.comment.pk,
            "offer": self.offer.pk,
            "need": self.need.pk,
            "other_project": self.other_project.slug,
            "invitation": self.invitation.pk,
            "interest": self.interest.pk,
        }


@pytest.fixture
def world(organisation) -> World:
    other = OrganisationFactory(verified=True)
    people = {
        "anonymous": None,
        "citizen": UserFactory(),
        "member": MembershipFactory(organisation=organisation, role=Role.MEMBER).user,
        "owner": MembershipFactory(organisation=organisation, role=Role.OWNER).user,
        "other_owner": MembershipFactory(organisation=other, role=Role.OWNER).user,
        "staff": StaffFactory(),
    }
    project = ProjectFactory(organisation=organisation)
    invited_to = SolutionFactory(project=project)  # proposed by an outsider
    university = OrganisationFactory(verified=True, sector="academia")
    world = World(
        people=people,
        organisation=organisation,
        university=university,
        project=project,
        draft=ProjectFactory(organisation=organisation, status="draft", published_at=None),
        solution=SolutionFactory(
            project=project, lead_user=people["other_owner"], lead_organisation=other
        ),
        partnership=ConsortiumPartner.objects.create(
            solution=invited_to, organisation=other, role="pilot site"
        ),
        comment=CommentFactory(project=project, author=people["citizen"]),
        offer=Resource.objects.create(
            organisation=organisation, kind="funding", title="Grant", description="Money."
        ),
        need=ProjectNeed.objects.create(project=project, kind="data", title="Counts"),
        other_project=ProjectFactory(organisation=other),
        # The university's project invites `organisation`; `other` is interested in `project`
        # (written directly: the services' rules are tested in tests/matchmaking).
        invitation=Approach.objects.create(
            kind="invitation",
            project=ProjectFactory(organisation=university),
            organisation=organisation,
            sender_organisation=university,
        ),
        interest=Approach.objects.create(
            kind="interest",
            project=project,
            organisation=other,
            sender_organisation=other,
            sent_by=people["other_owner"],
        ),
    )
    for role, (owner, holder, scope) in {
        "read_key": (people["owner"], organisation, "read"),
        "write_key": (people["owner"], organisation, "write"),
        "other_key": (people["other_owner"], other, "write"),
        "unverified": (people["owner"], organisation, "write"),
    }.items():
        people[role] = api_key_create(organisation=holder, name=role, scope=scope, by=owner).key
    world.milestone = MilestoneFactory(project=project)
    world.update = ProjectUpdateFactory(project=project)
    recount(fix=True, only=ROW_COUNTERS)  # the factories write rows without their counters
    return world


def _filled(body: dict | None, names: dict) -> dict | None:
    if body is None:
        return None
    return {k: v.format(**names) if isinstance(v, str) else v for k, v in body.items()}


@pytest.mark.parametrize("role", MATRIX_ROLES)
@pytest.mark.parametrize("write", MATRIX, ids=[write.endpoint for write in MATRIX])
def test_every_write_by_every_role(api, world, write, role):
    user = world.people[role]
    if role == "unverified":
        organisation_unverify(organisation=world.organisation, by=world.people["staff"])
    if role in KEY_ROLES:
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {user}")
    elif user is not None:
        api.force_authenticate(user)
        if write.given:
            write.given(world, user)
    method, path = write.endpoint.split()
    names = world.names()
    before = snapshot()

    response = getattr(api, method.lower())(
        "/api/v1" + path.format(**names), _filled(write.body, names), format="json"
    )

    expected = write.codes[role]
    assert response.status_code == expected, response.content
    if role == "unverified":
        assert "no longer verified" in response.json()["detail"]
    if expected >= 400:
        assert set(response.json()) == {"type", "detail", "errors"}
        assert snapshot() == before, "a refused write changed the database"
    else:
        assert snapshot() != before, "an accepted write changed nothing"


# --- An organisation that lost its verification: every route, not only the table's -----------

UNSAFE = ("post", "put", "patch", "delete")


def _routes():
    """(method, path template) of every route under /api/v1/, as the URLconf serves them."""
    from django.urls import URLResolver

    from helix.api_urls import v1

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    routes = []
    for regex, callback in walk(v1):
        view = getattr(callback, "cls", None)
        if view is None:
            continue
        allowed = set(view.http_method_names)
        methods = getattr(callback, "actions", None) or {
            m: m for m in allowed if hasattr(view, m) and m not in ("options", "head")
        }
        template = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", regex).strip("^$")
        routes.extend((method, template) for method in methods if method in allowed)
    return sorted(set(routes))


ROUTES = _routes()


def _path(template: str, world: World) -> str:
    first = template.split("/")[0]
    parts = template.split("/")
    collection = parts[parts.index("{pk}") - 1] if "{pk}" in parts else first
    pks = {
        "solutions": world.solution.pk,
        "comments": world.comment.pk,
        "partnerships": world.partnership.pk,
        "offers": world.offer.pk,
        "needs": world.need.pk,
        "invitations": world.invitation.pk,
        "interests": world.interest.pk,
        "milestones": world.milestone.pk,
        "updates": world.update.pk,
    }
    values = {
        "slug": world.organisation.slug if first == "organisations" else world.project.slug,
        "project_slug": world.project.slug,
        "organisation_slug": world.organisation.slug,
        "solution_id": world.solution.pk,
        "pk": pks.get(collection, pks.get(first, 1)),
    }
    return "/api/v1/" + template.format(**values)


def test_the_walk_finds_every_kind_of_write():
    writes = set(WRITES)
    assert ("post", "projects/") in writes
    assert ("post", "notifications/read-all/") in writes
    assert ("delete", "comments/{pk}/") in writes
    assert len(writes) >= len(MATRIX)


WRITES = [(method, template) for method, template in ROUTES if method in UNSAFE]


@pytest.mark.parametrize(("method", "template"), WRITES, ids=[f"{m} {t}" for m, t in WRITES])
def test_a_key_of_an_unverified_organisation_writes_nowhere(api, world, method, template):
    organisation_unverify(organisation=world.organisation, by=world.people["staff"])
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {world.people['write_key']}")
    before = snapshot()

    response = getattr(api, method)(_path(template, world), {}, format="json")

    assert response.status_code == 403, response.content
    assert response.json() == {
        "type": "permission_denied",
        "detail": f"{world.organisation.name} is no longer verified: its API keys can read but "
        "not write until government staff verify it again.",
        "errors": {},
    }
    assert snapshot() == before


@pytest.mark.parametrize(
    "template", [t for m, t in ROUTES if m == "get"], ids=[t for m, t in ROUTES if m == "get"]
)
def test_a_key_of_an_unverified_organisation_still_reads(api, world, template):
    organisation_unverify(organisation=world.organisation, by=world.people["staff"])
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {world.people['write_key']}")

    response = api.get(_path(template, world))

    assert response.status_code == 200, response.content


def test_its_keys_write_again_once_verified_again(api, world):
    staff = world.people["staff"]
    organisation_unverify(organisation=world.organisation, by=staff)
    organisation_verify(organisation=world.organisation, by=staff)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {world.people['write_key']}")

    response = api.post(f"/api/v1/projects/{world.project.slug}/comments/", {"body": "Back."})

    assert response.status_code == 201, response.content
