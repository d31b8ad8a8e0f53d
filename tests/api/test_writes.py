"""Session writes: each calls the service, so the rules are the site's. The matrix runs every
write as anonymous, a citizen, a member and an owner of the project's organisation, another
organisation's owner, and government staff."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from organisations.models import Role
from projects.models import Comment, ConsortiumPartner, Follow, Project, Report, Solution, Vote
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)

from .conftest import ROLES

pytestmark = pytest.mark.django_db
# Read the project, insert the vote (with the supporter's sector), bump the counters, read the
# tags; a savepoint around the service (the test runs in a transaction).
MAX_SUPPORT_QUERIES = 6

NEW_PROJECT = {
    "kind": "challenge",
    "title": "Cooler bus stops",
    "summary": "Shade and water at the hottest stops.",
    "description": "Start with **Thủ Dầu Một** market.",
    "theme": "smart-mobility",
    "district": "thu-dau-mot",
    "tags": ["heat", "buses"],
    "seeks": ["academia", "community"],
    "budget_vnd": 250_000_000,
}


def _expect(response, code):
    assert response.status_code == code, response.content
    if code >= 400:
        assert set(response.json()) == {"type", "detail", "errors"}


# --- Projects: create, edit, move -------------------------------------------------------------

CREATE = {"anonymous": 401, "citizen": 403, "member": 201, "owner": 201, "other_owner": 403,
          "staff": 403}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_create_a_draft_for_ones_own_organisation(api, as_role, role, organisation):
    user = as_role(role)

    response = api.post(
        "/api/v1/projects/", {**NEW_PROJECT, "organisation": organisation.slug}, format="json"
    )

    _expect(response, CREATE[role])
    if CREATE[role] == 201:
        body = response.json()
        assert body["status"] == "draft"
        assert body["seeks"] == ["academia", "community"]
        assert body["tags"] == ["buses", "heat"]
        project = Project.objects.get(slug=body["slug"])
        assert project.created_by == user
        assert Follow.objects.filter(project=project, user=user).exists()  # as on the site


def test_bad_input_is_a_400_with_messages_per_field(api, as_role, organisation):
    as_role("owner")

    response = api.post(
        "/api/v1/projects/",
        {"organisation": "nobody", "title": "", "theme": "weather", "budget_vnd": -1,
         "deadline": "2001-01-01", "seeks": ["aliens"], "tags": "not a list"},
        format="json",
    )  # fmt: skip

    _expect(response, 400)
    errors = response.json()["errors"]
    assert {"organisation", "title", "theme", "budget_vnd", "summary"} <= set(errors)
    assert all(isinstance(m, str) for messages in errors.values() for m in messages)


def test_a_past_deadline_is_a_400_on_its_field(api, as_role, organisation):
    as_role("owner")

    response = api.post(
        "/api/v1/projects/",
        {**NEW_PROJECT, "organisation": organisation.slug, "deadline": "2001-01-01"},
        format="json",
    )

    _expect(response, 400)
    assert response.json()["errors"]["deadline"] == ["The deadline cannot be in the past."]


def test_huge_numbers_and_nul_characters_are_400_not_500(api, as_role, organisation):
    as_role("owner")

    response = api.post(
        "/api/v1/projects/",
        {**NEW_PROJECT, "organisation": organisation.slug, "budget_vnd": 10**30,
         "title": "a\x00b"},
        format="json",
    )  # fmt: skip

    _expect(response, 400)
    # The NUL is refused by the parser's text rule, before the serializer looks at the numbers.
    assert set(response.json()["errors"]) == {"title"}
    response = api.post(
        "/api/v1/projects/",
        {**NEW_PROJECT, "organisation": organisation.slug, "budget_vnd": 10**30},
        format="json",
    )
    _expect(response, 400)
    assert set(response.json()["errors"]) == {"budget_vnd"}


def test_malformed_json_is_a_400_in_the_same_shape(api, as_role):
    as_role("owner")

    response = api.post("/api/v1/projects/", "{nope", content_type="application/json")

    _expect(response, 400)
    assert response.json()["type"] == "parse_error"


EDIT_PUBLISHED = {"anonymous": 401, "citizen": 403, "member": 403, "owner": 200,
                  "other_owner": 403, "staff": 403}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_edit_a_published_project(api, as_role, role, organisation):
    project = ProjectFactory(organisation=organisation)
    as_role(role)

    response = api.patch(
        f"/api/v1/projects/{project.slug}/", {"summary": "Shorter."}, format="json"
    )

    _expect(response, EDIT_PUBLISHED[role])
    project.refresh_from_db()
    assert (project.summary == "Shorter.") is (EDIT_PUBLISHED[role] == 200)


def test_the_author_of_a_draft_edits_it_and_others_drafts_are_404(api, organisation):
    author = MembershipFactory(organisation=organisation, role=Role.MEMBER).user
    draft = ProjectFactory(
        organisation=organisation, status="draft", published_at=None, created_by=author
    )
    api.force_authenticate(author)
    assert api.patch(f"/api/v1/projects/{draft.slug}/", {"title": "Better"}).status_code == 200

    api.force_authenticate(UserFactory())
    _expect(api.patch(f"/api/v1/projects/{draft.slug}/", {"title": "Mine"}), 404)


def test_put_is_not_offered(api, as_role, organisation):
    project = ProjectFactory(organisation=organisation)
    as_role("owner")

    _expect(api.put(f"/api/v1/projects/{project.slug}/", NEW_PROJECT, format="json"), 405)


PUBLISH = {"anonymous": 401, "citizen": 404, "member": 200, "owner": 200, "other_owner": 404,
           "staff": 200}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_publish_a_draft(api, as_role, role, organisation):
    draft = ProjectFactory(organisation=organisation, status="draft", published_at=None)
    as_role(role)

    response = api.post(f"/api/v1/projects/{draft.slug}/transition/", {"to": "open"})

    _expect(response, PUBLISH[role])
    if PUBLISH[role] == 200:
        assert response.json()["status"] == "open"
        assert response.json()["published_at"]


MOVE = {"anonymous": 401, "citizen": 403, "member": 403, "owner": 200, "other_owner": 403,
        "staff": 200}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_move_a_published_project_to_review(api, as_role, role, organisation):
    project = ProjectFactory(organisation=organisation)
    as_role(role)

    _expect(api.post(f"/api/v1/projects/{project.slug}/transition/", {"to": "in_review"}),
            MOVE[role])  # fmt: skip


def test_a_move_outside_the_lifecycle_is_a_400_naming_both_states(api, as_role, organisation):
    project = ProjectFactory(organisation=organisation, status="completed")
    as_role("owner")

    response = api.post(f"/api/v1/projects/{project.slug}/transition/", {"to": "open"})

    _expect(response, 400)
    assert response.json()["errors"]["non_field_errors"] == [
        "A project that is “Completed” cannot become “Open for solutions”."
    ]


def test_an_unverified_organisation_cannot_publish(api):
    organisation = OrganisationFactory()
    owner = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    draft = ProjectFactory(organisation=organisation, status="draft", published_at=None)
    api.force_authenticate(owner)

    response = api.post(f"/api/v1/projects/{draft.slug}/transition/", {"to": "open"})

    _expect(response, 400)
    assert "verified" in response.json()["errors"]["non_field_errors"][0]


# --- Solutions ------------------------------------------------------------------------------

PROPOSE = {"anonymous": 401, "citizen": 201, "member": 201, "owner": 201, "other_owner": 201,
           "staff": 201}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_propose_a_solution(api, as_role, role, organisation):
    project = ProjectFactory(organisation=organisation)
    as_role(role)

    response = api.post(
        f"/api/v1/projects/{project.slug}/solutions/",
        {"title": "Misting fans", "summary": "Cheap.", "description": "Fans.",
         "duration_months": 3},
        format="json",
    )  # fmt: skip

    _expect(response, PROPOSE[role])
    if PROPOSE[role] == 201:
        assert response.json()["status"] == "submitted"
        assert response.json()["lead_organisation"] is None


def test_propose_for_an_organisation_with_a_partner(api, other_owner):
    project = ProjectFactory()
    lead = other_owner.memberships.get().organisation
    university = OrganisationFactory(verified=True, sector="academia")
    api.force_authenticate(other_owner)

    response = api.post(
        f"/api/v1/projects/{project.slug}/solutions/",
        {"title": "Sensors", "summary": "s", "description": "d", "lead_organisation": lead.slug,
         "partners": [{"organisation": university.slug, "role": "research partner"}]},
        format="json",
    )  # fmt: skip

    _expect(response, 201)
    solution = Solution.objects.get(pk=response.json()["id"])
    assert solution.lead_organisation == lead
    assert solution.partners.get().organisation == university  # invited, shown once accepted
    assert response.json()["consortium"] == []


def test_propose_for_someone_elses_organisation_is_403(api, citizen):
    api.force_authenticate(citizen)
    project = ProjectFactory()

    response = api.post(
        f"/api/v1/projects/{project.slug}/solutions/",
        {"title": "t", "summary": "s", "description": "d",
         "lead_organisation": project.organisation.slug},
        format="json",
    )  # fmt: skip

    _expect(response, 403)


def test_an_unverified_partner_is_refused_with_a_message(api, citizen):
    api.force_authenticate(citizen)
    project = ProjectFactory()
    unverified = OrganisationFactory()

    response = api.post(
        f"/api/v1/projects/{project.slug}/solutions/",
        {"title": "t", "summary": "s", "description": "d",
         "partners": [{"organisation": unverified.slug, "role": "pilot"}]},
        format="json",
    )  # fmt: skip

    _expect(response, 400)
    assert Solution.objects.count() == 0  # the transaction rolled back


def test_a_closed_project_takes_no_solution(api, citizen):
    api.force_authenticate(citizen)
    project = ProjectFactory(status="in_review")

    response = api.post(
        f"/api/v1/projects/{project.slug}/solutions/",
        {"title": "t", "summary": "s", "description": "d"},
        format="json",
    )

    _expect(response, 400)


# --- Comments ----------------------------------------------------------------------------------

COMMENT = {"anonymous": 401, "citizen": 201, "member": 201, "owner": 201, "other_owner": 201,
           "staff": 201}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_comment_and_reply(api, as_role, role, organisation):
    project = ProjectFactory(organisation=organisation)
    parent = CommentFactory(project=project)
    as_role(role)

    response = api.post(
        f"/api/v1/projects/{project.slug}/comments/",
        {"body": "Agreed.", "parent": parent.pk},
        format="json",
    )

    _expect(response, COMMENT[role])
    if COMMENT[role] == 201:
        assert response.json()["parent"] == parent.pk
        project.refresh_from_db()
        assert project.comment_count == 1


def test_comment_on_a_solution(api, citizen):
    solution = SolutionFactory()
    api.force_authenticate(citizen)

    response = api.post(f"/api/v1/solutions/{solution.pk}/comments/", {"body": "How much?"})

    _expect(response, 201)
    assert response.json()["solution"] == solution.pk
    solution.refresh_from_db()
    assert solution.comment_count == 1


def test_an_empty_comment_or_a_reply_elsewhere_is_a_400(api, citizen):
    project = ProjectFactory()
    elsewhere = CommentFactory()
    api.force_authenticate(citizen)
    url = f"/api/v1/projects/{project.slug}/comments/"

    blank = api.post(url, {"body": "   "})
    stray = api.post(url, {"body": "Hi", "parent": elsewhere.pk})
    unknown = api.post(url, {"body": "Hi", "parent": 10**17})

    _expect(blank, 400)
    assert "body" in blank.json()["errors"]
    _expect(stray, 400)
    assert stray.json()["errors"]["non_field_errors"] == ["A reply must stay in its conversation."]
    _expect(unknown, 400)
    assert "parent" in unknown.json()["errors"]
    assert Comment.objects.filter(project=project).count() == 0


def test_an_archived_project_takes_no_comment(api, citizen):
    project = ProjectFactory(status="archived")
    api.force_authenticate(citizen)

    _expect(api.post(f"/api/v1/projects/{project.slug}/comments/", {"body": "Late"}), 403)


# --- Supports and follows ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_support_and_withdraw_a_project(api, as_role, role, organisation):
    project = ProjectFactory(organisation=organisation)
    user = as_role(role)
    url = f"/api/v1/projects/{project.slug}/support/"

    supported = api.post(url)
    if role == "anonymous":
        _expect(supported, 401)
        _expect(api.delete(url), 401)
        return
    _expect(supported, 200)
    assert supported.json()["supports"]["total"] == 1
    assert supported.json()["supported_by_me"] is True
    _expect(api.post(url), 200)  # twice counts once
    assert Vote.objects.filter(project=project).count() == 1

    _expect(api.delete(url), 204)
    project.refresh_from_db()
    assert project.support_count == 0
    assert not Vote.objects.filter(user=user).exists()


def test_the_answer_to_a_support_is_the_project_as_read_afterwards(api, citizen):
    """Answered from the row read before the vote, with the counters the vote left: the same
    body as a read, for a new support and for a repeated one."""
    project = ProjectFactory(tags=["heat", "buses"])
    Project.objects.filter(pk=project.pk).update(support_count=3, support_academia=3)
    Follow.objects.create(project=project, user=citizen)
    api.force_authenticate(citizen)
    url = f"/api/v1/projects/{project.slug}/"

    first = api.post(f"{url}support/")
    read = api.get(url)
    again = api.post(f"{url}support/")

    _expect(first, 200)
    assert first.json() == read.json()
    assert again.json() == read.json()
    assert read.json()["supports"] == {
        "total": 4,
        "by_sector": {"government": 0, "enterprise": 0, "academia": 3, "community": 1},
    }
    assert (read.json()["supported_by_me"], read.json()["following"]) == (True, True)


def test_a_support_costs_a_few_queries(api, citizen, django_assert_max_num_queries):
    project = ProjectFactory(tags=["heat"])
    api.force_authenticate(citizen)
    url = f"/api/v1/projects/{project.slug}/support/"

    with django_assert_max_num_queries(MAX_SUPPORT_QUERIES):
        _expect(api.post(url), 200)
    with django_assert_max_num_queries(MAX_SUPPORT_QUERIES):
        _expect(api.post(url), 200)
    with django_assert_max_num_queries(MAX_SUPPORT_QUERIES):
        _expect(api.delete(url), 204)


def test_support_counts_in_the_supporters_sector(api, as_role, organisation):
    project = ProjectFactory()
    as_role("owner")  # of an enterprise

    body = api.post(f"/api/v1/projects/{project.slug}/support/").json()

    assert body["supports"]["by_sector"]["enterprise"] == 1


def test_support_a_solution_and_not_a_withdrawn_one(api, citizen):
    solution = SolutionFactory()
    withdrawn = SolutionFactory(status="withdrawn")
    api.force_authenticate(citizen)

    response = api.post(f"/api/v1/solutions/{solution.pk}/support/")
    refused = api.post(f"/api/v1/solutions/{withdrawn.pk}/support/")

    _expect(response, 200)
    assert response.json()["supports"]["total"] == 1
    _expect(refused, 400)
    _expect(api.delete(f"/api/v1/solutions/{solution.pk}/support/"), 204)


def test_a_draft_takes_no_support_even_from_its_members(api, as_role, organisation):
    draft = ProjectFactory(organisation=organisation, status="draft", published_at=None)
    as_role("owner")

    _expect(api.post(f"/api/v1/projects/{draft.slug}/support/"), 403)


@pytest.mark.parametrize("role", ROLES)
def test_follow_and_unfollow(api, as_role, role, organisation):
    project = ProjectFactory(organisation=organisation)
    as_role(role)
    url = f"/api/v1/projects/{project.slug}/follow/"

    followed = api.post(url)

    if role == "anonymous":
        _expect(followed, 401)
        return
    _expect(followed, 200)
    assert followed.json()["following"] is True
    assert followed.json()["follower_count"] == 1
    _expect(api.delete(url), 204)
    project.refresh_from_db()
    assert project.follower_count == 0


# --- Sessions and CSRF --------------------------------------------------------------------------


def test_a_session_write_needs_the_csrf_token(organisation, owner):
    project = ProjectFactory(organisation=organisation)
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(owner)
    url = f"/api/v1/projects/{project.slug}/follow/"

    token = "abcdefghijklmnopqrstuvwxyzABCDEF"  # as the site's csrftoken cookie carries it

    refused = browser.post(url)
    browser.cookies["csrftoken"] = token
    accepted = browser.post(url, HTTP_X_CSRFTOKEN=token)

    _expect(refused, 403)
    assert "CSRF" in refused.json()["detail"]
    _expect(accepted, 200)


# --- Solutions: edit, withdraw, decide ------------------------------------------------------


@pytest.fixture
def led_solution(organisation, other_owner):
    """A solution to `organisation`'s project, led by `other_owner`'s organisation."""
    return SolutionFactory(
        project=ProjectFactory(organisation=organisation, solution_count=1),
        lead_user=other_owner,
        lead_organisation=other_owner.memberships.get().organisation,
    )


def test_the_lead_edits_a_solution_and_gets_it_back(api, led_solution, other_owner):
    api.force_authenticate(other_owner)

    response = api.patch(
        f"/api/v1/solutions/{led_solution.pk}/",
        {"description": "Now with **solar** power.", "duration_months": 9},
        format="json",
    )

    _expect(response, 200)
    body = response.json()
    assert body["duration_months"] == 9
    assert body["description_html"] == "<p>Now with <strong>solar</strong> power.</p>"
    assert body["title"] == led_solution.title  # untouched


def test_a_solution_edit_with_bad_values_is_a_400(api, led_solution, other_owner):
    api.force_authenticate(other_owner)

    response = api.patch(
        f"/api/v1/solutions/{led_solution.pk}/",
        {"title": "", "duration_months": 10_000, "estimated_cost_vnd": -5},
        format="json",
    )

    _expect(response, 400)
    assert {"title", "duration_months", "estimated_cost_vnd"} <= set(response.json()["errors"])


def test_a_withdrawn_solution_is_neither_edited_nor_withdrawn_again(api, led_solution, other_owner):
    api.force_authenticate(other_owner)
    url = f"/api/v1/solutions/{led_solution.pk}/"

    withdrawn = api.post(url + "withdraw/")

    _expect(withdrawn, 200)
    assert withdrawn.json()["status"] == "withdrawn"
    led_solution.project.refresh_from_db()
    assert led_solution.project.solution_count == 0
    _expect(api.post(url + "withdraw/"), 403)
    _expect(api.patch(url, {"title": "Again"}, format="json"), 403)
    assert api.get(url).json()["status"] == "withdrawn"  # still readable


def test_decisions_follow_the_solutions_lifecycle(api, led_solution, owner):
    api.force_authenticate(owner)
    url = f"/api/v1/solutions/{led_solution.pk}/decision/"

    too_early = api.post(url, {"to": "selected"})
    shortlisted = api.post(url, {"to": "shortlisted"})
    selected = api.post(url, {"to": "selected"})
    unknown = api.post(url, {"to": "withdrawn"})

    _expect(too_early, 400)
    assert too_early.json()["errors"]["non_field_errors"] == [
        "A solution that is “Submitted” cannot become “Selected”."
    ]
    assert shortlisted.json()["status"] == "shortlisted"
    assert selected.json()["status"] == "selected"
    _expect(unknown, 400)
    assert "to" in unknown.json()["errors"]


def test_no_decision_on_a_completed_project(api, led_solution, staff):
    Project.objects.filter(pk=led_solution.project_id).update(status="completed")
    api.force_authenticate(staff)

    response = api.post(f"/api/v1/solutions/{led_solution.pk}/decision/", {"to": "shortlisted"})

    _expect(response, 400)


# --- Consortium: invite, answer --------------------------------------------------------------


def test_the_lead_invites_and_the_invited_organisation_accepts(api, led_solution, other_owner):
    university = OrganisationFactory(verified=True, sector="academia")
    dean = MembershipFactory(organisation=university, role=Role.MANAGER).user
    api.force_authenticate(other_owner)

    invited = api.post(
        f"/api/v1/solutions/{led_solution.pk}/partners/",
        {"organisation": university.slug, "role": "research partner"},
        format="json",
    )
    _expect(invited, 201)
    assert invited.json()["status"] == "invited"
    assert invited.json()["organisation"]["slug"] == university.slug

    api.force_authenticate(dean)
    waiting = api.get("/api/v1/partnerships/?status=invited").json()["results"]
    assert [p["id"] for p in waiting] == [invited.json()["id"]]
    assert waiting[0]["solution"]["id"] == led_solution.pk
    accepted = api.post(f"/api/v1/partnerships/{invited.json()['id']}/accept/")

    _expect(accepted, 200)
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["answered_at"]
    consortium = api.get(f"/api/v1/solutions/{led_solution.pk}/").json()["consortium"]
    assert [p["organisation"]["slug"] for p in consortium] == [university.slug]
    assert api.get("/api/v1/partnerships/?status=invited").json()["results"] == []
    _expect(api.post(f"/api/v1/partnerships/{invited.json()['id']}/decline/"), 400)


def test_an_invitation_must_go_to_a_new_verified_organisation(api, led_solution, other_owner):
    unverified = OrganisationFactory()
    university = OrganisationFactory(verified=True)
    api.force_authenticate(other_owner)
    url = f"/api/v1/solutions/{led_solution.pk}/partners/"

    refused = api.post(url, {"organisation": unverified.slug, "role": "pilot"}, format="json")
    first = api.post(url, {"organisation": university.slug, "role": "pilot"}, format="json")
    twice = api.post(url, {"organisation": university.slug, "role": "pilot"}, format="json")
    lead = api.post(
        url, {"organisation": led_solution.lead_organisation.slug, "role": "x"}, format="json"
    )
    blank = api.post(url, {"organisation": university.slug, "role": "  "}, format="json")

    _expect(refused, 400)
    assert "not verified" in refused.json()["errors"]["non_field_errors"][0]
    _expect(first, 201)
    _expect(twice, 400)
    _expect(lead, 400)
    _expect(blank, 400)
    assert "role" in blank.json()["errors"]


def test_a_plain_member_of_the_invited_organisation_cannot_answer(api, led_solution):
    university = OrganisationFactory(verified=True)
    partner = ConsortiumPartner.objects.create(
        solution=led_solution, organisation=university, role="research"
    )
    api.force_authenticate(MembershipFactory(organisation=university, role=Role.MEMBER).user)

    assert api.get("/api/v1/partnerships/").json()["results"] == []
    _expect(api.post(f"/api/v1/partnerships/{partner.pk}/accept/"), 404)
    partner.refresh_from_db()
    assert partner.status == "invited"


def test_partnerships_need_a_signed_in_caller_and_a_known_status(api, as_role):
    _expect(api.get("/api/v1/partnerships/"), 401)
    as_role("owner")

    _expect(api.get("/api/v1/partnerships/?status=maybe"), 400)


# --- Comments: edit, delete --------------------------------------------------------------------


def test_the_author_edits_a_comment_and_the_old_text_is_kept(api, citizen):
    comment = CommentFactory(author=citizen)
    api.force_authenticate(citizen)

    response = api.patch(f"/api/v1/comments/{comment.pk}/", {"body": "Ward **4**."}, format="json")

    _expect(response, 200)
    assert response.json()["body_html"] == "<p>Ward <strong>4</strong>.</p>"
    assert response.json()["edited"] is True
    assert list(comment.revisions.values_list("body", flat=True)) == ["Ward 3 floods first."]


def test_an_empty_edit_is_a_400_and_a_hidden_comment_is_not_edited(api, citizen):
    comment = CommentFactory(author=citizen)
    hidden = CommentFactory(author=citizen, hidden_at=timezone.now(), hidden_reason="Spam")
    api.force_authenticate(citizen)

    _expect(api.patch(f"/api/v1/comments/{comment.pk}/", {"body": " "}, format="json"), 400)
    _expect(api.patch(f"/api/v1/comments/{comment.pk}/", {}, format="json"), 400)
    _expect(api.patch(f"/api/v1/comments/{hidden.pk}/", {"body": "Sorry"}, format="json"), 403)
    _expect(api.delete(f"/api/v1/comments/{hidden.pk}/"), 403)


def test_a_deleted_comment_keeps_its_place_in_the_thread(api, citizen):
    comment = CommentFactory(author=citizen)
    reply = CommentFactory(project=comment.project, parent=comment)
    api.force_authenticate(citizen)

    _expect(api.delete(f"/api/v1/comments/{comment.pk}/"), 204)

    shown = api.get(f"/api/v1/comments/{comment.pk}/").json()
    assert shown["deleted"] is True
    assert shown["body"] is None
    thread = api.get(f"/api/v1/projects/{comment.project.slug}/comments/").json()["results"]
    assert [c["id"] for c in thread] == [comment.pk, reply.pk]
    _expect(api.delete(f"/api/v1/comments/{comment.pk}/"), 403)  # already deleted


def test_put_is_not_offered_on_comments(api, citizen):
    comment = CommentFactory(author=citizen)
    api.force_authenticate(citizen)

    _expect(api.put(f"/api/v1/comments/{comment.pk}/", {"body": "x"}, format="json"), 405)


# --- Reports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("subject", ["comment", "solution"])
def test_a_report_is_made_once_and_then_found_again(api, citizen, subject):
    target = CommentFactory() if subject == "comment" else SolutionFactory()
    url = f"/api/v1/{subject}s/{target.pk}/report/"
    api.force_authenticate(citizen)

    first = api.post(url, {"reason": "Spam"})
    again = api.post(url, {"reason": "Still spam"})

    _expect(first, 201)
    assert set(first.json()) == {"id", "status", "created"}
    assert first.json()["status"] == "open"
    _expect(again, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Report.objects.get().reason == "Spam"


def test_a_report_needs_a_reason_of_at_most_500_characters(api, citizen):
    comment = CommentFactory()
    api.force_authenticate(citizen)
    url = f"/api/v1/comments/{comment.pk}/report/"

    _expect(api.post(url, {"reason": "  "}), 400)
    _expect(api.post(url, {"reason": "x" * 501}), 400)
    _expect(api.post(url, {}), 400)
    assert not Report.objects.exists()
