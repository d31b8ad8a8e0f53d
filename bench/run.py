"""`make bench`: seed a province, serve it as in production, load it, print one table.

Needs PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL; the database is dropped and
made afresh) and wrk (installed with apt-get when missing and run as root). Every throughput
is given as a ratio to the trivial DRF endpoint measured in the same run on the same server,
so that the figures hold on a noisy machine; requests are drawn at random from files of
varied requests (filters, cursors, projects, voters).
"""

# ruff: noqa: RUF001 (the report writes the multiplication sign on purpose)
import argparse
import contextlib
import json
import os
import pickle
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BASE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE))  # run as a script: the project's packages are beside bench/
VENV_BIN = Path(sys.executable).parent
OUT = BASE / "test-artifacts" / "bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
ORIGIN = f"http://127.0.0.1:{PORT}"
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/helix_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
WORKERS = 5  # sync workers: on 2 cores threaded workers give unrepeatable figures
UNLIMITED = "1000000000/min"

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Loopback over plain HTTP: no redirect to HTTPS, cookies without the Secure flag.
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SESSION_COOKIE_SECURE": "false",
    "DJANGO_CSRF_COOKIE_SECURE": "false",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "DJANGO_LOG_LEVEL": "WARNING",
    "DJANGO_STATIC_ROOT": str(OUT / "static"),
    # The throttles still run (a Redis round trip each), but never refuse the load.
    "HELIX_API_ANON_RATE": UNLIMITED,
    "HELIX_API_USER_RATE": UNLIMITED,
    "HELIX_API_KEY_RATE": UNLIMITED,
    # bench/middleware.py keeps the queries of the requests sent with `X-Bench-Trace` here.
    "BENCH_TRACE_DIR": str(OUT / "traces"),
}
MY_HELIX_PEOPLE = 50  # the seed's people with a full My Helix at scale 1
BIG_TABLE = 10_000  # rows: a plan that reads this many rows or more is flagged
MANY_REMOVED = 1000  # rows removed by a filter


@dataclass
class Scenario:
    name: str
    lines: list[str]
    connections: int = 10
    target: str = ""
    result: dict = field(default_factory=dict)
    heaviest: dict = field(default_factory=dict)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def manage(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def ensure_wrk() -> str:
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk from Debian")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        return shutil.which("wrk")
    sys.exit("wrk is needed: apt-get install wrk")


def fresh_database() -> None:
    import psycopg
    import redis

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS_URL).flushdb()


# --- The requests --------------------------------------------------------------------------


