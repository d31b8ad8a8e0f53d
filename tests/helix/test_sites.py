"""allauth names the site in its emails from the Sites record, which follows the settings."""

import re

import pytest
from django.contrib.sites.models import Site
from django.urls import reverse

from helix.apps import sync_site

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "lan@example.org",
    "display_name": "Nguyễn Thị Lan",
    "password1": "flood-Sensor-2026",
    "password2": "flood-Sensor-2026",
}


def test_the_site_record_follows_the_settings_after_migrate(settings):
    assert Site.objects.get_current().name == "Helix"
    assert Site.objects.get_current().domain == "127.0.0.1:8000"

    settings.HELIX_SITE_URL = "https://helix.binhduong.gov.vn"
    settings.HELIX_SITE_NAME = "Helix Bình Dương"
    from django.apps import apps

    sync_site(apps=apps)
    Site.objects.clear_cache()

    assert Site.objects.get_current().domain == "helix.binhduong.gov.vn"
    assert Site.objects.get_current().name == "Helix Bình Dương"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_sign_up_email_names_the_site_and_its_address(
    client, mailoutbox, django_capture_on_commit_callbacks, language
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE=language)

    body = mailoutbox[0].body
    assert not re.search(r"\s\.$", body, re.M), body  # no "…on ." with the address missing
    assert "127.0.0.1:8000." in body  # "…register an account on 127.0.0.1:8000."
    assert body.rstrip().endswith("127.0.0.1:8000")  # the footer's address
    assert "Helix!" in body


def test_every_email_allauth_sends_names_the_site(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    """Password reset (known and unknown address) and the rest share base_message.txt."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
        client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert "Helix!" in message.body
        assert message.body.rstrip().endswith("127.0.0.1:8000")
        assert "example.com" not in message.body
