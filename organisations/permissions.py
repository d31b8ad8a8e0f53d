"""Who may do what with an organisation: one predicate per rule (django-rules).

Views, templates ({% has_perm %}), the admin and the API all ask `user.has_perm(name, org)`.
Verification is a model permission held by the "Government staff" group, not a rule here.
"""

import rules
from django.utils.functional import LazyObject, empty

from .models import MANAGING_ROLES, Membership, Role


def role_in(user, organisation) -> str | None:
    """The user's role in the organisation, looked up once per request and organisation."""
    if organisation is None or not user.is_authenticated:
        return None
    cache = _unwrapped(user).__dict__.setdefault("_helix_roles", {})
    if organisation.pk not in cache:
        # No ordering: the membership's default one would join the organisation and the user.
        cache[organisation.pk] = next(
            iter(
                Membership.objects.filter(user=user, organisation=organisation)
                .order_by()
                .values_list("role", flat=True)[:1]
            ),
            None,
        )
    return cache[organisation.pk]


def forget_roles(user) -> None:
    vars(_unwrapped(user)).pop("_helix_roles", None)


def _unwrapped(user):
    """`request.user` is a lazy object around the user, and `user.has_perm` hands the rules the
    user itself: the roles are kept on the user, so that both ask once."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


@rules.predicate
def is_member(user, organisation) -> bool:
    return role_in(user, organisation) is not None


@rules.predicate
def is_manager(user, organisation) -> bool:
    return role_in(user, organisation) in MANAGING_ROLES


@rules.predicate
def is_owner(user, organisation) -> bool:
    return role_in(user, organisation) == Role.OWNER


rules.add_perm("organisations.view_members", is_member)
rules.add_perm("organisations.edit_organisation", is_manager)
rules.add_perm("organisations.manage_members", is_manager)
rules.add_perm("organisations.change_roles", is_owner)
rules.add_perm("organisations.request_membership", rules.is_authenticated & ~is_member)
rules.add_perm("organisations.leave_organisation", is_member)


def grantable_roles(user, organisation) -> list[str]:
    """Roles the user may hand out: owners any, managers only plain membership."""
    role = role_in(user, organisation)
    if role == Role.OWNER:
        return [Role.OWNER, Role.MANAGER, Role.MEMBER]
    if role == Role.MANAGER:
        return [Role.MEMBER]
    return []
