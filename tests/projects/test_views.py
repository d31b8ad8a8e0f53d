"""Every project page and action, for every kind of visitor, with and without htmx."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from organisations.models import Role
from projects import services
from projects.models import (
    Comment,
    ConsortiumPartner,
    Follow,
    Project,
    Report,
    Solution,
    Vote,
)
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ANONYMOUS, CITIZEN, MEMBER, MANAGER, OWNER, OTHER_OWNER, STAFF = (
    "anonymous",
    "citizen",
    "member",
    "manager",
    "owner",
    "other_owner",
    "staff",
)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def as_visitor(client, request, organisation, owner):
    """Sign the client in as one kind of visitor (fixtures are made on demand)."""

    def sign_in(kind: str):
        if kind != ANONYMOUS:
            client.force_login(request.getfixturevalue(kind))
        return client

    return sign_in


@pytest.fixture
def project(organisation, owner):
    return ProjectFactory(organisation=organisation, created_by=owner)


@pytest.fixture
def draft(organisation, owner):
    return ProjectFactory(
        organisation=organisation, created_by=owner, status="draft", published_at=None
    )


@pytest.fixture
def solution(project, citizen):
    """Proposed through the service, so that the project's counters are right."""
    return services.solution_propose(
        project=project, by=citizen, title="River sensors", summary="s", description="d"
    )


@pytest.fixture
def plain_staff(db):
    """Staff without the “Government staff” group: the admin, but no project permission."""
    return UserFactory(is_staff=True)


def grant(user, codename: str) -> None:
    """Give a model permission the “Government staff” group may not hold yet."""
    user.user_permissions.add(Permission.objects.get(codename=codename))


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


PROJECT_FORM = {
    "organisation": "",  # filled in by the tests
    "kind": "challenge",
    "title": "Flood warnings for Phú Hòa",
    "summary": "Warn residents an hour before the water rises.",
    "description": "Sensors on the **Thị Tính** river.",
    "theme": "flooding-water",
    "district": "thu-dau-mot",
    "sectors_sought": ["academia", "enterprise"],
    "tags": "flood, IoT",
    "budget_vnd": "1500000000",
    "deadline": "",
}
SOLUTION_FORM = {
    "lead_organisation": "",
    "title": "River sensors and SMS alerts",
    "summary": "Twenty sensors and an SMS gateway.",
    "description": "**Twenty** sensors.",
    "estimated_cost_vnd": "900000000",
    "duration_months": "8",
    "partner_role": "",
}


# --- Pages for each visitor ------------------------------------------------------------------

EVERYONE = dict.fromkeys([ANONYMOUS, CITIZEN, MEMBER, OWNER, OTHER_OWNER, STAFF], 200)
PAGES = [
    # (url name, the project fixture, with the solution, {visitor: expected status})
    ("projects:list", None, False, EVERYONE),
    ("projects:detail", "project", False, EVERYONE),
    (
        "projects:detail",
        "draft",
        False,
        {ANONYMOUS: 404, CITIZEN: 404, MEMBER: 200, OWNER: 200, OTHER_OWNER: 404, STAFF: 200},
    ),
    ("projects:create", None, False, {ANONYMOUS: 302, CITIZEN: 200, MEMBER: 200, OWNER: 200}),
    (
        "projects:edit",
        "project",
        False,
        {
            ANONYMOUS: 302,
            CITIZEN: 403,
            MEMBER: 403,
            MANAGER: 200,
            OWNER: 200,
            OTHER_OWNER: 403,
            STAFF: 403,
        },
    ),
    (
        "projects:edit",
        "draft",
        False,
        {ANONYMOUS: 302, CITIZEN: 404, MEMBER: 403, OWNER: 200, OTHER_OWNER: 404, STAFF: 403},
    ),
    (
        "projects:propose",
        "project",
        False,
        {ANONYMOUS: 302, CITIZEN: 200, MEMBER: 200, OWNER: 200, OTHER_OWNER: 200, STAFF: 200},
    ),
    ("projects:propose", "draft", False, {CITIZEN: 404, OWNER: 302}),
    ("projects:solution", "project", True, EVERYONE),
    (
        "projects:solution_edit",
        "project",
        True,
        {ANONYMOUS: 302, CITIZEN: 200, MEMBER: 403, OWNER: 403, OTHER_OWNER: 403, STAFF: 403},
    ),
]


@pytest.mark.parametrize(
    ("url_name", "project_fixture", "with_solution", "visitor", "status"),
    [(u, p, s, v, code) for u, p, s, expected in PAGES for v, code in expected.items()],
)
def test_page_access(
    request, as_visitor, url_name, project_fixture, with_solution, visitor, status
):
    args = []
    if project_fixture:
        args.append(request.getfixturevalue(project_fixture).slug)
    if with_solution:
        args.append(request.getfixturevalue("solution").pk)

    assert as_visitor(visitor).get(reverse(url_name, args=args)).status_code == status


@pytest.mark.parametrize(
    "url",
    [
        reverse("projects:detail", args=["nothing-here"]),
        reverse("projects:solution", args=["nothing-here", 1]),
        reverse("projects:edit", args=["nothing-here"]),
    ],
)
def test_unknown_projects_are_404(client, owner, url):
    client.force_login(owner)

    assert client.get(url).status_code == 404


def test_a_solution_of_another_project_is_a_404(client, project, solution):
    other = ProjectFactory()

    response = client.get(reverse("projects:solution", args=[other.slug, solution.pk]))

    assert response.status_code == 404


# --- The list --------------------------------------------------------------------------------


