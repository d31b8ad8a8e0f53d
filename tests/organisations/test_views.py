"""Every organisation page and action, for every kind of visitor."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from organisations.models import Invitation, Membership, MembershipRequest, Organisation, Role
from tests.factories import InvitationFactory, MembershipRequestFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ANONYMOUS, OUTSIDER, MEMBER, MANAGER, OWNER, OTHER_OWNER, STAFF = (
    "anonymous",
    "outsider",
    "member",
    "manager",
    "owner",
    "other_owner",
    "staff",
)


@pytest.fixture
def as_visitor(client, request, organisation, owner):
    """Sign the client in as one kind of visitor (fixtures are made on demand)."""

    def sign_in(kind: str):
        if kind != ANONYMOUS:
            fixture = {OUTSIDER: "user"}.get(kind, kind)
            client.force_login(request.getfixturevalue(fixture))
        return client

    return sign_in


def png(size=(64, 64)) -> SimpleUploadedFile:
    """A PNG of noise, so that its size in bytes grows with its size in pixels."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


ORGANISATION_FORM = {
    "name": "SongFlow Technologies",
    "sector": "enterprise",
    "district": "thu-dau-mot",
    "description": "Flood sensors.",
    "website": "songflow.example.com",
    "expertise": "IoT, flood sensors",
}


# --- Pages for each visitor ------------------------------------------------------------------

PAGES = [
    # (url name, needs the organisation's slug, {visitor: expected status})
    ("organisations:list", False, {ANONYMOUS: 200, OUTSIDER: 200, MEMBER: 200}),
    ("organisations:detail", True, {ANONYMOUS: 200, OUTSIDER: 200, MEMBER: 200, STAFF: 200}),
    ("organisations:create", False, {ANONYMOUS: 302, OUTSIDER: 200, MEMBER: 200}),
    (
        "organisations:edit",
        True,
        {
            ANONYMOUS: 302,
            OUTSIDER: 403,
            MEMBER: 403,
            MANAGER: 200,
            OWNER: 200,
            OTHER_OWNER: 403,
            STAFF: 403,
        },
    ),
    (
        "organisations:members",
        True,
        {
            ANONYMOUS: 302,
            OUTSIDER: 403,
            MEMBER: 200,
            MANAGER: 200,
            OWNER: 200,
            OTHER_OWNER: 403,
            STAFF: 403,
        },
    ),
]


@pytest.mark.parametrize(
    ("url_name", "with_slug", "visitor", "status"),
    [(u, s, v, code) for u, s, expected in PAGES for v, code in expected.items()],
)
def test_page_access(as_visitor, organisation, url_name, with_slug, visitor, status):
    url = reverse(url_name, args=[organisation.slug] if with_slug else [])

    assert as_visitor(visitor).get(url).status_code == status


def test_an_unknown_organisation_is_a_404(client):
    assert client.get(reverse("organisations:detail", args=["nobody"])).status_code == 404


def test_an_unverified_organisation_says_so(client):
    organisation = OrganisationFactory()

    english = client.get(organisation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.get(organisation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi")

    assert "Not yet verified" in english.content.decode()
    assert "Chưa xác minh" in vietnamese.content.decode()


def test_members_see_who_else_is_a_member_and_the_public_only_a_count(
    client, organisation, owner, member
):
    public = client.get(organisation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(member)
    inside = client.get(organisation.get_absolute_url())

    assert owner.display_name not in public.content.decode()
    assert "2 members" in public.content.decode()
    assert owner.display_name in inside.content.decode()


# --- Registering and editing -----------------------------------------------------------------


def test_registering_an_organisation_with_a_logo(client, user):
    client.force_login(user)

    response = client.post(
        reverse("organisations:create"),
        {**ORGANISATION_FORM, "logo": png(), "logo_alt": "A blue wave over the letters SF"},
    )

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert organisation.website == "https://songflow.example.com"
    assert organisation.logo.name.startswith("logos/")
    assert Membership.objects.get(organisation=organisation).user == user


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "x" * 201),
        ("sector", "church"),
        ("district", "hanoi"),
        ("website", "javascript:alert(1)"),
        ("description", ""),
    ],
)
def test_bad_registration_input_is_a_form_error_and_saves_nothing(client, user, field, value):
    client.force_login(user)

    response = client.post(reverse("organisations:create"), {**ORGANISATION_FORM, field: value})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(client, user):
    client.force_login(user)
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")

    response = client.post(reverse("organisations:create"), {**ORGANISATION_FORM, "logo": fake})

    assert "logo" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_a_logo_over_2_mb_is_refused(client, user, settings):
    settings.HELIX_LOGO_MAX_BYTES = 1000
    client.force_login(user)

    response = client.post(
        reverse("organisations:create"), {**ORGANISATION_FORM, "logo": png((300, 300))}
    )

    assert "logo" in response.context["form"].errors


