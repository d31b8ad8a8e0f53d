"""Counters kept on rows, rebuilt from the rows they count, with any drift reported.

`recount_columns` checks `(model, {field: expression})` pairs; projects registers its own
(`check`) in core.recount, and apps above register theirs the same way (matchmaking's resources
committed), so `manage.py recount` runs them all from the one registry.
"""

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


def count_of(model, link: str, **filters) -> Coalesce:
    """How many `model` rows point at the outer row through `link` (for other apps' counters)."""
    return _count(model, link, **filters)


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


def check(*, fix: bool) -> list[str]:
    """Projects' own counters: members, supports by sector, comments, followers, solutions."""
    return recount_columns(_own_counters(), fix=fix)


@transaction.atomic
def recount_columns(pairs, *, fix: bool) -> list[str]:
    """Recount `(model, {field: expression})` pairs; a line per drifted row, fixed unless
    fix=False."""
    drift = []
    for model, counters in pairs:
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