def listed(response) -> list[str]:
    """The titles of the page's projects, in order (the page's rows are the cards' keys, the
    project's id first)."""
    ids = [row[0] for row in response.context["page_obj"].object_list]
    titles = dict(Project.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [titles[pk] for pk in ids]


def test_the_list_shows_published_projects_and_drafts_only_to_their_organisation(
    client, project, draft, member, other_owner
):
    public = listed(client.get(reverse("projects:list")))
    client.force_login(member)
    inside = listed(client.get(reverse("projects:list")))
    client.force_login(other_owner)
    elsewhere = listed(client.get(reverse("projects:list")))

    assert public == [project.title]
    assert set(inside) == {project.title, draft.title}
    assert elsewhere == [project.title]


def test_the_list_filters_by_theme_district_status_and_sector_sought(client):
    wanted = ProjectFactory(
        theme="energy", district="di-an", seeks_community=True, status="in_review"
    )
    ProjectFactory(theme="energy", district="di-an", seeks_community=False, status="in_review")
    ProjectFactory(theme="health", district="di-an", seeks_community=True, status="in_review")
    ProjectFactory(theme="energy", district="ben-cat", seeks_community=True, status="in_review")
    ProjectFactory(theme="energy", district="di-an", seeks_community=True, status="open")

    response = client.get(
        reverse("projects:list"),
        {"theme": "energy", "district": "di-an", "status": "in_review", "seeks": "community"},
    )

    assert listed(response) == [wanted.title]


def test_the_list_searches_words(client):
    ProjectFactory(title="Smart bus stops", summary="Arrival boards.")
    ProjectFactory(title="Flood sensors", summary="Water levels.")

    response = client.get(reverse("projects:list"), {"q": "bus boards"})

    assert listed(response) == ["Smart bus stops"]


def test_the_list_sorts_by_support_and_by_deadline_with_none_last(client):
    today = timezone.localdate()
    late = ProjectFactory(title="late", deadline=today + timedelta(days=30), support_count=1)
    ProjectFactory(title="none", deadline=None, support_count=2)
    ProjectFactory(title="soon", deadline=today + timedelta(days=3), support_count=9)

    supported = listed(client.get(reverse("projects:list"), {"sort": "supported"}))
    deadline = listed(client.get(reverse("projects:list"), {"sort": "deadline"}))
    newest = listed(client.get(reverse("projects:list")))

    assert supported == ["soon", "none", late.title]
    assert deadline == ["soon", "late", "none"]
    assert newest == ["soon", "none", "late"]


def test_the_list_has_20_projects_a_page(client):
    ProjectFactory.create_batch(21)

    first = client.get(reverse("projects:list"))
    second = client.get(reverse("projects:list"), {"page": 2})

    assert len(listed(first)) == 20
    assert len(listed(second)) == 1


@pytest.mark.parametrize(
    "query",
    [
        {"theme": "space-travel"},
        {"sort": "random"},
        {"seeks": "aliens"},
        {"page": "x"},
        {"page": "999"},
        {"q": "x" * 500},
        {"q": "<script>alert(1)</script>"},
    ],
)
def test_bad_list_parameters_never_fail(client, project, query):
    response = client.get(reverse("projects:list"), query)

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in text(response)


# --- The project page ------------------------------------------------------------------------


def test_the_project_page_shows_its_facts(client, organisation):
    project = ProjectFactory(
        organisation=organisation,
        budget_vnd=1_500_000_000,
        deadline=timezone.localdate() + timedelta(days=10),
        seeks_government=True,
    )
    project.tags.add("sensors")

    page = text(client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    vietnamese = text(client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi"))

    assert "1,500,000,000 ₫" in page
    assert "1.500.000.000 ₫" in vietnamese
    assert organisation.name in page
    assert "sensors" in page
    assert "<strong>Thị Tính</strong>" in page  # the sanitised HTML, not escaped


def test_the_support_breakdown_reads_as_text(client, project, citizen, other_owner):
    services.vote_cast(subject=project, by=citizen)
    services.vote_cast(subject=project, by=other_owner)

    page = text(client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))

    assert "2 supports" in page
    assert "1 · 50%" in page  # community (the citizen) and enterprise (the other owner)


def test_a_script_in_a_description_is_removed(client, owner, organisation):
    project = services.project_create(
        by=owner,
        organisation=organisation,
        title="<script>alert('title')</script>",
        summary="s",
        description="Hello <script>alert('x')</script> **world**",
        theme="energy",
        district="di-an",
    )
    client.force_login(owner)

    page = text(client.get(project.get_absolute_url()))

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)" in page
    assert "<strong>world</strong>" in page


def test_the_timeline_shows_who_moved_the_project(client, organisation, owner):
    project = services.project_create(
        by=owner,
        organisation=organisation,
        title="A",
        summary="s",
        description="d",
        theme="energy",
        district="di-an",
    )
    services.project_publish(project=project, by=owner)

    page = text(client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))

    assert "Open for solutions" in page
    assert owner.display_name in page


def test_solutions_show_accepted_partners_only(client, project, solution):
    accepted = OrganisationFactory(verified=True, name="Accepted University")
    invited = OrganisationFactory(verified=True, name="Invited Institute")
    ConsortiumPartner.objects.create(
        solution=solution, organisation=accepted, role="research", status="accepted"
    )
    ConsortiumPartner.objects.create(solution=solution, organisation=invited, role="pilot")

    project_page = text(client.get(project.get_absolute_url()))
    solution_page = text(client.get(solution.get_absolute_url()))

    assert "Accepted University" in project_page
    assert "Invited Institute" not in project_page
    assert "Accepted University" in solution_page
    assert "Invited Institute" not in solution_page


