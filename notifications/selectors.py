"""Reads: who is told of an event, a person's notifications and email channels.

Recipients are resolved with one query per rule whatever their number (subqueries on follows
and memberships), so fan-out to 10,000 followers costs the same queries as to 10.
"""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet

from accounts.models import User
from organisations.models import MANAGING_ROLES, Membership, Role
from projects.models import ConsortiumPartner, Follow

from .models import DEFAULT_CHANNELS, Channel, Event, Kind, Notification, NotificationPreference

Type = Event.Type


def _followers(project_id: int) -> Q:
    return Q(pk__in=Follow.objects.filter(project_id=project_id).values("user_id"))


def _managers(organisation_id: int | None, roles=MANAGING_ROLES) -> Q:
    if organisation_id is None:
        return Q(pk__in=[])
    return Q(
        pk__in=Membership.objects.filter(organisation_id=organisation_id, role__in=roles).values(
            "user_id"
        )
    )


def _project_team(event: Event) -> Q:
    """Who a project belongs to: its organisation's owners and managers, and its author."""
    project = event.project
    team = _managers(project.organisation_id)
    if project.created_by_id:
        team |= Q(pk=project.created_by_id)
    return team


def _solution_team(event: Event) -> Q:
    """Who a solution belongs to: its lead (person and organisation's managers) and the
    managers of the partners who accepted."""
    solution = event.solution
    partners = ConsortiumPartner.objects.filter(
        solution_id=solution.pk, status=ConsortiumPartner.Status.ACCEPTED
    ).values("organisation_id")
    return (
        Q(pk=solution.lead_user_id)
        | _managers(solution.lead_organisation_id)
        | Q(
            pk__in=Membership.objects.filter(
                organisation_id__in=partners, role__in=MANAGING_ROLES
            ).values("user_id")
        )
    )


def _subject_team(event: Event) -> Q:
    return _solution_team(event) if event.solution_id else _project_team(event)


def _reply_to(event: Event) -> Q:
    parent_author = event.context.get("parent_author_id")
    return Q(pk=parent_author) if parent_author else Q(pk__in=[])


def _invitee(event: Event) -> Q:
    """The account that holds the invited address, confirmed (as answering it requires)."""
    addresses = EmailAddress.objects.filter(
        email__iexact=event.context.get("email", ""), verified=True
    )
    return Q(pk__in=addresses.values("user_id"))


def _members_told_of_match(event: Event) -> Q:
    """Every member of the organisation the project matches, but not the project's own team."""
    members = Q(
        pk__in=Membership.objects.filter(organisation_id=event.organisation_id).values("user_id")
    )
    return members & ~_project_team(event)


def _is_invitation(event: Event) -> bool:
    return event.context.get("kind") == "invitation"


def _approach_receiver(event: Event) -> Q:
    """Who answers: the invited organisation's managers, or the project's team."""
    return _managers(event.organisation_id) if _is_invitation(event) else _project_team(event)


def _approach_sender(event: Event) -> Q:
    """Who hears the answer: the person who sent it and the managers of the side that did."""
    side = event.project.organisation_id if _is_invitation(event) else event.organisation_id
    return Q(pk=event.context.get("sent_by_id") or 0) | _managers(side)


