"""Staff sign-in (issue 11, section 3): the admin has no password form of its own, shares the
site's lockouts, and opens only for staff with a second factor (helix/admin_site.py)."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, StaffFactory, UserFactory, totp_code

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
SIGN_IN = reverse("account_login")
MFA_AUTHENTICATE = reverse("mfa_authenticate")
ACTIVATE_TOTP = reverse("mfa_activate_totp")


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def admin_urls(staff) -> list[str]:
    """Every page of the admin: its index, each app's, each model's list, add and change page,
    and the admin's own password change."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse("admin:app_list", args=[opts.app_label]))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    urls.append(reverse("admin:accounts_user_change", args=[staff.pk]))
    return sorted(set(urls))


# --- One way in ---------------------------------------------------------------------------


def test_the_admin_sends_its_sign_in_to_the_sites_keeping_next(client):
    for response in (
        client.get(ADMIN_LOGIN, {"next": "/admin/projects/project/"}),
        client.post(f"{ADMIN_LOGIN}?next=/admin/projects/project/", {}),
    ):
        assert response.status_code == 302
        assert response.url == f"{SIGN_IN}?next=%2Fadmin%2Fprojects%2Fproject%2F"

    response = client.get("/admin/projects/project/")
    assert response.url.startswith(ADMIN_LOGIN)
    assert client.get(response.url).url == f"{SIGN_IN}?next=%2Fadmin%2Fprojects%2Fproject%2F"


def test_the_admins_sign_in_does_not_send_anyone_elsewhere(client):
    response = client.get(ADMIN_LOGIN, {"next": "https://evil.example/admin/"})

    assert response.url == f"{SIGN_IN}?next=%2Fadmin%2F"


def test_forty_wrong_passwords_at_the_admin_cannot_get_through(client):
    staff = StaffFactory()
    for i in range(40):
        client.post(ADMIN_LOGIN, {"username": staff.email, "password": f"guess-{i}"})
    client.post(ADMIN_LOGIN, {"username": staff.email, "password": PASSWORD})

    assert not signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def wrong(client, email: str, address: str) -> None:
    response = client.post(
        SIGN_IN, {"login": email, "password": "not-the-password"}, REMOTE_ADDR=address
    )
    assert response.status_code == 200  # the form again, with its error


def right(client, user, address: str):
    return client.post(SIGN_IN, {"login": user.email, "password": PASSWORD}, REMOTE_ADDR=address)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_the_account(client):
    staff = StaffFactory()
    for i in range(5):
        wrong(client, staff.email, f"198.51.100.{i}")  # from five addresses

    response = right(client, staff, "203.0.113.50")  # from a sixth one

    assert not signed_in(client)
    assert "Too many failed login attempts" in response.content.decode()
    other = StaffFactory()  # another account is not locked
    assert right(client, other, "203.0.113.50").url == MFA_AUTHENTICATE


def test_after_ten_wrong_passwords_the_address_is_refused_for_every_account(client):
    for i in range(10):
        wrong(client, f"someone{i}@example.org", "198.51.100.7")
    staff = StaffFactory()

    response = right(client, staff, "198.51.100.7")

    assert not signed_in(client)
    assert "Too many failed login attempts" in response.content.decode()
    assert right(client, staff, "198.51.100.8").url == MFA_AUTHENTICATE  # the account is not