def test_the_lead_sees_invited_and_declined_partners(client, project, solution, citizen):
    ConsortiumPartner.objects.create(
        solution=solution,
        organisation=OrganisationFactory(verified=True, name="Invited Institute"),
        role="pilot",
    )
    client.force_login(citizen)

    page = text(client.get(solution.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))

    assert "Invited Institute" in page
    assert "Invited" in page


def test_withdrawn_solutions_leave_the_project_page(client, project, solution):
    solution.status = Solution.Status.WITHDRAWN
    solution.save()

    assert solution.title not in text(client.get(project.get_absolute_url()))
    assert client.get(solution.get_absolute_url()).status_code == 200


def test_managers_see_the_moves_the_lifecycle_allows(client, project, owner, member):
    client.force_login(member)
    as_member = text(client.get(project.get_absolute_url()))
    client.force_login(owner)
    as_owner = text(client.get(project.get_absolute_url()))

    assert 'value="in_review"' not in as_member
    assert 'value="in_review"' in as_owner
    assert 'value="archived"' in as_owner
    assert 'value="completed"' not in as_owner


def test_a_member_sees_the_publish_button_on_a_draft(client, draft, member):
    client.force_login(member)

    page = text(client.get(draft.get_absolute_url()))

    assert 'name="to" value="open"' in page


def test_deciders_see_the_decision_buttons(client, project, solution, owner, other_owner):
    client.force_login(other_owner)
    as_outsider = text(client.get(project.get_absolute_url()))
    client.force_login(owner)
    as_owner = text(client.get(project.get_absolute_url()))

    assert 'value="shortlisted"' not in as_outsider
    assert 'value="shortlisted"' in as_owner
    assert 'value="not_selected"' in as_owner


def test_the_propose_link_follows_the_rule(client, project, citizen):
    propose = reverse("projects:propose", args=[project.slug])
    anonymous = text(client.get(project.get_absolute_url()))
    client.force_login(citizen)
    open_page = text(client.get(project.get_absolute_url()))
    project.deadline = timezone.localdate() - timedelta(days=1)
    project.save()
    closed_page = text(client.get(project.get_absolute_url()))

    assert f'href="{propose}"' in open_page
    assert f'href="{propose}"' not in closed_page
    assert f'href="{propose}"' not in anonymous  # a sign-in link instead


# --- Comments on the page --------------------------------------------------------------------


def test_replies_are_nested_under_their_comment(client, project):
    parent = CommentFactory(project=project, body_html="<p>the parent</p>")
    CommentFactory(project=project, parent=parent, body_html="<p>the reply</p>")

    page = text(client.get(project.get_absolute_url()))

    replies = page.index('class="comment-list comment-list--replies"')
    assert page.index("the parent") < replies < page.index("the reply")


def test_a_deleted_comment_keeps_its_replies(client, project):
    parent = CommentFactory(project=project, body_html="<p>gone</p>", deleted_at=timezone.now())
    CommentFactory(project=project, parent=parent, body_html="<p>still here</p>")

    page = text(client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))

    assert "Comment deleted" in page
    assert "gone" not in page
    assert "still here" in page


def test_a_hidden_comment_shows_the_reason_to_the_public_and_the_text_to_moderators(
    client, project, staff
):
    CommentFactory(
        project=project,
        body_html="<p>buy cheap pills</p>",
        hidden_at=timezone.now(),
        hidden_reason="Advertising",
    )
    public = text(client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    grant(staff, "hide_comment")
    client.force_login(staff)
    moderator = text(client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))

    assert "Hidden by a moderator: Advertising" in public
    assert "buy cheap pills" not in public
    assert "Hidden by a moderator: Advertising" in moderator
    assert "buy cheap pills" in moderator


def test_authors_see_edit_and_delete_on_their_own_comments_only(client, project, citizen, user):
    mine = CommentFactory(project=project, author=citizen)
    theirs = CommentFactory(project=project, author=user)
    client.force_login(citizen)

    page = text(client.get(project.get_absolute_url()))

    assert reverse("projects:comment_edit", args=[mine.pk]) in page
    assert reverse("projects:comment_delete", args=[mine.pk]) in page
    assert reverse("projects:comment_edit", args=[theirs.pk]) not in page
    assert reverse("projects:comment_report", args=[theirs.pk]) in page


# --- Supports --------------------------------------------------------------------------------


def support_url(project, solution=None) -> str:
    if solution:
        return reverse("projects:solution_support", args=[project.slug, solution.pk])
    return reverse("projects:support", args=[project.slug])


def test_supporting_without_javascript_redirects_back_with_a_message(client, project, citizen):
    client.force_login(citizen)

    response = client.post(support_url(project), {"action": "support"}, follow=True)

    project.refresh_from_db()
    assert project.support_count == 1
    assert project.support_community == 1
    assert response.redirect_chain[0][0].endswith(f"#support-project-{project.pk}")
    assert "Thank you for your support." in messages_of(response)


def test_supporting_with_htmx_returns_the_button_and_counters(client, project, citizen):
    client.force_login(citizen)

    response = client.post(support_url(project), {"action": "support"}, headers=HTMX)

    page = text(response)
    assert response.status_code == 200
    assert "<html" not in page
    assert 'aria-pressed="true"' in page
    assert f'id="support-project-{project.pk}-count" hx-swap-oob="innerHTML"' in page
    assert "1 support" in page
    assert 'id="messages" hx-swap-oob="innerHTML"' in page


