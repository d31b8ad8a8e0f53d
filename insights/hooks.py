"""Matchmaking's pledged resources, read when matchmaking offers them.

Accepted pledges (an organisation commits a resource to a project) are being built in
matchmaking. When `matchmaking.selectors.accepted_pledges(project_ids)` exists it must return
`{project_id: [pledge, ...]}` where each pledge has `.organisation.sector` and a readable
`str()`; a pledging organisation's sector then counts among the project's sectors involved and
the pledge is listed among its committed resources. Until then both answers are empty.
"""

from collections.abc import Iterable


def _accepted_pledges():
    from matchmaking import selectors

    return getattr(selectors, "accepted_pledges", None)


def committed_resources(project_ids: Iterable[int]) -> dict[int, list]:
    """{project_id: [pledge, ...]} in one query, or {} while matchmaking has no pledges."""
    reader = _accepted_pledges()
    project_ids = list(project_ids)
    if reader is None or not project_ids:
        return {}
    return reader(project_ids)


def pledged_sectors(project_ids: Iterable[int]) -> dict[int, set[str]]:
    return {
        project_id: {pledge.organisation.sector for pledge in pledges}
        for project_id, pledges in committed_resources(project_ids).items()
    }
