"""Who may manage an organisation's API keys: its owners on the site, staff in the admin."""

import rules

from organisations.permissions import is_owner


@rules.predicate
def administers_api_keys(user, organisation=None) -> bool:
    """Government staff given the model permission (the admin's key desk)."""
    return user.has_perm("api.change_apikey")


rules.add_perm("api.manage_api_keys", is_owner | administers_api_keys)