def test_a_second_support_counts_once(client, project, citizen):
    client.force_login(citizen)

    client.post(support_url(project), {"action": "support"})
    client.post(support_url(project), {"action": "support"}, headers=HTMX)

    project.refresh_from_db()
    assert project.support_count == 1
    assert Vote.objects.filter(project=project).count() == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_withdrawing_a_support(client, project, citizen, htmx):
    client.force_login(citizen)
    client.post(support_url(project), {"action": "support"})

    response = client.post(
        support_url(project), {"action": "withdraw"}, headers=HTMX if htmx else {}
    )

    project.refresh_from_db()
    assert project.support_count == 0
    assert not Vote.objects.exists()
    if htmx:
        assert 'aria-pressed="false"' in text(response)
    else:
        assert response.status_code == 302


@pytest.mark.parametrize("htmx", [False, True])
def test_supporting_a_solution(client, project, solution, other_owner, htmx):
    client.force_login(other_owner)

    response = client.post(
        support_url(project, solution), {"action": "support"}, headers=HTMX if htmx else {}
    )

    solution.refresh_from_db()
    assert solution.support_count == 1
    assert solution.support_enterprise == 1
    if htmx:
        assert f'id="support-solution-{solution.pk}-breakdown" hx-swap-oob="true"' in text(response)


@pytest.mark.parametrize("htmx", [False, True])
def test_an_archived_project_takes_no_support_and_says_why(client, project, citizen, htmx):
    project.status = Project.Status.ARCHIVED
    project.save()
    client.force_login(citizen)

    response = client.post(
        support_url(project), {"action": "support"}, headers=HTMX if htmx else {}, follow=True
    )

    assert response.status_code == 200
    assert "archived" in text(response)
    assert not Vote.objects.exists()


def test_supporting_needs_a_sign_in_and_a_post(client, project, citizen):
    anonymous = client.post(support_url(project), {"action": "support"})
    client.force_login(citizen)
    get = client.get(support_url(project))

    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))
    assert get.status_code == 405
    assert not Vote.objects.exists()


def test_supporting_a_draft_of_another_organisation_is_a_404(client, draft, citizen):
    client.force_login(citizen)

    assert client.post(support_url(draft), {"action": "support"}).status_code == 404


def test_a_withdrawn_solution_cannot_be_supported(client, project, solution, user):
    solution.status = Solution.Status.WITHDRAWN
    solution.save()
    client.force_login(user)

    response = client.post(support_url(project, solution), {"action": "support"}, follow=True)

    assert "withdrawn solution cannot be supported" in text(response)
    assert not Vote.objects.exists()


# --- Follows ---------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_following_and_unfollowing(client, project, citizen, htmx):
    client.force_login(citizen)
    url = reverse("projects:follow", args=[project.slug])
    headers = HTMX if htmx else {}

    followed = client.post(url, {"action": "follow"}, headers=headers)
    count_after_follow = Project.objects.get(pk=project.pk).follower_count
    again = client.post(url, {"action": "follow"}, headers=headers)
    unfollowed = client.post(url, {"action": "unfollow"}, headers=headers)

    assert count_after_follow == 1
    assert not Follow.objects.exists()
    assert Project.objects.get(pk=project.pk).follower_count == 0
    if htmx:
        assert 'aria-pressed="true"' in text(followed)
        assert 'id="follower-count" hx-swap-oob="innerHTML"' in text(again)
        assert 'aria-pressed="false"' in text(unfollowed)
    else:
        assert followed.status_code == 302
        assert followed.url.endswith("#follow")


def test_an_anonymous_visitor_is_asked_to_sign_in_to_follow(client, project):
    response = client.post(reverse("projects:follow", args=[project.slug]), {"action": "follow"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Follow.objects.exists()


# --- Comments --------------------------------------------------------------------------------


def comment_url(project, solution=None) -> str:
    if solution:
        return reverse("projects:solution_comment", args=[project.slug, solution.pk])
    return reverse("projects:comment", args=[project.slug])


def test_commenting_without_javascript(client, project, citizen):
    client.force_login(citizen)

    response = client.post(comment_url(project), {"body": "Ward 3 floods first."}, follow=True)

    comment = Comment.objects.get()
    assert comment.project == project
    assert response.redirect_chain[0][0].endswith(f"#comment-{comment.pk}")
    assert "Your comment is published." in messages_of(response)
    assert Follow.objects.filter(user=citizen, project=project).exists()


def test_commenting_with_htmx_returns_the_thread(client, project, citizen):
    client.force_login(citizen)

    response = client.post(comment_url(project), {"body": "Ward 3 floods first."}, headers=HTMX)

    page = text(response)
    assert "<html" not in page
    assert "Ward 3 floods first." in page
    assert '<span id="comment-count" hx-swap-oob="innerHTML">1</span>' in page


@pytest.mark.parametrize("htmx", [False, True])
def test_replying_to_a_comment(client, project, citizen, htmx):
    parent = CommentFactory(project=project)
    client.force_login(citizen)

    client.post(
        comment_url(project),
        {"body": "Me too.", "parent": parent.pk},
        headers=HTMX if htmx else {},
    )

    assert Comment.objects.get(body="Me too.").parent == parent


def test_a_reply_to_a_comment_elsewhere_is_refused(client, project, citizen):
    elsewhere = CommentFactory()
    client.force_login(citizen)

    response = client.post(
        comment_url(project), {"body": "Me too.", "parent": elsewhere.pk}, follow=True
    )

    assert "must stay in its conversation" in text(response)
    assert not Comment.objects.filter(body="Me too.").exists()


def test_a_reply_to_an_unknown_comment_is_a_404(client, project, citizen):
    client.force_login(citizen)

    response = client.post(comment_url(project), {"body": "Me too.", "parent": 999})

    assert response.status_code == 404


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001])
@pytest.mark.parametrize("htmx", [False, True])
def test_an_empty_or_too_long_comment_is_refused(client, project, citizen, body, htmx):
    client.force_login(citizen)

    response = client.post(
        comment_url(project), {"body": body}, headers=HTMX if htmx else {}, follow=True
    )

    assert response.status_code == 200
    assert 'class="message message--error"' in text(response)
    assert not Comment.objects.exists()


