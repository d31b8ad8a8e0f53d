"""The Procfile, run the way a Heroku-style platform runs it, on production settings.

The release command migrates a fresh PostgreSQL database and collects the static files; then
honcho starts the web, worker and beat processes, and the test talks to them over HTTP and the
broker like a load balancer and an operator would.
"""

import gzip
import json
import re
import secrets
import signal
import subprocess
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
from honcho.environ import parse_procfile
from psycopg import sql

from .conftest import (
    BASE_DIR,
    VENV_BIN,
    attach_log,
    free_port,
    postgres_server_url,
    signal_group,
    start_process,
    stop_process,
    wait_until,
    with_path,
)

pytestmark = [pytest.mark.services, pytest.mark.slow]

# A Redis database of its own, so that a development worker on db 0 never takes these tasks.
PROCFILE_REDIS_DB = 14


def _procfile() -> dict[str, str]:
    return parse_procfile((BASE_DIR / "Procfile").read_text()).processes


@pytest.fixture
def fresh_database(postgres_url: str):
    """A new, empty PostgreSQL database on DATABASE_URL's server, dropped afterwards."""
    name = f"helix_procfile_{uuid.uuid4().hex[:12]}"
    server = postgres_server_url(postgres_url)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield with_path(postgres_url, name)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def production_env(fresh_database: str, redis_url: str, tmp_path: Path) -> dict[str, str]:
    """Only what a platform would set: nothing leaks in from the developer's shell."""
    return {
        "PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "helix.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(45),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on the loopback: no TLS-terminating proxy in front of gunicorn here.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(tmp_path / "staticfiles"),
        "DATABASE_URL": fresh_database,
        "REDIS_URL": with_path(redis_url, str(PROCFILE_REDIS_DB)),
        "PORT": str(free_port()),
        "WEB_CONCURRENCY": "2",
    }


@pytest.fixture
def released(production_env: dict[str, str]) -> dict[str, str]:
    """Run the Procfile's release command, as the platform does before starting a release."""
    result = subprocess.run(
        ["/bin/sh", "-c", _procfile()["release"]],
        cwd=BASE_DIR,
        env=production_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return production_env


@pytest.fixture
def procfile_processes(request, released: dict[str, str], tmp_path: Path):
    """`honcho start web worker beat`, stopped with SIGTERM (then SIGKILL) at the end."""
    log = tmp_path / "honcho.log"
    attach_log(request, "honcho", log)
    # An empty env file: honcho would otherwise read a developer's .env from the project folder.
    empty_env = tmp_path / "empty.env"
    empty_env.touch()
    # Not `honcho start` alone: it would also run `release`, whose exit stops every process.
    process = start_process(
        [str(VENV_BIN / "honcho"), "start", "--env", str(empty_env), "web", "worker", "beat"],
        env=released,
        log=log,
    )
    try:
        yield process, log
    finally:
        stop_process(process, timeout=15)
        # Honcho starts each process in a session of its own: if honcho had to be killed, those
        # it did not see stop outlived it.
        output = log.read_text(errors="replace")
        for name, pid in re.findall(r"(\S+) started \(pid=(\d+)\)", output):
            if f"{name} stopped" not in output:
                signal_group(int(pid), signal.SIGKILL)


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _healthy(base_url: str) -> bool:
    try:
        status, _, body = _get(f"{base_url}/healthz/")
    except OSError:
        return False
    return status == 200 and json.loads(body) == {"status": "ok"}


def _celery_ping(env: dict[str, str]) -> bool:
    result = subprocess.run(
        [str(VENV_BIN / "celery"), "-A", "helix", "inspect", "ping", "--timeout", "2"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return result.returncode == 0 and "pong" in result.stdout


def test_procfile_runs_web_worker_and_beat_in_production_settings(
    postgres_url, redis_url, production_env, procfile_processes
):
    process, log = procfile_processes
    base_url = f"http://127.0.0.1:{production_env['PORT']}"

    # The load balancer's health check gets an answer once gunicorn is up
    wait_until(
        lambda: _healthy(base_url),
        timeout=30,
        what="GET /healthz/ answered no 200",
        process=process,
    )

    # The home page links the collected, hashed stylesheet, which WhiteNoise serves
    status, _, body = _get(f"{base_url}/")
    assert status == 200
    stylesheet = re.search(r'href="(/static/css/helix\.[0-9a-f]{12}\.css)"', body.decode())
    assert stylesheet, "no hashed stylesheet linked from the home page"
    status, headers, css = _get(base_url + stylesheet.group(1))
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(css)
    assert "immutable" in headers["Cache-Control"]

    # The worker answers on the broker
    wait_until(
        lambda: _celery_ping(production_env),
        timeout=20,
        what="no pong from the worker",
        process=process,
        interval=0,
    )

    # Beat has started and is still running (honcho stops everything when one process exits)
    wait_until(
        lambda: "beat: Starting..." in log.read_text(errors="replace"),
        timeout=20,
        what="celery beat did not start",
        process=process,
    )
    assert process.poll() is None
    assert "stopped (rc=" not in log.read_text(errors="replace")
