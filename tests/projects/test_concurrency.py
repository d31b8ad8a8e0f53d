"""Two identical supports at the same moment count once (PostgreSQL, real transactions)."""

import itertools
import threading

import pytest
from django.db import connection, connections

from projects import services
from projects.models import Project, Vote
from tests.conftest import require
from tests.factories import ProjectFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def run_together(action, times: int) -> list[BaseException]:
    """Run `action` in `times` threads released at the same instant; return their errors."""
    barrier = threading.Barrier(times)
    errors: list[BaseException] = []

    def worker():
        try:
            barrier.wait(timeout=10)
            action()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def test_simultaneous_identical_votes_count_once():
    require(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    project, citizen = ProjectFactory(), UserFactory()

    errors = run_together(lambda: services.vote_cast(subject=project, by=citizen), times=2)

    assert errors == []
    assert Vote.objects.filter(project=project).count() == 1
    project = Project.objects.get(pk=project.pk)
    assert (project.support_count, project.support_community) == (1, 1)


def test_simultaneous_votes_of_different_people_all_count():
    require(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    project = ProjectFactory()
    people = iter(UserFactory.create_batch(6))
    lock = threading.Lock()

    def vote():
        with lock:
            person = next(people)
        services.vote_cast(subject=project, by=person)

    assert run_together(vote, times=6) == []
    assert Project.objects.get(pk=project.pk).support_count == 6


def test_one_person_casting_and_withdrawing_at_once_never_fails_and_counts_right():
    """What the benchmark's hot project showed: cast, cast and withdraw racing each other."""
    require(connection.vendor == "postgresql", "DATABASE_URL does not point at PostgreSQL")
    from core.recount import recount
    from tests.conftest import ROW_COUNTERS

    project, citizen = ProjectFactory(), UserFactory()
    actions = itertools.cycle([services.vote_cast, services.vote_cast, services.vote_withdraw])
    lock = threading.Lock()

    def act():
        with lock:
            action = next(actions)
        action(subject=project, by=citizen)

    for _round in range(80):
        assert run_together(act, times=3) == []
    assert recount(fix=False, only=ROW_COUNTERS) == []
