"""Bad input is a 400 in the error shape with a field message, never a 500 (issue 11, §4).

The rules live in one place each: the JSON parser (depth, and every text of a body),
the query-string middleware (every parameter), core/text.py (what text is accepted, also
used by the web forms), the pagination (page_size, cursor) and the filter backend (choices).
"""

import base64
import json

import pytest
from django.test import Client
from django.urls import path

from api.parsers import MAX_DEPTH
from tests.factories import OrganisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

RLO = "\u202e"
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", RLO, "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c"]  # fmt: skip
NEW_PROJECT = {
    "kind": "challenge",
    "title": "Cooler bus stops",
    "summary": "Shade and water at the hottest stops.",
    "description": "Start with the market.",
    "theme": "smart-mobility",
    "district": "thu-dau-mot",
}


def _error(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert {"type", "detail", "errors"} <= set(body)
    return body


@pytest.fixture
def signed_in(api, owner):
    api.force_authenticate(owner)
    return api


def _post_json(api, url: str, raw: str):
    return api.generic("POST", url, raw, content_type="application/json")


# --- Depth ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_a_deeply_nested_body_is_a_400_parse_error(signed_in, depth):
    for raw in ("[" * depth + "]" * depth, '{"a":' * depth + "1" + "}" * depth):
        body = _error(_post_json(signed_in, "/api/v1/projects/", raw))

        assert body["type"] == "parse_error"
        assert str(MAX_DEPTH) in body["detail"]


def test_brackets_inside_strings_do_not_count_as_depth(signed_in, organisation):
    title = "[" * 200 + '{"\\"' * 50
    response = signed_in.post(
        "/api/v1/projects/",
        {**NEW_PROJECT, "organisation": organisation.slug, "title": title[:160]},
        format="json",
    )

    assert response.status_code == 201, response.content


def test_a_body_at_the_maximum_depth_is_parsed(signed_in):
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    body = _error(_post_json(signed_in, "/api/v1/projects/", f'{{"tags": {nested}}}'))

    assert body["type"] == "validation_error"  # parsed, then refused by the serializer


# --- NUL and lone surrogates in bodies ------------------------------------------------------------


@pytest.mark.parametrize("value", ["\x00", "ioc\x00", "\x00' OR 1=1 --"])
def test_a_nul_in_an_organisation_slug_is_a_400_on_that_field(signed_in, organisation, value):
    project = ProjectFactory()
    university = OrganisationFactory(verified=True)
    cases = [
        ("/api/v1/projects/", {**NEW_PROJECT, "organisation": value}, "organisation"),
        (
            f"/api/v1/projects/{project.slug}/solutions/",
            {**NEW_PROJECT, "lead_organisation": value},
            "lead_organisation",
        ),
        (
            f"/api/v1/projects/{project.slug}/solutions/",
            {
                **NEW_PROJECT,
                "partners": [
                    {"organisation": university.slug, "role": "pilot"},
                    {"organisation": value, "role": "pilot"},
                ],
            },
            "partners.1.organisation",
        ),
    ]
    for url, data, field in cases:
        body = _error(signed_in.post(url, data, format="json"))

        assert body["errors"] == {field: ["Null characters are not allowed."]}


def test_a_nul_anywhere_in_a_body_is_refused_keys_and_unknown_fields_included(signed_in):
    for data in ({"title": "a\x00b"}, {"x\x00": 1}, {"unknown": ["ok", "\x00"]}):
        body = _error(signed_in.post("/api/v1/projects/", data, format="json"))

        assert "Null characters are not allowed." in json.dumps(body["errors"])


def test_a_lone_surrogate_in_a_body_is_refused(signed_in, organisation):
    raw = json.dumps({**NEW_PROJECT, "organisation": organisation.slug, "summary": "\ud800"})
    body = _error(_post_json(signed_in, "/api/v1/projects/", raw))

    assert list(body["errors"]) == ["summary"]


# --- NUL in query strings and paths ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=flood%00",
        "theme=%00",
        "ordering=%00",
        "cursor=%00",
        "page_size=%00",
        "unknown=%00",
        "%00=1",
        f"q=a{RLO}b",
    ],
)
@pytest.mark.parametrize("url", ["/api/v1/projects/", "/api/v1/organisations/"])
def test_a_nul_or_bidi_control_in_any_query_parameter_is_a_400(api, url, query):
    body = _error(api.get(f"{url}?{query}"))

    assert body["type"] == "validation_error"
    assert len(body["errors"]) == 1


def test_a_cursor_that_carries_a_nul_is_refused(api):
    ProjectFactory.create_batch(2)
    for value in ("\x00", "\ud800"):
        data = json.dumps({"o": "title", "v": value, "id": 1}).encode()
        cursor = base64.urlsafe_b64encode(data).decode()

        body = _error(api.get(f"/api/v1/projects/?ordering=title&cursor={cursor}"))

        assert list(body["errors"]) == ["cursor"]


@pytest.mark.parametrize(
    "url", ["/api/v1/projects/a%00b/", "/api/v1/organisations/%00/", "/api/v1/solutions/1%00/"]
)
def test_a_nul_in_a_path_lookup_is_a_404(api, url):
    assert _error(api.get(url), 404)["type"] == "not_found"


# --- Bidi controls --------------------------------------------------------------------------------


