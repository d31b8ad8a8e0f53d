import os

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import translation

from core.queueing import broker_breaker
from organisations.models import Role

from .factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory

# In CI (.ci/run sets HELIX_REQUIRE_SERVICES=1) a missing service fails the test instead of
# skipping it, so that no integration test can silently drop out of the run.
REQUIRE_SERVICES = os.environ.get("HELIX_REQUIRE_SERVICES") == "1"
STAFF_GROUP = "Government staff"  # made by accounts' data migration 0002


# What makes a test commit (pytest-django flushes the database after it).
COMMITTING_FIXTURES = frozenset({"transactional_db", "live_server"})
commits = pytest.StashKey[bool]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`make test` runs on every core (pytest-xdist, `--dist loadgroup`): every test that
    commits goes to one worker, in the order a single process gives it. The flush after a
    transactional test lets post_migrate recreate the content types with new ids, on which a
    later serialized rollback (the browser tests') fails; in one process those come first."""
    for item in items:
        transactional = any(m.kwargs.get("transaction") for m in item.iter_markers("django_db"))
        in_browser = "browser" in item.path.parts  # marked transactional by its conftest
        if transactional or in_browser or COMMITTING_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.xdist_group("commits"))
            item.stash[commits] = True


@pytest.fixture(scope="session")
def django_db_createdb(request, django_db_modify_db_settings, django_db_blocker) -> bool:
    """Make the test database afresh with `--create-db`, and also when the one `--reuse-db`
    would keep was left flushed: the last test that commits ends with a flush, which empties
    what the data migrations made (the "Government staff" group and its permissions), and
    reused, the database is not migrated again."""
    if request.config.getvalue("create_db"):
        return True
    with django_db_blocker.unblock():
        return _kept_database_was_flushed()


def _kept_database_was_flushed() -> bool:
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

    connection = connections[DEFAULT_DB_ALIAS]

    if connection.vendor == "sqlite":  # in memory: made afresh for every run anyway
        return False
    settings_dict = {**connection.settings_dict}
    settings_dict["NAME"] = connection.creation._get_test_db_name()
    kept = type(connection)(settings_dict, alias="kept")
    try:
        with kept.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM auth_group WHERE name = %s", [STAFF_GROUP])
            return cursor.fetchone()[0] == 0
    except DatabaseError:  # no such database or table yet: it will be made
        return False
    finally:
        kept.close()


def require(available: bool, reason: str) -> None:
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (HELIX_REQUIRE_SERVICES=1: CI runs every test)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolation(request, settings, tmp_path):
    """Uploaded files go to a temporary folder; the cache (allauth's rate limits) and the broker
    breaker start afresh; code outside a request speaks English unless a test says otherwise
    (a request's language would otherwise leak into the next test). A test that commits
    forgets the content types' ids this process cached: the flush after the transactional test
    before it let post_migrate make them again under new ids."""
    if request.node.stash.get(commits, False):
        ContentType.objects.clear_cache()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    cache.clear()
    broker_breaker.reset()  # a test that simulated a broker outage must not skip the next
    with translation.override("en"):
        yield


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def citizen(db):
    return UserFactory(display_name="Nguyễn Văn An")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(verified=True)


def _member(organisation, role):
    return MembershipFactory(organisation=organisation, role=role).user


@pytest.fixture
def owner(organisation):
    return _member(organisation, Role.OWNER)


@pytest.fixture
def manager(organisation, owner):
    return _member(organisation, Role.MANAGER)


@pytest.fixture
def member(organisation, owner):
    return _member(organisation, Role.MEMBER)


@pytest.fixture
def other_owner(db):
    """The owner of another organisation."""
    return _member(OrganisationFactory(verified=True), Role.OWNER)


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def admin_user(db):
    """pytest-django's superuser (admin_client), with the second factor the admin requires."""
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def government_staff_group(db):
    return Group.objects.get(name="Government staff")


# The counters kept on rows in the transaction that changes them (projects', matchmaking's);
# the insights' tallies follow on commit through Celery, which most tests never reach.
ROW_COUNTERS = ("projects", "matchmaking")
