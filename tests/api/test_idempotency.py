"""Idempotency-Key on POST: a partner's retry never creates a second object."""

import inspect
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.viewsets import ViewSetMixin

from api import services
from api.idempotency import IdempotentPostMixin, idempotency_purge
from api.models import ApiKey, IdempotentRequest
from helix.api_urls import router
from projects.models import Comment, Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

DRAFT = {
    "title": "Cooler bus stops",
    "summary": "Shade and water at the hottest stops.",
    "description": "Start with the market.",
    "theme": "smart-mobility",
    "district": "thu-dau-mot",
}


@pytest.fixture
def client(organisation, owner):
    key = services.api_key_create(
        organisation=organisation, name="IOC", scope=ApiKey.Scope.WRITE, by=owner
    ).key
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")


def _create(client, organisation, key="retry-1", **changes):
    return client.post(
        "/api/v1/projects/",
        {**DRAFT, "organisation": organisation.slug, **changes},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_retry_gets_the_first_answer_and_creates_nothing_more(client, organisation):
    first = _create(client, organisation)
    retry = _create(client, organisation)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Project.objects.count() == 1


def test_another_key_is_another_request(client, organisation):
    _create(client, organisation, key="a")
    _create(client, organisation, key="b")

    assert Project.objects.count() == 2


def test_the_same_key_with_another_body_is_a_422(client, organisation):
    _create(client, organisation)

    response = _create(client, organisation, title="Something else")

    assert response.status_code == 422
    assert response.json()["type"] == "idempotency_mismatch"
    assert Project.objects.count() == 1


def test_a_retry_while_the_first_runs_is_a_409(client, organisation):
    _create(client, organisation)
    IdempotentRequest.objects.update(status_code=None, response=None)  # as while it runs

    conflict = _create(client, organisation)

    assert conflict.status_code == 409
    assert conflict.json()["type"] == "idempotency_conflict"
    assert Project.objects.count() == 1


def test_errors_are_replayed_too(client, organisation):
    first = _create(client, organisation, title="")
    retry = _create(client, organisation, title="")

    assert first.status_code == retry.status_code == 400
    assert retry.json() == first.json()


def test_keys_belong_to_their_caller(client, organisation, owner):
    other = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    other.force_authenticate(owner)

    _create(client, organisation)
    response = _create(other, organisation)

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Project.objects.count() == 2


def test_a_server_error_is_not_kept_so_the_retry_runs(client, organisation, monkeypatch):
    project = ProjectFactory(organisation=organisation)
    url = f"/api/v1/projects/{project.slug}/comments/"
    client.raise_request_exception = False
    with monkeypatch.context() as patch:
        patch.setattr("projects.services.comment_create", _explode)
        failed = client.post(url, {"body": "Hi"}, format="json", HTTP_IDEMPOTENCY_KEY="c-1")

    retry = client.post(url, {"body": "Hi"}, format="json", HTTP_IDEMPOTENCY_KEY="c-1")

    assert failed.status_code == 500
    assert retry.status_code == 201
    assert Comment.objects.count() == 1


def _explode(**kwargs):
    raise RuntimeError("database went away")


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "tab\there"])
def test_a_malformed_key_is_a_400(client, organisation, key):
    response = _create(client, organisation, key=key)

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert not Project.objects.exists()


def test_answers_are_forgotten_after_24_hours(client, organisation):
    _create(client, organisation)
    IdempotentRequest.objects.update(created=timezone.now() - timedelta(hours=25))

    again = _create(client, organisation)

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Project.objects.count() == 2


def test_the_purge_forgets_only_old_answers(client, organisation):
    _create(client, organisation, key="old")
    _create(client, organisation, key="new")
    IdempotentRequest.objects.filter(key="old").update(created=timezone.now() - timedelta(hours=25))

    assert idempotency_purge() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]


def test_every_viewset_that_accepts_post_honours_idempotency_keys():
    posting = [
        viewset
        for _prefix, viewset, _basename in router.registry
        if issubclass(viewset, ViewSetMixin)
        and (
            hasattr(viewset, "create")
            or any(
                "post" in getattr(method, "mapping", {})
                for _name, method in inspect.getmembers(viewset)
            )
        )
    ]

    assert posting
    assert [v.__name__ for v in posting if not issubclass(v, IdempotentPostMixin)] == []


# --- The claim's lease: a request that died does not lock its key for a day -------------------


def _as_if_running(**changes):
    """The stored answer removed, as if its request were still running (or had died)."""
    IdempotentRequest.objects.update(status_code=None, response=None, **changes)


def test_a_retry_within_the_lease_is_a_409_with_retry_after(client, organisation, settings):
    settings.HELIX_IDEMPOTENCY_LEASE_SECONDS = 60
    _create(client, organisation)
    _as_if_running(locked_until=timezone.now() + timedelta(seconds=30))

    conflict = _create(client, organisation)

    assert conflict.status_code == 409
    assert 29 <= int(conflict["Retry-After"]) <= 30
    assert Project.objects.count() == 1


def test_a_claim_left_by_a_dead_request_runs_again_after_its_lease(client, organisation):
    """A worker killed mid-request: no answer stored, no object made, the lease ran out."""
    _create(client, organisation)
    Project.objects.all().delete()
    _as_if_running(locked_until=timezone.now() - timedelta(seconds=1))

    retry = _create(client, organisation)

    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry
    assert Project.objects.count() == 1
    # and its answer is kept for the next retry
    assert _create(client, organisation)["Idempotent-Replayed"] == "true"
    assert Project.objects.count() == 1


def test_a_claim_from_before_leases_runs_again_a_lease_after_it_was_made(client, organisation):
    _create(client, organisation)
    Project.objects.all().delete()
    _as_if_running(locked_until=None, created=timezone.now() - timedelta(minutes=5))

    assert _create(client, organisation).status_code == 201


def test_of_two_retries_after_the_lease_only_the_first_takes_the_claim_over(db):
    from api.idempotency import IdempotencyConflict, _claim, _held

    dead = _claim("user:1", "k", "f")
    IdempotentRequest.objects.update(locked_until=timezone.now() - timedelta(seconds=1))

    taken = _claim("user:1", "k", "f")
    with pytest.raises(IdempotencyConflict):
        _claim("user:1", "k", "f")
    # The request taken for dead, should it answer after all, no longer stores its answer.
    assert _held(dead).update(status_code=201) == 0
    assert _held(taken).update(status_code=201) == 1
