"""Emails: instant ones in the recipient's language with one-click unsubscribe, the daily digest,
preferences, and delivery that never sends twice."""

import smtplib
from urllib.parse import urlsplit

import pytest
from django.core.mail import EmailMessage
from django.utils import translation

from notifications import services as notification_services
from notifications import tasks
from notifications.models import Channel, Event, Kind, Notification
from organisations import services as organisation_services
from organisations.models import Role
from projects import services
from projects.models import Project
from tests.factories import CommentFactory, MembershipFactory, OrganisationFactory, StaffFactory


def reply_to_author(w, act):
    parent = CommentFactory(project=w.project, author=w.author)
    return act(
        services.comment_create, subject=w.project, by=w.stranger, body="Yes!", parent=parent
    )


def test_a_reply_is_emailed_at_once_with_a_link_and_one_click_unsubscribe(
    world, act, mailoutbox, settings
):
    settings.HELIX_SITE_URL = "https://helix.example.org"
    # When a stranger replies to the author's comment
    comment = reply_to_author(world, act)

    # Then the author (replies are instant by default) gets one email; the project's managers,
    # told of a comment (daily digest by default), get none yet
    assert [m.to for m in mailoutbox] == [[world.author.email]]
    message = mailoutbox[0]
    assert "replied to your comment" in message.subject
    assert message.subject.startswith("[Helix] ")
    link = f"https://helix.example.org{world.project.get_absolute_url()}#comment-{comment.pk}"
    assert link in message.body
    html = message.alternatives[0][0]
    assert link in html
    assert 'lang="en"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://helix.example.org/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body
    assert Notification.objects.get(recipient=world.author).emailed_at is not None
    assert Notification.objects.get(recipient=world.project_owner).emailed_at is None


def test_the_email_is_written_in_the_recipients_language(world, act, mailoutbox):
    # Given a follower who reads Helix in Vietnamese and wants status changes at once
    world.follower.preferred_language = "vi"
    world.follower.save(update_fields=["preferred_language"])
    notification_services.preference_set(
        user=world.follower, kind=Kind.PROJECT_STATUS, channel=Channel.INSTANT
    )

    # When the project moves to review (the person acting reads English)
    act(services.project_transition, project=world.project, to="in_review", by=world.project_owner)

    # Then the email names the status in Vietnamese (a label Helix already translates)
    with translation.override("vi"):
        in_review = str(Project.Status.IN_REVIEW.label)
    assert in_review != "In review"
    (message,) = mailoutbox
    assert message.to == [world.follower.email]
    assert in_review in message.subject
    assert in_review in message.body
    assert 'lang="vi"' in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("channel", "emailed_now", "in_digest"),
    [(Channel.INSTANT, True, False), (Channel.DIGEST, False, True), (Channel.OFF, False, False)],
)
def test_preferences_choose_instant_digest_or_off(
    world, act, mailoutbox, channel, emailed_now, in_digest
):
    notification_services.preference_set(user=world.author, kind=Kind.REPLY, channel=channel)

    reply_to_author(world, act)

    assert any(m.to == [world.author.email] for m in mailoutbox) is emailed_now
    # In the app, the notification is there whatever the email preference
    assert Notification.objects.filter(recipient=world.author, kind=Kind.REPLY).exists()
    mailoutbox.clear()
    tasks.notifications_send_digests()
    assert any(m.to == [world.author.email] for m in mailoutbox) is in_digest


def test_turning_a_kind_off_drops_its_pending_digest_emails(world, act, mailoutbox):
    act(services.project_transition, project=world.project, to="in_review", by=world.project_owner)
    notification_services.preference_set(
        user=world.follower, kind=Kind.PROJECT_STATUS, channel=Channel.OFF
    )

    tasks.notifications_send_digests()

    assert world.follower.email not in [m.to[0] for m in mailoutbox]


