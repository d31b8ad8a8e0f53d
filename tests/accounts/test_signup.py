"""Sign-up → email confirmation → sign-in, through allauth as configured for Helix."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "lan@example.org",
    "display_name": "Nguyễn Thị Lan",
    "password1": "flood-Sensor-2026",
    "password2": "flood-Sensor-2026",
}


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the queued emails) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_signup_sends_a_confirmation_email_and_does_not_sign_in(client, mailoutbox, committed):
    with committed():
        response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="lan@example.org")
    assert user.display_name == "Nguyễn Thị Lan"
    assert not EmailAddress.objects.get(user=user).verified
    assert [m.to for m in mailoutbox] == [["lan@example.org"]]
    assert "/accounts/confirm-email/" in mailoutbox[0].body
    assert client.get(reverse("accounts:dashboard")).status_code == 302  # not signed in


def test_confirming_the_email_signs_in_and_opens_my_helix(client, mailoutbox, committed):
    with committed():
        client.post(reverse("account_signup"), SIGNUP)
    path = confirmation_path(mailoutbox[0])

    assert client.get(path).status_code == 200
    response = client.post(path)

    assert response.status_code == 302
    assert response.url == reverse("accounts:dashboard")
    assert EmailAddress.objects.get(email="lan@example.org").verified
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_a_confirmed_person_signs_in_with_email_and_password(client, user):
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a-Strong-pass-123"}
    )

    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).context["user"] == user


def test_an_unconfirmed_person_cannot_sign_in(client, mailoutbox, committed):
    person = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)

    with committed():
        response = client.post(
            reverse("account_login"), {"login": person.email, "password": "a-Strong-pass-123"}
        )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert len(mailoutbox) == 1  # the confirmation is sent again


def test_signup_in_vietnamese_keeps_vietnamese_as_the_preferred_language(
    client, mailoutbox, committed
):
    with committed():
        client.post(reverse("account_signup"), SIGNUP, HTTP_ACCEPT_LANGUAGE="vi")

    assert User.objects.get(email="lan@example.org").preferred_language == "vi"
    assert "Xác nhận" in mailoutbox[0].subject or "xác nhận" in mailoutbox[0].body.lower()


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not-an-email"), ("display_name", "   "), ("password2", "something-else-1")],
)
def test_bad_signup_input_shows_a_form_error_and_saves_nothing(client, mailoutbox, field, value):
    response = client.post(reverse("account_signup"), {**SIGNUP, field: value})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.exists()
    assert mailoutbox == []


def test_an_email_already_registered_cannot_sign_up_again(client, user, mailoutbox, committed):
    with committed():
        response = client.post(reverse("account_signup"), {**SIGNUP, "email": user.email.upper()})

    assert User.objects.filter(email__iexact=user.email).count() == 1
    # As for a new address (nobody can probe who has an account); the owner is told by email.
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert mailoutbox[0].to == [user.email]
    assert "already" in mailoutbox[0].body


def test_password_reset_mails_a_link_that_sets_a_new_password(client, user, mailoutbox, committed):
    with committed():
        client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body)

    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    client.post(form_url, {"password1": "new-Pass-word-99", "password2": "new-Pass-word-99"})

    user.refresh_from_db()
    assert user.check_password("new-Pass-word-99")


def test_password_change_requires_the_old_password(client, user):
    client.force_login(user)
    url = reverse("account_change_password")

    bad = client.post(
        url, {"oldpassword": "wrong", "password1": "x-New-pass-1", "password2": "x-New-pass-1"}
    )
    good = client.post(
        url,
        {
            "oldpassword": "a-Strong-pass-123",
            "password1": "x-New-pass-1",
            "password2": "x-New-pass-1",
        },
    )

    assert bad.status_code == 200
    assert bad.context["form"].errors
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.check_password("x-New-pass-1")


def test_sign_out_needs_a_post(client, user):
    client.force_login(user)

    client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session


def test_account_emails_speak_the_account_holders_language(client, user, mailoutbox, committed):
    user.preferred_language = "vi"
    user.save()

    with committed():
        client.post(
            reverse("account_reset_password"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert "Xin chào từ Helix!" in mailoutbox[0].body
