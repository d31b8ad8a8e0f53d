"""Who may manage an organisation's API keys, and when a key may write: one rule each.

Owners manage their organisation's keys on the site, staff in the admin. A key writes only if
it is read-write and its organisation is verified now: `key_write_refusal` is checked by
`ApiKeyAuthentication` on every unsafe request, before any view runs, so no endpoint can forget
it. Issuing a key asks the same question of the organisation (`organisation_holds_keys`).
"""

import rules
from django.utils.translation import gettext as _

from organisations.permissions import is_owner


@rules.predicate
def administers_api_keys(user, organisation=None) -> bool:
    """Government staff given the model permission (the admin's key desk)."""
    return user.has_perm("api.change_apikey")


rules.add_perm("api.manage_api_keys", is_owner | administers_api_keys)


def organisation_holds_keys(organisation) -> bool:
    """Only a verified organisation is issued keys, and only its keys write."""
    return organisation.is_verified


def key_write_refusal(api_key) -> str | None:
    """Why this key may not write now, or None if it may. Reads are never refused here."""
    if not api_key.can_write:
        return _("This API key is read-only.")
    if not organisation_holds_keys(api_key.organisation):
        return _(
            "%(organisation)s is no longer verified: its API keys can read but not write "
            "until government staff verify it again."
        ) % {"organisation": api_key.organisation.name}
    return None