def test_the_digest_gathers_a_persons_day_in_one_email(world, act, mailoutbox):
    # Given a day with a new solution and a status change on a followed project
    act(
        services.solution_propose,
        project=world.project,
        by=world.stranger,
        title="Rain gauges",
        summary="On school roofs.",
        description="Forty gauges.",
    )
    act(services.project_transition, project=world.project, to="in_review", by=world.project_owner)
    assert mailoutbox == []  # both are digest kinds by default

    # When beat runs the daily digest
    tasks.notifications_send_digests()

    # Then the follower gets one email with both, under the project's title
    mine = [m for m in mailoutbox if m.to == [world.follower.email]]
    assert len(mine) == 1
    digest = mine[0]
    assert "2 updates" in digest.subject
    assert world.project.title in digest.body
    assert "proposed the solution “Rain gauges”" in digest.body
    assert "is now “In review”" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # and nobody gets a second digest for the same day
    count = len(mailoutbox)
    tasks.notifications_send_digests()
    assert len(mailoutbox) == count


def test_no_digest_is_sent_when_nothing_happened(world, mailoutbox):
    assert tasks.notifications_send_digests() == 0
    assert mailoutbox == []


def test_fan_out_and_email_tasks_run_twice_change_nothing(world, act, mailoutbox):
    reply_to_author(world, act)
    event = Event.objects.get(type=Event.Type.COMMENT_CREATED)
    notifications = set(Notification.objects.values_list("pk", "recipient_id", "emailed_at"))
    assert len(mailoutbox) == 1

    # A retried fan-out, even one that lost its "processed" mark, and retried email tasks
    tasks.notifications_fan_out(event.pk)
    Event.objects.filter(pk=event.pk).update(processed_at=None)
    tasks.notifications_fan_out(event.pk)
    for pk, *_rest in notifications:
        tasks.notification_send_email(pk)

    assert set(Notification.objects.values_list("pk", "recipient_id", "emailed_at")) == (
        notifications
    )
    assert len(mailoutbox) == 1


def test_an_smtp_error_releases_the_email_for_its_retry_which_sends_it_once(
    world, act, mailoutbox, monkeypatch
):
    # Given an instant email whose task has not run yet
    monkeypatch.setattr(tasks.notification_send_email, "delay_on_commit", lambda *args: None)
    reply_to_author(world, act)
    notification = Notification.objects.get(recipient=world.author)
    # and an SMTP server that drops the first connection
    failures = []
    send = EmailMessage.send

    def flaky_send(message, *args, **kwargs):
        if not failures:
            failures.append(message.to)
            raise smtplib.SMTPServerDisconnected("the server went away")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky_send)

    # When the task runs (eagerly here, so Celery runs its retry at once, without the backoff)
    result = tasks.notification_send_email.apply(args=(notification.pk,), throw=False)

    # Then the failed attempt released the email, the retry sent it, once
    assert result.state == "SUCCESS"
    assert failures == [[world.author.email]]
    assert [m.to for m in mailoutbox] == [[world.author.email]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert tasks.notification_send_email.retry_backoff is True
    # and a duplicate of the task sends nothing
    assert tasks.notification_send_email.apply(args=(notification.pk,)).result is False
    assert len(mailoutbox) == 1


def test_the_unsubscribe_link_of_an_email_turns_its_kind_off(world, act, mailoutbox, client):
    reply_to_author(world, act)
    path = urlsplit(mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")).path

    # A mail client's one-click POST: no cookie, no CSRF token
    client.handler.enforce_csrf_checks = True
    response = client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert notification_services.selectors.preferences_of(world.author)[Kind.REPLY] == "off"


def test_an_invitation_to_an_account_is_emailed_once_and_listed_in_the_app(world, act, mailoutbox):
    act(
        organisation_services.invitation_create,
        organisation=world.organisation,
        email=world.stranger.email,
        role=Role.MEMBER,
        by=world.project_owner,
    )

    # The organisations app's invitation email, and no second one from notifications
    assert [m.to for m in mailoutbox] == [[world.stranger.email]]
    notification = Notification.objects.get(recipient=world.stranger)
    assert notification.kind == Kind.MEMBERSHIP_INVITATION
    assert notification.email == Channel.OFF


def test_a_verified_organisation_s_owner_gets_one_email(world, act, mailoutbox):
    newcomer = OrganisationFactory()
    owner = MembershipFactory(organisation=newcomer, role=Role.OWNER).user

    act(organisation_services.organisation_verify, organisation=newcomer, by=StaffFactory())

    assert [m.to for m in mailoutbox] == [[owner.email]]
    assert Notification.objects.get(recipient=owner).kind == Kind.ORGANISATION_VERIFIED
