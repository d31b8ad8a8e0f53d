"""Render emails in the recipient's language and queue them for the worker after commit."""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from kombu.exceptions import OperationalError

from .queueing import broker_breaker
from .tasks import send_email

logger = logging.getLogger(__name__)


def queue_email(message: EmailMessage) -> None:
    """Hand a rendered message to Celery once the current transaction commits."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"), ""
        )
    email = {
        "subject": message.subject,
        "body": message.body,
        "to": list(message.to),
        "from_email": message.from_email,
        "html": html,
    }
    transaction.on_commit(partial(_hand_over, email))


def _hand_over(email: dict) -> None:
    """To the worker; if the broker is down, send it from here rather than fail the request
    whose change is already saved (an account's confirmation link must not be lost)."""
    if not broker_breaker.is_open():
        try:
            send_email.apply_async(kwargs=email, retry=False)
            return
        except (OperationalError, OSError):
            broker_breaker.trip()
    logger.warning("Broker unavailable: sending the email to %s from the web process.", email["to"])
    try:
        send_email.run(**email)
    except Exception:  # SMTP down too: say so in the log, keep the person's request whole
        logger.exception("Could not send the email to %s.", email["to"])


def queue_templated_email(*, template_prefix: str, to: str, language: str, context: dict) -> None:
    """Render `<prefix>_subject.txt`, `_message.txt` and `_message.html` in `language`, then queue.

    Absolute links in emails come from `site_url` in the context (see `absolute_url`).
    """
    queue_email(
        render_templated_email(
            template_prefix=template_prefix, to=to, language=language, context=context
        )
    )


def render_templated_email(
    *, template_prefix: str, to: str, language: str, context: dict
) -> EmailMultiAlternatives:
    """The message `queue_templated_email` queues, for callers that send it themselves."""
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.splitlines()).strip()
        body = render_to_string(f"{template_prefix}_message.txt", context).strip()
        html = render_to_string(f"{template_prefix}_message.html", context).strip()
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    message.attach_alternative(html, "text/html")
    return message
