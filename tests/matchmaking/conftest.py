import pytest

from matchmaking import services
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory


@pytest.fixture
def lab(db):
    """A verified university lab with flood expertise, and its owner."""
    lab = OrganisationFactory(
        name="Hydrology Lab",
        slug="hydrology-lab",
        sector="academia",
        district="thu-dau-mot",
        verified=True,
        description="Nghiên cứu thủy văn, cảnh báo ngập lụt và cảm biến mực nước.",
    )
    lab.expertise.set(["hydrology", "GIS", "flood sensors"])
    return lab


@pytest.fixture
def lab_owner(lab):
    return MembershipFactory(organisation=lab, role="owner").user


@pytest.fixture
def flood_project(db):
    project = ProjectFactory(
        title="Cảnh báo ngập lụt sớm",
        summary="Warn residents before the water rises.",
        description="Cảm biến mực nước trên sông Thị Tính, bản đồ GIS.",
        seeks_academia=True,
    )
    project.tags.set(["hydrology", "GIS"])
    return project


@pytest.fixture
def refreshed(lab, flood_project):
    services.matches_refresh_all()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the block queues on commit (the refresh tasks, eager here)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def _english(client):
    """Pages in English unless a test asks for Vietnamese."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient(HTTP_ACCEPT_LANGUAGE="en")
