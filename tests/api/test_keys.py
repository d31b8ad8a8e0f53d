"""API keys: issued once and stored hashed, acting for one organisation, read or read-write,
revocable, throttled per key; and journey 4's promise that a key of organisation A cannot
change anything of organisation B."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from accounts.models import User
from api import services
from api.models import ApiKey
from core.recount import recount
from organisations.models import Membership, Role
from organisations.services import (
    membership_change_role,
    membership_remove,
    organisation_unverify,
)
from projects.models import Comment, Follow, Project, Solution, StatusChange, Vote
from tests.conftest import ROW_COUNTERS
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
)

pytestmark = pytest.mark.django_db

NEW_PROJECT = {
    "title": "Flood sensors on Thị Tính river",
    "summary": "Live water levels for the operations centre.",
    "description": "Ten sensors, one dashboard.",
    "theme": "flooding-water",
    "district": "thu-dau-mot",
    "seeks": ["academia"],
}


def key_client(key: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def issue(organisation, owner, scope=ApiKey.Scope.WRITE, name="Operations centre"):
    return services.api_key_create(organisation=organisation, name=name, scope=scope, by=owner)


@pytest.fixture
def write_key(organisation, owner):
    return issue(organisation, owner).key


@pytest.fixture
def read_key(organisation, owner):
    return issue(organisation, owner, scope=ApiKey.Scope.READ).key


# --- Issuing and storing -----------------------------------------------------------------------


def test_a_key_is_shown_once_and_only_its_hash_is_stored(organisation, owner):
    issued = issue(organisation, owner)

    stored = ApiKey.objects.get()
    assert issued.key.startswith(f"hx_{stored.lookup}_")
    assert len(issued.key) > 50
    assert issued.key not in {stored.hashed_key, stored.lookup, str(stored)}
    assert stored.created_by == owner
    assert stored.last_used_at is None


def test_only_owners_issue_keys(organisation, manager, member, other_owner):
    for person in (manager, member, other_owner):
        with pytest.raises(PermissionDenied):
            issue(organisation, person)
    assert not ApiKey.objects.exists()


def test_an_unverified_organisation_gets_no_key(owner, organisation):
    organisation.verified_at = None
    organisation.save()

    with pytest.raises(ValidationError):
        issue(organisation, owner)


def test_the_keys_share_one_api_account_that_is_not_counted_as_a_member(organisation, owner):
    issue(organisation, owner)
    issue(organisation, owner, name="Dashboard")

    account = User.objects.get(api_organisation=organisation)
    assert account.memberships.get().role == Role.MANAGER
    assert not account.has_usable_password()
    organisation.refresh_from_db()
    assert organisation.member_count == 1  # the owner only
    assert recount(fix=False, only=ROW_COUNTERS) == []


def test_the_api_account_cannot_be_removed_or_promoted_by_the_owners(organisation, owner):
    issue(organisation, owner)
    membership = Membership.objects.get(user__api_organisation=organisation)

    with pytest.raises(ValidationError):
        membership_change_role(membership=membership, role=Role.OWNER, by=owner)
    with pytest.raises(ValidationError):
        membership_remove(membership=membership, by=owner)
    assert Membership.objects.filter(pk=membership.pk, role=Role.MANAGER).exists()


# --- Authenticating -----------------------------------------------------------------------------


def test_a_key_acts_as_its_organisations_api_account(write_key, organisation):
    response = key_client(write_key).get("/api/v1/me/")

    assert response.status_code == 200
    body = response.json()
    assert body["memberships"] == [
        {
            "organisation": {
                "slug": organisation.slug,
                "name": organisation.name,
                "sector": organisation.sector,
                "verified": True,
            },
            "role": "manager",
        }
    ]
    assert body["api_key"] == {
        "name": "Operations centre",
        "prefix": ApiKey.objects.get().display_prefix,
        "scope": "write",
    }


def test_last_use_is_recorded_at_most_once_a_minute(write_key, django_assert_num_queries):
    client = key_client(write_key)
    client.get("/api/v1/me/")
    first = ApiKey.objects.get().last_used_at

    client.get("/api/v1/me/")

    assert first is not None
    assert ApiKey.objects.get().last_used_at == first


@pytest.mark.parametrize(
    "header",
    [
        "Bearer hx_000000000000_not-the-secret",
        "Bearer nonsense",
        "Bearer",
        "Bearer two words",
    ],
)
def test_a_wrong_key_is_a_401_with_the_scheme_named(write_key, header):
    response = APIClient(HTTP_AUTHORIZATION=header).get("/api/v1/projects/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["type"] == "authentication_failed"


def test_a_key_with_a_wrong_secret_is_refused(write_key):
    forged = write_key[:-4] + ("AAAA" if not write_key.endswith("AAAA") else "BBBB")

    assert key_client(forged).get("/api/v1/me/").status_code == 401


def test_a_revoked_key_stops_working_at_once(organisation, owner):
    issued = issue(organisation, owner)
    client = key_client(issued.key)
    assert client.get("/api/v1/me/").status_code == 200

    services.api_key_revoke(api_key=issued.api_key, by=owner)

    assert client.get("/api/v1/me/").status_code == 401
    assert client.get("/api/v1/projects/").status_code == 401


def test_a_key_whose_api_account_staff_disabled_stops_working(organisation, owner, write_key):
    User.objects.filter(api_organisation=organisation).update(is_active=False)
    client = key_client(write_key)

    assert client.get("/api/v1/me/").status_code == 401
    response = client.post(f"/api/v1/projects/{ProjectFactory(organisation=organisation).slug}"
                           "/comments/", {"body": "Still here?"}, format="json")  # fmt: skip
    assert response.status_code == 401
    assert not Comment.objects.exists()


@pytest.mark.parametrize("field", ["is_staff", "is_superuser"])
def test_a_key_never_acts_with_staff_powers_given_to_its_account(
    organisation, write_key, field, government_staff_group
):
    account = User.objects.get(api_organisation=organisation)
    User.objects.filter(pk=account.pk).update(**{field: True})
    account.groups.add(government_staff_group)
    other = ProjectFactory()  # another organisation's: only staff could move it

    response = key_client(write_key).post(
        f"/api/v1/projects/{other.slug}/transition/", {"to": "in_review"}, format="json"
    )

    assert response.status_code == 401
    assert Project.objects.get(pk=other.pk).status == "open"


def test_a_key_whose_api_account_staff_deleted_is_a_401_not_a_500(organisation, write_key):
    User.objects.filter(api_organisation=organisation).delete()

    response = key_client(write_key).get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["type"] == "authentication_failed"


def test_the_keys_of_a_deleted_organisation_go_with_it(organisation, write_key):
    organisation.delete()

    assert not ApiKey.objects.exists()
    assert not User.objects.filter(email__startswith="api+").exists()
    assert key_client(write_key).get("/api/v1/me/").status_code == 401


def test_an_unverified_organisations_key_reads_and_says_why_it_cannot_write(
    organisation, write_key, staff
):
    organisation_unverify(organisation=organisation, by=staff)
    client = key_client(write_key)

    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert [m["organisation"]["verified"] for m in me.json()["memberships"]] == [False]
    response = client.post("/api/v1/projects/", {**NEW_PROJECT, "organisation": organisation.slug})

    assert response.status_code == 403
    assert response.json()["detail"] == (
        f"{organisation.name} is no longer verified: its API keys can read but not write "
        "until government staff verify it again."
    )
    assert not Project.objects.exists()


def test_anonymous_writes_are_401_and_name_the_bearer_scheme(organisation):
    response = APIClient().post(
        "/api/v1/projects/", {**NEW_PROJECT, "organisation": organisation.slug}, format="json"
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["type"] == "not_authenticated"


# --- Scope ---------------------------------------------------------------------------------------


def test_a_read_only_key_reads_its_organisations_drafts(read_key, organisation):
    draft = ProjectFactory(organisation=organisation, status="draft", published_at=None)
    client = key_client(read_key)

    assert client.get(f"/api/v1/projects/{draft.slug}/").status_code == 200
    slugs = [p["slug"] for p in client.get("/api/v1/projects/").json()["results"]]
    assert draft.slug in slugs


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/api/v1/projects/", {**NEW_PROJECT, "organisation": "{org}"}),
        ("patch", "/api/v1/projects/{project}/", {"title": "Renamed"}),
        ("post", "/api/v1/projects/{project}/transition/", {"to": "in_review"}),
        ("post", "/api/v1/projects/{project}/comments/", {"body": "Hello"}),
        ("delete", "/api/v1/projects/{project}/follow/", None),
    ],
)
def test_a_read_only_key_writes_nothing(read_key, organisation, method, path, data):
    project = ProjectFactory(organisation=organisation)
    before = _snapshot()
    url = path.format(project=project.slug, org=organisation.slug)
    if data and "organisation" in data:
        data = {**data, "organisation": organisation.slug}

    response = getattr(key_client(read_key), method)(url, data, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "This API key is read-only."
    assert _snapshot() == before


# --- Journey 4: a key acts for its organisation, and only for it ------------------------------


def test_journey_4_the_operations_centre_works_through_its_key(write_key, organisation):
    """Lists open flooding projects in a district page by page, creates and publishes a
    project of its own organisation, and comments on it."""
    for n in range(5):
        ProjectFactory(title=f"Flooding {n}", theme="flooding-water", district="thu-dau-mot")
    ProjectFactory(theme="energy", district="thu-dau-mot")
    client = key_client(write_key)

    url, seen = "/api/v1/projects/", []
    params = {"status": "open", "theme": "flooding-water", "district": "thu-dau-mot"}
    params["page_size"] = 2
    while url:
        page = client.get(url, params).json()
        seen += [p["slug"] for p in page["results"]]
        url, params = page["next"], None
    assert len(seen) == len(set(seen)) == 5

    created = client.post(
        "/api/v1/projects/", {**NEW_PROJECT, "organisation": organisation.slug}, format="json"
    )
    assert created.status_code == 201, created.content
    slug = created.json()["slug"]
    published = client.post(f"/api/v1/projects/{slug}/transition/", {"to": "open"})
    assert published.json()["status"] == "open"
    comment = client.post(f"/api/v1/projects/{slug}/comments/", {"body": "Sensors are live."})
    assert comment.status_code == 201

    project = Project.objects.get(slug=slug)
    account = User.objects.get(api_organisation=organisation)
    assert project.organisation == organisation
    assert project.created_by == account
    assert Comment.objects.get(project=project).author == account
    assert not Follow.objects.filter(user=account).exists()  # it hears through webhooks


def test_a_key_does_not_support_or_follow(write_key):
    project = ProjectFactory()
    client = key_client(write_key)

    assert client.post(f"/api/v1/projects/{project.slug}/support/").status_code == 403
    assert client.post(f"/api/v1/projects/{project.slug}/follow/").status_code == 403
    assert not Vote.objects.exists()
    assert not Follow.objects.exists()


def _snapshot() -> dict:
    """Everything a write could change, as plain values."""
    rows = {
        model.__name__: sorted(map(repr, model.objects.values()))
        for model in (Project, Solution, Comment, Vote, Follow, StatusChange, Membership)
    }
    return rows | {"ApiKey": sorted(map(repr, ApiKey.objects.values("pk", "scope", "revoked_at")))}


@pytest.fixture
def organisation_b(db):
    """Another verified organisation, with a published project, a draft, a solution, a
    comment and a member."""
    other = OrganisationFactory(verified=True)
    MembershipFactory(organisation=other, role=Role.OWNER)
    project = ProjectFactory(organisation=other, slug="b-project")
    ProjectFactory(organisation=other, slug="b-draft", status="draft", published_at=None)
    SolutionFactory(project=project, lead_organisation=other)
    CommentFactory(project=project)
    return other


B_WRITES = [
    ("post", "/api/v1/projects/", {**NEW_PROJECT, "organisation": "{b}"}, 403),
    ("patch", "/api/v1/projects/b-project/", {"title": "Taken over"}, 403),
    ("post", "/api/v1/projects/b-project/transition/", {"to": "archived"}, 403),
    ("post", "/api/v1/projects/b-project/transition/", {"to": "in_review"}, 403),
    ("patch", "/api/v1/projects/b-draft/", {"title": "Taken over"}, 404),
    ("post", "/api/v1/projects/b-draft/transition/", {"to": "open"}, 404),
    ("post", "/api/v1/projects/b-draft/comments/", {"body": "Hello"}, 404),
    ("post", "/api/v1/projects/b-project/solutions/",
     {"title": "Ours", "summary": "S", "description": "D", "lead_organisation": "{b}"}, 403),
    ("patch", "/api/v1/solutions/{solution}/", {"title": "Taken over"}, 403),
    ("post", "/api/v1/solutions/{solution}/withdraw/", {}, 403),
    ("post", "/api/v1/solutions/{solution}/decision/", {"to": "shortlisted"}, 403),
    ("patch", "/api/v1/comments/{comment}/", {"body": "Rewritten"}, 403),
    ("delete", "/api/v1/comments/{comment}/", None, 403),
]  # fmt: skip


@pytest.mark.parametrize(("method", "path", "data", "code"), B_WRITES)
def test_a_key_of_organisation_a_changes_nothing_of_organisation_b(
    write_key, organisation_b, method, path, data, code
):
    solution = Solution.objects.get(project__organisation=organisation_b)
    comment = Comment.objects.get(project__organisation=organisation_b)
    url = path.format(solution=solution.pk, comment=comment.pk)
    if data:
        data = {k: v.format(b=organisation_b.slug) if isinstance(v, str) else v
                for k, v in data.items()}  # fmt: skip
    before = _snapshot()

    response = getattr(key_client(write_key), method)(url, data, format="json")

    if response.status_code == 405:  # an endpoint not offered at all changes nothing either
        pytest.fail(f"{method.upper()} {path} is not an endpoint of the API")
    assert response.status_code == code, response.content
    assert _snapshot() == before


def test_a_key_does_not_see_organisation_bs_drafts(write_key, organisation_b):
    client = key_client(write_key)

    assert client.get("/api/v1/projects/b-draft/").status_code == 404
    slugs = [p["slug"] for p in client.get("/api/v1/projects/?page_size=100").json()["results"]]
    assert "b-project" in slugs
    assert "b-draft" not in slugs


# --- Throttling per key ----------------------------------------------------------------------


def test_each_key_has_its_own_rate(settings, organisation, owner):
    settings.HELIX_API_THROTTLE_RATES = {"anon": "100/min", "user": "100/min", "key": "2/min"}
    first, second = (
        key_client(issue(organisation, owner).key),
        key_client(issue(organisation, owner, name="Second").key),
    )

    codes = [first.get("/api/v1/projects/").status_code for _ in range(3)]
    other = second.get("/api/v1/projects/")

    assert codes == [200, 200, 429]
    assert other.status_code == 200
    throttled = first.get("/api/v1/projects/")
    assert throttled.json()["type"] == "throttled"
    assert int(throttled["Retry-After"]) > 0


def test_the_api_account_is_never_notified(
    write_key, organisation, owner, citizen, django_capture_on_commit_callbacks
):
    from notifications.models import Notification
    from projects.services import solution_propose

    project = ProjectFactory(organisation=organisation)

    with django_capture_on_commit_callbacks(execute=True):
        solution_propose(project=project, by=citizen, title="T", summary="S", description="D")

    account = User.objects.get(api_organisation=organisation)
    assert Notification.objects.filter(recipient=owner).exists()
    assert not Notification.objects.filter(recipient=account).exists()
