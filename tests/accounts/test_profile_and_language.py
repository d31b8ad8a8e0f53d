import pytest
from django.urls import reverse

from organisations.models import Role
from tests.factories import InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_my_helix_needs_a_signed_in_person(client):
    response = client.get(reverse("accounts:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_helix_lists_organisations_and_invitations_addressed_to_me(client, user):
    membership = MembershipFactory(user=user, role=Role.MANAGER)
    mine = InvitationFactory(email=user.email)
    InvitationFactory(email="someone-else@example.org")
    client.force_login(user)

    response = client.get(reverse("accounts:dashboard"))

    assert list(response.context["memberships"]) == [membership]
    assert response.context["waiting"].invitations == [mine]


def test_saving_the_profile_changes_name_and_language(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:dashboard"), {"display_name": "Trần Mai", "preferred_language": "vi"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Trần Mai", "vi")


@pytest.mark.parametrize(
    "data",
    [
        {"display_name": "", "preferred_language": "vi"},
        {"display_name": "A", "preferred_language": "fr"},
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(client, user, data):
    client.force_login(user)
    before = (user.display_name, user.preferred_language)

    response = client.post(reverse("accounts:dashboard"), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == before


def test_anonymous_visitors_get_vietnamese_by_default(client):
    response = client.get("/")

    assert response.headers["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_the_browser_language_is_honoured(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").headers["Content-Language"] == "en"


def test_switching_language_saves_it_on_the_account(client, user):
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "vi", "next": "/organisations/"})

    assert response.status_code == 302
    assert response.url == "/organisations/"
    user.refresh_from_db()
    assert user.preferred_language == "vi"


def test_a_signed_in_person_sees_their_own_language_whatever_the_browser_says(client, user):
    user.preferred_language = "vi"
    user.save()
    client.force_login(user)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.headers["Content-Language"] == "vi"


def test_an_unknown_language_is_ignored(client, user):
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    user.refresh_from_db()
    assert user.preferred_language == "en"
