"""Projects, solutions and comments as Helix shows them to other systems.

One representation, two readers: the API's answers (projects/api/serializers.py, whose
declarations stay the OpenAPI schema) and the webhooks' payloads (webhooks/payloads.py). It
knows no request and no transport: links are made absolute by the `absolute` function the caller
passes (the request's host for the API, HELIX_SITE_URL for a webhook), dates are written in
the current time zone.

Built by hand rather than by DRF's field-by-field machinery, which costs more than the query
on a page of 24 projects (README, "Performance"); tests/api/test_representation.py holds it equal
to DRF's representation from the declarations, tests/webhooks/test_payload_representation.py
holds the payloads and the answers equal to each other and to what they were.
"""

import datetime as dt
from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from organisations.models import Organisation, Sector

from .models import Comment, Project, Solution

Absolute = Callable[[str], str]

SEEKS_FIELDS = {sector: f"seeks_{sector}" for sector in Sector.values}

# What a project's representation reads: lists ask the database for these columns only.
PROJECT_ROW_FIELDS = (
    "id",
    "slug",
    "kind",
    "title",
    "summary",
    "description",
    "description_html",
    "theme",
    "district",
    *SEEKS_FIELDS.values(),
    "budget_vnd",
    "deadline",
    "status",
    "published_at",
    "cover",
    "cover_alt",
    "cover_thumbnail",
    "organisation__slug",
    "organisation__name",
    "organisation__sector",
    "organisation__verified_at",
    "support_count",
    "support_government",
    "support_enterprise",
    "support_academia",
    "support_community",
    "comment_count",
    "solution_count",
    "follower_count",
    "created",
    "modified",
)


def datetime_text(value: dt.datetime | None, zone) -> str | None:
    """As DRF's DateTimeField writes it (ISO 8601 in the current time zone, UTC as "Z"), without
    its per-value lookups of the settings and the time zone."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _attribute(instance, path: str):
    for name in path.split("__"):
        instance = getattr(instance, name)
    return instance


def _supports(counters) -> dict:
    """Supports in total and by the supporters' sector, from a row or an instance's counters."""
    get = counters.__getitem__ if isinstance(counters, dict) else counters.__getattribute__
    return {
        "total": get("support_count"),
        "by_sector": {
            "government": get("support_government"),
            "enterprise": get("support_enterprise"),
            "academia": get("support_academia"),
            "community": get("support_community"),
        },
    }


def picture(absolute: Absolute, storage, name: str, thumbnail: str, alt: str) -> dict | None:
    """An uploaded picture: its address, its thumbnail's (null until the task has made it) and
    its text alternative; null when there is none. Read from the row: no query."""
    if not name:
        return None
    return {
        "url": absolute(storage.url(name)),
        "thumbnail_url": absolute(storage.url(thumbnail)) if thumbnail else None,
        "alt": alt,
    }


def organisation_summary(organisation: Organisation | None) -> dict | None:
    """An organisation as other objects show it (a project's owner, a consortium partner)."""
    if organisation is None:
        return None
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "sector": organisation.sector,
        "verified": organisation.is_verified,
    }


