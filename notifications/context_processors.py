from functools import cache

from .selectors import unread_count


def unread_notifications(request) -> dict:
    """The unread count for the navigation: one COUNT on an index, only if a template asks,
    at most once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": cache(lambda: unread_count(user))}