def build_scenarios(rng: random.Random) -> tuple[list[Scenario], dict]:
    """Request files for each scenario, drawn from the seeded data (in this process)."""
    os.environ.update(ENV)
    import django

    django.setup()

    from django.db.models import Count, DateTimeField
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from api.pagination import KeysetCursorPagination
    from bench.day import sessions_for
    from core.choices import District
    from helix.seeding import DISCUSSED, MY_HELIX_ORGANISATIONS, WORDS
    from matchmaking.models import Match
    from organisations.models import Membership, Sector
    from projects.models import Project, Theme

    def filters() -> dict:
        chosen = {}
        for name, values in (
            ("theme", Theme.values),
            ("district", District.values),
            ("status", ["open", "in_review", "in_progress"]),
            ("seeks", Sector.values),
        ):
            if rng.random() < 0.5:
                chosen[name] = rng.choice(values)
        return chosen

    def insight_filters() -> dict:
        chosen = {}
        for name, values in (
            ("theme", Theme.values),
            ("district", District.values),
            ("sector", Sector.values),
            ("period", ["12m", str(timezone.localdate().year)]),
        ):
            if rng.random() < 0.4:
                chosen[name] = rng.choice(values)
        return chosen

    def query(params: dict) -> str:
        return "?" + urlencode(params) if params else ""

    first_page = [f"GET /api/v1/projects/{query(filters())}" for _ in range(500)]
    ordered = list(
        Project.objects.exclude(status="draft")
        .annotate(key=Coalesce("published_at", "created", output_field=DateTimeField()))
        .order_by("-key", "-pk")
        .values_list("key", "pk")
    )
    deep = []
    for _ in range(500):
        key, pk = ordered[rng.randrange(len(ordered) // 4, len(ordered) - 30)]
        cursor = KeysetCursorPagination._encode("-published_at", key, pk)
        deep.append(f"GET /api/v1/projects/?{urlencode({'cursor': cursor})}")
    pages = [
        f"GET /projects/{query({**filters(), 'page': rng.choice([1, 1, 2, 3])})}"
        for _ in range(500)
    ]
    discussed = [f"GET /projects/project-{n}/" for n in range(1, DISCUSSED + 1)]
    search = [
        f"GET /api/v1/projects/?{urlencode({'q': ' '.join(rng.sample(WORDS, 2))})}"
        for _ in range(500)
    ]

    voters = [
        f"{person.session} {person.csrf}" for person in sessions_for(rng.sample(range(1, 5001), 50))
    ]
    participating = list(
        Project.objects.filter(
            status__in=["open", "in_review", "in_progress", "completed"]
        ).values_list("slug", flat=True)
    )
    votes_random = [
        f"{rng.choice(['POST', 'POST', 'DELETE'])} /api/v1/projects/{rng.choice(participating)}"
        f"/support/ {rng.choice(voters)}"
        for _ in range(2000)
    ]
    votes_hot = [
        f"{method} /api/v1/projects/project-1/support/ {voter}"
        for voter in voters
        for method in ("POST", "POST", "DELETE")
    ]
    insights = [f"GET /insights/{query(insight_filters())}" for _ in range(500)]
    # Matches, read as a visitor: projects (open, with matches) and organisations at random.
    showable = Match.objects.showable()
    matched_projects = list(
        showable.values_list("project__slug", flat=True).distinct().order_by("project__slug")
    )
    matched_organisations = list(
        showable.values_list("organisation__slug", flat=True)
        .distinct()
        .order_by("organisation__slug")
    )
    project_matches = [
        f"GET /api/v1/projects/{rng.choice(matched_projects)}/matches/" for _ in range(500)
    ]
    organisation_matches = [
        f"GET /api/v1/organisations/{rng.choice(matched_organisations)}/matches/"
        for _ in range(500)
    ]
    project_matches_page = [
        f"GET /matchmaking/projects/{rng.choice(matched_projects)}/organisations/"
        for _ in range(500)
    ]
    organisation_matches_page = [
        f"GET /matchmaking/organisations/{rng.choice(matched_organisations)}/projects/"
        for _ in range(500)
    ]
    # The home page, and My Helix of the seed's people in five organisations (helix/seeding.py,
    # seed_my_helix), signed in as the voters are.
    home_visitor = ["GET /"]  # the language comes from a header or a cookie, not the URL
    home_signed_in = [f"GET / {rng.choice(voters)}" for _ in range(500)]
    # The same number of people at every scale (the first 50), as each page is kept per person:
    # at --scale 10 the seed's 500 would make nearly every request of the 10 s a first visit,
    # and the two scales would compare building the page with reading it kept.
    busy = list(
        Membership.objects.values("user_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=MY_HELIX_ORGANISATIONS)
        .order_by("user_id")
        .values_list("user_id", flat=True)[:MY_HELIX_PEOPLE]
    )
    my_helix = [f"GET /me/ {person.session} {person.csrf}" for person in sessions_for(busy)]
    discussed_signed_in = [
        f"GET /projects/project-{rng.randint(1, DISCUSSED)}/ {rng.choice(voters)}"
        for _ in range(500)
    ]
    scenarios = [
        Scenario("trivial DRF endpoint", ["GET /bench/ping/"]),
        Scenario("project list API, first page", first_page, target="≥ 0.3×"),
        Scenario("project list API, deep cursor", deep, target="p50 ≤ 1.2×, p99 ≤ 1.3× first"),
        Scenario("project list page", pages, target="≥ 0.2×"),
        Scenario("project page, 50 comments", discussed, target="≥ 0.12×"),
        Scenario("project page, 50 comments, signed in", discussed_signed_in, target="≥ 0.08×"),
        Scenario("search (API, full text)", search, target="≥ 0.25×"),
        Scenario("votes, random projects", votes_random, connections=50, target="≥ 0.2×"),
        Scenario("votes, one hot project", votes_hot, connections=50, target="≥ 0.2×"),
        Scenario("insights page", insights, target="≥ 0.2×"),
        Scenario("matches for a project (API)", project_matches, target="≥ 0.1×"),
        Scenario("projects for an organisation (API)", organisation_matches, target="≥ 0.1×"),
        Scenario("matches for a project (page)", project_matches_page, target="≥ 0.1×"),
        Scenario("projects for an organisation (page)", organisation_matches_page, target="≥ 0.1×"),
        Scenario("home page, visitor", home_visitor, target="≥ 0.2×"),
        Scenario("home page, signed in", home_signed_in, connections=50, target="≥ 0.1×"),
        Scenario(
            "My Helix, 5 organisations and 50 follows",
            my_helix,
            target="≥ 0.1×",
        ),
    ]
    plans = {
        "two of the seed's words, as the scenario searches": search_plan(rng.sample(WORDS, 2)),
        "a word no project uses": search_plan(["kênh", "đào"]),
    }
    return scenarios, {"search_plans": plans}


def search_plan(words: list[str]) -> list[str]:
    """The plan of the API's search for a visitor, first page, as the list view builds it."""
    from django.db.models import F

    from api.pagination import SORT_KEY
    from projects.api.views import ProjectApiFilter, ProjectViewSet, public_project_rows

    projects = ProjectApiFilter({"q": " ".join(words)}, queryset=public_project_rows()).qs
    projects = projects.annotate(**{SORT_KEY: ProjectViewSet.orderings["published_at"]})
    first_page = projects.order_by(F(SORT_KEY).desc(), F("pk").desc())[:25]
    return first_page.explain(analyze=True).splitlines()


# --- The server and the load ------------------------------------------------------------


def start_server() -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "helix.wsgi",
            "--config",
            "python:helix.gunicorn",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=ENV,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{ORIGIN}/healthz/", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:  # refused while booting, or a first answer slower than the timeout
            time.sleep(0.2)
    stop(server)
    sys.exit("gunicorn did not answer on /healthz/")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(wrk: str, scenario: Scenario, seconds: int) -> dict:
    slug = re.sub(r"\W+", "-", scenario.name).strip("-")
    requests_file = OUT / f"{slug}.txt"
    requests_file.write_text("\n".join(scenario.lines) + "\n")
    done = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{scenario.connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(BASE / "bench" / "requests.lua"),
            ORIGIN,
            "--",
            str(requests_file),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    out = done.stdout
    requests_file.with_suffix(".wrk.txt").write_text(out + done.stderr)
    latency = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)\s*$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": bool(re.search(r"Socket errors", out)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }


def queries_per_request(scenario: Scenario, rng: random.Random) -> float:
    counts = []
    for line in rng.sample(scenario.lines, min(15, len(scenario.lines))):
        method, path, *session = line.split()
        headers = {}
        if session:
            headers = {
                "Cookie": f"sessionid={session[0]}; csrftoken={session[1]}",
                "X-CSRFToken": session[1],
            }
        request = urllib.request.Request(ORIGIN + path, method=method, headers=headers)
        try:
            # Generous: the server may still be answering what wrk left queued.
            with urllib.request.urlopen(request, timeout=120) as response:
                counts.append(int(response.headers["X-Queries"]))
        except urllib.error.HTTPError as error:
            counts.append(int(error.headers.get("X-Queries", -1)))
    return statistics.median(counts)


def heaviest_query(scenario: Scenario, rng: random.Random, sample: int = 6) -> dict:
    """The slowest query of a few of the scenario's requests, and its `EXPLAIN (ANALYZE,
    BUFFERS)`, run again here with the same parameters (in a transaction rolled back, since
    the votes' queries write)."""
    slug = re.sub(r"\W+", "-", scenario.name).strip("-")
    queries = []
    for number, line in enumerate(rng.sample(scenario.lines, min(sample, len(scenario.lines)))):
        method, path, *session = line.split()
        trace = f"{slug}-{number}"
        headers = {"X-Bench-Trace": trace}
        if session:
            headers |= {
                "Cookie": f"sessionid={session[0]}; csrftoken={session[1]}",
                "X-CSRFToken": session[1],
            }
        request = urllib.request.Request(ORIGIN + path, method=method, headers=headers)
        with contextlib.suppress(urllib.error.HTTPError):  # a refused vote ran its queries too
            urllib.request.urlopen(request, timeout=30).close()
        kept = OUT / "traces" / f"{trace}.pickle"
        if kept.exists():
            traced = pickle.loads(kept.read_bytes())
            queries += [(ms, sql, params, path) for sql, params, ms in traced]
            kept.unlink()
    if not queries:
        return {}
    ms, sql, params, path = max(queries, key=lambda query: query[0])
    plan = explain(sql, params)
    return {"ms": ms, "sql": sql, "path": path, "plan": plan, "flags": read_flags(plan)}


def explain(sql: str, params) -> list[str]:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
        transaction.set_rollback(True)
    return plan


def read_flags(plan: list[str]) -> list[str]:
    """What in a plan reads rows in proportion to a table: a sequential scan of a big table,
    a node that reads or throws away thousands of rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
        sizes = dict(cursor.fetchall())
    flags = []
    for line in plan:
        scan = re.search(r"Seq Scan on (\w+)", line)
        if scan and sizes.get(scan.group(1), 0) >= BIG_TABLE:
            flags.append(f"Seq Scan on {scan.group(1)} ({sizes[scan.group(1)]:,.0f} rows)")
        removed = re.search(r"Rows Removed by (?:Join )?Filter: (\d+)", line)
        if removed and int(removed.group(1)) >= MANY_REMOVED:
            flags.append(f"{line.strip()}")
        read = re.search(r"(\w[\w ]*?Scan)\b.*actual time=\S+ rows=(\d+) loops=(\d+)", line)
        if read and int(read.group(2)) * int(read.group(3)) >= BIG_TABLE:
            rows = int(read.group(2)) * int(read.group(3))
            flags.append(f"{read.group(1).strip()} reads {rows:,} rows: {line.strip()[:90]}")
    return flags


# --- The run ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="per scenario (default 10)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="times the province (10: 100,000 projects)"
    )
    parser.add_argument("--fraction", type=float, dest="scale", help="the same as --scale")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the database seeded by an earlier run (same --scale and --seed), to iterate",
    )
    parser.add_argument(
        "--scenarios-only",
        action="store_true",
        help="skip the fan-out, `recount --check`, the day and the memory (iterating)",
    )
    parser.add_argument("--day-seconds", type=int, default=60, help="the realistic day (60)")
    parser.add_argument(
        "--memory-requests", type=int, default=10_000, help="mixed requests for memory (10,000)"
    )
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "traces").mkdir(exist_ok=True)
    rng = random.Random(options.seed)
    wrk = ensure_wrk()

    manage("collectstatic", "--no-input")
    if options.reuse:
        log(f"reusing the seeded database {DATABASE_URL}, flushing Redis {REDIS_URL}")
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()  # a cache of another database's pages
        seeded, seed_seconds = "(reused, seeded by an earlier run)", 0.0
    else:
        log(f"fresh database {DATABASE_URL}, Redis {REDIS_URL}")
        fresh_database()
        manage("migrate", "--no-input")
        started = time.perf_counter()
        seeded = manage(
            "seed_province", "--seed", str(options.seed), "--scale", f"{options.scale:g}"
        )
        seed_seconds = time.perf_counter() - started
        log(seeded.strip())
    scenarios, extra = build_scenarios(rng)

    server = start_server()
    try:
        trivial = scenarios[0]
        for scenario in scenarios:
            run_wrk(wrk, scenario, 2)  # warm-up: workers import, connect, fill their caches
            log(f"{scenario.name}: {scenario.connections} connections, {options.seconds} s")
            scenario.result = run_wrk(wrk, scenario, options.seconds)
            scenario.result["queries"] = queries_per_request(scenario, rng)
            scenario.heaviest = heaviest_query(scenario, rng)
        again = run_wrk(wrk, trivial, options.seconds)  # the yardstick, before and after
        trivial.result["rps"] = (trivial.result["rps"] + again["rps"]) / 2
    finally:
        stop(server)
    # The worker drains what the load queued (the insights' refreshes of the voted projects),
    # then the kept counters and tallies must equal a recount.
    if options.scenarios_only:  # the load's queued refreshes stay undrained: no recount
        fan_out = drift = "not measured (--scenarios-only)"
        report = render(scenarios, options, seed_seconds, seeded, drift, extra, fan_out)
        (OUT / "results.md").write_text(report)
        print(report)
        return
    fan_out = measure_fan_out()
    started = time.perf_counter()
    drift = manage("recount", "--check").strip()
    drift += f" (in {time.perf_counter() - started:.0f} s)"
    # Issue 17 §3 and §4, on a server of their own (bench/day.py, bench/footprint.py).
    from bench import day as bench_day

    day_report, day_figures = bench_day.run(
        base=BASE, venv_bin=VENV_BIN, env=ENV, port=PORT, redis_url=REDIS_URL, workers=WORKERS,
        out=OUT, seconds=options.day_seconds, memory_requests=options.memory_requests,
        yardstick=lambda: run_wrk(wrk, scenarios[0], options.seconds)["rps"],
    )  # fmt: skip

    report = render(scenarios, options, seed_seconds, seeded, drift, extra, fan_out) + day_report
    (OUT / "results.md").write_text(report)
    results = {s.name: s.result for s in scenarios} | {"day": day_figures}
    (OUT / "results.json").write_text(json.dumps(results, indent=2, default=str))
    print(report)


def measure_fan_out() -> str:
    """A solution proposed to the hot project, fanned out by a real worker: seconds until every
    follower has their notification, and how many there are."""
    from django.db import transaction

    from accounts.models import User
    from notifications.models import Event, Notification
    from projects import services
    from projects.models import Follow, Project

    log = OUT / "worker.log"
    worker = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "helix", "worker", "--concurrency", "2",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        cwd=BASE,
        env=ENV,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        time.sleep(5)  # the worker connects to Redis
        drained = wait_for_empty_queue()  # first what the load queued, then the fan-out alone
        hot = Project.objects.get(pk=1)
        proposer = User.objects.create_user(
            email="bench-proposer@bench.helix.local", display_name="Bench proposer"
        )
        followers = Follow.objects.filter(project=hot).count()
        started = time.perf_counter()
        with transaction.atomic():
            solution = services.solution_propose(
                project=hot, by=proposer, title="Bench solution", summary="S", description="D"
            )
        event = Event.objects.get(solution=solution, type=Event.Type.SOLUTION_SUBMITTED)
        count = 0
        while time.perf_counter() - started < 120:
            count = Notification.objects.filter(event=event).count()
            if count >= followers:  # the proposer follows now and is not told
                break
            time.sleep(0.1)
        seconds = time.perf_counter() - started
    finally:
        stop(worker)
    return (
        f"{count:,} notifications in {seconds:.1f} s by a real worker ({followers:,} followers); "
        f"before it, the tasks the load had queued drained in {drained:.0f} s"
    )


def wait_for_empty_queue(timeout: float = 600) -> float:
    """Seconds until the broker's queue is empty and the worker has finished what it took."""
    import redis

    broker = redis.Redis.from_url(REDIS_URL)
    started = time.perf_counter()
    while broker.llen("celery") and time.perf_counter() - started < timeout:
        time.sleep(0.5)
    time.sleep(2)  # the tasks the worker took last
    return time.perf_counter() - started


def render(scenarios, options, seed_seconds, seeded, drift, extra, fan_out) -> str:
    trivial = scenarios[0].result["rps"]
    first = scenarios[1].result
    lines = [
        f"Helix benchmark — {time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"{os.cpu_count()} cores, gunicorn {WORKERS} sync workers, DEBUG off, "
        f"PostgreSQL + Redis, wrk {options.seconds} s per scenario",
        "",
        f"Seed: {seeded.strip()} (wall {seed_seconds:.0f} s with migrations' check)",
        "",
        "| scenario | req/s | × trivial | p50 ms | p99 ms | SQL/req | non-2xx | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for scenario in scenarios:
        r = scenario.result
        lines.append(
            f"| {scenario.name} | {r['rps']:.0f} | {r['rps'] / trivial:.2f} | {r['p50']:.1f} | "
            f"{r['p99']:.1f} | {r['queries']:g} | {r['non_2xx']} | {scenario.target} |"
        )
    deep = scenarios[2].result
    lines += [
        "",
        f"Deep cursor page vs first page: p50 {deep['p50'] / first['p50']:.2f}×, "
        f"p99 {deep['p99'] / first['p99']:.2f}× (targets ≤ 1.2×, ≤ 1.3×).",
        f"Counters after the votes: `recount --check` says “{drift}”.",
        f"Fan-out to 10,000 followers: {fan_out}.",
        "",
        "Search plans (`EXPLAIN` of the API's search):",
    ]
    for label, plan in extra["search_plans"].items():
        lines += ["", f"{label}:", "", *[f"    {line}" for line in plan]]
    lines += [
        "",
        f"Heaviest query of each scenario (the slowest of a few requests, `EXPLAIN (ANALYZE, "
        f"BUFFERS)` run again); **flagged** when it reads ≥ {BIG_TABLE:,} rows or removes "
        f"≥ {MANY_REMOVED:,} by a filter:",
    ]
    for scenario in scenarios:
        heaviest = scenario.heaviest
        if not heaviest:
            lines += ["", f"### {scenario.name}", "", "No query (answered from a cache)."]
            continue
        verdict = "**flagged**: " + "; ".join(heaviest["flags"]) if heaviest["flags"] else "ok"
        sql = re.sub(r"\s+", " ", heaviest["sql"])
        lines += [
            "",
            f"### {scenario.name}",
            "",
            f"{heaviest['ms']:.1f} ms in `{heaviest['path'][:80]}` — {verdict}",
            "",
            f"    {sql[:600]}{' …' if len(sql) > 600 else ''}",
            "",
            *[f"    {line}" for line in heaviest["plan"]],
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
