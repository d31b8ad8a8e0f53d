"""What the capabilities below bring to the picture: matchmaking's committed resources (an
organisation's offer pledged to a project and accepted), whose organisations' sectors join the
project's sectors involved."""

from collections.abc import Iterable

from matchmaking import selectors as matchmaking_selectors


def committed_resources(project_ids: Iterable[int]) -> dict[int, list]:
    """{project_id: [offer, ...]} in one query."""
    project_ids = list(project_ids)
    return matchmaking_selectors.accepted_pledges(project_ids) if project_ids else {}


def pledged_sectors(project_ids: Iterable[int]) -> dict[int, set[str]]:
    return {
        project_id: {offer.organisation.sector for offer in offers}
        for project_id, offers in committed_resources(project_ids).items()
    }