# For each event type, (kind, who) in order: a person who qualifies twice gets the first.
RULES = {
    Type.SOLUTION_SUBMITTED: [
        (Kind.NEW_SOLUTION, lambda e: _followers(e.project_id) | _project_team(e))
    ],
    Type.COMMENT_CREATED: [(Kind.REPLY, _reply_to), (Kind.COMMENT, _subject_team)],
    Type.PROJECT_STATUS_CHANGED: [(Kind.PROJECT_STATUS, lambda e: _followers(e.project_id))],
    Type.SOLUTION_STATUS_CHANGED: [(Kind.SOLUTION_STATUS, _solution_team)],
    Type.PARTNER_INVITED: [(Kind.CONSORTIUM, lambda e: _managers(e.organisation_id))],
    Type.PARTNER_ANSWERED: [
        (
            Kind.CONSORTIUM,
            lambda e: Q(pk=e.solution.lead_user_id) | _managers(e.solution.lead_organisation_id),
        )
    ],
    Type.ORGANISATION_VERIFIED: [
        (Kind.ORGANISATION_VERIFIED, lambda e: _managers(e.organisation_id, roles=[Role.OWNER]))
    ],
    Type.INVITATION_CREATED: [(Kind.MEMBERSHIP_INVITATION, _invitee)],
    Type.INVITATION_ACCEPTED: [
        (Kind.MEMBERSHIP, lambda e: Q(pk=e.context.get("invited_by_id") or 0))
    ],
    Type.MEMBERSHIP_REQUESTED: [(Kind.MEMBERSHIP, lambda e: _managers(e.organisation_id))],
    Type.MEMBERSHIP_APPROVED: [(Kind.MEMBERSHIP, lambda e: Q(pk=e.context.get("user_id") or 0))],
    Type.SUPPORT_MILESTONE: [(Kind.MILESTONE, _subject_team)],
    Type.NEW_MATCH: [(Kind.NEW_MATCH, _members_told_of_match)],
    Type.REVIEWER_ASSIGNED: [(Kind.EVALUATION, lambda e: Q(pk=e.context.get("user_id") or 0))],
    Type.REVIEWER_REMINDED: [(Kind.EVALUATION, lambda e: Q(pk=e.context.get("user_id") or 0))],
    Type.REVIEWS_COMPLETED: [(Kind.EVALUATION, _project_team)],
    Type.APPROACH_SENT: [(Kind.MATCHMAKING, _approach_receiver)],
    Type.APPROACH_ANSWERED: [(Kind.MATCHMAKING, _approach_sender)],
    # The follow-through's news, for followers, under their project-status preference.
    Type.PROJECT_UPDATE_POSTED: [(Kind.PROJECT_STATUS, lambda e: _followers(e.project_id))],
}

# Event types told at most once per person and subject, whatever the event (a unique
# constraint on the notification's key): the key for an event.
ONCE_PER_RECIPIENT = {
    Type.NEW_MATCH: lambda event: f"new_match:{event.project_id}",
}


def once_key(event: Event) -> str | None:
    key = ONCE_PER_RECIPIENT.get(event.type)
    return key(event) if key else None


def recipients(event: Event) -> dict[int, str]:
    """{user id: kind} for everyone told of `event`: active people, never the actor, once each.

    Organisations' API accounts are not people: their organisations hear through webhooks."""
    found: dict[int, str] = {}
    for kind, who in RULES[event.type]:
        ids = (
            User.objects.filter(who(event), is_active=True, api_organisation=None)
            .exclude(pk=event.actor_id)
            .values_list("pk", flat=True)
            .distinct()
        )
        for user_id in ids:
            found.setdefault(user_id, kind)
    return found


def channels(user_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], str]:
    """{(user id, kind): channel} for the preferences people chose (one query)."""
    rows = NotificationPreference.objects.filter(user_id__in=list(user_ids), kind__in=list(kinds))
    return {
        (user_id, kind): channel
        for user_id, kind, channel in rows.values_list("user_id", "kind", "channel")
    }


def channel_for(user_id: int, kind: str, chosen: dict[tuple[int, str], str]) -> str:
    if kind not in DEFAULT_CHANNELS:
        return Channel.OFF  # emailed by the organisations app, or not at all
    return chosen.get((user_id, kind), DEFAULT_CHANNELS[kind])


def preferences_of(user: User) -> dict[str, str]:
    """{kind: channel} for every kind with an email preference."""
    chosen = channels([user.pk], DEFAULT_CHANNELS)
    return {kind: channel_for(user.pk, kind, chosen) for kind in DEFAULT_CHANNELS}


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).for_listing()


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user).unread().count()
