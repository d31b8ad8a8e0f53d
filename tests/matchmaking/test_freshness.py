"""How fresh stored matches are: each change that moves a match queues the refresh of its side
once it commits, so the change shows as soon as that task has run — at once with eager Celery
(the embedded default), within seconds with a real worker (docs/decisions.md, "Freshness").

The same three changes each way: a new expertise tag, a new need, a project edit."""

import time

import pytest
from django.contrib.contenttypes.models import ContentType

from matchmaking import services
from matchmaking.models import Match
from notifications import services as notification_services
from notifications.models import Channel, Kind, Notification
from organisations import services as organisation_services
from projects import services as project_services
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory
from tests.integration.conftest import postgres_url, redis_url  # noqa: F401  (fixtures)
from tests.notifications.test_worker import worker  # noqa: F401  (a fixture)

TESTBED = {
    "direction": "offer",
    "kind": "testbed",
    "title": "Trạm thử nghiệm ngập lụt",
    "description": "A test-bed by the river.",
    "districts": ["thuan-an"],
}


def _codes(match: Match | None) -> list[str]:
    return [reason["code"] for reason in match.reasons] if match else []


def _walk(run, wait) -> None:
    """Three changes, each shown by the refresh it triggers. `run(service, **kwargs)` calls a
    service as a request would; `wait(check)` returns once `check()` holds."""
    lab = OrganisationFactory(
        verified=True, sector="academia", description="Phòng thí nghiệm đo mưa."
    )
    owner = MembershipFactory(organisation=lab, role="owner").user
    project = ProjectFactory(
        title="Cảnh báo ngập lụt sớm",
        summary="Warn residents before the water rises.",
        description="Sensors on the Thị Tính river.",
        seeks_academia=True,
        district="thuan-an",
    )
    project.tags.set(["hydrology", "GIS"])
    manager = MembershipFactory(organisation=project.organisation, role="owner").user

    def match() -> Match | None:
        return Match.objects.filter(project=project, organisation=lab).first()

    # New expertise tags: the lab now knows hydrology (which the project needs) and rain gauges.
    assert match() is None
    run(
        organisation_services.organisation_update,
        organisation=lab,
        by=owner,
        expertise=["hydrology", "rain gauges"],
    )
    wait(lambda: "expertise" in _codes(match()))
    assert match().reasons[0]["tags"] == ["hydrology"]

    # A new need that the lab's test-bed meets.
    run(services.resource_create, organisation=lab, by=owner, **TESTBED)
    assert "offers" not in _codes(match())
    run(services.need_create, project=project, by=manager, kind="testbed", title="A pilot site")
    wait(lambda: "offers" in _codes(match()))

    # A project edit: it now also needs the lab's other expertise.
    before = match().score
    run(
        project_services.project_update,
        project=project,
        by=manager,
        tags=["hydrology", "GIS", "rain gauges"],
    )
    wait(lambda: match().score > before)
    assert sorted(match().reasons[0]["tags"]) == ["hydrology", "rain gauges"]


def test_each_change_shows_after_its_refresh_eager(db, django_capture_on_commit_callbacks):
    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    def wait(check) -> None:
        assert check()  # eager: the refresh ran when the change committed

    _walk(run, wait)


def _wait_for(check, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the worker's refresh did not show the change"
        time.sleep(0.2)


@pytest.mark.services
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_each_change_shows_after_a_real_workers_refresh(worker):  # noqa: F811
    """Committed changes (a transactional test); a separate worker process refreshes them."""
    # A transactional test before this one flushed the tables, and post_migrate made the content
    # types again under new ids: drop the process's cached ones, or tagging points at a gone id.
    ContentType.objects.clear_cache()
    started = time.monotonic()
    _walk(lambda service, **kwargs: service(**kwargs), _wait_for)
    # Three refreshes, each a few moments after its change on this shared machine.
    assert time.monotonic() - started < 180


@pytest.mark.services
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_tells_a_new_strong_match_once(worker):  # noqa: F811
    lab = OrganisationFactory(verified=True, sector="academia")
    member = MembershipFactory(organisation=lab, role="member").user
    notification_services.preference_set(user=member, kind=Kind.NEW_MATCH, channel=Channel.INSTANT)
    owner = MembershipFactory(organisation=lab, role="owner").user
    project = ProjectFactory(seeks_academia=True)
    project.tags.set(["hydrology", "GIS"])

    organisation_services.organisation_update(
        organisation=lab, by=owner, expertise=["hydrology", "GIS"]
    )
    _wait_for(lambda: Notification.objects.filter(recipient=member, kind=Kind.NEW_MATCH).exists())
    _wait_for(
        lambda: Notification.objects.filter(recipient=member, emailed_at__isnull=False).exists()
    )
    # Refreshed again, by the worker: nothing more is told.
    computed = Match.objects.get(organisation=lab).computed_at
    organisation_services.organisation_update(organisation=lab, by=owner, description="Again")
    _wait_for(lambda: Match.objects.get(organisation=lab).computed_at > computed)
    assert Notification.objects.filter(kind=Kind.NEW_MATCH).count() == 2  # member and owner
