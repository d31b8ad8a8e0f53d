"""Every project search ignores diacritics on either side: the selector, the site's list (`q`)
and the API (`q`), on SQLite (folded in Python) and on PostgreSQL (the stored vector folded by
`helix_unaccent`, tests/projects/test_search.py checks its index)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects import selectors
from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "flooding": (
        "Chống ngập lụt ở Thủ Dầu Một",
        "Cảm biến mực nước",
        "Trên đường Đại lộ Bình Dương",
    ),
    "typed bare": ("Nha may nuoc sach", "Khu pho 3", "Loc nuoc cho phuong Hiep Thanh"),
    "english": ("Flood sensors", "For ward 3", "Water levels, sent hourly"),
    "bus": ("Xe buýt điện", "Tuyến số 1", "Giảm khói bụi"),
}

# query -> the projects it finds
CASES = {
    "ngap lut": {"flooding"},
    "ngập lụt": {"flooding"},
    "NGẬP LỤT": {"flooding"},
    "Thu Dau Mot": {"flooding"},
    "thủ dầu một": {"flooding"},
    "duong": {"flooding"},  # đường (đ -> d) and Dương
    "Đường": {"flooding"},
    "dai lo binh duong": {"flooding"},
    "muc nuoc": {"flooding"},
    "nước sạch": {"typed bare"},  # an accented query finds unaccented text
    "nuoc": {"flooding", "typed bare"},
    "hiệp thành": {"typed bare"},
    "xe buyt dien": {"bus"},
    "khoi bui": {"bus"},
    "flood": {"english"},
    "Flood sensors": {"english"},
    "tàu điện": set(),
    "%": set(),  # wildcards of LIKE are plain characters
    "_": set(),
}


@pytest.fixture
def projects():
    return {
        key: ProjectFactory(title=title, summary=summary, description=description)
        for key, (title, summary, description) in TEXTS.items()
    }


def _keys(projects, titles) -> set[str]:
    by_title = {project.title: key for key, project in projects.items()}
    return {by_title[title] for title in titles}


@pytest.mark.parametrize(("query", "expected"), CASES.items())
def test_the_selector_ignores_diacritics(projects, query, expected):
    found = selectors.search_projects(Project.objects.all(), query).values_list("title", flat=True)

    assert _keys(projects, found) == expected


@pytest.mark.parametrize(("query", "expected"), CASES.items())
def test_the_api_search_ignores_diacritics(projects, query, expected):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")

    results = api.get("/api/v1/projects/", {"q": query}).json()["results"]

    assert _keys(projects, [project["title"] for project in results]) == expected


SITE_CASES = [("ngap lut", "flooding"), ("Thu Dau Mot", "flooding"), ("nước sạch", "typed bare")]


@pytest.mark.parametrize(("query", "expected"), SITE_CASES)
def test_the_site_list_ignores_diacritics(client, projects, query, expected):
    page = client.get(reverse("projects:list"), {"q": query}).content.decode()

    for key, project in projects.items():
        assert (project.title in page) == (key == expected), project.title
