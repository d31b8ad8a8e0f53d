"""Every write to organisations and their membership goes through these functions.

Views, the admin, commands and (later) the API call them; each validates, saves, and queues its
emails to leave after the transaction commits. Rule breaches raise ValidationError (shown as a
form error) or PermissionDenied.
"""

import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.emails import queue_templated_email
from core.images import image_assign, image_saved, image_stored
from core.links import site_url

from . import signals, tasks
from .models import (
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
    Role,
    hash_token,
)
from .permissions import forget_roles, grantable_roles
from .selectors import verified_emails

RESERVED_SLUGS = {"new", "invitations"}  # the directory's own URLs


def _slug_for(name: str) -> str:
    # slugify drops "đ", the one Vietnamese letter that does not decompose to ASCII.
    base = slugify(re.sub("[đĐ]", "d", name))[:200] or "organisation"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _membership_add(*, organisation: Organisation, user: User, role: str) -> Membership:
    membership = Membership.objects.create(organisation=organisation, user=user, role=role)
    Organisation.objects.filter(pk=organisation.pk).update(member_count=F("member_count") + 1)
    forget_roles(user)
    return membership


def _membership_delete(membership: Membership) -> None:
    organisation_id = membership.organisation_id
    membership.delete()
    Organisation.objects.filter(pk=organisation_id).update(member_count=F("member_count") - 1)
    forget_roles(membership.user)


def _lock_owners(membership: Membership) -> tuple[Membership, int]:
    """Lock the organisation's row; return the membership as stored and the number of owners.

    Serialises the changes that could leave an organisation without an owner, and judges them
    on the role in the database, not on an instance a form may already have changed.
    """
    Organisation.objects.select_for_update().filter(pk=membership.organisation_id).first()
    current = Membership.objects.select_related("organisation", "user").get(pk=membership.pk)
    if current.user.is_api_account:
        raise ValidationError(
            _("This is the organisation's API account. Revoke its API keys instead.")
        )
    owners = Membership.objects.filter(
        organisation_id=membership.organisation_id, role=Role.OWNER
    ).count()
    return current, owners


# --- Organisations ---------------------------------------------------------------------------


def _logo_assign(organisation: Organisation, logo) -> bool:
    """A new logo is checked and stored without its metadata (core.images)."""
    return image_assign(
        organisation, field="logo", value=logo, max_bytes=settings.HELIX_LOGO_MAX_BYTES
    )


@transaction.atomic
def organisation_register(
    *,
    by: User,
    name: str,
    sector: str,
    description: str,
    district: str,
    website: str = "",
    logo=None,
    logo_alt: str = "",
    expertise: Iterable[str] = (),
) -> Organisation:
    """Create an organisation, unverified, with its creator as owner."""
    organisation = Organisation(
        name=name.strip(),
        slug=_slug_for(name),
        sector=sector,
        description=description,
        district=district,
        website=website,
        logo_alt=logo_alt,
    )
    logo_changed = _logo_assign(organisation, logo)
    organisation.full_clean()
    organisation.save()
    if logo_changed:
        image_saved(
            organisation, field="logo", stored=("", ""), task=tasks.organisation_logo_thumbnail
        )
    organisation.expertise.set(list(expertise))
    _membership_add(organisation=organisation, user=by, role=Role.OWNER)
    organisation.refresh_from_db(fields=["member_count"])
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User, **fields) -> Organisation:
    if not by.has_perm("organisations.edit_organisation", organisation):
        raise PermissionDenied
    expertise = fields.pop("expertise", None)
    stored_logo = image_stored(organisation, "logo")
    logo = fields.pop("logo", None)
    for name, value in fields.items():
        setattr(organisation, name, value)
    if logo is None and organisation.logo.name != stored_logo[0]:
        organisation.logo.name = stored_logo[0]  # a form's refused upload left on the instance
    logo_changed = _logo_assign(organisation, logo)
    organisation.full_clean()
    # Only the edited fields: member_count may have moved (F()) since this row was read.
    logo_fields = ["logo", "logo_thumbnail"] if logo_changed else []
    organisation.save(update_fields=[*fields, *logo_fields, "modified"])
    if logo_changed:
        image_saved(
            organisation, field="logo", stored=stored_logo, task=tasks.organisation_logo_thumbnail
        )
    if expertise is not None:
        organisation.expertise.set(list(expertise))
    signals.organisation_edited.send(Organisation, organisation=organisation, by=by)
    return organisation


