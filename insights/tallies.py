"""How each published project adds to the kept tallies, and how they are kept.

- `contributions(project_ids)`: what projects add, recounted from their rows (six queries for
  any number of projects).
- `refresh_project(project_id)`: after a change to a project (its status, its solutions,
  partners or supports), the difference between its new and its stored contribution is added
  to the tallies with `count = count + n` upserts, under a lock of its `ProjectInsight` row.
- `rebuild()`: everything again (beat, nightly; and `recount` when it finds drift).
- `check(fix=)`: the tallies and project insights against a full recount (`manage.py recount`).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth

from core.cache import replace_tokens
from organisations.models import Sector
from projects import page_cache
from projects.models import ConsortiumPartner, Project, Solution, StatusChange, Vote

from . import hooks
from .models import Metric, ProjectInsight, Tally

SECTORS = list(Sector.values)
BIT = {sector: 1 << index for index, sector in enumerate(SECTORS)}
ALL_FOUR = sum(BIT.values())
STATUSES = list(Project.Status.values)
DECIDED = (Solution.Status.SELECTED, Solution.Status.NOT_SELECTED)
CHUNK = 2000
# The dashboard's rendered figures are cached while this token stays the same (selectors.py).
TOKEN_KEY = "insights:tallies-token"

Key = tuple[str, date, str, str, int, int]


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_of(moment: datetime) -> date:
    local = moment.astimezone(local_zone())
    return date(local.year, local.month, 1)


def sectors_of(mask: int) -> list[str]:
    return [sector for sector in SECTORS if mask & BIT[sector]]


def pair_key(lead: str, partner: str) -> int:
    return SECTORS.index(lead) * len(SECTORS) + SECTORS.index(partner)


def pair_of(key: int) -> tuple[str, str]:
    return SECTORS[key // len(SECTORS)], SECTORS[key % len(SECTORS)]


@dataclass
class Contribution:
    sectors: int = 0
    roles: dict = field(default_factory=dict)
    tallies: Counter = field(default_factory=Counter)

    def stored(self) -> list:
        return sorted([k[0], k[1].isoformat(), *k[2:], n] for k, n in self.tallies.items() if n)


def _published(project_ids=None):
    projects = Project.objects.exclude(status=Project.Status.DRAFT).filter(
        published_at__isnull=False
    )
    if project_ids is not None:
        projects = projects.filter(pk__in=project_ids)
    return projects.order_by("pk").values(
        "pk", "theme", "district", "status", "published_at", "organisation__sector"
    )


def contributions(project_ids=None) -> dict[int, Contribution]:
    """What each published project (of `project_ids`, or all) adds to the tallies."""
    projects = list(_published(project_ids))
    ids = [p["pk"] for p in projects]
    if not ids:
        return {}
    solutions = defaultdict(list)
    for row in (
        Solution.objects.filter(project_id__in=ids)
        .exclude(status=Solution.Status.WITHDRAWN)
        .order_by("created", "pk")
        .values("pk", "project_id", "created", "status", "lead_organisation__sector")
    ):
        solutions[row["project_id"]].append(row)
    partners = defaultdict(list)
    for row in (
        ConsortiumPartner.objects.filter(
            solution__project_id__in=ids, status=ConsortiumPartner.Status.ACCEPTED
        )
        .order_by("answered_at", "pk")
        .values("solution_id", "organisation__sector", "answered_at", "created")
    ):
        partners[row["solution_id"]].append(row)
    decided_at = {}
    for row in (
        StatusChange.objects.filter(solution__project_id__in=ids, to_status__in=DECIDED)
        .order_by("at", "pk")
        .values("solution_id", "to_status", "at")
    ):
        decided_at[(row["solution_id"], row["to_status"])] = row["at"]  # the latest wins
    zone = local_zone()
    supports = defaultdict(Counter)  # by project: a scan per project made the rebuild quadratic
    for link in ("project_id", "solution__project_id"):
        for row in (
            Vote.objects.filter(**{f"{link}__in": ids})
            .annotate(month=TruncMonth("created", tzinfo=zone))
            .order_by()
            .values(link, "sector", "month")
            .annotate(n=Count("pk"))
        ):
            month = row["month"]
            month = month.date() if isinstance(month, datetime) else month
            supports[row[link]][(row["sector"], month.replace(day=1))] += row["n"]
    pledged = hooks.pledged_sectors(ids)

    result = {}
    for project in projects:
        pk = project["pk"]
        place = (project["theme"], project["district"])
        roles = {sector: {"owner": 0, "lead": 0, "partner": 0} for sector in SECTORS}
        roles[project["organisation__sector"]]["owner"] += 1
        tallies = Counter()
        for solution in solutions[pk]:
            lead = solution["lead_organisation__sector"] or Sector.COMMUNITY
            roles[lead]["lead"] += 1
            mask = BIT[lead]
            accepted = partners[solution["pk"]]
            for partner in accepted:
                roles[partner["organisation__sector"]]["partner"] += 1
                mask |= BIT[partner["organisation__sector"]]
                month = month_of(partner["answered_at"] or partner["created"])
                pair = pair_key(lead, partner["organisation__sector"])
                ends = BIT[lead] | BIT[partner["organisation__sector"]]
                tallies[(Metric.PARTNERSHIP.value, month, *place, ends, pair)] += 1
            tallies[(Metric.SOLUTION.value, month_of(solution["created"]), *place, mask, 0)] += 1
            if accepted:
                formed = month_of(accepted[0]["answered_at"] or accepted[0]["created"])
                tallies[(Metric.CONSORTIUM.value, formed, *place, mask, 0)] += 1
            if solution["status"] in DECIDED:
                at = decided_at.get((solution["pk"], solution["status"]), solution["created"])
                days = max(0, (at - solution["created"]).days)
                tallies[(Metric.DECISION.value, month_of(at), *place, mask, days)] += 1
        mask = 0
        for sector in SECTORS:
            if any(roles[sector].values()) or sector in pledged.get(pk, ()):
                mask |= BIT[sector]
        published = month_of(project["published_at"])
        status = STATUSES.index(project["status"])
        tallies[(Metric.PROJECT.value, published, *place, mask, status)] += 1
        if solutions[pk]:
            days = max(0, (solutions[pk][0]["created"] - project["published_at"]).days)
            tallies[(Metric.FIRST_SOLUTION.value, published, *place, mask, days)] += 1
        for (sector, month), n in supports[pk].items():
            tallies[(Metric.SUPPORT.value, month, *place, BIT[sector], 0)] += n
        result[pk] = Contribution(sectors=mask, roles=roles, tallies=tallies)
    return result


def _as_counter(stored: list) -> Counter:
    return Counter(
        {(m, date.fromisoformat(month), t, d, s, e): n for m, month, t, d, s, e, n in stored}
    )


def _add(delta: Counter) -> None:
    """count = count + n for each cell, inserting the cells that are new (one statement each)."""
    table = connection.ops.quote_name(Tally._meta.db_table)
    columns = ("metric", "month", "theme", "district", "sectors", "extra", "count")
    unique = ", ".join(columns[:-1])
    with connection.cursor() as cursor:
        for (metric, month, theme, district, sectors, extra), n in sorted(delta.items()):
            if not n:
                continue
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                f"ON CONFLICT ({unique}) DO UPDATE SET count = {table}.count + EXCLUDED.count",
                [
                    metric,
                    connection.ops.adapt_datefield_value(month),
                    theme,
                    district,
                    sectors,
                    extra,
                    n,
                ],
            )


def forget_cached() -> None:
    """The tallies change: what was kept under their token is not served again."""
    replace_tokens(TOKEN_KEY)


def _locked_insight(project_id: int) -> ProjectInsight:
    try:
        with transaction.atomic():
            ProjectInsight.objects.get_or_create(project_id=project_id)
    except IntegrityError:  # created a moment ago by a simultaneous refresh
        pass
    return ProjectInsight.objects.select_for_update().get(project_id=project_id)


@transaction.atomic
def refresh_project(project_id: int) -> None:
    """Bring the tallies up to date with one project (published, moved, or a draft again)."""
    if not Project.objects.filter(pk=project_id).exists():
        return
    insight = _locked_insight(project_id)
    new = contributions([project_id]).get(project_id, Contribution())
    delta = Counter(new.tallies)
    delta.subtract(_as_counter(insight.contribution))
    _add(delta)
    insight.sectors, insight.roles, insight.contribution = new.sectors, new.roles, new.stored()
    insight.save()
    forget_cached()


def forget_project(project_id: int) -> None:
    """Before a project is deleted: take its contribution back."""
    insight = ProjectInsight.objects.select_for_update().filter(project_id=project_id).first()
    if insight is not None:
        delta = Counter()
        delta.subtract(_as_counter(insight.contribution))
        _add(delta)
        forget_cached()


def _expected() -> tuple[Counter, dict[int, Contribution]]:
    totals, everything = Counter(), {}
    ids = list(_published().values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        for pk, contribution in contributions(ids[start : start + CHUNK]).items():
            totals.update(contribution.tallies)
            everything[pk] = contribution
    return +totals, everything


@transaction.atomic
def rebuild() -> int:
    """Recount every tally and project insight from the rows; return the number of tallies."""
    totals, everything = _expected()
    Tally.objects.all().delete()
    ProjectInsight.objects.all().delete()
    Tally.objects.bulk_create(
        [
            Tally(metric=m, month=mo, theme=t, district=d, sectors=s, extra=e, count=n)
            for (m, mo, t, d, s, e), n in sorted(totals.items())
        ],
        batch_size=CHUNK,
    )
    ProjectInsight.objects.bulk_create(
        [
            ProjectInsight(project_id=pk, sectors=c.sectors, roles=c.roles, contribution=c.stored())
            for pk, c in everything.items()
        ],
        batch_size=CHUNK,
    )
    forget_cached()
    page_cache.forget_project_pages()  # the insights' panels, written in bulk
    return len(totals)


def check(*, fix: bool) -> list[str]:
    """A line per tally or project insight that differs from a full recount."""
    totals, everything = _expected()
    stored = Counter()
    for row in Tally.objects.exclude(count=0).values_list(
        "metric", "month", "theme", "district", "sectors", "extra", "count"
    ):
        stored[row[:6]] += row[6]
    drift = []
    for key in sorted(set(totals) | set(stored)):
        if totals[key] != stored[key]:
            metric, month, theme, district, sectors, extra = key
            drift.append(
                f"insights.Tally {metric} {month:%Y-%m} {theme} {district} sectors={sectors} "
                f"key={extra}: {stored[key]} → {totals[key]}"
            )
    insights = {
        i.project_id: i
        for i in ProjectInsight.objects.only("project_id", "sectors", "contribution")
    }
    for pk in sorted(set(everything) | {pk for pk, i in insights.items() if i.contribution}):
        expected = everything.get(pk, Contribution())
        insight = insights.get(pk)
        if insight is None or (insight.sectors, insight.contribution) != (
            expected.sectors,
            expected.stored(),
        ):
            drift.append(f"insights.ProjectInsight {pk}: differs from a recount")
    if drift and fix:
        rebuild()
    return drift
