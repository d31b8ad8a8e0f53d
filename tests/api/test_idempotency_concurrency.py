"""Simultaneous retries after a claim's lease ran out: exactly one takes it over (PostgreSQL)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from api.idempotency import IdempotencyConflict, _claim
from api.models import IdempotentRequest
from tests.conftest import require
from tests.projects.test_concurrency import run_together

# Serialized rollback: its flush must not recreate the content types with new ids, which the
# browser tests (also transactional, run after it) would then fail to load again.
pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_simultaneous_retries_after_the_lease_take_the_claim_over_once():
    require(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    _claim("user:1", "retry", "same body")
    IdempotentRequest.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    took = []

    errors = run_together(lambda: took.append(_claim("user:1", "retry", "same body")), times=4)

    assert len(took) == 1
    assert len(errors) == 3
    assert all(isinstance(error, IdempotencyConflict) for error in errors)
    assert IdempotentRequest.objects.get().locked_until == took[0].locked_until
