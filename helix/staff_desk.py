"""The staff desk's first page: what waits for government staff, each a link to the filtered
list, and the week's key figures with the insights' charts. A constant number of queries (one
per item, two for the figures), whatever the data.

Matchmaking's invitations to propose and expressions of interest waiting for an answer are
among them.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from insights import charts
from matchmaking import selectors as matchmaking_selectors
from matchmaking.models import Approach
from organisations.models import Organisation
from projects.models import Project, Report, Solution, StatusChange, Vote
from webhooks.models import WebhookEndpoint

DECISION_WAIT_DAYS = 14


@dataclass
class Waiting:
    label: str
    count: int
    url: str
    detail: str = ""


def _waited(oldest, now) -> str:
    if not oldest:
        return ""
    days = _days(oldest, now)
    return ngettext(
        "the longest has waited %(days)d day", "the longest has waited %(days)d days", days
    ) % {"days": days}


def _changelist(model, **params) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _days(moment, now) -> int:
    return max(0, (now - moment).days)


def waiting(*, now=None) -> list[Waiting]:
    now = now or timezone.now()
    unverified = Organisation.objects.filter(verified_at__isnull=True).aggregate(
        n=Count("pk"), oldest=Min("created")
    )
    decision_before = now - timedelta(days=DECISION_WAIT_DAYS)
    undecided = Solution.objects.filter(
        status__in=[Solution.Status.SUBMITTED, Solution.Status.SHORTLISTED],
        created__lt=decision_before,
        project__status__in=[Project.Status.OPEN, Project.Status.IN_REVIEW],
    )
    failing = WebhookEndpoint.objects.failing(now).count()
    items = [
        Waiting(
            _("Organisations waiting for verification"),
            unverified["n"],
            _changelist(Organisation, verified="no"),
            _waited(unverified["oldest"], now),
        ),
        Waiting(
            _("Open reports"),
            Report.objects.filter(status=Report.Status.OPEN).count(),
            _changelist(Report, status=Report.Status.OPEN),
        ),
        Waiting(
            _("Projects in review"),
            Project.objects.filter(status=Project.Status.IN_REVIEW).count(),
            _changelist(Project, status__exact=Project.Status.IN_REVIEW),
        ),
        Waiting(
            _("Solutions waiting for a decision for more than %(days)d days")
            % {"days": DECISION_WAIT_DAYS},
            undecided.count(),
            _changelist(
                Solution,
                status__in="submitted,shortlisted",
                created__lt=decision_before.replace(microsecond=0).isoformat(),
                project__status__in="open,in_review",
            ),
        ),
        Waiting(
            _("Webhook endpoints failing (deliveries failed or retrying this week)"),
            failing,
            _changelist(WebhookEndpoint, failing="week"),
        ),
    ]
    return items + _matchmaking_waiting(now)


def _matchmaking_waiting(now) -> list[Waiting]:
    pending = matchmaking_selectors.pending_approaches()
    return [
        Waiting(
            label,
            pending[count],
            _changelist(Approach, kind__exact=kind, status__exact=Approach.Status.PENDING),
            _waited(pending[oldest], now),
        )
        for label, kind, count, oldest in (
            (
                _("Invitations to propose waiting for an answer"),
                Approach.Kind.INVITATION,
                "invitations",
                "oldest_invitation",
            ),
            (
                _("Expressions of interest waiting for an answer"),
                Approach.Kind.INTEREST,
                "interests",
                "oldest_interest",
            ),
        )
    ]


def week(*, now=None) -> dict:
    """The last seven days in figures, and as a chart."""
    now = now or timezone.now()
    since = now - timedelta(days=7)
    projects = Project.objects.aggregate(
        published=Count("pk", filter=Q(published_at__gte=since)),
    )["published"]
    solutions = Solution.objects.filter(created__gte=since).aggregate(
        proposed=Count("pk"),
        cross=Count("pk", filter=Q(partners__status="accepted"), distinct=True),
    )
    decisions = StatusChange.objects.filter(
        at__gte=since, to_status__in=[Solution.Status.SELECTED, Solution.Status.NOT_SELECTED]
    ).count()
    supports = Vote.objects.filter(created__gte=since).count()
    figures = [
        ("project", _("Projects published"), projects),
        ("solution", _("Solutions proposed"), solutions["proposed"]),
        ("consortium", _("Solutions with partners"), solutions["cross"]),
        ("decision", _("Decisions made"), decisions),
        ("solutions", _("Supports"), supports),
    ]
    chart = charts.bars(
        title=_("This week"),
        summary=_(
            "In the last seven days: %(projects)d projects published, %(solutions)d solutions "
            "proposed (%(cross)d with partners), %(decisions)d decisions, %(supports)d supports."
        )
        % {
            "projects": projects,
            "solutions": solutions["proposed"],
            "cross": solutions["cross"],
            "decisions": decisions,
            "supports": supports,
        },
        rows=[(label, {"week": n}) for _key, label, n in figures],
        series=[("week", _("Count"))],
    )
    # One series, coloured per row: each bar keeps its metric's colour.
    for row, (key, _label, _n) in zip(chart["rows"], figures, strict=True):
        for segment in row["segments"]:
            segment["key"] = key
    return {"figures": figures, "chart": chart}
