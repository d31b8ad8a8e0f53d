"""Every kept figure that `manage.py recount` checks, in one registry.

Each app that keeps figures registers a function `check(*, fix: bool) -> list[str]` (one line
per drifted row, fixed unless fix=False) from its `AppConfig.ready()`: projects its counters,
matchmaking the resources committed, insights its tallies. The command, which lives below some
of them, calls them all without importing them. Columns counted by an expression use
`projects.counters.recount_columns`.
"""

from collections.abc import Callable, Iterable

from django.db import transaction

checks: dict[str, Callable[..., list[str]]] = {}


def register(name: str, check: Callable[..., list[str]]) -> None:
    checks[name] = check


@transaction.atomic
def recount(*, fix: bool = True, only: Iterable[str] | None = None) -> list[str]:
    """Run the registered checks (all, or those named in `only`); return a line per drifted
    row, fixed unless fix=False."""
    drift = []
    for name, check in checks.items():
        if only is None or name in only:
            drift.extend(check(fix=fix))
    return drift