@pytest.mark.parametrize("control", BIDI)
def test_bidi_controls_are_refused_in_titles_slugs_tags_and_roles(signed_in, organisation, control):
    project = ProjectFactory()
    cases = [
        ("/api/v1/projects/", {**NEW_PROJECT, "organisation": organisation.slug,
                               "title": f"Bus {control}stops"}, "title"),
        ("/api/v1/projects/", {**NEW_PROJECT, "organisation": organisation.slug,
                               "tags": ["ok", f"{control}x"]}, "tags.1"),
        ("/api/v1/projects/", {**NEW_PROJECT, "organisation": f"{organisation.slug}{control}"},
         "organisation"),
        (f"/api/v1/projects/{project.slug}/solutions/",
         {**NEW_PROJECT, "partners": [{"organisation": "x", "role": f"{control}pilot"}]},
         "partners.0.role"),
    ]  # fmt: skip
    for url, data, field in cases:
        body = _error(signed_in.post(url, data, format="json"))

        assert field in body["errors"], body
        assert "Direction control characters" in body["errors"][field][0]


def test_bidi_controls_are_allowed_in_long_free_text(signed_in, organisation):
    quoted = "The sign reads \u2067\u05e9\u05dc\u05d5\u05dd\u2069 \u200f."
    response = signed_in.post(
        "/api/v1/projects/",
        {**NEW_PROJECT, "organisation": organisation.slug, "summary": quoted,
         "description": quoted},
        format="json",
    )  # fmt: skip

    assert response.status_code == 201, response.content
    assert response.json()["description"] == quoted


# --- Query parameters the schema restricts -----------------------------------------------------


@pytest.mark.parametrize(
    "value", ["0", "-5", "abc", "1000", "101", "", "1.5", " 7", "+7", "٣", "1" * 5000]
)
@pytest.mark.parametrize("url", ["/api/v1/projects/", "/api/v1/organisations/"])
def test_a_page_size_outside_1_to_100_is_a_400(api, url, value):
    body = _error(api.get(url, {"page_size": value}))

    assert body["errors"] == {"page_size": ["Give a whole number from 1 to 100."]}


@pytest.mark.parametrize("value", ["1", "100", "024"])
def test_a_page_size_from_1_to_100_is_used(api, value):
    ProjectFactory.create_batch(2)

    response = api.get("/api/v1/projects/", {"page_size": value})

    assert response.status_code == 200
    assert len(response.json()["results"]) == min(int(value), 2)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/api/v1/projects/", "theme="),
        ("/api/v1/projects/", "status="),
        ("/api/v1/projects/", "theme=nonsense"),
        ("/api/v1/organisations/", "sector="),
        ("/api/v1/organisations/", "verified=maybe"),
        ("/api/v1/projects/", "ordering="),
        ("/api/v1/projects/", "ordering=nonsense"),
        ("/api/v1/projects/", "cursor=nonsense"),
    ],
)
def test_an_empty_or_unknown_choice_is_a_400(api, url, query):
    body = _error(api.get(f"{url}?{query}"))

    assert list(body["errors"]) == [query.split("=")[0]]


# --- Server errors --------------------------------------------------------------------------------


def _boom(request):
    raise RuntimeError("the disk is on fire")


urlpatterns = [path("api/v1/boom/", _boom), path("boom/", _boom)]
handler500 = "api.views.server_error"


@pytest.fixture
def crashing(settings):
    import helix.urls

    settings.ROOT_URLCONF = __name__
    urlpatterns.extend(helix.urls.urlpatterns)
    yield Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    del urlpatterns[2:]


def test_a_server_error_under_api_answers_the_error_shape_with_an_id(crashing, caplog):
    response = crashing.get("/api/v1/boom/")

    body = _error(response, 500)
    assert response["Content-Type"] == "application/json"
    assert body["type"] == "server_error"
    assert body["error_id"] in body["detail"]
    assert response["X-Error-Id"] == body["error_id"]
    logged = [r for r in caplog.records if body["error_id"] in r.getMessage()]
    assert logged
    assert "the disk is on fire" in str(logged[0].exc_info[1])


def test_a_server_error_outside_the_api_stays_the_sites_page(crashing):
    response = crashing.get("/boom/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


class _CrashingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise RuntimeError("a middleware failed")


def test_a_server_error_in_a_middleware_under_api_answers_the_error_shape(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}._CrashingMiddleware"]
    client = Client(raise_request_exception=False)

    body = _error(client.get("/api/v1/projects/"), 500)

    assert body["type"] == "server_error"
    assert body["error_id"]


@pytest.mark.parametrize("lookup", ["\x00" * 12, "abc\x00ef012345", "zzzzzzzzzzzz"])
def test_an_api_key_with_a_nul_is_a_401(lookup):
    client = Client(HTTP_AUTHORIZATION=f"Bearer hx_{lookup}_secret", HTTP_ACCEPT_LANGUAGE="en")

    body = _error(client.get("/api/v1/projects/"), 401)

    assert body["type"] == "authentication_failed"


@pytest.mark.parametrize("parent", [2**63, 10**30, -(2**63) - 1])
def test_an_id_beyond_the_databases_integers_is_a_400(signed_in, parent):
    project = ProjectFactory()

    body = _error(
        signed_in.post(
            f"/api/v1/projects/{project.slug}/comments/",
            {"body": "Hello", "parent": parent},
            format="json",
        )
    )

    assert list(body["errors"]) == ["parent"]
