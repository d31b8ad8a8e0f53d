"""schemathesis against the generated schema: no server error, and every response — errors
included — matches what the schema says (status code, content type, headers, body).

Runs every operation with a small number of generated cases; writes are sent without a
session, so the rules answer them (403), never a 5xx. Some data exists so that reads also
return real rows. schemathesis's pytest plugin (`from_fixture`) fails on this pytest, so its
Python API runs inside an ordinary pytest-django test, one Hypothesis run per operation.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from helix.wsgi import application
from projects.models import ConsortiumPartner
from tests.factories import CommentFactory, OrganisationFactory, ProjectFactory, SolutionFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


EXAMPLES = 15


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
def data(db, in_process_requests):
    project = ProjectFactory(slug="flood", budget_vnd=10**9)
    project.tags.add("flood")
    ProjectFactory(slug="draft", status="draft", published_at=None)
    solution = SolutionFactory(project=project, lead_organisation=OrganisationFactory())
    ConsortiumPartner.objects.create(
        solution=solution,
        organisation=OrganisationFactory(verified=True),
        role="research",
        status=ConsortiumPartner.Status.ACCEPTED,
    )
    CommentFactory(project=project)
    CommentFactory(project=None, solution=solution)


@pytest.mark.slow
def test_the_api_keeps_to_its_schema(data):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    failures = {}

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(checks=CHECKS, headers={"Accept-Language": "en"})

        try:
            run()
        except Exception as error:
            failures[operation.label] = error

    assert len(operations) >= 20
    assert not failures, "\n\n".join(f"{label}: {error}" for label, error in failures.items())