class ProjectRepresentation:
    """Projects for one reader: one instance serves a whole page (the link and the time zone
    are worked out once)."""

    def __init__(self, absolute: Absolute):
        placeholder = "__slug__"
        self._url = absolute(reverse("projects:detail", args=[placeholder])).split(placeholder)
        self._zone = timezone.get_current_timezone()
        self._absolute = absolute
        self._storage = Project._meta.get_field("cover").storage

    def of(self, project: Project) -> dict:
        """A project (from `with_listing_data()`; `tag_names`, `api_supported` and
        `api_following` used when annotated)."""
        row = {name: _attribute(project, name) for name in PROJECT_ROW_FIELDS}
        row["cover"], row["cover_thumbnail"] = project.cover.name, project.cover_thumbnail.name
        names = getattr(project, "tag_names", None)  # selectors.with_tag_names
        row["tag_names"] = names if names is not None else [t.name for t in project.tags.all()]
        row["api_supported"] = getattr(project, "api_supported", None)
        row["api_following"] = getattr(project, "api_following", None)
        return self.from_row(row)

    def from_row(self, row: dict) -> dict:
        """From a row of `.values(*PROJECT_ROW_FIELDS)` with `tag_names` (and, for a signed-in
        caller, `api_supported` and `api_following`): lists read rows, not model instances,
        which costs half as much on a page of 24."""
        zone = self._zone
        deadline = row["deadline"]
        return {
            "slug": row["slug"],
            "web_url": row["slug"].join(self._url),
            "kind": row["kind"],
            "title": row["title"],
            "summary": row["summary"],
            "description": row["description"],
            "description_html": row["description_html"],
            "theme": row["theme"],
            "district": row["district"],
            "tags": sorted(row["tag_names"] or ()),
            "seeks": [sector for sector, field in SEEKS_FIELDS.items() if row[field]],
            "budget_vnd": row["budget_vnd"],
            "deadline": deadline.isoformat() if deadline is not None else None,
            "status": row["status"],
            "published_at": datetime_text(row["published_at"], zone),
            "cover": picture(
                self._absolute,
                self._storage,
                row["cover"],
                row["cover_thumbnail"],
                row["cover_alt"],
            ),
            "organisation": {
                "slug": row["organisation__slug"],
                "name": row["organisation__name"],
                "sector": row["organisation__sector"],
                "verified": row["organisation__verified_at"] is not None,
            },
            "supports": _supports(row),
            "comment_count": row["comment_count"],
            "solution_count": row["solution_count"],
            "follower_count": row["follower_count"],
            "supported_by_me": row.get("api_supported"),
            "following": row.get("api_following"),
            "created": datetime_text(row["created"], zone),
            "modified": datetime_text(row["modified"], zone),
        }


def solution_representation(solution: Solution, *, absolute: Absolute) -> dict:
    """A solution (from `with_listing_data()`: its project, lead and accepted partners read
    already; `api_supported` used when annotated)."""
    zone = timezone.get_current_timezone()
    return {
        "id": solution.pk,
        "project": solution.project.slug,
        "web_url": absolute(solution.get_absolute_url()),
        "title": solution.title,
        "summary": solution.summary,
        "description": solution.description,
        "description_html": solution.description_html,
        "estimated_cost_vnd": solution.estimated_cost_vnd,
        "duration_months": solution.duration_months,
        "status": solution.status,
        "lead_user": {"display_name": solution.lead_user.public_name},
        "lead_organisation": organisation_summary(solution.lead_organisation),
        "consortium": [
            {"organisation": organisation_summary(partner.organisation), "role": partner.role}
            for partner in solution.accepted_partners
        ],
        "supports": _supports(solution),
        "comment_count": solution.comment_count,
        "supported_by_me": getattr(solution, "api_supported", None),
        "created": datetime_text(solution.created, zone),
        "modified": datetime_text(solution.modified, zone),
    }


def comment_representation(comment: Comment, *, can_moderate: bool) -> dict:
    """A comment (its author, project and solution read already). Hidden ones show their
    reason and no text, except to moderators; deleted ones no text."""
    shows_text = not comment.is_deleted and (not comment.is_hidden or can_moderate)
    return {
        "id": comment.pk,
        "project": comment.project.slug if comment.project_id else None,
        "solution": comment.solution_id,
        "parent": comment.parent_id,
        "author": {"display_name": comment.author.public_name},
        "body": comment.body if shows_text else None,
        "body_html": comment.body_html if shows_text else None,
        "hidden": comment.is_hidden,
        "hidden_reason": comment.hidden_reason,
        "deleted": comment.is_deleted,
        "edited": comment.edited_at is not None,
        "created": datetime_text(comment.created, timezone.get_current_timezone()),
    }