def test_a_forged_forwarded_for_does_not_reset_the_address_lockout(client):
    for i in range(10):
        client.post(
            SIGN_IN,
            {"login": f"someone{i}@example.org", "password": "x"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        )
    staff = StaffFactory()

    response = client.post(
        SIGN_IN,
        {"login": staff.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )

    assert "Too many failed login attempts" in response.content.decode()


def test_behind_a_trusted_proxy_the_lockout_counts_the_client_not_the_proxy(client, settings):
    settings.HELIX_TRUSTED_PROXIES = ["10.0.0.1"]
    for i in range(10):
        client.post(
            SIGN_IN,
            {"login": f"someone{i}@example.org", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.66",
        )
    staff = StaffFactory()

    def through_proxy(client_address: str):
        return client.post(
            SIGN_IN,
            {"login": staff.email, "password": PASSWORD},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=client_address,
        )

    assert "Too many failed login attempts" in through_proxy("203.0.113.66").content.decode()
    assert through_proxy("203.0.113.67").url == MFA_AUTHENTICATE


# --- The second factor ----------------------------------------------------------------------


def test_an_account_with_totp_must_give_the_code_at_sign_in(client):
    staff = StaffFactory()

    response = client.post(f"{SIGN_IN}?next=/admin/", {"login": staff.email, "password": PASSWORD})
    assert response.url == MFA_AUTHENTICATE
    assert not signed_in(client)
    assert client.get(reverse("admin:index")).status_code == 302

    assert client.post(MFA_AUTHENTICATE, {"code": "000000"}).status_code == 200
    assert not signed_in(client)

    response = client.post(MFA_AUTHENTICATE, {"code": totp_code()})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_also_passes_the_stage(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    staff = StaffFactory()
    codes = RecoveryCodes(
        Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    client.post(SIGN_IN, {"login": staff.email, "password": PASSWORD})

    client.post(MFA_AUTHENTICATE, {"code": codes[0]})

    assert signed_in(client)


@pytest.mark.parametrize("kind", ["staff", "superuser"])
def test_staff_without_totp_cannot_open_any_admin_page(client, kind):
    staff = UserFactory(is_staff=True, is_superuser=kind == "superuser", totp=False)
    client.force_login(staff)

    for url in admin_urls(staff):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(ADMIN_LOGIN), url
    response = client.post(reverse("admin:accounts_user_change", args=[staff.pk]), {})
    assert response.status_code == 302


def test_staff_without_totp_are_sent_to_set_one_up_with_a_message(client):
    staff = StaffFactory(totp=False)
    client.force_login(staff)

    assert client.get(reverse("admin:index")).url == f"{ADMIN_LOGIN}?next=/admin/"
    assert client.get(f"{ADMIN_LOGIN}?next=/admin/").url == ACTIVATE_TOTP

    response = client.get(ACTIVATE_TOTP, follow=True)  # asks for the password again first
    assert "The staff desk needs a second factor" in response.content.decode()


def test_staff_with_totp_open_every_admin_page(client):
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)

    for url in admin_urls(staff):
        assert client.get(url).status_code in (200, 403), url


def test_a_signed_in_person_who_is_not_staff_gets_a_403_not_a_password_form(client):
    client.force_login(UserFactory())

    assert client.get(reverse("admin:index")).status_code == 302
    response = client.get(ADMIN_LOGIN)

    assert response.status_code == 403
    assert b'name="password"' not in response.content


def test_the_second_factor_is_optional_for_everyone_else(client):
    person = UserFactory()
    assert not Authenticator.objects.filter(user=person).exists()
    client.post(SIGN_IN, {"login": person.email, "password": PASSWORD})

    assert signed_in(client)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("mfa_index") in page


# --- Staff powers outside the admin need the second factor too ------------------------------


def test_staff_without_totp_have_no_staff_powers_on_the_site_or_in_the_api(client):
    from projects.models import Project
    from tests.factories import OrganisationFactory, ProjectFactory

    project = ProjectFactory(organisation=OrganisationFactory(verified=True))
    draft = ProjectFactory(status=Project.Status.DRAFT)
    staff = StaffFactory(totp=False)
    assert staff.has_perm("projects.change_project")  # the Government staff group's
    client.force_login(staff)

    client.post(reverse("projects:move", args=[project.slug]), {"to": "in_review"})
    project.refresh_from_db()
    assert project.status != Project.Status.IN_REVIEW
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/api/v1/me/").json()["government_staff"] is False

    with_totp = StaffFactory()
    client.force_login(with_totp)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get("/api/v1/me/").json()["government_staff"] is True
