"""The dashboard's figures, read from the kept tallies (four grouped queries) and the list of
projects that join all four sectors (three queries, and one more once matchmaking has pledges)."""

import hashlib
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.cache import cache
from django.db.models import F, Prefetch, Sum

from core.cache import current_token
from organisations.models import Sector
from projects.models import ConsortiumPartner, Project, Solution

from . import hooks
from .models import Metric, ProjectInsight, Tally
from .tallies import ALL_FOUR, BIT, SECTORS, STATUSES, TOKEN_KEY, local_zone, pair_of

ALL_FOUR_SHOWN = 10
# A bound on staleness should the tallies change outside the app (a restore) or a token's change
# be lost in a cache outage.
PAGE_TIMEOUT = 10 * 60


@dataclass
class Filters:
    theme: str = ""
    district: str = ""
    sector: str = ""
    first: date | None = None
    last: date | None = None


def _tallies(filters: Filters):
    rows = Tally.objects.filter(count__gt=0)
    if filters.theme:
        rows = rows.filter(theme=filters.theme)
    if filters.district:
        rows = rows.filter(district=filters.district)
    if filters.first:
        rows = rows.filter(month__gte=filters.first)
    if filters.last:
        rows = rows.filter(month__lte=filters.last)
    if filters.sector:
        rows = rows.alias(hit=F("sectors").bitand(BIT[filters.sector])).filter(hit__gt=0)
    return rows.order_by()


def _grouped(rows, metrics, *fields):
    """Sums of the counts of `metrics` by `fields`, added up in the database: the page reads
    a few hundred sums, not every cell."""
    return rows.filter(metric__in=metrics).values_list(*fields).annotate(n=Sum("count")).order_by()


def median_of(histogram: Counter) -> float | None:
    if not histogram:
        return None
    values = []
    for days, n in sorted(histogram.items()):
        values.extend([days] * n)
    return statistics.median(values)


def figures(filters: Filters) -> dict:
    """Every figure of the dashboard, from the tallies in four grouped queries."""
    by_n = Counter()
    matrix = Counter()
    theme_status = defaultdict(Counter)
    theme_sectors = defaultdict(Counter)
    district_status = defaultdict(Counter)
    district_sectors = defaultdict(Counter)
    supports = defaultdict(Counter)
    monthly = defaultdict(Counter)
    cross = defaultdict(Counter)
    first_days, decision_days = Counter(), Counter()
    status_total, all_four = Counter(), 0
    rows = _tallies(filters)
    for theme, district, sectors, extra, n in _grouped(
        rows, [Metric.PROJECT], "theme", "district", "sectors", "extra"
    ):
        status = STATUSES[extra]
        theme_status[theme][status] += n
        district_status[district][status] += n
        status_total[status] += n
        for sector in SECTORS:
            if sectors & BIT[sector]:
                theme_sectors[theme][sector] += n
                district_sectors[district][sector] += n
        all_four += n if sectors == ALL_FOUR else 0
    over_time = [Metric.PROJECT, Metric.SOLUTION, Metric.CONSORTIUM, Metric.DECISION]
    for metric, month, sectors, n in _grouped(rows, over_time, "metric", "month", "sectors"):
        monthly[month][metric] += n
        if metric == Metric.SOLUTION:
            cross[month]["all"] += n
            cross[month]["cross"] += n if bin(sectors).count("1") > 1 else 0
    histograms = [Metric.SOLUTION, Metric.PARTNERSHIP, Metric.FIRST_SOLUTION, Metric.DECISION]
    for metric, sectors, extra, n in _grouped(rows, histograms, "metric", "sectors", "extra"):
        if metric == Metric.SOLUTION:
            by_n[bin(sectors).count("1")] += n
        elif metric == Metric.PARTNERSHIP:
            matrix[pair_of(extra)] += n
        elif metric == Metric.FIRST_SOLUTION:
            first_days[extra] += n
        else:
            decision_days[extra] += n
    for theme, sectors, n in _grouped(rows, [Metric.SUPPORT], "theme", "sectors"):
        supports[theme][SECTORS[sectors.bit_length() - 1]] += n
    published = sum(status_total.values())
    progressed = status_total["in_progress"] + status_total["completed"]
    return {
        "by_n": by_n,
        "matrix": matrix,
        "theme_status": theme_status,
        "theme_sectors": theme_sectors,
        "district_status": district_status,
        "district_sectors": district_sectors,
        "supports": supports,
        "monthly": monthly,
        "cross": cross,
        "status_total": status_total,
        "published": published,
        "all_four": all_four,
        "median_first_solution": median_of(first_days),
        "median_decision": median_of(decision_days),
        "share_progressed": round(100 * progressed / published) if published else None,
        "share_completed": round(100 * status_total["completed"] / published)
        if published
        else None,
    }


