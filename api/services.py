"""Writes for partner access: API keys and the account they act as.

Every key of an organisation acts as one account, the organisation's API account: a manager of
that organisation and of no other. So the rules of `permissions.py` judge a key exactly as they
judge a manager, and a key can never reach another organisation's data (journey 4).
"""

import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from organisations.models import Membership, Organisation, Role

from .models import KEY_PREFIX, ApiKey, hash_secret
from .permissions import organisation_holds_keys

LOOKUP_BYTES = 6  # 12 hex characters: finds the row
SECRET_BYTES = 32  # 256 bits: the part that proves it


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    key: str  # shown once, never stored


def _api_account(organisation: Organisation) -> User:
    """The organisation's API account, made on its first key (one per organisation)."""
    try:
        return User.objects.get(api_organisation=organisation)
    except User.DoesNotExist:
        pass
    account = User(
        email=f"api+{organisation.pk}@accounts.helix.invalid",
        display_name=(_("%(organisation)s (API)") % {"organisation": organisation.name})[:80],
        api_organisation=organisation,
    )
    account.set_unusable_password()  # no password, no confirmed email: it cannot sign in
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:  # made meanwhile by a concurrent first key
        return User.objects.get(api_organisation=organisation)
    # Not through the membership services: an API account is not a person and is not counted
    # among the members; they refuse to change its role or remove it.
    Membership.objects.create(organisation=organisation, user=account, role=Role.MANAGER)
    return account


@transaction.atomic
def api_key_create(*, organisation: Organisation, name: str, scope: str, by: User) -> IssuedKey:
    """Issue a key for a verified organisation; returns the key itself, to show once."""
    if not by.has_perm("api.manage_api_keys", organisation):
        raise PermissionDenied
    if not organisation_holds_keys(organisation):
        raise ValidationError(
            _(
                "Only a verified organisation can have API keys. "
                "Government staff verify organisations."
            )
        )
    _api_account(organisation)
    lookup = secrets.token_hex(LOOKUP_BYTES)
    key = f"{KEY_PREFIX}{lookup}_{secrets.token_urlsafe(SECRET_BYTES)}"
    api_key = ApiKey(
        organisation=organisation,
        name=name.strip(),
        scope=scope,
        lookup=lookup,
        hashed_key=hash_secret(key),
        created_by=by,
    )
    api_key.full_clean()
    api_key.save()
    return IssuedKey(api_key=api_key, key=key)


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, by: User) -> ApiKey:
    """Revoke at once and for good: the next request with it is a 401."""
    api_key = ApiKey.objects.select_for_update().select_related("organisation").get(pk=api_key.pk)
    if not by.has_perm("api.manage_api_keys", api_key.organisation):
        raise PermissionDenied
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.revoked_by = by
        api_key.save(update_fields=["revoked_at", "revoked_by", "modified"])
    return api_key


def api_key_for(key: str) -> ApiKey | None:
    """The active key matching `key`, with its organisation's API account, or None.

    Read afresh on every request (nothing is cached): a revocation, or staff disabling or
    deleting the API account, counts from the next request. Without an active API account
    the key is no key; nor is it if someone made that account staff or superuser in the admin.
    """
    body = key.removeprefix(KEY_PREFIX)
    lookup, _sep, secret = body.partition("_")
    if not key.startswith(KEY_PREFIX) or len(lookup) != 2 * LOOKUP_BYTES or not secret:
        return None
    if not (lookup.isascii() and lookup.isalnum()):  # never a NUL or other text to the database
        return None
    api_key = (
        ApiKey.objects.active()
        .select_related("organisation__api_account")
        .filter(lookup=lookup)
        .first()
    )
    if api_key is None or not secrets.compare_digest(api_key.hashed_key, hash_secret(key)):
        return None
    account = getattr(api_key.organisation, "api_account", None)  # None if staff deleted it
    if account is None or not account.is_active or account.is_staff or account.is_superuser:
        return None  # a key acts for its organisation alone, never with staff powers
    return api_key


LAST_USE_PRECISION = 60  # seconds: record a key's use at most once a minute


def api_key_touch(api_key: ApiKey) -> None:
    """Record the key's last use, writing at most once a minute per key."""
    now = timezone.now()
    last = api_key.last_used_at
    if last is None or (now - last).total_seconds() >= LAST_USE_PRECISION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


@transaction.atomic
def api_keys_revoke_made_by(*, user: User) -> int:
    """Revoke every active key the person made (their account is being deleted), whatever their
    role now. Returns how many."""
    return (
        ApiKey.objects.active()
        .filter(created_by=user)
        .update(revoked_at=timezone.now(), revoked_by=user, modified=timezone.now())
    )
