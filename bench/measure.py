"""Per-request cost of the benchmark's scenarios, measured in one process (no wrk, no gunicorn).

`make bench` gives ratios of throughputs, which a busy machine blurs. This script replays the
same kinds of requests through Django's WSGI handler in this process against a seeded database
(`BENCH_DATABASE_URL`, seeded by `manage.py seed_province`; `BENCH_REDIS_URL`) and reports, per
scenario and per request: this process's CPU time, the PostgreSQL backend's CPU time (read from
/proc, so PostgreSQL must run on this machine), and the SQL statements, including those Django
counts as `X-Queries` does (Django's health checks and COMMITs are round trips it does not count).
CPU time is far steadier than wall-clock time on a shared machine; the lowest of `--repeat`
runs is kept.

    BENCH_DATABASE_URL=... BENCH_REDIS_URL=... .venv/bin/python bench/measure.py --requests 300
"""

# ruff: noqa: RUF001 (the report writes the multiplication sign on purpose)
import argparse
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# One connection for the whole run, so that one backend's CPU time is the database's share.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "36000")

from bench import run


def backend_cpu(pid: int) -> float:
    """Seconds of CPU the PostgreSQL backend `pid` has used (utime + stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def callgrind(command: str) -> None:
    """Zero or dump this process's counts, when it runs under callgrind."""
    subprocess.run(
        ["callgrind_control", command, str(os.getpid())], check=True, capture_output=True
    )


def environ_for(line: str) -> dict:
    method, target, *session = line.split()
    path, _, query = target.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": "vi",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "CONTENT_LENGTH": "0",
    }
    if session:
        environ["HTTP_COOKIE"] = f"sessionid={session[0]}; csrftoken={session[1]}"
        environ["HTTP_X_CSRFTOKEN"] = session[1]
        environ["HTTP_REFERER"] = "http://127.0.0.1/"
    return environ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300, help="per scenario")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--only", default="", help="scenarios whose name contains one of these (comma-separated)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", default="", help="cProfile the scenario named so")
    parser.add_argument("--profile-file", default="", help="also dump the profile's stats here")
    parser.add_argument(
        "--callgrind",
        action="store_true",
        help="run under `valgrind --tool=callgrind`: dump each scenario's instructions",
    )
    parser.add_argument("--settings", default="bench.settings", help="a variant to compare")
    options = parser.parse_args()
    run.ENV["DJANGO_SETTINGS_MODULE"] = options.settings
    rng = random.Random(options.seed)
    scenarios, _ = run.build_scenarios(rng)

    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    application = get_wsgi_application()
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    def call(line: str) -> str:
        status = []
        body = application(environ_for(line), lambda s, h, *a: status.append(s))
        b"".join(body)
        body.close()
        return status[0]

    wanted = [
        s
        for s in scenarios
        if s.name == "trivial DRF endpoint"
        or any(part and part in s.name for part in options.only.split(","))
    ]
    if not options.only:
        wanted = [
            s
            for s in scenarios
            if any(word in s.name for word in ("trivial", "list", "search", "votes"))
        ]
    connection.ensure_connection()
    results = {}
    for scenario in wanted:
        lines = [rng.choice(scenario.lines) for _ in range(options.requests)]
        for line in lines[:20]:  # warm: imports, per-process caches, the connection
            call(line)
        best = None
        for _ in range(options.repeat):
            statements = 0
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            pg_before = backend_cpu(pid)
            statuses = {}
            if options.callgrind:
                callgrind("--zero")
            with connection.execute_wrapper(count):
                started = time.process_time()
                for line in lines:
                    status = call(line)
                    statuses[status] = statuses.get(status, 0) + 1
                python = time.process_time() - started
            if options.callgrind:
                callgrind(f"--dump={scenario.name}")
            pg = backend_cpu(pid) - pg_before
            figures = (python, pg, statements, statuses)
            if best is None or python < best[0]:
                best = figures
        python, pg, statements_, statuses = best
        n = options.requests
        results[scenario.name] = (python / n * 1e3, pg / n * 1e3, statements_ / n, statuses)
    trivial = results["trivial DRF endpoint"][0]
    print("| scenario | Python ms/req | PostgreSQL CPU ms/req | SQL/req | implied × | statuses |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, (python, pg, sql, statuses) in results.items():
        print(
            f"| {name} | {python:.2f} | {pg:.2f} | {sql:.2f} | {trivial / (python + pg):.2f} "
            f"| {statuses} |"
        )

    if options.profile:
        import cProfile
        import pstats

        scenario = next(s for s in scenarios if options.profile in s.name)
        lines = [rng.choice(scenario.lines) for _ in range(options.requests)]
        profiler = cProfile.Profile(time.process_time)  # CPU time, as the table
        profiler.enable()
        for line in lines:
            call(line)
        profiler.disable()
        if options.profile_file:
            profiler.dump_stats(options.profile_file)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