def test_a_refused_htmx_comment_keeps_what_was_typed(client, project, citizen):
    client.force_login(citizen)

    response = client.post(comment_url(project), {"body": "x" * 5001}, headers=HTMX)

    assert "x" * 5001 in text(response)


def test_a_script_in_a_comment_is_removed(client, project, citizen):
    client.force_login(citizen)

    client.post(comment_url(project), {"body": "Hi <script>alert('x')</script> **you**"})
    page = text(client.get(project.get_absolute_url()))

    assert "<script>alert" not in page
    assert "<strong>you</strong>" in page


@pytest.mark.parametrize("htmx", [False, True])
def test_an_archived_project_takes_no_comment_and_says_why(client, project, citizen, htmx):
    project.status = Project.Status.ARCHIVED
    project.save()
    client.force_login(citizen)

    response = client.post(
        comment_url(project), {"body": "Hello"}, headers=HTMX if htmx else {}, follow=True
    )

    assert "archived" in text(response)
    assert not Comment.objects.exists()


def test_commenting_on_a_solution(client, project, solution, user):
    client.force_login(user)

    response = client.post(comment_url(project, solution), {"body": "Nice."})

    comment = Comment.objects.get()
    assert comment.solution == solution
    assert comment.project is None
    assert response.url == f"{solution.get_absolute_url()}#comment-{comment.pk}"
    assert "Nice." in text(client.get(solution.get_absolute_url()))


def test_commenting_on_another_organisations_draft_is_a_404(client, draft, citizen):
    client.force_login(citizen)

    assert client.post(comment_url(draft), {"body": "Hello"}).status_code == 404


@pytest.mark.parametrize("htmx", [False, True])
def test_editing_ones_own_comment(client, project, citizen, htmx):
    comment = services.comment_create(subject=project, by=citizen, body="Frist")
    client.force_login(citizen)

    response = client.post(
        reverse("projects:comment_edit", args=[comment.pk]),
        {"body": "First"},
        headers=HTMX if htmx else {},
    )

    comment.refresh_from_db()
    assert comment.body == "First"
    assert comment.revisions.get().body == "Frist"
    if htmx:
        assert "(edited)" in text(response)


def test_editing_someone_elses_comment_is_refused(client, project, citizen, user):
    comment = services.comment_create(subject=project, by=user, body="Mine")
    client.force_login(citizen)

    response = client.post(reverse("projects:comment_edit", args=[comment.pk]), {"body": "Hah"})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_emptying_a_comment_by_editing_is_refused(client, project, citizen):
    comment = services.comment_create(subject=project, by=citizen, body="Mine")
    client.force_login(citizen)

    response = client.post(
        reverse("projects:comment_edit", args=[comment.pk]), {"body": " "}, follow=True
    )

    assert 'class="message message--error"' in text(response)
    comment.refresh_from_db()
    assert comment.body == "Mine"


@pytest.mark.parametrize("htmx", [False, True])
def test_deleting_ones_own_comment(client, project, citizen, htmx):
    comment = services.comment_create(subject=project, by=citizen, body="Oops")
    client.force_login(citizen)

    response = client.post(
        reverse("projects:comment_delete", args=[comment.pk]), headers=HTMX if htmx else {}
    )

    comment.refresh_from_db()
    assert comment.is_deleted
    if htmx:
        assert "Comment deleted" in text(response)


def test_deleting_someone_elses_comment_is_refused(client, project, citizen, user):
    comment = services.comment_create(subject=project, by=user, body="Mine")
    client.force_login(citizen)

    response = client.post(reverse("projects:comment_delete", args=[comment.pk]))

    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_a_comment_behind_a_draft_is_a_404(client, draft, citizen):
    comment = CommentFactory(project=draft)
    client.force_login(citizen)

    for name in ("comment_edit", "comment_delete", "comment_report"):
        response = client.post(reverse(f"projects:{name}", args=[comment.pk]), {"body": "x"})
        assert response.status_code == 404


@pytest.mark.parametrize("htmx", [False, True])
def test_reporting_a_comment_once(client, project, citizen, htmx):
    comment = CommentFactory(project=project)
    client.force_login(citizen)
    url = reverse("projects:comment_report", args=[comment.pk])
    headers = HTMX if htmx else {}

    first = client.post(url, {"reason": "Spam"}, headers=headers, follow=True)
    client.post(url, {"reason": "Spam again"}, headers=headers)

    assert Report.objects.get().comment == comment
    assert "A moderator will look at it." in text(first)


def test_a_report_needs_a_reason(client, project, citizen):
    comment = CommentFactory(project=project)
    client.force_login(citizen)

    response = client.post(
        reverse("projects:comment_report", args=[comment.pk]), {"reason": ""}, follow=True
    )

    assert 'class="message message--error"' in text(response)
    assert not Report.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_reporting_a_solution(client, project, solution, user, htmx):
    client.force_login(user)

    response = client.post(
        reverse("projects:solution_report", args=[project.slug, solution.pk]),
        {"reason": "Copied from elsewhere"},
        headers=HTMX if htmx else {},
    )

    assert Report.objects.get().solution == solution
    if htmx:
        assert "A moderator will look at it." in text(response)
    else:
        assert response.status_code == 302


def test_an_anonymous_visitor_cannot_comment_or_report(client, project):
    comment = CommentFactory(project=project)

    commented = client.post(comment_url(project), {"body": "Hello"})
    reported = client.post(
        reverse("projects:comment_report", args=[comment.pk]), {"reason": "Spam"}
    )

    assert commented.status_code == reported.status_code == 302
    assert Comment.objects.count() == 1
    assert not Report.objects.exists()


