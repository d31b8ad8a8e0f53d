"""What a webhook says: the event's envelope and its data, as an anonymous API caller sees it.

Each builder loads its object with the API's own querysets (a bounded number of queries) and
writes it with the representation the API shares (projects/representations.py), links made
absolute on HELIX_SITE_URL, for nobody in particular (no caller's own support or follow, no
moderator's view of hidden text): a webhook's `solution` is the body of an anonymous
`GET /api/v1/solutions/{id}/`. Payloads are built once per event, whatever the number of
endpoints that receive it, and only when at least one does.
"""

import uuid

from django.utils import timezone

from core.links import site_url
from evaluation.api.followthrough import MilestoneSerializer, UpdateSerializer
from evaluation.models import Milestone, ProjectUpdate, Rubric
from matchmaking.api.serializers import ApproachSerializer
from matchmaking.models import Approach
from projects.models import Comment, ConsortiumPartner, Project, Solution
from projects.representations import (
    ProjectRepresentation,
    comment_representation,
    solution_representation,
)


def envelope(*, event_id: uuid.UUID, event_type: str, data: dict) -> dict:
    return {
        "id": str(event_id),
        "type": event_type,
        "created": timezone.now().isoformat(),
        "data": data,
    }


def solution_organisations(solution: Solution) -> set[int]:
    """Who hears about a solution: the project's organisation, the lead organisation and the
    partners who accepted (invited or declining partners do not)."""
    ids = set(
        ConsortiumPartner.objects.filter(
            solution_id=solution.pk, status=ConsortiumPartner.Status.ACCEPTED
        ).values_list("organisation_id", flat=True)
    )
    ids.update({solution.project.organisation_id, solution.lead_organisation_id})
    ids.discard(None)
    return ids


def project_data(project_id: int, *, previous: str | None = None) -> dict:
    project = Project.objects.with_listing_data().get(pk=project_id)
    data = {"project": ProjectRepresentation(site_url).of(project)}
    if previous is not None:
        data["previous_status"] = previous
    return data


def solution_data(solution_id: int, *, previous: str | None = None) -> dict:
    solution = Solution.objects.with_listing_data().get(pk=solution_id)
    data = {"solution": solution_representation(solution, absolute=site_url)}
    if previous is not None:
        data["previous_status"] = previous
    return data


def comment_data(comment_id: int) -> dict:
    comment = Comment.objects.select_related("author", "project", "solution").get(pk=comment_id)
    return {"comment": comment_representation(comment, can_moderate=False)}


def still_public(event_type: str, payload: dict) -> dict:
    """The payload as it may be sent now: a comment hidden by a moderator or deleted by its
    author since the event loses its text (a retry or a redelivery must not leak it)."""
    if event_type != "comment.created":
        return payload
    sent = payload["data"]["comment"]
    if sent.get("body") is None:
        return payload
    comment = (
        Comment.objects.filter(pk=sent["id"])
        .only("hidden_at", "deleted_at", "hidden_reason")
        .first()
    )
    if comment is not None and not comment.is_hidden and not comment.is_deleted:
        return payload
    withheld = {**sent, "body": None, "body_html": None}
    if comment is not None:
        withheld |= {
            "hidden": comment.is_hidden,
            "hidden_reason": comment.hidden_reason,
            "deleted": comment.is_deleted,
        }
    return {**payload, "data": {**payload["data"], "comment": withheld}}


def approach_organisations(approach) -> set[int]:
    """Who hears about an invitation or an interest: its two sides."""
    return {approach.project.organisation_id, approach.organisation_id}


def approach_data(approach_id: int) -> dict:
    """The body of `GET /api/v1/invitations/{id}/` (or `interests/`) as either side reads it,
    without the contact persons (a partner system is not a person)."""
    approach = Approach.objects.for_listing().get(pk=approach_id)
    return {"approach": ApproachSerializer(approach).data}


def delivery_organisations(project: Project) -> set[int]:
    """Who hears about a project's follow-through: its organisation and the consortia (lead
    and accepted partners) of its selected solutions."""
    ids = {project.organisation_id}
    for solution in Solution.objects.filter(project_id=project.pk, status=Solution.Status.SELECTED):
        ids |= solution_organisations(solution)
    return ids


def milestone_data(milestone_id: int, *, created: bool) -> dict:
    milestone = Milestone.objects.select_related("project").get(pk=milestone_id)
    project = Project.objects.with_listing_data().get(pk=milestone.project_id)
    return {
        "project": ProjectRepresentation(site_url).of(project),
        "milestone": MilestoneSerializer(milestone).data,
        "created": created,
    }


def update_data(update_id: int) -> dict:
    update = ProjectUpdate.objects.select_related("project", "author").get(pk=update_id)
    project = Project.objects.with_listing_data().get(pk=update.project_id)
    return {
        "project": ProjectRepresentation(site_url).of(project),
        "update": UpdateSerializer(update).data,
    }


def evaluation_data(rubric_id: int) -> dict:
    """That the reviews are in, never the scores (the team reads them on the site)."""
    rubric = Rubric.objects.get(pk=rubric_id)
    project = Project.objects.with_listing_data().get(pk=rubric.project_id)
    return {
        "project": ProjectRepresentation(site_url).of(project),
        "evaluation": {
            "closes_on": rubric.closes_on.isoformat(),
            "all_reviews_in_at": (
                rubric.all_reviews_in_at.isoformat() if rubric.all_reviews_in_at else None
            ),
            "url": site_url(rubric.get_absolute_url()),
        },
    }
