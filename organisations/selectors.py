from allauth.account.models import EmailAddress
from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import Invitation, Membership, MembershipRequest, Organisation, Role


def verified_emails(user) -> list[str]:
    return [
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")


def invitations_for_user(user) -> QuerySet[Invitation]:
    """Open invitations addressed to one of the user's verified email addresses."""
    return (
        Invitation.objects.pending()
        .filter(email__in=verified_emails(user))
        .select_related("organisation", "invited_by")
    )


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, user__api_organisation=None)
        .select_related("user")
        .annotate(
            rank=Case(
                When(role=Role.OWNER, then=Value(0)),
                When(role=Role.MANAGER, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "user__display_name")
    )


def pending_requests_for(organisation: Organisation) -> QuerySet[MembershipRequest]:
    return organisation.membership_requests.filter(
        status=MembershipRequest.Status.PENDING
    ).select_related("user")


def pending_invitations_for(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.pending().select_related("invited_by")
