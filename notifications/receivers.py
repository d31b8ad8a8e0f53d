"""Reactions to the domain signals: each writes one outbox event in the sender's transaction.

Nothing here decides who is told (that is `selectors.RULES`, run by the fan-out after commit):
receivers only record what happened, with the ids the fan-out and the texts need.
`NotificationsConfig.ready()` connects them.
"""

from projects.models import Project

from .models import Event
from .services import event_record, events_record_once

Type = Event.Type


def is_milestone(count: int) -> bool:
    """10, 50, 100, 500, 1000, 5000 … supports."""
    digits = str(count)
    return count >= 10 and digits[0] in "15" and set(digits[1:]) == {"0"}


def solution_submitted(sender, *, solution, by, **kwargs) -> None:
    event_record(type=Type.SOLUTION_SUBMITTED, by=by, project=solution.project, solution=solution)


def comment_created(sender, *, comment, by, **kwargs) -> None:
    solution = comment.solution
    project = comment.project if solution is None else solution.project
    parent_author_id = comment.parent.author_id if comment.parent_id else None
    event_record(
        type=Type.COMMENT_CREATED,
        by=by,
        project=project,
        solution=solution,
        comment=comment,
        context={"parent_author_id": parent_author_id},
    )


def project_status_changed(sender, *, project, previous, by, **kwargs) -> None:
    if not previous:  # created as a draft: nobody follows it but its author
        return
    event_record(
        type=Type.PROJECT_STATUS_CHANGED,
        by=by,
        project=project,
        context={"previous": previous, "status": project.status},
    )


def solution_status_changed(sender, *, solution, previous, by, **kwargs) -> None:
    event_record(
        type=Type.SOLUTION_STATUS_CHANGED,
        by=by,
        project=solution.project,
        solution=solution,
        context={"previous": previous, "status": solution.status},
    )


def partner_invited(sender, *, partner, by, **kwargs) -> None:
    event_record(
        type=Type.PARTNER_INVITED,
        by=by,
        project=partner.solution.project,
        solution=partner.solution,
        organisation=partner.organisation,
        context={"partner_id": partner.pk},
    )


def partner_answered(sender, *, partner, by, **kwargs) -> None:
    event_record(
        type=Type.PARTNER_ANSWERED,
        by=by,
        project=partner.solution.project,
        solution=partner.solution,
        organisation=partner.organisation,
        context={"partner_id": partner.pk, "status": partner.status},
    )


def support_cast(sender, *, vote, by, **kwargs) -> None:
    """Milestones are read from the counter as it stands in this transaction (the vote's
    subject carries it): only the vote that reaches it exactly tells, and the event's key
    keeps a withdrawn-and-recast support from telling twice."""
    subject = vote.project or vote.solution
    count = subject.support_count
    if not is_milestone(count):
        return
    on_project = isinstance(subject, Project)
    event_record(
        type=Type.SUPPORT_MILESTONE,
        by=by,
        project=subject if on_project else subject.project,
        solution=None if on_project else subject,
        context={"milestone": count},
        once_key=f"milestone:{'project' if on_project else 'solution'}:{subject.pk}:{count}",
    )


def organisation_verified(sender, *, organisation, by, **kwargs) -> None:
    event_record(type=Type.ORGANISATION_VERIFIED, by=by, organisation=organisation)


def invitation_created(sender, *, invitation, by, **kwargs) -> None:
    event_record(
        type=Type.INVITATION_CREATED,
        by=by,
        organisation=invitation.organisation,
        context={
            "invitation_id": invitation.pk,
            "email": invitation.email,
            "role": invitation.role,
        },
    )


def invitation_accepted(sender, *, invitation, membership, by, **kwargs) -> None:
    event_record(
        type=Type.INVITATION_ACCEPTED,
        by=by,
        organisation=invitation.organisation,
        context={"invitation_id": invitation.pk, "invited_by_id": invitation.invited_by_id},
    )


def membership_requested(sender, *, membership_request, by, **kwargs) -> None:
    event_record(
        type=Type.MEMBERSHIP_REQUESTED,
        by=by,
        organisation=membership_request.organisation,
        context={"request_id": membership_request.pk},
    )


def membership_request_approved(sender, *, membership_request, membership, by, **kwargs) -> None:
    event_record(
        type=Type.MEMBERSHIP_APPROVED,
        by=by,
        organisation=membership_request.organisation,
        context={"request_id": membership_request.pk, "user_id": membership_request.user_id},
    )


def strong_matches_found(sender, *, pairs, **kwargs) -> None:
    """A refresh found projects matching organisations strongly, for the first time: one
    event per pair, once ever (the event's key; matchmaking keeps its own ledger too)."""
    events_record_once(
        type=Type.NEW_MATCH,
        events=[
            {
                "project_id": project_id,
                "organisation_id": organisation_id,
                "context": {"score": score},
                "once_key": f"new_match:{project_id}:{organisation_id}",
            }
            for project_id, organisation_id, score in pairs
        ],
    )


def reviewer_assigned(sender, *, reviewer, solutions, by, **kwargs) -> None:
    event_record(
        type=Type.REVIEWER_ASSIGNED,
        by=by,
        project=reviewer.rubric.project,
        context={"user_id": reviewer.user_id, "count": len(solutions)},
    )


def reviewer_reminded(sender, *, reviewer, by, **kwargs) -> None:
    event_record(
        type=Type.REVIEWER_REMINDED,
        by=None,
        project=reviewer.rubric.project,
        context={"user_id": reviewer.user_id},
        once_key=f"review-reminder:{reviewer.pk}",
    )


def reviews_completed(sender, *, rubric, by, **kwargs) -> None:
    event_record(
        type=Type.REVIEWS_COMPLETED,
        by=None,  # the team is told, the last reviewer included if they are in it
        project=rubric.project,
        once_key=f"reviews-completed:{rubric.pk}",
    )


def _approach_context(approach) -> dict:
    return {
        "approach_id": approach.pk,
        "kind": approach.kind,
        "status": approach.status,
        "sent_by_id": approach.sent_by_id,
        "pledge": approach.pledge.title if approach.pledge_id else "",
    }


def approach_sent(sender, *, approach, by, **kwargs) -> None:
    event_record(
        type=Type.APPROACH_SENT,
        by=by,
        project=approach.project,
        organisation=approach.organisation,
        context=_approach_context(approach),
    )


def approach_answered(sender, *, approach, by, **kwargs) -> None:
    event_record(
        type=Type.APPROACH_ANSWERED,
        by=by,
        project=approach.project,
        organisation=approach.organisation,
        context=_approach_context(approach),
    )


def update_posted(sender, *, update, by, **kwargs) -> None:
    event_record(
        type=Type.PROJECT_UPDATE_POSTED,
        by=by,
        project=update.project,
        context={"update_id": update.pk, "title": update.title},
    )
