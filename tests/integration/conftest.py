"""Real services for the integration tests: Redis, PostgreSQL and processes run as in production.

Each test asks for the service it needs through `redis_url` or `postgres_url`, which call
`require` before anything is started. Processes are started in their own session so that one
signal to their process group reaches everything they spawned; their output goes to a file that
is attached to the report when the test fails.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import redis

from tests.conftest import require

BASE_DIR = Path(__file__).resolve().parents[2]
# The virtualenv running pytest also holds celery, gunicorn and honcho.
VENV_BIN = Path(sys.executable).parent

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "psql"}

process_logs = pytest.StashKey[dict[str, Path]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        for title, path in item.stash.get(process_logs, {}).items():
            output = path.read_text(errors="replace") if path.exists() else "(no output file)"
            report.sections.append((f"Captured output of {title}", output))
    return report


def attach_log(request: pytest.FixtureRequest, title: str, path: Path) -> None:
    """Show the output in `path` under the report of the test if it fails."""
    request.node.stash.setdefault(process_logs, {})[title] = path


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "REDIS_URL is not set: no Redis to test against")
    require(redis_answers(url), f"Redis at {url} does not answer PING")
    return url


@pytest.fixture
def own_redis_cache(tmp_path, settings):
    """A redis-server of the test's own, on a free port, behind the default cache.

    For the tests that stop Redis or need a second process to share the cache: the machine's
    shared Redis is never touched. Yields the server (`.url`, `.stop()`, `.start()`).
    """
    # Imported here: that module imports this one's process helpers.
    from core import cache as core_cache
    from tests.notifications.test_broker_down import Broker

    require(bool(shutil.which("redis-server")), "redis-server is not installed")
    server = Broker(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "helix",
        }
    }
    core_cache.reset_cache_health()
    try:
        yield server
    finally:
        core_cache.reset_cache_health()
        stop_process(server.process)


@pytest.fixture
def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    require(
        urlsplit(url).scheme in POSTGRES_SCHEMES,
        "DATABASE_URL does not point at PostgreSQL",
    )
    require(postgres_answers(url), f"PostgreSQL at {url} does not answer")
    return url


def redis_answers(url: str) -> bool:
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2) as client:
            return bool(client.ping())
    except (redis.RedisError, OSError, ValueError):
        return False


def postgres_answers(url: str) -> bool:
    """The server answers (the database in the URL may not exist: pytest-django makes its own)."""
    try:
        with psycopg.connect(postgres_server_url(url), connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error:
        return False
    return True


def with_path(url: str, path: str) -> str:
    """The same server URL with another path: a Redis db number or a PostgreSQL database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{path}"))


def postgres_server_url(url: str) -> str:
    """A libpq URL for the server's maintenance database, from a DATABASE_URL.

    django-environ also accepts pgsql:// and psql://; libpq knows only postgresql://.
    """
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql", path="/postgres"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_process(args: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start `args` in the project folder, in a session of its own, its output going to `log`."""
    with log.open("wb") as output:
        return subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_process(process: subprocess.Popen, *, timeout: float = 10) -> None:
    """SIGTERM to the process group, then SIGKILL to it if the leader has not exited in time."""
    if process.poll() is not None:
        return
    signal_group(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        signal_group(process.pid, signal.SIGKILL)
        process.wait(5)


def signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


def wait_until(
    condition: Callable[[], object],
    *,
    timeout: float,
    what: str,
    process: subprocess.Popen | None = None,
    interval: float = 0.2,
):
    """Poll `condition` until it returns something truthy; fail early if `process` exits."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: the process exited with code {process.returncode}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout:g} s")
        time.sleep(interval)
