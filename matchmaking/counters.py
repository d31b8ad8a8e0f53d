"""Matchmaking's kept counters, for `manage.py recount` (registered in `apps.py`)."""

from organisations.models import Sector
from projects.counters import count_of, recount_columns

from .models import Approach, ProjectCommitments

COMMITTED = {
    "kind": Approach.Kind.INTEREST,
    "status": Approach.Status.ACCEPTED,
    "pledge__isnull": False,
}


def expected_counters():
    """A project's resources committed, in all and by the pledging organisation's sector (the
    row's primary key is the project's)."""
    counts = {"committed_count": count_of(Approach, "project", **COMMITTED)}
    for sector in Sector.values:
        counts[f"committed_{sector}"] = count_of(
            Approach, "project", organisation__sector=sector, **COMMITTED
        )
    return [(ProjectCommitments, counts)]


def check(*, fix: bool) -> list[str]:
    return recount_columns(expected_counters(), fix=fix)
