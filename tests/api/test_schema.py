"""schemathesis against the generated schema: no server error, every response — errors
included — matches what the schema says (status code, content type, headers, body), and every
request the schema forbids is refused (negative data).

Every operation gets EXAMPLES generated requests in each of four runs: anonymous and with a
read-write API key, each with data that fits the schema and with data that does not. Hypothesis
is derandomized, so CI sends the same requests on every run and a failure is reproducible.
schemathesis's pytest plugin (`from_fixture`) fails on this pytest, so its Python API runs
inside ordinary pytest-django tests, one Hypothesis run per operation.

HELIX_SCHEMATHESIS_EXAMPLES raises or lowers the number (CI uses the default). Each run is
split into PARTS tests of every PARTS-th operation, so that the suite's workers (pytest-xdist)
share them out.
"""

import functools
import os
import time

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import services as api_services
from api.models import ApiKey
from helix.wsgi import application
from organisations.models import Role
from projects.models import ConsortiumPartner
from tests.factories import (
    CommentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    SolutionFactory,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = int(os.environ.get("HELIX_SCHEMATHESIS_EXAMPLES", "50"))
PARTS = 4


@pytest.fixture
def in_process_requests():
    """Requests go straight to the WSGI application: keep it from closing the test's database
    connection at the end of each request, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def write_key(db, in_process_requests) -> str:
    """Some data, so that reads return real rows, and a read-write key of its organisation."""
    organisation = OrganisationFactory(slug="ioc", verified=True)
    owner = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    project = ProjectFactory(slug="flood", organisation=organisation, budget_vnd=10**9)
    project.tags.add("flood")
    ProjectFactory(slug="draft", organisation=organisation, status="draft", published_at=None)
    solution = SolutionFactory(project=project, lead_organisation=OrganisationFactory())
    ConsortiumPartner.objects.create(
        solution=solution,
        organisation=OrganisationFactory(verified=True),
        role="research",
        status=ConsortiumPartner.Status.ACCEPTED,
    )
    CommentFactory(project=project)
    CommentFactory(project=None, solution=solution)
    issued = api_services.api_key_create(
        organisation=organisation, name="Fuzzing", scope=ApiKey.Scope.WRITE, by=owner
    )
    return issued.key


@functools.cache
def api_operations() -> list:
    """The schema's operations, loaded once for the four runs (it needs no database)."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    return [result.ok() for result in schema.get_all_operations()]


def _forbids_some_request(operation) -> bool:
    """A body, or a parameter that is required or constrained: an optional free string (such
    as If-None-Match) forbids nothing, so it has no negative data."""
    spec = operation.definition.raw
    return bool(spec.get("requestBody")) or any(
        parameter.get("required") or parameter.get("schema") != {"type": "string"}
        for parameter in spec.get("parameters", [])
    )


def run_schemathesis(headers: dict[str, str], mode: GenerationMode, part: int) -> None:
    """Every PARTS-th operation from `part` on."""
    everything = api_operations()
    assert len(everything) >= 20
    operations = everything[part::PARTS]
    failures = {}
    started = time.monotonic()

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: the failure is reported
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(checks=CHECKS, headers=headers)

        try:
            run()
        except Unsatisfiable:
            # An operation whose schema forbids no request (the open-data listing, open to
            # anyone, takes only If-None-Match) has no negative data; any other is a failure.
            if mode is not GenerationMode.NEGATIVE or _forbids_some_request(operation):
                failures[operation.label] = "no request could be generated"
        except Exception as error:
            failures[operation.label] = error

    print(
        f"\nschemathesis {mode.value}, part {part + 1}/{PARTS}: {len(operations)} operations"
        f" x {EXAMPLES} examples in {time.monotonic() - started:.0f} s"
    )
    assert not failures, "\n\n".join(f"{label}: {error}" for label, error in failures.items())


@pytest.mark.slow
@pytest.mark.schemathesis
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("part", range(PARTS))
def test_the_api_keeps_to_its_schema_anonymously(write_key, mode, part):
    run_schemathesis({"Accept-Language": "en"}, mode, part)


@pytest.mark.slow
@pytest.mark.schemathesis
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("part", range(PARTS))
def test_the_api_keeps_to_its_schema_with_a_read_write_key(write_key, mode, part):
    headers = {"Accept-Language": "en", "Authorization": f"Bearer {write_key}"}
    run_schemathesis(headers, mode, part)


def test_the_schema_validates_without_warnings(capsys):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)


def _operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method, operation)
        for operations in schema["paths"].values()
        for method, operation in operations.items()
    ]


def test_the_schema_documents_server_errors_throttling_and_their_headers():
    for method, operation in _operations():
        responses = operation["responses"]
        assert "500" in responses, operation["operationId"]
        assert "Retry-After" in responses["429"]["headers"]
        if method == "post":
            assert "Retry-After" in responses["409"]["headers"]
            ok = [code for code in responses if code.startswith("2")]
            assert all("Idempotent-Replayed" in responses[code]["headers"] for code in ok)


def test_the_schema_documents_conditional_requests_on_every_retrieve():
    retrieves = [op for method, op in _operations() if op["operationId"].endswith("_retrieve")]

    assert len(retrieves) >= 4
    for operation in retrieves:
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert "If-None-Match" in names
        assert "ETag" in operation["responses"]["200"]["headers"]
        assert "304" in operation["responses"]
