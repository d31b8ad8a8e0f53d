"""The sign-in page in reading (and Tab) order: email, password, then "Forgot your password?"."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_password_comes_before_the_forgotten_password_link(client):
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    email = html.index('name="login"')
    password = html.index('name="password"')
    forgot = html.index(reverse("account_reset_password"))
    assert email < password < forgot


def test_the_password_field_is_described_by_its_help(client):
    html = client.get(reverse("account_login")).content.decode()

    field = re.search(r'<input[^>]*name="password"[^>]*>', html).group(0)
    assert 'aria-describedby="id_password_helptext"' in field
    assert 'id="id_password_helptext"' in html