def test_script_in_a_description_is_shown_as_text(client, organisation):
    organisation.description = "<script>alert('x')</script>"
    organisation.save()

    page = client.get(organisation.get_absolute_url()).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_a_manager_edits_the_profile(client, organisation, manager):
    client.force_login(manager)

    response = client.post(
        reverse("organisations:edit", args=[organisation.slug]),
        {**ORGANISATION_FORM, "name": "Renamed"},
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Renamed"
    assert organisation.slug != "renamed"  # links stay stable


def test_a_member_cannot_edit_by_posting(client, organisation, member):
    client.force_login(member)

    response = client.post(
        reverse("organisations:edit", args=[organisation.slug]),
        {**ORGANISATION_FORM, "name": "Hijacked"},
    )

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name != "Hijacked"


# --- Invitations -----------------------------------------------------------------------------


def test_a_manager_invites_a_colleague(
    client, organisation, manager, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisations:members", args=[organisation.slug]),
            {"email": "colleague@example.org", "role": "member"},
        )

    assert response.status_code == 302
    assert Invitation.objects.get().email == "colleague@example.org"
    assert mailoutbox[0].to == ["colleague@example.org"]


@pytest.mark.parametrize(
    "data", [{"email": "nope", "role": "member"}, {"email": "a@b.org", "role": "owner"}]
)
def test_bad_invitations_are_form_errors(client, organisation, manager, data):
    client.force_login(manager)

    response = client.post(reverse("organisations:members", args=[organisation.slug]), data)

    assert response.status_code == 200
    assert response.context["invite_form"].errors
    assert not Invitation.objects.exists()


def test_a_member_cannot_invite_by_posting(client, organisation, member):
    client.force_login(member)

    response = client.post(
        reverse("organisations:members", args=[organisation.slug]),
        {"email": "colleague@example.org", "role": "member"},
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def invitation_link(client, organisation, manager, mailoutbox, capture) -> str:
    client.force_login(manager)
    with capture(execute=True):
        client.post(
            reverse("organisations:members", args=[organisation.slug]),
            {"email": "colleague@example.org", "role": "member"},
        )
    client.logout()
    return mailoutbox[0].body.split("http://127.0.0.1:8000", 1)[1].split()[0]


def test_the_addressee_accepts_from_the_emailed_link(
    client, organisation, manager, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    path = invitation_link(
        client, organisation, manager, mailoutbox, django_capture_on_commit_callbacks
    )
    colleague = UserFactory(email="colleague@example.org")
    client.force_login(colleague)

    assert client.get(path).status_code == 200
    response = client.post(path, {"answer": "accept"})

    assert response.status_code == 302
    assert organisation.memberships.filter(user=colleague, role=Role.MEMBER).exists()


def test_an_outsider_sees_no_invitation(
    client, organisation, manager, user, mailoutbox, django_capture_on_commit_callbacks
):
    path = invitation_link(
        client, organisation, manager, mailoutbox, django_capture_on_commit_callbacks
    )
    client.force_login(user)

    assert client.get(path).status_code == 404
    assert client.post(path, {"answer": "accept"}).status_code == 404
    assert not organisation.memberships.filter(user=user).exists()


def test_an_anonymous_visitor_is_asked_to_sign_in(
    client, organisation, manager, mailoutbox, django_capture_on_commit_callbacks
):
    path = invitation_link(
        client, organisation, manager, mailoutbox, django_capture_on_commit_callbacks
    )

    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_made_up_token_is_a_404(client, user):
    client.force_login(user)

    assert client.get(reverse("organisations:invitation", args=["made-up"])).status_code == 404


def test_the_addressee_answers_from_my_helix_too(client, organisation, user):
    invitation = InvitationFactory(organisation=organisation, email=user.email)
    client.force_login(user)

    response = client.post(
        reverse("organisations:invitation_by_id", args=[invitation.pk]), {"answer": "decline"}
    )

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED


def test_an_invitation_id_of_someone_else_is_a_404(client, organisation, user):
    invitation = InvitationFactory(organisation=organisation)
    client.force_login(user)

    assert (
        client.get(reverse("organisations:invitation_by_id", args=[invitation.pk])).status_code
        == 404
    )


def test_a_manager_revokes_an_invitation(client, organisation, manager):
    invitation = InvitationFactory(organisation=organisation)
    client.force_login(manager)

    client.post(reverse("organisations:invitation_revoke", args=[organisation.slug, invitation.pk]))

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED


def test_revoking_another_organisations_invitation_is_a_404(client, organisation, manager):
    elsewhere = InvitationFactory()
    client.force_login(manager)

    response = client.post(
        reverse("organisations:invitation_revoke", args=[organisation.slug, elsewhere.pk])
    )

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Invitation.Status.PENDING


# --- Requests, roles, leaving ----------------------------------------------------------------


def test_asking_to_join_and_being_approved(client, organisation, owner, user):
    client.force_login(user)
    client.post(reverse("organisations:request", args=[organisation.slug]), {"message": "Hello"})
    join_request = MembershipRequest.objects.get()
    client.force_login(owner)

    client.post(reverse("organisations:request_approve", args=[organisation.slug, join_request.pk]))

    assert organisation.memberships.filter(user=user, role=Role.MEMBER).exists()


def test_asking_twice_shows_a_message_and_keeps_one_request(client, organisation, user):
    client.force_login(user)
    url = reverse("organisations:request", args=[organisation.slug])

    client.post(url, {"message": "Hello"})
    response = client.post(url, {"message": "Hello again"}, follow=True)

    assert MembershipRequest.objects.count() == 1
    assert "already waiting" in response.content.decode()


def test_a_message_too_long_is_refused(client, organisation, user):
    client.force_login(user)

    client.post(reverse("organisations:request", args=[organisation.slug]), {"message": "x" * 1001})

    assert not MembershipRequest.objects.exists()


def test_requests_need_a_post(client, organisation, user):
    client.force_login(user)

    assert client.get(reverse("organisations:request", args=[organisation.slug])).status_code == 405


def test_a_member_cannot_approve_requests_by_posting(client, organisation, member):
    join_request = MembershipRequestFactory(organisation=organisation)
    client.force_login(member)

    response = client.post(
        reverse("organisations:request_approve", args=[organisation.slug, join_request.pk])
    )

    assert response.status_code == 403
    join_request.refresh_from_db()
    assert join_request.status == MembershipRequest.Status.PENDING


def test_an_owner_changes_a_role(client, organisation, owner, member):
    membership = Membership.objects.get(user=member)
    client.force_login(owner)

    client.post(
        reverse("organisations:member_role", args=[organisation.slug, membership.pk]),
        {"role": "manager"},
    )

    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_an_unknown_role_changes_nothing(client, organisation, owner, member):
    membership = Membership.objects.get(user=member)
    client.force_login(owner)

    client.post(
        reverse("organisations:member_role", args=[organisation.slug, membership.pk]),
        {"role": "king"},
    )

    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_the_last_owner_cannot_demote_themselves(client, organisation, owner):
    membership = Membership.objects.get(user=owner)
    client.force_login(owner)

    response = client.post(
        reverse("organisations:member_role", args=[organisation.slug, membership.pk]),
        {"role": "member"},
        follow=True,
    )

    membership.refresh_from_db()
    assert membership.role == Role.OWNER
    assert "at least one owner" in response.content.decode()


def test_a_manager_cannot_change_roles(client, organisation, manager, member):
    membership = Membership.objects.get(user=member)
    client.force_login(manager)

    response = client.post(
        reverse("organisations:member_role", args=[organisation.slug, membership.pk]),
        {"role": "owner"},
    )

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_the_last_owner_is_told_they_cannot_leave(client, organisation, owner):
    client.force_login(owner)

    response = client.post(reverse("organisations:leave", args=[organisation.slug]), follow=True)

    assert "last owner" in response.content.decode()
    assert organisation.memberships.filter(user=owner).exists()


def test_a_member_leaves(client, organisation, member):
    client.force_login(member)

    response = client.post(reverse("organisations:leave", args=[organisation.slug]))

    assert response.status_code == 302
    assert not organisation.memberships.filter(user=member).exists()


def test_leaving_an_organisation_one_is_not_in_is_a_404(client, organisation, user):
    client.force_login(user)

    assert client.post(reverse("organisations:leave", args=[organisation.slug])).status_code == 404


def test_removing_a_member_of_another_organisation_is_refused(
    client, organisation, owner, other_owner
):
    client.force_login(other_owner)
    membership = Membership.objects.get(user=owner)

    response = client.post(
        reverse("organisations:member_remove", args=[organisation.slug, membership.pk])
    )

    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()
