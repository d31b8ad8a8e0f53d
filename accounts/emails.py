"""Render emails in the recipient's language and queue them for the worker after commit."""

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_email


def queue_email(message: EmailMessage) -> None:
    """Hand a rendered message to Celery once the current transaction commits."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"), ""
        )
    send_email.delay_on_commit(
        subject=message.subject,
        body=message.body,
        to=list(message.to),
        from_email=message.from_email,
        html=html,
    )


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