# --- Creating and editing projects -----------------------------------------------------------


def test_a_member_creates_a_draft(client, organisation, member):
    client.force_login(member)

    response = client.post(
        reverse("projects:create"), {**PROJECT_FORM, "organisation": organisation.pk}
    )

    project = Project.objects.get()
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    assert project.status == Project.Status.DRAFT
    assert project.created_by == member
    assert project.sectors_sought == ["enterprise", "academia"]
    assert set(project.tags.names()) == {"flood", "IoT"}
    assert project.budget_vnd == 1_500_000_000
    assert "<strong>Thị Tính</strong>" in project.description_html


def test_a_member_of_an_unverified_organisation_writes_a_draft_but_cannot_publish(client):
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    client.force_login(member)

    client.post(reverse("projects:create"), {**PROJECT_FORM, "organisation": organisation.pk})
    project = Project.objects.get()
    response = client.post(
        reverse("projects:move", args=[project.slug]), {"to": "open"}, follow=True
    )

    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert "Only a verified organisation can publish" in text(response)


def test_a_citizen_is_told_to_join_an_organisation_first(client, citizen, organisation):
    client.force_login(citizen)

    page = client.get(reverse("projects:create"), HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(
        reverse("projects:create"), {**PROJECT_FORM, "organisation": organisation.pk}
    )

    assert page.context["form"] is None
    assert "Register an organisation" in text(page)
    assert posted.status_code == 200
    assert not Project.objects.exists()


def test_one_cannot_create_for_an_organisation_one_is_not_in(client, organisation, other_owner):
    client.force_login(other_owner)

    response = client.post(
        reverse("projects:create"), {**PROJECT_FORM, "organisation": organisation.pk}
    )

    assert "organisation" in response.context["form"].errors
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "   "),
        ("title", "x" * 161),
        ("summary", "x" * 301),
        ("description", ""),
        ("description", "x" * 20_001),
        ("theme", "space-travel"),
        ("district", "hanoi"),
        ("budget_vnd", "-5"),
        ("budget_vnd", "lots"),
        ("budget_vnd", "9" * 30),
        ("deadline", "2001-01-01"),
        ("deadline", "not a date"),
        ("sectors_sought", ["aliens"]),
    ],
)
def test_bad_project_input_is_a_form_error_and_saves_nothing(
    client, organisation, owner, field, value
):
    client.force_login(owner)

    response = client.post(
        reverse("projects:create"),
        {**PROJECT_FORM, "organisation": organisation.pk, field: value},
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Project.objects.exists()


def test_a_manager_edits_the_project(client, project, manager):
    client.force_login(manager)

    response = client.post(
        reverse("projects:edit", args=[project.slug]),
        {**PROJECT_FORM, "title": "Renamed", "sectors_sought": ["community"]},
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Renamed"
    assert project.sectors_sought == ["community"]
    assert project.slug != "renamed"  # links stay stable


def test_a_past_deadline_may_stay_when_editing(client, project, manager):
    project.deadline = timezone.localdate() - timedelta(days=3)
    project.save()
    client.force_login(manager)

    response = client.post(
        reverse("projects:edit", args=[project.slug]),
        {**PROJECT_FORM, "deadline": project.deadline.isoformat()},
    )

    assert response.status_code == 302


def test_a_member_cannot_edit_by_posting(client, project, member):
    client.force_login(member)

    response = client.post(
        reverse("projects:edit", args=[project.slug]), {**PROJECT_FORM, "title": "Hijacked"}
    )

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.title != "Hijacked"


def test_the_edit_form_shows_the_sectors_sought(client, project, owner):
    client.force_login(owner)

    form = client.get(reverse("projects:edit", args=[project.slug])).context["form"]

    assert set(form["sectors_sought"].value()) == {"academia", "enterprise"}


def test_a_project_titled_preview_does_not_hide_the_preview(client, organisation, owner):
    project = services.project_create(
        by=owner,
        organisation=organisation,
        title="Preview",
        summary="s",
        description="d",
        theme="energy",
        district="di-an",
    )

    assert project.slug != "preview"


# --- Moving projects -------------------------------------------------------------------------


def move(client, project, to: str, **kwargs):
    return client.post(reverse("projects:move", args=[project.slug]), {"to": to}, **kwargs)


def test_an_owner_moves_the_project_to_review(client, project, owner):
    client.force_login(owner)

    response = move(client, project, "in_review")

    project.refresh_from_db()
    assert response.status_code == 302
    assert project.status == Project.Status.IN_REVIEW
    assert project.status_changes.last().by == owner


def test_a_member_publishes_a_draft(client, draft, member):
    client.force_login(member)

    move(client, draft, "open")

    draft.refresh_from_db()
    assert draft.status == Project.Status.OPEN
    assert draft.published_at is not None


@pytest.mark.parametrize("visitor", [CITIZEN, MEMBER, OTHER_OWNER, "plain_staff"])
def test_who_cannot_move_a_project(as_visitor, project, visitor):
    response = move(as_visitor(visitor), project, "in_review")

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == Project.Status.OPEN


def test_government_staff_move_any_project(client, project, staff):
    grant(staff, "change_project")
    client.force_login(staff)

    move(client, project, "in_review")

    project.refresh_from_db()
    assert project.status == Project.Status.IN_REVIEW


@pytest.mark.parametrize("to", ["completed", "draft", "banana", ""])
def test_a_move_the_lifecycle_does_not_allow_is_a_message(client, project, owner, to):
    client.force_login(owner)

    response = move(client, project, to, follow=True)

    assert response.status_code == 200
    assert 'class="message message--error"' in text(response)
    project.refresh_from_db()
    assert project.status == Project.Status.OPEN


# --- Solutions -------------------------------------------------------------------------------


def propose(client, project, **data):
    return client.post(reverse("projects:propose", args=[project.slug]), {**SOLUTION_FORM, **data})


def test_a_citizen_proposes_a_solution_as_an_individual(client, project, citizen):
    client.force_login(citizen)

    response = propose(client, project)

    solution = Solution.objects.get()
    assert response.url == solution.get_absolute_url()
    assert solution.lead_user == citizen
    assert solution.lead_organisation is None
    assert solution.estimated_cost_vnd == 900_000_000
    project.refresh_from_db()
    assert project.solution_count == 1


def test_an_enterprise_proposes_with_a_university_as_partner(client, project, other_owner):
    enterprise = other_owner.memberships.get().organisation
    university = OrganisationFactory(verified=True, sector="academia")
    client.force_login(other_owner)

    propose(
        client,
        project,
        lead_organisation=enterprise.pk,
        partners=[university.pk],
        partner_role="research partner",
    )

    solution = Solution.objects.get()
    assert solution.lead_organisation == enterprise
    partner = solution.partners.get()
    assert (partner.organisation, partner.role, partner.status) == (
        university,
        "research partner",
        ConsortiumPartner.Status.INVITED,
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 161}, "title"),
        ({"description": ""}, "description"),
        ({"estimated_cost_vnd": "-1"}, "estimated_cost_vnd"),
        ({"duration_months": "99999999"}, "duration_months"),
        ({"duration_months": "0"}, "duration_months"),
        ({"lead_organisation": "999999"}, "lead_organisation"),
        ({"partners": ["999999"], "partner_role": "x"}, "partners"),
        ({"partner_role": "x" * 121}, "partner_role"),
    ],
)
def test_bad_solution_input_is_a_form_error_and_saves_nothing(
    client, project, citizen, data, field
):
    client.force_login(citizen)

    response = propose(client, project, **data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Solution.objects.exists()


def test_the_lead_must_be_ones_own_organisation(client, project, organisation, citizen):
    client.force_login(citizen)

    response = propose(client, project, lead_organisation=organisation.pk)

    assert "lead_organisation" in response.context["form"].errors
    assert not Solution.objects.exists()


def test_partners_must_be_verified_and_need_a_role(client, project, other_owner):
    unverified = OrganisationFactory()
    verified = OrganisationFactory(verified=True)
    client.force_login(other_owner)

    not_verified = propose(client, project, partners=[unverified.pk], partner_role="x")
    no_role = propose(client, project, partners=[verified.pk])

    assert "partners" in not_verified.context["form"].errors
    assert "partner_role" in no_role.context["form"].errors
    assert not Solution.objects.exists()


def test_the_lead_cannot_be_its_own_partner(client, project, other_owner):
    enterprise = other_owner.memberships.get().organisation
    client.force_login(other_owner)

    response = propose(
        client, project, lead_organisation=enterprise.pk, partners=[enterprise.pk], partner_role="x"
    )

    assert "partners" in response.context["form"].errors
    assert not Solution.objects.exists()


@pytest.mark.parametrize("closed", ["deadline", "in_review", "archived"])
def test_a_closed_project_takes_no_solution_and_says_why(client, project, citizen, closed):
    if closed == "deadline":
        project.deadline = timezone.localdate() - timedelta(days=1)
    else:
        project.status = closed
    project.save()
    client.force_login(citizen)

    page = client.get(reverse("projects:propose", args=[project.slug]), follow=True)
    posted = propose(client, project)

    assert "no longer accepts solutions" in text(page)
    assert posted.status_code == 302
    assert not Solution.objects.exists()


def test_the_lead_edits_the_solution(client, project, solution, citizen):
    client.force_login(citizen)

    response = client.post(
        reverse("projects:solution_edit", args=[project.slug, solution.pk]),
        {**SOLUTION_FORM, "title": "Better"},
    )

    assert response.status_code == 302
    solution.refresh_from_db()
    assert solution.title == "Better"


def test_someone_else_cannot_edit_a_solution_by_posting(client, project, solution, user):
    client.force_login(user)

    response = client.post(
        reverse("projects:solution_edit", args=[project.slug, solution.pk]),
        {**SOLUTION_FORM, "title": "Hijacked"},
    )

    assert response.status_code == 403
    solution.refresh_from_db()
    assert solution.title != "Hijacked"


def test_the_lead_withdraws_the_solution(client, project, solution, citizen):
    client.force_login(citizen)

    response = client.post(reverse("projects:solution_withdraw", args=[project.slug, solution.pk]))

    assert response.status_code == 302
    solution.refresh_from_db()
    assert solution.status == Solution.Status.WITHDRAWN


def test_someone_else_cannot_withdraw_a_solution(client, project, solution, owner):
    client.force_login(owner)

    response = client.post(reverse("projects:solution_withdraw", args=[project.slug, solution.pk]))

    assert response.status_code == 403
    solution.refresh_from_db()
    assert solution.status == Solution.Status.SUBMITTED


def decide(client, project, solution, to: str, **kwargs):
    return client.post(
        reverse("projects:solution_decide", args=[project.slug, solution.pk]),
        {"to": to, "next": "project"},
        **kwargs,
    )


def test_the_project_owner_shortlists_then_selects(client, project, solution, owner):
    client.force_login(owner)

    shortlisted = decide(client, project, solution, "shortlisted")
    decide(client, project, solution, "selected")

    assert shortlisted.url == project.get_absolute_url()
    solution.refresh_from_db()
    assert solution.status == Solution.Status.SELECTED


@pytest.mark.parametrize("visitor", [CITIZEN, MEMBER, OTHER_OWNER, "plain_staff"])
def test_who_cannot_decide_on_a_solution(as_visitor, project, solution, visitor):
    response = decide(as_visitor(visitor), project, solution, "shortlisted")

    assert response.status_code == 403
    solution.refresh_from_db()
    assert solution.status == Solution.Status.SUBMITTED


def test_government_staff_decide_on_any_solution(client, project, solution, staff):
    grant(staff, "change_project")
    client.force_login(staff)

    decide(client, project, solution, "shortlisted")

    solution.refresh_from_db()
    assert solution.status == Solution.Status.SHORTLISTED


def test_a_decision_the_lifecycle_does_not_allow_is_a_message(client, project, solution, owner):
    client.force_login(owner)

    response = decide(client, project, solution, "selected", follow=True)

    assert "cannot become" in text(response)
    solution.refresh_from_db()
    assert solution.status == Solution.Status.SUBMITTED


# --- Consortium invitations ------------------------------------------------------------------


@pytest.fixture
def partnership(solution, organisation, owner):
    return ConsortiumPartner.objects.create(
        solution=solution, organisation=organisation, role="research partner"
    )


def test_managers_find_consortium_invitations_on_my_helix(client, partnership, manager):
    client.force_login(manager)

    page = text(client.get(reverse("accounts:dashboard")))

    assert reverse("projects:partnership", args=[partnership.pk]) in page


@pytest.mark.parametrize(
    ("visitor", "status"),
    [(ANONYMOUS, 302), (CITIZEN, 404), (MEMBER, 404), (MANAGER, 200), (OTHER_OWNER, 404)],
)
def test_who_sees_a_consortium_invitation(as_visitor, partnership, visitor, status):
    url = reverse("projects:partnership", args=[partnership.pk])

    assert as_visitor(visitor).get(url).status_code == status


def test_accepting_a_consortium_invitation(client, partnership, manager, project):
    client.force_login(manager)

    response = client.post(
        reverse("projects:partnership", args=[partnership.pk]), {"answer": "accept"}
    )

    partnership.refresh_from_db()
    assert partnership.status == ConsortiumPartner.Status.ACCEPTED
    assert response.url == partnership.solution.get_absolute_url()
    assert partnership.organisation.name in text(client.get(project.get_absolute_url()))


def test_declining_then_answering_again(client, partnership, owner):
    client.force_login(owner)
    url = reverse("projects:partnership", args=[partnership.pk])

    client.post(url, {"answer": "decline"})
    again = client.post(url, {"answer": "accept"}, follow=True)

    partnership.refresh_from_db()
    assert partnership.status == ConsortiumPartner.Status.DECLINED
    assert "already been answered" in text(again)


def test_an_outsider_cannot_answer(client, partnership, other_owner):
    client.force_login(other_owner)

    response = client.post(
        reverse("projects:partnership", args=[partnership.pk]), {"answer": "accept"}
    )

    assert response.status_code == 404
    partnership.refresh_from_db()
    assert partnership.status == ConsortiumPartner.Status.INVITED


# --- Markdown preview ------------------------------------------------------------------------


def test_the_preview_renders_sanitised_markdown(client, citizen):
    client.force_login(citizen)

    response = client.post(
        reverse("projects:preview"),
        {"description": "**bold** <script>alert(1)</script>"},
        headers=HTMX,
    )

    assert "<strong>bold</strong>" in text(response)
    assert "<script>" not in text(response)


def test_the_preview_refuses_a_text_too_long(client, citizen):
    client.force_login(citizen)

    response = client.post(reverse("projects:preview"), {"description": "x" * 20_001})

    assert response.status_code == 200
    assert 'class="errorlist"' in text(response)


def test_the_preview_needs_a_sign_in_and_a_post(client, citizen):
    anonymous = client.post(reverse("projects:preview"), {"description": "x"})
    client.force_login(citizen)

    assert anonymous.status_code == 302
    assert client.get(reverse("projects:preview")).status_code == 405


def test_description_fields_have_a_preview_button(client, owner):
    client.force_login(owner)

    page = text(client.get(reverse("projects:create")))

    assert f'hx-post="{reverse("projects:preview")}"' in page
    assert 'hx-include="#id_description"' in page


# --- Home and layout -------------------------------------------------------------------------


def test_the_home_page_shows_open_projects_solutions_and_figures(client, project, solution):
    draft = ProjectFactory(status="draft", published_at=None, title="Secret draft")
    withdrawn = SolutionFactory(project=project, status="withdrawn", title="Withdrawn one")

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

    page = text(response)
    assert project.title in page
    assert solution.title in page
    assert draft.title not in page
    assert withdrawn.title not in page
    assert response.context["open_project_count"] == 1
    assert response.context["solution_count"] == 1


def test_every_page_sends_the_csrf_token_with_htmx_requests(client):
    page = text(client.get(reverse("projects:list")))

    assert '<body hx-headers=\'{"X-CSRFToken": "' in page


def test_toggle_buttons_say_whether_they_are_pressed(client, project, citizen):
    services.vote_cast(subject=project, by=citizen)
    client.force_login(citizen)

    page = text(client.get(project.get_absolute_url()))

    name = f'Support<span class="visually-hidden"> {project.title}</span></button>'
    assert f'aria-pressed="true"><span aria-hidden="true">✓</span> {name}' in page
    assert 'aria-pressed="false">Follow</button>' in page


def test_the_project_pages_speak_vietnamese(client, project):
    page = text(client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi"))

    assert '<html lang="vi">' in page
