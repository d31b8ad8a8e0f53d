"""My Helix (/me/): one person's home across the apps, so it sits on the top floor.

What waits for them (invitations to join, join requests to answer, consortium invitations,
matchmaking's invitations and interests, reviews), their organisations and roles, their
projects and solutions, what they follow and support with what changed since their last visit,
their latest notifications and their settings. Each part is one or two queries whatever its
size (tests/helix/test_my_helix.py). The URL names keep the `accounts` namespace they had when
the page lived there.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm
from accounts.services import user_record_home_visit
from accounts.views import remember_language
from evaluation.selectors import reviews_of
from matchmaking.selectors import inbox
from notifications.selectors import notifications_of
from notifications.texts import describe, subject
from organisations.models import MANAGING_ROLES, Membership, MembershipRequest
from organisations.selectors import invitations_for_user, memberships_of, verified_emails
from projects.models import Comment, Follow, Project, Solution, StatusChange, Vote
from projects.selectors import pending_partnerships_for

from . import my_helix_cache

# How many rows each list shows; the rest is a link away.
SHORT_LIST = 10
FOLLOWED_LIST = 20
NOTIFICATIONS = 5
_SHOWN_SOLUTION_STATUSES = [s for s in Solution.Status.values if s != Solution.Status.WITHDRAWN]


@dataclass
class Waiting:
    """What waits for the person's answer, by kind, with the total for the heading."""

    invitations: list = field(default_factory=list)
    join_requests: list = field(default_factory=list)
    partnerships: list = field(default_factory=list)
    approaches: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    # Matchmaking's whole inbox (what waits and the rest), which its own panel lists.
    inbox: dict = field(default_factory=dict)

    @property
    def reviews_waiting(self) -> int:
        return sum(reviewer.waiting for reviewer in self.reviews)

    @property
    def total(self) -> int:
        return (
            len(self.invitations)
            + len(self.join_requests)
            + len(self.partnerships)
            + len(self.approaches)
            + self.reviews_waiting
        )


def join_requests_to_answer(user) -> QuerySet[MembershipRequest]:
    """Pending requests to join an organisation the person owns or manages."""
    managed = Membership.objects.filter(user=user, role__in=MANAGING_ROLES).values(
        "organisation_id"
    )
    return (
        MembershipRequest.objects.filter(
            status=MembershipRequest.Status.PENDING, organisation_id__in=managed
        )
        .select_related("user", "organisation")
        .order_by("created", "pk")
    )


def waiting_for(user) -> Waiting:
    found = inbox(user)
    return Waiting(
        invitations=list(invitations_for_user(user)),
        join_requests=list(join_requests_to_answer(user)),
        partnerships=list(pending_partnerships_for(user)),
        # Matchmaking's invitations to propose and expressions of interest to answer (its own
        # panel below lists them with what was sent and answered).
        approaches=found["waiting"],
        reviews=list(reviews_of(user)),
        inbox=found,
    )


def _their_organisations(user):
    return Membership.objects.filter(user=user).values("organisation_id")


# Each list below reads the ids of its rows as a UNION of indexed look-ups: an OR of the two
# conditions is planned as a scan of the whole table (10,000 projects read for 67).


def projects_of(user) -> QuerySet[Project]:
    """Projects of the person's organisations and those they wrote, newest first."""
    ids = (
        Project.objects.filter(organisation_id__in=_their_organisations(user))
        .order_by()
        .values("pk")
        .union(Project.objects.filter(created_by=user).order_by().values("pk"))
    )
    return (
        Project.objects.filter(pk__in=ids)
        .select_related("organisation")
        .order_by("-created", "-pk")
    )


def solutions_of(user) -> QuerySet[Solution]:
    """Solutions the person proposed or their organisations lead, newest first."""
    ids = (
        Solution.objects.filter(lead_user=user)
        .order_by()
        .values("pk")
        .union(
            Solution.objects.filter(lead_organisation_id__in=_their_organisations(user))
            .order_by()
            .values("pk")
        )
    )
    return (
        Solution.objects.filter(pk__in=ids)
        .select_related("project", "lead_organisation")
        .order_by("-created", "-pk")
    )


