"""Reads: public data for anyone, drafts for members and staff, one error shape, pagination,
filters, conditional requests."""

import pytest
from django.utils import timezone

from projects import services
from projects.models import ConsortiumPartner
from tests.factories import (
    CommentFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    StaffFactory,
    UserFactory,
)

from .conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(organisation):
    return ProjectFactory(organisation=organisation, status="draft", published_at=None)


@pytest.fixture
def published(organisation):
    return ProjectFactory(organisation=organisation)


# --- Drafts: the endpoint-by-role matrix for reads -------------------------------------------

SEES_DRAFT = {"anonymous": False, "citizen": False, "member": True, "owner": True,
              "other_owner": False, "staff": True}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_seen_by_its_organisation_and_staff_only(api, as_role, role, draft, published):
    as_role(role)

    listed = {p["slug"] for p in api.get("/api/v1/projects/").json()["results"]}
    detail = api.get(f"/api/v1/projects/{draft.slug}/")
    comments = api.get(f"/api/v1/projects/{draft.slug}/comments/")
    solutions = api.get(f"/api/v1/projects/{draft.slug}/solutions/")

    assert published.slug in listed
    assert (draft.slug in listed) is SEES_DRAFT[role]
    expected = 200 if SEES_DRAFT[role] else 404
    assert detail.status_code == comments.status_code == solutions.status_code == expected
    if expected == 404:
        assert detail.json()["type"] == "not_found"


@pytest.mark.parametrize("role", ROLES)
def test_public_reads_answer_everyone(api, as_role, role, published):
    as_role(role)
    solution = SolutionFactory(project=published)
    CommentFactory(project=published)

    for url in [
        "/api/v1/organisations/",
        f"/api/v1/organisations/{published.organisation.slug}/",
        f"/api/v1/projects/{published.slug}/",
        f"/api/v1/projects/{published.slug}/solutions/",
        f"/api/v1/projects/{published.slug}/comments/",
        f"/api/v1/solutions/{solution.pk}/",
        f"/api/v1/solutions/{solution.pk}/comments/",
    ]:
        assert api.get(url).status_code == 200, url


def test_a_solution_of_a_draft_is_404_for_the_public(api, draft):
    solution = SolutionFactory(project=draft)

    assert api.get(f"/api/v1/solutions/{solution.pk}/").status_code == 404
    assert api.get(f"/api/v1/solutions/{solution.pk}/comments/").status_code == 404


def test_me_is_the_calling_user(api, as_role):
    assert api.get("/api/v1/me/").json()["type"] == "not_authenticated"
    owner = as_role("owner")

    me = api.get("/api/v1/me/").json()

    assert me["email"] == owner.email
    assert me["memberships"][0]["role"] == "owner"
    assert me["government_staff"] is False


# --- What a project shows --------------------------------------------------------------------


def test_supports_by_sector_come_from_the_counters(api, published):
    services.vote_cast(subject=published, by=UserFactory())

    body = api.get(f"/api/v1/projects/{published.slug}/").json()

    assert body["supports"] == {
        "total": 1,
        "by_sector": {"government": 0, "enterprise": 0, "academia": 0, "community": 1},
    }
    assert body["seeks"] == ["enterprise", "academia"]
    assert body["organisation"]["slug"] == published.organisation.slug
    assert body["supported_by_me"] is None


def test_the_caller_sees_their_own_support_and_follow(api, published):
    citizen = UserFactory()
    services.vote_cast(subject=published, by=citizen)
    services.follow(project=published, by=citizen)
    api.force_authenticate(citizen)

    body = api.get(f"/api/v1/projects/{published.slug}/").json()

    assert body["supported_by_me"] is True
    assert body["following"] is True


def test_a_solution_shows_only_accepted_partners(api, published):
    solution = SolutionFactory(project=published, lead_organisation=OrganisationFactory())
    accepted = OrganisationFactory(verified=True)
    for organisation, status in [
        (accepted, ConsortiumPartner.Status.ACCEPTED),
        (OrganisationFactory(verified=True), ConsortiumPartner.Status.INVITED),
    ]:
        ConsortiumPartner.objects.create(
            solution=solution, organisation=organisation, role="research", status=status
        )

    body = api.get(f"/api/v1/solutions/{solution.pk}/").json()

    assert [p["organisation"]["slug"] for p in body["consortium"]] == [accepted.slug]
    assert body["lead_organisation"]["slug"] == solution.lead_organisation.slug


def test_withdrawn_solutions_are_not_listed(api, published):
    SolutionFactory(project=published, status="withdrawn")
    kept = SolutionFactory(project=published)

    results = api.get(f"/api/v1/projects/{published.slug}/solutions/").json()["results"]

    assert [s["id"] for s in results] == [kept.pk]


# --- Comments: hidden and deleted -------------------------------------------------------------


@pytest.fixture
def thread(published):
    return {
        "live": CommentFactory(project=published, body="Fine."),
        "hidden": CommentFactory(
            project=published,
            body="Rude.",
            hidden_at=timezone.now(),
            hidden_reason="Personal attack.",
        ),
        "deleted": CommentFactory(project=published, body="Oops.", deleted_at=timezone.now()),
    }