@transaction.atomic
def organisation_verify(*, organisation: Organisation, by: User) -> bool:
    """Mark the organisation verified and tell its owners. Returns False if it already was."""
    if not by.has_perm("organisations.verify_organisation"):
        raise PermissionDenied
    updated = Organisation.objects.filter(pk=organisation.pk, verified_at__isnull=True).update(
        verified_at=timezone.now(), verified_by=by
    )
    organisation.refresh_from_db(fields=["verified_at", "verified_by"])
    if not updated:
        return False
    _tell_owners(organisation, "organisations/email/verified")
    signals.organisation_verified.send(Organisation, organisation=organisation, by=by)
    return True


def _tell_owners(organisation: Organisation, template_prefix: str) -> None:
    owners = User.objects.filter(
        memberships__organisation=organisation, memberships__role=Role.OWNER, is_active=True
    )
    for owner in owners:
        queue_templated_email(
            template_prefix=template_prefix,
            to=owner.email,
            language=owner.preferred_language,
            context={
                "organisation": organisation,
                "user": owner,
                "organisation_url": site_url(organisation.get_absolute_url()),
            },
        )


@transaction.atomic
def organisation_unverify(*, organisation: Organisation, by: User) -> bool:
    """Withdraw the verification and tell the owners what it means (no publishing, API keys
    read-only, webhooks paused). Returns False if it was not verified."""
    if not by.has_perm("organisations.verify_organisation"):
        raise PermissionDenied
    updated = Organisation.objects.filter(pk=organisation.pk, verified_at__isnull=False).update(
        verified_at=None, verified_by=None
    )
    organisation.refresh_from_db(fields=["verified_at", "verified_by"])
    if updated:
        _tell_owners(organisation, "organisations/email/unverified")
        signals.organisation_unverified.send(Organisation, organisation=organisation, by=by)
    return bool(updated)


# --- Invitations -----------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, role: str, by: User) -> Invitation:
    """Invite an email address to join, and send the invitation link."""
    if not by.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied
    if role not in grantable_roles(by, organisation):
        raise ValidationError({"role": _("You cannot grant this role.")})
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    # An expired invitation no longer holds the address.
    organisation.invitations.filter(status=Invitation.Status.PENDING, email=email).exclude(
        pk__in=organisation.invitations.pending()
    ).update(status=Invitation.Status.EXPIRED)
    if organisation.invitations.pending().filter(email=email).exists():
        raise ValidationError({"email": _("An invitation to this address is already pending.")})

    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, token_hash=token_hash, invited_by=by
    )
    invitee = User.objects.filter(email__iexact=email).first()
    queue_templated_email(
        template_prefix="organisations/email/invitation",
        to=email,
        language=invitee.preferred_language if invitee else by.preferred_language,
        context={
            "invitation": invitation,
            "organisation": organisation,
            "inviter": by,
            "accept_url": site_url(reverse("organisations:invitation", args=[token])),
            "days": settings.HELIX_INVITATION_DAYS,
        },
    )
    signals.invitation_created.send(Invitation, invitation=invitation, by=by)
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def invitation_is_for(invitation: Invitation, user: User) -> bool:
    """Only the addressee, signed in with that address verified, may see or answer it."""
    return user.is_authenticated and invitation.email.lower() in verified_emails(user)


