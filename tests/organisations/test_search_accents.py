"""The organisation directory (site and API) finds words whatever the diacritics on either side,
in the name, the description or an expertise tag."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS = {
    "university": ("Đại học Thủ Dầu Một", "Phòng thí nghiệm môi trường", ["thủy văn", "GIS"]),
    "sensors": ("Saigon Sensors", "Cảm biến IoT cho ngập lụt", ["IoT"]),
    "residents": ("Hoi cu dan phuong Phu Cuong", "Tinh nguyen vien don duong", []),
}

CASES = {
    "Thu Dau Mot": {"university"},
    "thủ dầu một": {"university"},
    "dai hoc": {"university"},
    "ĐẠI HỌC": {"university"},
    "thuy van": {"university"},  # an expertise tag
    "gis": {"university"},
    "ngap lut": {"sensors"},
    "ngập": {"sensors"},
    "phú cường": {"residents"},  # an accented query finds unaccented text
    "đường": {"residents"},
    "duong": {"residents"},
    "sensors iot": {"sensors"},  # every word, in any of the fields
    "mot truong": {"university"},
    "nha may": set(),
    "%": set(),  # wildcards of LIKE are plain characters
    "_": set(),
}


@pytest.fixture
def organisations():
    made = {}
    for key, (name, description, tags) in ORGANISATIONS.items():
        made[key] = OrganisationFactory(name=name, description=description, verified=True)
        made[key].expertise.add(*tags)
    return made


@pytest.mark.parametrize(("query", "expected"), CASES.items())
def test_the_api_directory_ignores_diacritics(organisations, query, expected):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")

    results = api.get("/api/v1/organisations/", {"q": query}).json()["results"]

    found = {organisation["slug"] for organisation in results}
    assert found == {organisations[key].slug for key in expected}


@pytest.mark.parametrize(("query", "expected"), CASES.items())
def test_the_site_directory_ignores_diacritics(client, organisations, query, expected):
    page = client.get(reverse("organisations:list"), {"q": query}).content.decode()

    for key, organisation in organisations.items():
        assert (organisation.name in page) == (key in expected), organisation.name
