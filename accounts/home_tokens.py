"""The tokens under which each person's My Helix is kept (helix/my_helix_cache.py).

Here, low in the floors, because writers of several apps replace them: notifications
(written in bulk, so without a signal) and the receivers in helix/. Each is replaced at once
and again on commit (`core.cache.replace_tokens`):

- a person's own: their name, email addresses, memberships and requests to join, follows,
  supports, reviews and notifications;
- an organisation's: the requests to join it, its consortium invitations, its invitations and
  interests (either side);
- an email address's: the invitations sent to it (a person reads those of their verified
  addresses);
- the shared one: any project, solution or organisation saved (titles, statuses, names shown
  in every list of the page), a person's name.
"""

from hashlib import md5

from core.cache import replace_tokens

SHARED_TOKEN_KEY = "my-helix:token"


def person_token_key(user_id: int) -> str:
    return f"my-helix:token:person:{user_id}"


def organisation_token_key(organisation_id: int) -> str:
    return f"my-helix:token:organisation:{organisation_id}"


def email_token_key(email: str) -> str:
    return f"my-helix:token:email:{md5(email.lower().encode()).hexdigest()}"


def forget_people(*user_ids: int | None) -> None:
    ids = sorted({pk for pk in user_ids if pk})
    if ids:
        replace_tokens(*(person_token_key(pk) for pk in ids))


def forget_organisations(*organisation_ids: int | None) -> None:
    ids = sorted({pk for pk in organisation_ids if pk})
    if ids:
        replace_tokens(*(organisation_token_key(pk) for pk in ids))


def forget_email(email: str) -> None:
    replace_tokens(email_token_key(email))


def forget_everyone(**kwargs) -> None:
    """Something every person's My Helix may show changed (a signal's receiver too)."""
    replace_tokens(SHARED_TOKEN_KEY)