def _check_answerable(invitation: Invitation, user: User) -> None:
    if not invitation_is_for(invitation, user):
        raise PermissionDenied
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid."))


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_answerable(invitation, user)
    invitation.status = Invitation.Status.ACCEPTED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at", "modified"])
    organisation = invitation.organisation
    MembershipRequest.objects.filter(
        organisation=organisation, user=user, status=MembershipRequest.Status.PENDING
    ).update(status=MembershipRequest.Status.APPROVED, decided_at=timezone.now())
    existing = Membership.objects.filter(organisation=organisation, user=user).first()
    membership = existing or _membership_add(
        organisation=organisation, user=user, role=invitation.role
    )
    signals.invitation_accepted.send(
        Invitation, invitation=invitation, membership=membership, by=user
    )
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: User) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_answerable(invitation, user)
    invitation.status = Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at", "modified"])


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    if not by.has_perm("organisations.manage_members", invitation.organisation):
        raise PermissionDenied
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status", "modified"])


# --- Membership requests ---------------------------------------------------------------------


@transaction.atomic
def membership_request_create(
    *, organisation: Organisation, user: User, message: str = ""
) -> MembershipRequest:
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(_("You are already a member of this organisation."))
    if organisation.membership_requests.filter(
        user=user, status=MembershipRequest.Status.PENDING
    ).exists():
        raise ValidationError(_("Your request to join is already waiting for an answer."))
    request = MembershipRequest.objects.create(
        organisation=organisation, user=user, message=message.strip()
    )
    signals.membership_requested.send(MembershipRequest, membership_request=request, by=user)
    return request


def _decide(request: MembershipRequest, by: User, status: str) -> MembershipRequest:
    if not by.has_perm("organisations.manage_members", request.organisation):
        raise PermissionDenied
    if request.status != MembershipRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    request.status = status
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at", "modified"])
    return request


@transaction.atomic
def membership_request_approve(*, membership_request: MembershipRequest, by: User) -> Membership:
    request = MembershipRequest.objects.select_for_update().get(pk=membership_request.pk)
    _decide(request, by, MembershipRequest.Status.APPROVED)
    existing = Membership.objects.filter(organisation=request.organisation, user=request.user)
    membership = existing.first() or _membership_add(
        organisation=request.organisation, user=request.user, role=Role.MEMBER
    )
    signals.membership_request_approved.send(
        MembershipRequest, membership_request=request, membership=membership, by=by
    )
    return membership


@transaction.atomic
def membership_request_decline(*, membership_request: MembershipRequest, by: User) -> None:
    request = MembershipRequest.objects.select_for_update().get(pk=membership_request.pk)
    _decide(request, by, MembershipRequest.Status.DECLINED)


# --- Memberships -----------------------------------------------------------------------------


@transaction.atomic
def membership_leave(*, membership: Membership) -> None:
    membership, owners = _lock_owners(membership)
    if membership.role == Role.OWNER and owners <= 1:
        raise ValidationError(
            _("You are the last owner. Make another member an owner before you leave.")
        )
    _membership_delete(membership)


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: User) -> Membership:
    if not by.has_perm("organisations.change_roles", membership.organisation):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership, owners = _lock_owners(membership)
    if membership.role == Role.OWNER and role != Role.OWNER and owners <= 1:
        raise ValidationError(_("An organisation must keep at least one owner."))
    membership.role = role
    membership.save(update_fields=["role", "modified"])
    forget_roles(membership.user)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """Owners remove anyone but the last owner; managers remove plain members."""
    organisation = membership.organisation
    if not by.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied
    membership, owners = _lock_owners(membership)
    if membership.role != Role.MEMBER and not by.has_perm(
        "organisations.change_roles", organisation
    ):
        raise PermissionDenied
    if membership.role == Role.OWNER and owners <= 1:
        raise ValidationError(_("An organisation must keep at least one owner."))
    _membership_delete(membership)
