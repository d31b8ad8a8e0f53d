"""A person's rights over their own data: a copy of it, and deleting their account."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from api.services import api_keys_revoke_made_by
from organisations.models import Membership, MembershipRequest, Organisation, Role
from organisations.services import membership_leave
from projects.models import Follow
from projects.services import unfollow

from .models import DataExport
from .tasks import build_data_export


@transaction.atomic
def data_export_request(*, user: User) -> DataExport:
    """Ask for a copy of one's data; the worker builds it and emails the link. While one is
    being prepared, asking again returns it rather than making another."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
    pending = DataExport.objects.filter(user=user, status=DataExport.Status.PENDING).first()
    if pending:
        return pending
    export = DataExport.objects.create(user=user)
    build_data_export.delay_on_commit(str(export.pk))
    return export


def organisations_blocking_deletion(user: User) -> list[Organisation]:
    """The organisations of which the person is the only owner: they would be left without one."""
    owned = Membership.objects.filter(user=user, role=Role.OWNER).values("organisation_id")
    return list(
        Organisation.objects.filter(pk__in=owned)
        .annotate(owners=Count("memberships", filter=Q(memberships__role=Role.OWNER)))
        .filter(owners__lte=1)
        .order_by("name")
    )


def former_email(user: User) -> str:
    """An address that cannot receive mail (RFC 2606 reserves .invalid) and is unique."""
    return f"former-{user.pk}@deleted.invalid"


@transaction.atomic
def account_delete(*, user: User, password: str) -> None:
    """Delete the person's account, confirmed by their password.

    What they wrote stays (comments, solutions, projects), shown as by "A former participant";
    their supports stay counted in the sector they were cast in; everything that says who they
    were goes (email addresses, name, password, second factor, copies of their data); their
    memberships end, their follows and pending requests to join go, the API keys they made are
    revoked, and every session of theirs ends (the password changes, which Django checks on
    each request). Refused for the last owner of an organisation and for staff accounts.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_former_participant:
        return
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("The password is wrong.")})
    if user.is_staff or user.is_superuser:
        raise ValidationError(
            _("Staff accounts are closed by an administrator, so that the staff desk keeps one.")
        )
    blocking = organisations_blocking_deletion(user)
    if blocking:
        raise ValidationError(
            _(
                "You are the only owner of %(names)s. Make another member an owner (or ask the "
                "staff desk to close the organisation) before you delete your account."
            )
            % {"names": ", ".join(organisation.name for organisation in blocking)}
        )
    api_keys_revoke_made_by(user=user)
    for membership in Membership.objects.filter(user=user):
        membership_leave(membership=membership)
    MembershipRequest.objects.filter(user=user, status=MembershipRequest.Status.PENDING).update(
        status=MembershipRequest.Status.WITHDRAWN, modified=timezone.now()
    )
    for follow in Follow.objects.filter(user=user).select_related("project"):
        unfollow(project=follow.project, by=user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    DataExport.objects.filter(user=user).delete()
    user.email = former_email(user)
    user.display_name = ""
    user.is_active = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
