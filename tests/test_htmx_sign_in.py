"""A button pressed after the session expired leads to the sign-in page, then back."""

import pytest
from django.urls import reverse

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_an_htmx_request_that_needs_a_sign_in_redirects_the_whole_page(client):
    project = ProjectFactory()
    page = project.get_absolute_url()

    response = client.post(
        reverse("projects:support", args=[project.slug]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('account_login')}?next={page}"


def test_a_plain_request_keeps_the_ordinary_redirect(client):
    project = ProjectFactory()

    response = client.post(reverse("projects:support", args=[project.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "HX-Redirect" not in response
