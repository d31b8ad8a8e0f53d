"""An account email queued while the broker is down is sent all the same, and the request that
queued it (its change already saved) does not fail."""

import pytest
from django.core.mail import EmailMultiAlternatives
from kombu.exceptions import OperationalError

from core import emails
from core.queueing import broker_breaker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _closed_breaker():
    broker_breaker.reset()
    yield
    broker_breaker.reset()


def _broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def _message() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject="Confirm", body="Link", to=["an@example.org"])
    message.attach_alternative("<p>Link</p>", "text/html")
    return message


def test_the_email_is_sent_from_the_web_process_when_the_broker_is_down(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(emails.send_email, "apply_async", _broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        emails.queue_email(_message())

    assert [m.subject for m in mailoutbox] == ["Confirm"]
    assert mailoutbox[0].alternatives[0][0] == "<p>Link</p>"
    assert broker_breaker.is_open()


def test_while_the_breaker_is_open_the_broker_is_not_tried(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    broker_breaker.trip()
    monkeypatch.setattr(emails.send_email, "apply_async", _must_not_be_called)

    with django_capture_on_commit_callbacks(execute=True):
        emails.queue_email(_message())

    assert len(mailoutbox) == 1


def test_smtp_down_too_is_logged_not_raised(
    monkeypatch, caplog, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(emails.send_email, "apply_async", _broker_down)
    monkeypatch.setattr(emails.send_email, "run", _smtp_down)

    with django_capture_on_commit_callbacks(execute=True):
        emails.queue_email(_message())

    assert "Could not send the email" in caplog.text


def _must_not_be_called(*args, **kwargs):
    raise AssertionError("the broker was tried while the breaker was open")


def _smtp_down(**kwargs):
    raise ConnectionRefusedError("SMTP refused")