def _by_id(api, project):
    results = api.get(f"/api/v1/projects/{project.slug}/comments/").json()["results"]
    return {c["id"]: c for c in results}


def test_the_public_sees_a_hidden_comments_reason_but_not_its_text(api, published, thread):
    comments = _by_id(api, published)

    hidden = comments[thread["hidden"].pk]
    assert (hidden["hidden"], hidden["hidden_reason"], hidden["body"]) == (
        True,
        "Personal attack.",
        None,
    )
    assert hidden["body_html"] is None
    assert comments[thread["deleted"].pk]["body"] is None
    assert comments[thread["deleted"].pk]["deleted"] is True
    assert comments[thread["live"].pk]["body"] == "Fine."


def test_moderators_still_see_a_hidden_comments_text_but_not_a_deleted_one(api, published, thread):
    api.force_authenticate(StaffFactory())

    comments = _by_id(api, published)

    assert comments[thread["hidden"].pk]["body"] == "Rude."
    assert comments[thread["deleted"].pk]["body"] is None


# --- Filters, ordering, pagination ------------------------------------------------------------


def test_filters_are_the_sites(api):
    match = ProjectFactory(theme="energy", district="di-an", seeks_community=True)
    ProjectFactory(theme="energy", district="thuan-an")
    ProjectFactory(theme="health", district="di-an")

    results = api.get(
        "/api/v1/projects/",
        {"theme": "energy", "district": "di-an", "seeks": "community", "status": "open"},
    ).json()["results"]

    assert [p["slug"] for p in results] == [match.slug]


def test_search_finds_words_in_the_title(api):
    match = ProjectFactory(title="Smart traffic lights")
    ProjectFactory(title="Flood sensors")

    results = api.get("/api/v1/projects/", {"q": "traffic"}).json()["results"]

    assert [p["slug"] for p in results] == [match.slug]


def test_organisations_filter_as_the_directory(api):
    university = OrganisationFactory(sector="academia", verified=True)
    OrganisationFactory(sector="academia")
    OrganisationFactory(sector="enterprise", verified=True)

    results = api.get("/api/v1/organisations/", {"sector": "academia", "verified": "yes"}).json()[
        "results"
    ]

    assert [o["slug"] for o in results] == [university.slug]


def test_a_bad_filter_is_a_400_with_field_messages(api):
    response = api.get("/api/v1/projects/", {"theme": "weather", "ordering": "modified"})

    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert set(body["errors"]) == {"theme"}  # filters are checked before ordering


def test_ordering_is_restricted_to_an_explicit_list(api):
    response = api.get("/api/v1/projects/", {"ordering": "description"})

    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]


def test_an_invalid_cursor_is_a_400(api):
    response = api.get("/api/v1/projects/", {"cursor": "not-a-cursor"})

    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


@pytest.mark.parametrize("ordering", ["-published_at", "support_count", "-support_count",
                                      "deadline", "-deadline", "title"])  # fmt: skip
def test_cursor_pages_cover_every_project_once_whatever_the_ties(api, ordering):
    """Seven projects, most with 0 supports, the same title, no deadline and the same
    publication time: pages of two still list each exactly once."""
    moment = timezone.now()
    projects = ProjectFactory.create_batch(7, title="Same", published_at=moment)
    services.vote_cast(subject=projects[3], by=UserFactory())
    ProjectFactory(status="draft", published_at=None)  # not visible: not listed

    seen, url = [], f"/api/v1/projects/?page_size=2&ordering={ordering}"
    while url:
        body = api.get(url).json()
        seen += [p["slug"] for p in body["results"]]
        url = body["next"]

    assert sorted(seen) == sorted(p.slug for p in projects)


def test_the_default_order_is_newest_first(api):
    old = ProjectFactory(published_at=timezone.now() - timezone.timedelta(days=3))
    new = ProjectFactory()

    results = api.get("/api/v1/projects/").json()["results"]

    assert [p["slug"] for p in results] == [new.slug, old.slug]


# --- Conditional requests ---------------------------------------------------------------------


