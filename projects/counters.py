"""Rebuild every kept counter from the rows it counts, and report any drift.

Apps above projects keep counters of their own: they register a provider of
`(model, {field: expression})` pairs (`register_counters`, from their `AppConfig.ready()`),
so `manage.py recount` checks them without this floor importing theirs.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from organisations.models import Membership, Organisation, Sector

from .models import Comment, Follow, Project, Solution, Vote


def _count(model, link: str, **filters) -> Coalesce:
    rows = (
        model.objects.filter(**{link: OuterRef("pk")}, **filters)
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _support_counts(link: str) -> dict:
    counts = {"support_count": _count(Vote, link)}
    for sector in Sector.values:
        counts[f"support_{sector}"] = _count(Vote, link, sector=sector)
    return counts


# A withdrawn solution no longer counts among a project's solutions.
COUNTED_SOLUTION_STATUSES = [s for s in Solution.Status.values if s != Solution.Status.WITHDRAWN]


_providers: list[Callable[[], list]] = []


def register_counters(provider: Callable[[], list]) -> None:
    """Add an app's kept counters to the recount (idempotent)."""
    if provider not in _providers:
        _providers.append(provider)


def count_of(model, link: str, **filters) -> Coalesce:
    """How many `model` rows point at the outer row through `link` (for providers)."""
    return _count(model, link, **filters)


def expected_counters():
    """(model, {counter field: expression that recounts it}) for every kept counter."""
    return [*_own_counters(), *(pair for provider in _providers for pair in provider())]


def _own_counters():
    return [
        (
            Organisation,
            {"member_count": _count(Membership, "organisation", user__api_organisation=None)},
        ),
        (
            Project,
            {
                **_support_counts("project"),
                "comment_count": _count(Comment, "project"),
                "follower_count": _count(Follow, "project"),
                "solution_count": _count(Solution, "project", status__in=COUNTED_SOLUTION_STATUSES),
            },
        ),
        (Solution, {**_support_counts("solution"), "comment_count": _count(Comment, "solution")}),
    ]


@transaction.atomic
def recount(*, fix: bool = True) -> list[str]:
    """Recount everything; return a line per drifted row (and fix it unless fix=False)."""
    drift = []
    for model, counters in expected_counters():
        fields = list(counters)
        annotated = model.objects.annotate(**{f"expected_{f}": e for f, e in counters.items()})
        mismatch = Q()
        for field in fields:
            mismatch |= ~Q(**{field: F(f"expected_{field}")})
        for row in annotated.filter(mismatch).values(
            "pk", *fields, *[f"expected_{f}" for f in fields]
        ):
            changes = {f: row[f"expected_{f}"] for f in fields if row[f] != row[f"expected_{f}"]}
            drift.append(
                f"{model._meta.label} {row['pk']}: "
                + ", ".join(f"{f} {row[f]} → {n}" for f, n in changes.items())
            )
            if fix:
                model.objects.filter(pk=row["pk"]).update(**changes)
    return drift
