"""Signed unsubscribe tokens: one person and one kind of email, in a link that needs no sign-in."""

from django.core import signing

from accounts.models import User

from .models import EMAIL_KINDS

UNSUBSCRIBE_SALT = "helix.notifications.unsubscribe"
# The token "kind" of the daily digest's own link: every kind the person gets in the digest.
UNSUBSCRIBE_DIGEST = "digest"


def unsubscribe_token(*, user: User, kind: str) -> str:
    """A signed, permanent token for one person and one kind: the link needs no sign-in."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_target(token: str) -> tuple[User, str] | None:
    """The person and kind a token names, or None if it is tampered with or names nothing."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in (*EMAIL_KINDS, UNSUBSCRIBE_DIGEST):
        return None
    user_id = data.get("u")
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return (user, data["k"]) if user else None
