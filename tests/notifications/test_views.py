"""The notification list, marking read, the unread count, preferences and unsubscribing."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import services, tokens
from notifications.models import Channel, Kind, Notification, NotificationPreference
from tests.factories import UserFactory


@pytest.fixture
def told(world, act):
    """The follower is told that the project moved to review, and of a new solution."""
    from projects import services as project_services

    act(
        project_services.project_transition,
        project=world.project,
        to="in_review",
        by=world.project_owner,
    )
    act(
        project_services.project_transition,
        project=world.project,
        to="open",
        by=world.project_owner,
    )
    return list(Notification.objects.filter(recipient=world.follower).order_by("created", "pk"))


def test_the_navigation_shows_the_unread_count(world, told, client):
    client.force_login(world.follower)

    page = client.get(reverse("home")).content.decode()

    assert 'href="/notifications/"' in page
    assert '<span class="badge badge--count">2<span class="visually-hidden"> unread</span>' in page


def test_no_count_when_everything_is_read(world, client):
    client.force_login(world.follower)

    page = client.get(reverse("home")).content.decode()

    assert 'href="/notifications/"' in page
    assert "badge--count" not in page


def test_the_list_shows_each_notification_with_a_link_to_its_object(world, told, client):
    client.force_login(world.follower)

    response = client.get(reverse("notifications:list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{world.project.get_absolute_url()}"' in page
    assert "is now “In review”" in page
    assert "is now “Open for solutions”" in page
    assert page.count('class="notification notification--unread"') == 2


def test_mark_one_read_then_go_on_to_its_page(world, told, client):
    client.force_login(world.follower)
    first = told[0]

    response = client.post(
        reverse("notifications:read", args=[first.pk]),
        {"next": world.project.get_absolute_url()},
    )

    assert response.status_code == 302
    assert response.url == world.project.get_absolute_url()
    first.refresh_from_db()
    assert first.is_read
    assert Notification.objects.filter(recipient=world.follower).unread().count() == 1


def test_mark_read_never_redirects_elsewhere(world, told, client):
    client.force_login(world.follower)

    response = client.post(
        reverse("notifications:read", args=[told[0].pk]), {"next": "https://evil.example/"}
    )

    assert response.url == reverse("notifications:list")


def test_mark_all_read(world, told, client):
    client.force_login(world.follower)

    response = client.post(reverse("notifications:read_all"), follow=True)

    assert response.status_code == 200
    assert not Notification.objects.filter(recipient=world.follower).unread().exists()
    assert "badge--count" not in response.content.decode()


def test_someone_elses_notification_is_a_404(world, told, client):
    client.force_login(world.stranger)

    response = client.post(reverse("notifications:read", args=[told[0].pk]))

    assert response.status_code == 404
    told[0].refresh_from_db()
    assert not told[0].is_read


def test_marking_read_needs_a_post(world, told, client):
    client.force_login(world.follower)

    assert client.get(reverse("notifications:read", args=[told[0].pk])).status_code == 405


def test_the_list_needs_a_sign_in(client, db):
    response = client.get(reverse("notifications:list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_preferences_show_one_labelled_choice_per_kind_and_save(client, db):
    user = UserFactory()
    client.force_login(user)

    page = client.get(reverse("notifications:preferences")).content.decode()
    assert page.count("<fieldset") == len(services.EMAIL_KINDS)
    assert f"<legend>{Kind.REPLY.label}:</legend>" in page

    data = dict.fromkeys(services.EMAIL_KINDS, Channel.DIGEST)
    data[Kind.MILESTONE] = Channel.OFF
    response = client.post(reverse("notifications:preferences"), data)

    assert response.status_code == 302
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    assert chosen[Kind.MILESTONE] == Channel.OFF
    assert chosen[Kind.REPLY] == Channel.DIGEST
    assert Kind.NEW_SOLUTION not in chosen  # unchanged from its default: no row


def test_preferences_refuse_an_unknown_channel_with_a_message(client, db):
    client.force_login(UserFactory())
    data = dict.fromkeys(services.EMAIL_KINDS, "sometimes")

    response = client.post(reverse("notifications:preferences"), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# --- Unsubscribing ---------------------------------------------------------------------------


def unsubscribe_url(user, kind=Kind.NEW_SOLUTION) -> str:
    token = tokens.unsubscribe_token(user=user, kind=kind)
    return reverse("notifications:unsubscribe", args=[token])


def test_the_unsubscribe_link_asks_first_without_a_sign_in(client, db):
    user = UserFactory()

    response = client.get(unsubscribe_url(user))

    assert response.status_code == 200
    assert "Stop these emails" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_confirming_turns_the_kind_off_without_a_sign_in(client, db):
    user = UserFactory()
    client.handler.enforce_csrf_checks = True  # as a mail client's one-click POST

    response = client.post(unsubscribe_url(user))

    assert response.status_code == 200
    assert services.selectors.preferences_of(user)[Kind.NEW_SOLUTION] == Channel.OFF
    assert services.selectors.preferences_of(user)[Kind.REPLY] == Channel.INSTANT


def test_the_digest_link_turns_off_every_kind_it_carries(client, db):
    user = UserFactory()

    client.post(unsubscribe_url(user, tokens.UNSUBSCRIBE_DIGEST))

    chosen = services.selectors.preferences_of(user)
    assert {kind for kind, channel in chosen.items() if channel == Channel.OFF} == {
        Kind.NEW_SOLUTION,
        Kind.COMMENT,
        Kind.PROJECT_STATUS,
        Kind.MILESTONE,
        Kind.NEW_MATCH,
    }
    assert chosen[Kind.REPLY] == Channel.INSTANT


@pytest.mark.parametrize(
    "token",
    [
        "tampered",
        "eyJ1IjoxLCJrIjoicmVwbHkifQ:1tX:forged-signature",
        "%00%ff",
        "a" * 3000,
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_gets_a_clear_page_never_an_error(client, db, token, method):
    response = getattr(client, method)(
        f"/notifications/unsubscribe/{token}/", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()


def test_a_token_signed_for_another_purpose_is_refused(client, db):
    from django.core import signing

    user = UserFactory()
    token = signing.dumps({"u": user.pk, "k": Kind.REPLY})  # no salt: not an unsubscribe token

    response = client.post(f"/notifications/unsubscribe/{token}/")

    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


# --- How the list reads (issue 16) ----------------------------------------------------------


def test_notifications_are_grouped_by_day_with_icons_and_the_object_as_link(
    world,
    told,
    client,
):
    earlier = told[0]
    Notification.objects.filter(pk=earlier.pk).update(created=timezone.now() - timedelta(days=1))
    world.follower.preferred_language = "vi"
    world.follower.save()
    client.force_login(world.follower)

    page = client.get(reverse("notifications:list")).content.decode()

    headings = re.findall(r'<h2 id="day-\d+" class="notification-day__title">([^<]+)</h2>', page)
    assert headings == ["Hôm nay", "Hôm qua"]
    assert page.count('class="notification__icon notification__icon--project_status"') == 2
    assert "img/notification-icons.svg#project_status" in page
    # The sentence is plain text; the link is the object's name.
    assert f'<a href="{world.project.get_absolute_url()}">{world.project.title}</a>' in page
    assert not re.search(r'<a href="[^"]*">[^<]*is now', page)
    assert "phút trước" in page or "vừa xong" in page


def test_on_a_phone_the_folded_menus_button_shows_the_unread_count_too(world, told, client):
    client.force_login(world.follower)

    page = client.get(reverse("home")).content.decode()

    summary = re.search(r'<summary class="site-menu__toggle">.*?</summary>', page, re.S).group(0)
    assert (
        '<span class="badge badge--count">2<span class="visually-hidden"> unread</span>' in summary
    )


def test_every_kind_of_notification_has_its_icon():
    from pathlib import Path
    from xml.etree import ElementTree

    from django.conf import settings

    sprite = Path(settings.BASE_DIR) / "static" / "img" / "notification-icons.svg"
    drawn = {
        symbol.get("id")
        for symbol in ElementTree.parse(sprite).getroot()
        if symbol.tag.endswith("symbol")
    }

    assert set(Kind.values) - drawn == set()