def test_an_unchanged_project_answers_304_to_its_etag(api, published):
    first = api.get(f"/api/v1/projects/{published.slug}/")

    again = api.get(f"/api/v1/projects/{published.slug}/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert not again.content


def test_a_new_support_changes_the_etag_though_modified_does_not_move(api, published):
    first = api.get(f"/api/v1/projects/{published.slug}/")
    services.vote_cast(subject=published, by=UserFactory())

    again = api.get(f"/api/v1/projects/{published.slug}/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert again.json()["supports"]["total"] == 1


def test_organisations_and_solutions_have_etags_too(api, published):
    solution = SolutionFactory(project=published)
    for url in [
        f"/api/v1/organisations/{published.organisation.slug}/",
        f"/api/v1/solutions/{solution.pk}/",
    ]:
        etag = api.get(url)["ETag"]
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- Throttling ------------------------------------------------------------------------------


def test_too_many_anonymous_requests_get_429_with_retry_after(api, settings):
    settings.HELIX_API_THROTTLE_RATES = {"anon": "3/min", "user": "600/min", "key": "600/min"}

    codes = [api.get("/api/v1/projects/").status_code for _ in range(4)]
    response = api.get("/api/v1/projects/")

    assert codes == [200, 200, 200, 429]
    assert response.json()["type"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_a_signed_in_user_has_their_own_rate(api, settings):
    settings.HELIX_API_THROTTLE_RATES = {"anon": "1/min", "user": "2/min", "key": "1/min"}
    api.force_authenticate(UserFactory())

    codes = [api.get("/api/v1/projects/").status_code for _ in range(3)]

    assert codes == [200, 200, 429]


# --- The schema and its readers ---------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_interactive_docs_are_served_locally(client, url):
    page = client.get(url).content.decode()

    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn" not in page.lower()


def test_the_schema_documents_the_error_shape(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    operation = schema["paths"]["/api/v1/projects/"]["post"]
    assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_the_schema_lists_the_project_filters_with_their_values(client):
    """The list's filters come from django-filter: the schema names them with their choices
    (which it cannot do for choices given as functions, nor without a model for the view)."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    parameters = schema["paths"]["/api/v1/projects/"]["get"]["parameters"]
    enums = {p["name"]: p["schema"].get("enum") for p in parameters}
    assert {"q", "theme", "district", "status", "seeks", "cursor", "ordering"} <= set(enums)
    assert "flooding-water" in enums["theme"]
    assert set(enums["seeks"]) == {"government", "enterprise", "academia", "community"}


# --- A solution's consortium, comments one by one ----------------------------------------------

SEES_ALL_PARTNERS = {"anonymous": False, "citizen": False, "member": False, "owner": False,
                     "other_owner": True, "staff": False}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_the_lead_sees_every_invitation_others_the_accepted_partners(api, as_role, role, published):
    user = as_role(role)
    lead = user.memberships.get().organisation if role == "other_owner" else None
    solution = SolutionFactory(project=published, lead_organisation=lead)
    for status in ("accepted", "invited", "declined"):
        ConsortiumPartner.objects.create(
            solution=solution,
            organisation=OrganisationFactory(verified=True),
            role="pilot",
            status=status,
        )

    response = api.get(f"/api/v1/solutions/{solution.pk}/partners/")

    assert response.status_code == 200
    statuses = [p["status"] for p in response.json()["results"]]
    expected = ["accepted", "invited", "declined"] if SEES_ALL_PARTNERS[role] else ["accepted"]
    assert statuses == expected


def test_a_comment_is_read_alone_unless_its_project_is_anothers_draft(api, draft, published):
    public = CommentFactory(project=published)
    on_draft = CommentFactory(project=draft)
    on_drafts_solution = CommentFactory(project=None, solution=SolutionFactory(project=draft))

    shown = api.get(f"/api/v1/comments/{public.pk}/")

    assert shown.status_code == 200
    assert shown.json()["project"] == published.slug
    assert shown.headers["ETag"]
    assert api.get(f"/api/v1/comments/{on_draft.pk}/").status_code == 404
    assert api.get(f"/api/v1/comments/{on_drafts_solution.pk}/").status_code == 404
    assert api.get(f"/api/v1/comments/{on_draft.pk}/report/").status_code == 405


def test_members_read_the_comments_of_their_draft(api, as_role, draft):
    comment = CommentFactory(project=draft)
    as_role("member")

    assert api.get(f"/api/v1/comments/{comment.pk}/").status_code == 200


# --- What I support and follow -----------------------------------------------------------------


def test_my_supports_name_the_project_or_the_solution_and_the_sector(api, as_role, published):
    user = as_role("owner")  # of an enterprise
    solution = SolutionFactory(project=published)
    services.vote_cast(subject=published, by=user)
    services.vote_cast(subject=solution, by=user)
    services.vote_cast(subject=ProjectFactory(), by=UserFactory())  # someone else's

    results = api.get("/api/v1/me/supports/").json()["results"]

    assert [r["subject"] for r in results] == ["solution", "project"]  # newest first
    assert results[0]["solution"]["id"] == solution.pk
    assert results[0]["project"]["slug"] == published.slug
    assert results[1]["solution"] is None
    assert {r["sector"] for r in results} == {"enterprise"}


def test_my_follows_list_the_projects_i_follow(api, as_role, published):
    user = as_role("citizen")
    services.follow(project=published, by=user)
    services.follow(project=ProjectFactory(), by=UserFactory())

    results = api.get("/api/v1/me/follows/?page_size=1").json()

    assert [r["project"]["slug"] for r in results["results"]] == [published.slug]
    assert results["next"] is None


@pytest.mark.parametrize("path", ["/api/v1/me/supports/", "/api/v1/me/follows/"])
def test_my_lists_need_a_signed_in_caller(api, path):
    response = api.get(path)

    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"
