import pytest
from rest_framework.test import APIClient

from organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def _generous_throttling(settings):
    """The suite sends many requests a minute; the throttling tests set their own rates."""
    settings.HELIX_API_THROTTLE_RATES = {
        "anon": "100000/min",
        "user": "100000/min",
        "key": "100000/min",
    }


@pytest.fixture
def api():
    """Asks for English (anonymous visitors otherwise get Vietnamese, the default)."""
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def as_role(api, organisation):
    """Sign the client in as one of the matrix's roles; returns the user (None if anonymous).

    `organisation` owns the projects under test; `other_owner` owns another organisation.
    """

    def sign_in(role: str):
        user = {
            "anonymous": lambda: None,
            "citizen": UserFactory,
            "member": lambda: MembershipFactory(organisation=organisation, role=Role.MEMBER).user,
            "owner": lambda: MembershipFactory(organisation=organisation, role=Role.OWNER).user,
            "other_owner": lambda: (
                MembershipFactory(
                    organisation=OrganisationFactory(verified=True), role=Role.OWNER
                ).user
            ),
            "staff": StaffFactory,
        }[role]()
        if user is not None:
            api.force_authenticate(user)
        return user

    return sign_in


ROLES = ["anonymous", "citizen", "member", "owner", "other_owner", "staff"]