def _count_since(model, subject: str, since: datetime, *, at="created", **extra) -> Coalesce:
    """How many rows of `model` about each outer row were made after `since` (field `at`)."""
    rows = (
        model.objects.filter(**{subject: OuterRef("pk"), f"{at}__gt": since}, **extra)
        .order_by()
        .values(subject)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def followed_projects(user, *, since: datetime) -> QuerySet[Project]:
    """Projects the person follows or supports that they may still see, each with what changed
    after `since`: new comments, new solutions, a new status. The changed ones come first."""
    theirs = (
        Follow.objects.filter(user=user)
        .order_by()
        .values("project_id")
        .union(
            Vote.objects.filter(user=user, project__isnull=False).order_by().values("project_id")
        )
    )
    return (
        Project.objects.visible_to(user)
        .filter(pk__in=theirs)
        .select_related("organisation")
        .annotate(
            following=Exists(Follow.objects.filter(user=user, project=OuterRef("pk"))),
            supporting=Exists(Vote.objects.filter(user=user, project=OuterRef("pk"))),
            new_comments=_count_since(
                Comment, "project", since, hidden_at__isnull=True, deleted_at__isnull=True
            ),
            new_solutions=_count_since(
                Solution, "project", since, status__in=_SHOWN_SOLUTION_STATUSES
            ),
            new_statuses=_count_since(StatusChange, "project", since, at="at"),
        )
        .alias(changes=F("new_comments") + F("new_solutions") + F("new_statuses"))
        .order_by("-changes", F("published_at").desc(nulls_last=True), "-pk")
    )


def supported_solutions(user, *, since: datetime) -> QuerySet[Solution]:
    """Solutions the person supports on projects they may see, with new comments and whether
    the status changed after `since`."""
    return (
        Solution.objects.visible_to(user)
        .filter(pk__in=Vote.objects.filter(user=user, solution__isnull=False).values("solution"))
        .select_related("project")
        .annotate(
            new_comments=_count_since(
                Comment, "solution", since, hidden_at__isnull=True, deleted_at__isnull=True
            ),
            new_statuses=_count_since(StatusChange, "solution", since, at="at"),
        )
        .alias(changes=F("new_comments") + F("new_statuses"))
        .order_by("-changes", "-created", "-pk")
    )


def latest_notifications(user) -> list:
    notifications = list(notifications_of(user)[:NOTIFICATIONS])
    for notification in notifications:
        notification.text = describe(notification)
        notification.subject = subject(notification)
        notification.url = notification.get_absolute_url()
    return notifications


def _changed(items) -> int:
    return sum(
        1
        for item in items
        if item.new_comments or getattr(item, "new_solutions", 0) or item.new_statuses
    )


def followed_project_ids(user) -> set[int]:
    """Every project whose changes the page counts: followed, supported, or with a supported
    solution (one query)."""
    return set(
        Follow.objects.filter(user=user)
        .order_by()
        .values_list("project_id", flat=True)
        .union(
            Vote.objects.filter(user=user, project__isnull=False)
            .order_by()
            .values_list("project_id", flat=True),
            Vote.objects.filter(user=user, solution__isnull=False)
            .order_by()
            .values_list("solution__project_id", flat=True),
        )
    )


KEPT_TEMPLATES = {name: f"accounts/my_helix/{name}.html" for name in my_helix_cache.PARTS}


def _build_parts(user, *, last_visit, since, read_tokens) -> dict[str, str]:
    """The person's parts of the page, each token read before the rows it covers."""
    read_tokens(my_helix_cache.person_dependencies(user))
    memberships = list(memberships_of(user))
    read_tokens(
        my_helix_cache.listed_dependencies(
            organisation_ids=[m.organisation_id for m in memberships],
            emails=verified_emails(user),
            project_ids=followed_project_ids(user),
        )
    )
    followed = list(followed_projects(user, since=since)[:FOLLOWED_LIST])
    supported = list(supported_solutions(user, since=since)[:SHORT_LIST])
    context = {
        "user": user,
        "csrf_token": my_helix_cache.KEPT_CSRF,
        "waiting": waiting_for(user),
        "memberships": memberships,
        "my_requests": list(
            MembershipRequest.objects.filter(
                user=user, status=MembershipRequest.Status.PENDING
            ).select_related("organisation")
        ),
        "my_projects": list(projects_of(user)[:SHORT_LIST]),
        "my_solutions": list(solutions_of(user)[:SHORT_LIST]),
        "last_visit": last_visit,
        "followed": followed,
        "supported": supported,
        "changed_count": _changed(followed) + _changed(supported),
        "notifications": latest_notifications(user),
    }
    return {name: render_to_string(template, context) for name, template in KEPT_TEMPLATES.items()}


def profile_fields(form: ProfileForm) -> SafeString:
    """The profile form's fields. Unbound, they show only the person's own values: rendered
    once per values and language in each process (an edit makes other values, so nothing is
    ever stale); a bound form, with its errors, is rendered as it is."""
    if form.is_bound:
        return form.render()
    values = tuple((name, form.initial.get(name)) for name in form.fields)
    return _rendered_profile_fields(get_language(), values)


@lru_cache(maxsize=1024)
def _rendered_profile_fields(language: str, values: tuple) -> SafeString:
    form = ProfileForm(initial=dict(values))
    with translation.override(language):
        return form.render()


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """“My Helix”: where the person starts from. Their parts are kept until something they
    show changes (helix/my_helix_cache.py); the settings and the profile form are built here."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            response = redirect("accounts:dashboard")
            remember_language(response, form.instance.preferred_language)
            return response
    else:
        form = ProfileForm(instance=user)
    last_visit = user_record_home_visit(user=user)
    # On the first visit nothing is new: everything is.
    since = last_visit or timezone.now()
    kept = my_helix_cache.kept_parts(
        request,
        since=last_visit,
        build=lambda read_tokens: _build_parts(
            user, last_visit=last_visit, since=since, read_tokens=read_tokens
        ),
    )
    return render(
        request,
        "accounts/dashboard.html",
        {"form": form, "profile_fields": profile_fields(form), "kept": kept},
    )


app_name = "accounts"

urlpatterns = [
    path("", dashboard, name="dashboard"),
]
