"""Kept figures that `manage.py recount` checks besides the domain's counters.

An app above the domain registers a function `check(*, fix: bool) -> list[str]` (one line per
drifted row, fixed unless fix=False) in its `AppConfig.ready()`; the command, which lives
below it, calls them all without importing it.
"""

from collections.abc import Callable

checks: dict[str, Callable[..., list[str]]] = {}


def register(name: str, check: Callable[..., list[str]]) -> None:
    checks[name] = check


def run_all(*, fix: bool) -> list[str]:
    drift = []
    for check in checks.values():
        drift.extend(check(fix=fix))
    return drift
