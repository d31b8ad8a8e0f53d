"""Notification emails: HTML and text, in the recipient's language, with one-click unsubscribe.

Rendered by the worker through the same helper as every Helix email
(`core.emails.render_templated_email`); links are absolute through `site_url`. Each email
carries `List-Unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058),
so mail clients offer their own unsubscribe button.
"""

from itertools import groupby

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from core.emails import render_templated_email
from core.links import site_url

from .models import Kind, Notification
from .texts import describe, topic
from .tokens import UNSUBSCRIBE_DIGEST, unsubscribe_token


def unsubscribe_url(user: User, kind: str) -> str:
    token = unsubscribe_token(user=user, kind=kind)
    return site_url(reverse("notifications:unsubscribe", args=[token]))


def _with_unsubscribe(message: EmailMultiAlternatives, url: str) -> EmailMultiAlternatives:
    message.extra_headers["List-Unsubscribe"] = f"<{url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def instant_email(notification: Notification) -> EmailMultiAlternatives:
    user = notification.recipient
    language = user.preferred_language
    unsubscribe = unsubscribe_url(user, notification.kind)
    with translation.override(language):
        context = {
            "user": user,
            "text": describe(notification),
            "url": site_url(notification.get_absolute_url()),
            "kind": Kind(notification.kind).label,
            "preferences_url": site_url(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe,
        }
    message = render_templated_email(
        template_prefix="notifications/email/instant",
        to=user.email,
        language=language,
        context=context,
    )
    return _with_unsubscribe(message, unsubscribe)


def digest_email(user: User, notifications: list[Notification]) -> EmailMultiAlternatives:
    """One email for the day: the notifications grouped by project or organisation."""
    language = user.preferred_language
    unsubscribe = unsubscribe_url(user, UNSUBSCRIBE_DIGEST)
    with translation.override(language):
        items = [
            {"topic": topic(n), "text": describe(n), "url": site_url(n.get_absolute_url())}
            for n in notifications
        ]
        items.sort(key=lambda item: item["topic"])  # stable: each topic keeps its order
        groups = [(name, list(rows)) for name, rows in groupby(items, key=lambda i: i["topic"])]
        kinds = sorted({n.kind for n in notifications})
        context = {
            "user": user,
            "count": len(notifications),
            "groups": groups,
            "preferences_url": site_url(reverse("notifications:preferences")),
            "unsubscribe_url": unsubscribe,
            "kinds": [(Kind(kind).label, unsubscribe_url(user, kind)) for kind in kinds],
        }
    message = render_templated_email(
        template_prefix="notifications/email/digest",
        to=user.email,
        language=language,
        context=context,
    )
    return _with_unsubscribe(message, unsubscribe)