def _bounds(filters: Filters) -> dict:
    zone, lookups = local_zone(), {}
    if filters.first:
        lookups["project__published_at__gte"] = datetime.combine(filters.first, time(), zone)
    if filters.last:
        year, month = (
            (filters.last.year + 1, 1)
            if filters.last.month == 12
            else (
                filters.last.year,
                filters.last.month + 1,
            )
        )
        lookups["project__published_at__lt"] = datetime.combine(date(year, month, 1), time(), zone)
    return lookups


def joining_all_four(filters: Filters) -> list[dict]:
    """The newest projects that join all four sectors, with who joins them."""
    insights = ProjectInsight.objects.filter(sectors=ALL_FOUR, **_bounds(filters)).exclude(
        project__status=Project.Status.DRAFT
    )
    if filters.theme:
        insights = insights.filter(project__theme=filters.theme)
    if filters.district:
        insights = insights.filter(project__district=filters.district)
    projects = [
        i.project
        for i in insights.select_related("project__organisation").order_by(
            "-project__published_at", "-pk"
        )[:ALL_FOUR_SHOWN]
    ]
    ids = [p.pk for p in projects]
    solutions = defaultdict(list)
    if ids:
        accepted = ConsortiumPartner.objects.filter(
            status=ConsortiumPartner.Status.ACCEPTED
        ).select_related("organisation")
        for solution in (
            Solution.objects.filter(project_id__in=ids)
            .exclude(status=Solution.Status.WITHDRAWN)
            .select_related("lead_organisation")
            .prefetch_related(Prefetch("partners", queryset=accepted, to_attr="accepted_partners"))
            .order_by("created", "pk")
        ):
            solutions[solution.project_id].append(solution)
    resources = hooks.committed_resources(ids)
    return [
        {
            "project": project,
            "solutions": solutions[project.pk],
            "resources": resources.get(project.pk, []),
            "supports": [row for row in project.support_by_sector() if row[2]],
        }
        for project in projects
    ]


def project_insight(project: Project) -> dict:
    """A project's sectors involved and who brings each (one query)."""
    insight = ProjectInsight.objects.filter(project=project).first()
    roles = insight.roles if insight else {}
    return {
        "rows": [
            {
                "sector": value,
                "label": label,
                "involved": bool(insight and insight.sectors & BIT[value]),
                **roles.get(value, {"owner": 0, "lead": 0, "partner": 0}),
            }
            for value, label in Sector.choices
        ],
        "count": bin(insight.sectors).count("1") if insight else 0,
    }


def cached(parts: tuple, build) -> str:
    """`build()`, cached until the tallies change (`tallies.forget_cached`): most visitors ask
    for the same few views, and the figures change far less often than they are read."""
    digest = hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()
    key = f"insights:page:{digest}"
    # The token is read before building: a change committed meanwhile replaces it.
    found = cache.get_many([TOKEN_KEY, key])
    token = current_token(TOKEN_KEY, found)
    stored = found.get(key)
    if stored is not None and stored[0] == token:
        return stored[1]
    value = build()
    cache.set(key, (token, value), PAGE_TIMEOUT)
    return value
