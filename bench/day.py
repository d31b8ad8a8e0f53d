"""A realistic day (issue 17 §3): 50 signed-in people and some partners' API keys, a real
Celery worker and beat, webhooks to a local receiver, for a minute.

The mix is drawn per request: 70 % page views (home, lists, project pages, organisation pages,
My Helix), 20 % API reads with an organisation's key, 10 % writes (comments, supports, follows,
proposals, through the API with the person's session and CSRF token). It is sent by a small
Python load generator (one thread and one connection per person, each request answered before
the next, as wrk does) rather than wrk, because each request must keep its kind for the p50/p99
per kind, writes need bodies, and the webhooks expected follow from the writes that succeeded.
At the few hundred requests per second the server reaches on 2 cores the generator costs a
few per cent of one core; its CPU time is printed with the results.

While the load runs, the broker's queue is sampled every second. After it, the worker drains the
queue; then notification lag (Notification.created − Event.created), the webhooks received
against those expected, the events left unprocessed and `recount --check`.
"""

# ruff: noqa: RUF001, RUF002 (the report writes the multiplication and minus signs on purpose)
import http.client
import json
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PEOPLE = 50
KEY_HOLDERS = range(1, 21)  # organisations 1..20 read the API with a key (person n owns org n)
SUBSCRIBED = range(21, 46)  # organisations 21..45 receive comment and solution webhooks
WEBHOOK_EVENTS = ["comment.created", "solution.submitted"]

# (kind, group, weight in per cent): 70 pages, 20 API reads by keys, 10 writes.
MIX = [
    ("home page", "page", 15),
    ("project list page", "page", 15),
    ("project page", "page", 22),
    ("organisation page", "page", 10),
    ("organisation list page", "page", 3),
    ("My Helix", "page", 5),
    ("project list API (key)", "api", 8),
    ("project API (key)", "api", 6),
    ("project's comments API (key)", "api", 3),
    ("organisation's matches API (key)", "api", 3),
    ("comment", "write", 4),
    ("support", "write", 3),
    ("follow", "write", 2),
    ("proposal", "write", 1),
]
GROUPS = {"page": "page views", "api": "API reads by keys", "write": "writes"}


@dataclass
class Person:
    user_id: int
    session: str
    csrf: str


@dataclass
class Plan:
    """What the load draws from, made in the seeded database before the server starts."""

    people: list[Person]
    keys: list[tuple[str, str]]  # (organisation slug, key)
    paths: dict[str, list[str]]  # kind -> paths for the reads
    open_projects: list[str]  # slugs that take comments, supports and proposals
    subscribed_projects: set[str]  # open projects of organisations with an endpoint
    published: list[str]


@dataclass
class Sample:
    kind: str
    started: float
    seconds: float
    status: int
    path: str


@dataclass
class Load:
    samples: list[Sample] = field(default_factory=list)
    wall: float = 0.0
    client_cpu: float = 0.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# --- The plan ----------------------------------------------------------------------------------


def sessions_for(user_ids) -> list[Person]:
    """A signed-in session per person, written through the session engine as a sign-in would."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    from accounts.models import User

    store = import_module(settings.SESSION_ENGINE).SessionStore
    people = []
    for user in User.objects.filter(pk__in=list(user_ids)).order_by("pk"):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append(Person(user.pk, session.session_key, get_random_string(32)))
    return people


def prepare(rng: random.Random, receiver_url: str) -> Plan:
    """Sessions, API keys and webhook endpoints made through the services, and the paths."""
    from django.test import override_settings

    from accounts.models import User
    from api.services import api_key_create
    from core.choices import District
    from matchmaking.models import Match
    from organisations.models import Organisation
    from projects.models import Project, Theme
    from webhooks.services import webhook_endpoint_create

    organisations = Organisation.objects.in_bulk()
    owners = organisations
    users = User.objects.in_bulk([*KEY_HOLDERS, *SUBSCRIBED])
    keys = []
    for n in KEY_HOLDERS:
        if n in owners and n in users:
            issued = api_key_create(organisation=owners[n], name="bench", scope="read", by=users[n])
            keys.append((owners[n].slug, issued.key))
    subscribed = set()
    with override_settings(HELIX_WEBHOOKS_ALLOW_LOOPBACK=True):
        for n in SUBSCRIBED:
            if n in owners and n in users:
                webhook_endpoint_create(
                    organisation=owners[n],
                    url=f"{receiver_url}/hooks/{n}",
                    events=WEBHOOK_EVENTS,
                    by=users[n],
                )
                subscribed.add(n)
    # A fifth of the people own an organisation (My Helix has something to show), the rest act.
    n_users = User.objects.filter(api_organisation=None).count()
    owners_sample = rng.sample(sorted(set(organisations) & set(range(1, n_users + 1))), 10)
    others = rng.sample(range(len(organisations) + 1, min(n_users, 5000) + 1), PEOPLE - 10)
    people = sessions_for([*owners_sample, *others])

    open_rows = list(Project.objects.filter(status="open").values_list("slug", "organisation_id"))
    open_projects = [slug for slug, _ in open_rows]
    subscribed_projects = {slug for slug, org in open_rows if org in subscribed}
    published = list(
        Project.objects.exclude(status="draft").values_list("slug", flat=True).order_by("pk")
    )
    discussed = published[:100]

    def query(params: dict) -> str:
        from urllib.parse import urlencode

        return "?" + urlencode(params) if params else ""

    def filters() -> dict:
        chosen = {}
        for name, values in (("theme", Theme.values), ("district", District.values)):
            if rng.random() < 0.4:
                chosen[name] = rng.choice(values)
        return chosen

    matched = list(
        Match.objects.showable()
        .filter(organisation_id__in=list(KEY_HOLDERS))
        .values_list("organisation__slug", flat=True)
        .distinct()
    ) or [slug for slug, _ in keys]
    paths = {
        "home page": ["/"],
        "project list page": [
            f"/projects/{query({**filters(), 'page': rng.choice([1, 1, 2])})}" for _ in range(300)
        ],
        "project page": [
            f"/projects/{rng.choice(discussed if rng.random() < 0.3 else published)}/"
            for _ in range(500)
        ],
        "organisation page": [
            f"/organisations/{organisations[rng.choice(list(organisations))].slug}/"
            for _ in range(300)
        ],
        "organisation list page": ["/organisations/", "/organisations/?page=2"],
        "My Helix": ["/me/"],
        "project list API (key)": [f"/api/v1/projects/{query(filters())}" for _ in range(300)],
        "project API (key)": [f"/api/v1/projects/{rng.choice(published)}/" for _ in range(500)],
        "project's comments API (key)": [
            f"/api/v1/projects/{rng.choice(discussed)}/comments/" for _ in range(100)
        ],
        "organisation's matches API (key)": [
            f"/api/v1/organisations/{slug}/matches/" for slug in matched
        ],
    }
    return Plan(people, keys, paths, open_projects, subscribed_projects, published)


# --- The load ----------------------------------------------------------------------------------


def _request(plan: Plan, rng: random.Random, person: Person, kind: str, serial: int):
    """(method, path, body, headers) of one request of this kind for this person."""
    headers = {
        "Cookie": f"sessionid={person.session}; csrftoken={person.csrf}",
        "Accept-Language": "vi",
    }
    if kind.endswith("(key)"):
        slug, key = rng.choice(plan.keys)
        path = rng.choice(plan.paths[kind])
        return "GET", path, None, {"Authorization": f"Bearer {key}"}
    if kind in plan.paths:
        return "GET", rng.choice(plan.paths[kind]), None, headers
    headers |= {"X-CSRFToken": person.csrf, "Content-Type": "application/json"}
    if kind == "comment":
        # Half of the comments go to projects whose organisation has a webhook endpoint.
        pool = plan.subscribed_projects if rng.random() < 0.5 else plan.open_projects
        slug = rng.choice(sorted(pool) if isinstance(pool, set) else pool)
        body = {"body": f"Ý kiến {serial} từ benchmark: {rng.randrange(10**6)}."}
        return "POST", f"/api/v1/projects/{slug}/comments/", body, headers
    if kind == "proposal":
        pool = plan.subscribed_projects if rng.random() < 0.5 else plan.open_projects
        slug = rng.choice(sorted(pool) if isinstance(pool, set) else pool)
        body = {
            "title": f"Giải pháp {serial}",
            "summary": "Một giải pháp thử của benchmark.",
            "description": "Mô tả giải pháp, đủ dài để đọc.",
        }
        return "POST", f"/api/v1/projects/{slug}/solutions/", body, headers
    slug = rng.choice(plan.open_projects)
    method = rng.choice(["POST", "POST", "DELETE"])
    return method, f"/api/v1/projects/{slug}/{kind}/", None, headers


def run_load(
    plan: Plan,
    port: int,
    *,
    seconds: float | None = None,
    requests: int | None = None,
    seed: int = 2026,
) -> Load:
    """The mix from PEOPLE threads until `seconds` have passed or `requests` were answered."""
    kinds = [kind for kind, _, _ in MIX]
    weights = [weight for _, _, weight in MIX]
    budget = iter(range(requests)) if requests is not None else None
    budget_lock = threading.Lock()
    stop = threading.Event()
    results: list[list[Sample]] = [[] for _ in plan.people]
    origin = time.perf_counter()

    def person_loop(index: int) -> None:
        person = plan.people[index]
        rng = random.Random(seed * 1000 + index)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        serial = 0
        while not stop.is_set():
            if budget is not None:
                with budget_lock:
                    if next(budget, None) is None:
                        return
            kind = rng.choices(kinds, weights)[0]
            serial += 1
            method, path, body, headers = _request(plan, rng, person, kind, serial)
            payload = json.dumps(body).encode() if body is not None else None
            started = time.perf_counter()
            try:
                connection.request(method, path, body=payload, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
            elapsed = time.perf_counter() - started
            results[index].append(Sample(kind, started - origin, elapsed, status, path))

    cpu_before = time.process_time()
    threads = [threading.Thread(target=person_loop, args=(i,)) for i in range(len(plan.people))]
    for thread in threads:
        thread.start()
    if seconds is not None:
        stop.wait(seconds)
        stop.set()
    for thread in threads:
        thread.join()
    load = Load(wall=time.perf_counter() - origin, client_cpu=time.process_time() - cpu_before)
    load.samples = [sample for person in results for sample in person]
    return load


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summarise(load: Load) -> list[dict]:
    """One row per kind, then per group, then the whole mix."""
    rows = []
    groups = {kind: group for kind, group, _ in MIX}

    def row(name: str, samples: list[Sample]) -> dict:
        times = [s.seconds * 1000 for s in samples]
        return {
            "kind": name,
            "requests": len(samples),
            "share": len(samples) / max(1, len(load.samples)),
            "rps": len(samples) / load.wall if load.wall else 0.0,
            "p50": percentile(times, 50),
            "p99": percentile(times, 99),
            "errors": sum(1 for s in samples if not 200 <= s.status < 400),
            "statuses": sorted({s.status for s in samples}),
        }

    for kind, _, _ in MIX:
        rows.append(row(kind, [s for s in load.samples if s.kind == kind]))
    for group, label in GROUPS.items():
        rows.append(row(f"**{label}**", [s for s in load.samples if groups[s.kind] == group]))
    rows.append(row("**the whole mix**", load.samples))
    return rows


# --- The worker, beat, the receiver and the broker's queue -------------------------------------


class Receiver:
    """A tiny webhook receiver on a free loopback port: counts each delivery by its id."""

    def __init__(self) -> None:
        received: dict[str, float] = {}
        self.received = received
        self.duplicates = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                event_id = self.headers.get("Helix-Webhook-Id", "")
                if event_id in received:
                    outer.duplicates += 1
                received.setdefault(event_id, time.time())
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def held(broker) -> int:
    """Tasks the worker has taken and not yet acknowledged, except those it holds for a later
    time (a webhook's retry after its backoff is held with an ETA)."""
    count = 0
    for raw in broker.hvals("unacked"):
        try:
            headers = json.loads(raw)[0].get("headers", {})
        except (ValueError, IndexError, AttributeError):
            headers = {}
        count += not headers.get("eta")
    return count


class QueueSampler:
    """The broker's queue (`LLEN celery`) and the tasks taken but not acknowledged, each second."""

    def __init__(self, redis_url: str) -> None:
        import redis

        self.broker = redis.Redis.from_url(redis_url)
        self.samples: list[tuple[float, int, int]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.origin = time.perf_counter()
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            self.samples.append(
                (
                    time.perf_counter() - self.origin,
                    self.broker.llen("celery"),
                    held(self.broker),
                )
            )
            self.stop.wait(1.0)

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def start_celery(base, venv_bin, env: dict, out) -> list[subprocess.Popen]:
    """`celery -A helix worker` (two processes, as the bench's fan-out uses) and `beat`."""
    common = {"cwd": base, "env": env, "stderr": subprocess.STDOUT, "start_new_session": True}
    worker = subprocess.Popen(
        [str(venv_bin / "celery"), "-A", "helix", "worker", "--concurrency", "2",
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
        stdout=(out / "day-worker.log").open("w"),
        **common,
    )  # fmt: skip
    beat = subprocess.Popen(
        [str(venv_bin / "celery"), "-A", "helix", "beat", "--loglevel", "WARNING",
         "--schedule", str(out / "day-celerybeat-schedule")],
        stdout=(out / "day-beat.log").open("w"),
        **common,
    )  # fmt: skip
    return [worker, beat]


def drain(redis_url: str, since, timeout: float = 600) -> float:
    """Seconds until the queue is empty, nothing is held by the worker, every event since
    `since` is fanned out and no webhook delivery of the day is still pending."""
    import redis

    from notifications.models import Event
    from webhooks.models import WebhookDelivery

    broker = redis.Redis.from_url(redis_url)
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        busy = (
            broker.llen("celery")
            or held(broker)
            or Event.objects.filter(created__gte=since, processed_at=None).exists()
            or WebhookDelivery.objects.filter(
                created__gte=since, status=WebhookDelivery.Status.PENDING
            ).exists()
        )
        if not busy:
            break
        time.sleep(0.5)
    return time.perf_counter() - started


# --- The run ---------------------------------------------------------------------------------


def outcome(since, load: Load, plan: Plan, receiver: Receiver) -> dict:
    """Notification lag, events fanned out, webhooks expected / received / recorded."""
    from django.db.models import Count

    from notifications.models import Event, Notification
    from webhooks.models import WebhookDelivery

    lags = [
        (created - event_created).total_seconds() * 1000
        for created, event_created in Notification.objects.filter(
            event__created__gte=since
        ).values_list("created", "event__created")
    ]
    events = Event.objects.filter(created__gte=since)
    # Every comment and proposal answered 201 on a subscribed organisation's project is one
    # delivery to its one endpoint (proposals are sent as individuals: no lead organisation).
    expected = 0
    for sample in load.samples:
        if sample.kind in ("comment", "proposal") and sample.status == 201:
            slug = sample.path.split("/")[4]
            expected += slug in plan.subscribed_projects
    day = WebhookDelivery.objects.filter(created__gte=since)
    deliveries = dict(day.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    # The receiver also heard the memory phase's writes: only the day's ids count here.
    recorded_at = {
        str(event_id): created for event_id, created in day.values_list("event_id", "created")
    }
    received = {i: t for i, t in receiver.received.items() if i in recorded_at}
    webhook_lags = [(t - recorded_at[i].timestamp()) * 1000 for i, t in received.items()]
    return {
        "events": events.count(),
        "events_unprocessed": events.filter(processed_at=None).count(),
        "notifications": len(lags),
        "lag_p50": percentile(lags, 50),
        "lag_p99": percentile(lags, 99),
        "lag_max": max(lags, default=float("nan")),
        "webhooks_expected": expected,
        "webhooks_recorded": sum(deliveries.values()),
        "webhooks_succeeded": deliveries.get(WebhookDelivery.Status.SUCCEEDED, 0),
        "webhooks_pending": deliveries.get(WebhookDelivery.Status.PENDING, 0),
        "webhooks_failed": deliveries.get(WebhookDelivery.Status.FAILED, 0),
        "webhooks_received": len(received),
        "webhook_lag_p50": percentile(webhook_lags, 50),
        "webhook_lag_max": max(webhook_lags, default=float("nan")),
        "webhooks_duplicates": receiver.duplicates,
    }


def recount_check(base, env: dict) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "manage.py", "recount", "--check"],
        cwd=base,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode, (lines[-1] if lines else "")


def render(result: dict) -> str:
    """The section of results.md."""
    load_rows, queue, out = result["rows"], result["queue"], result["outcome"]
    lines = [
        "",
        f"## A realistic day ({result['seconds']:.0f} s, {PEOPLE} signed-in people, "
        f"{len(result['keys'])} API keys, a real Celery worker and beat)",
        "",
        f"{result['requests']:,} requests in {result['wall']:.1f} s: "
        f"**{result['rps']:.0f} req/s** ({result['ratio']}); the load generator used "
        f"{result['client_cpu']:.1f} s of CPU ({result['client_cpu'] / result['wall']:.0%} "
        "of one core).",
        "",
        "| request kind | share | req/s | p50 ms | p99 ms | non-2xx/3xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in load_rows:
        lines.append(
            f"| {row['kind']} | {row['share']:.1%} | {row['rps']:.1f} | {row['p50']:.1f} | "
            f"{row['p99']:.1f} | {row['errors']} |"
        )
    lines += [
        "",
        f"Broker queue (`LLEN celery`, sampled each second during the load): max "
        f"{queue['max']}, mean {queue['mean']:.1f}, at the end {queue['end']}; tasks held by "
        f"the worker at most {queue['unacked_max']}. Drained "
        f"{result['drain']:.1f} s after the load stopped.",
        f"Notifications: {out['notifications']:,} for {out['events']:,} events; lag "
        f"(Notification.created − Event.created) p50 {out['lag_p50']:.0f} ms, p99 "
        f"{out['lag_p99']:.0f} ms, max {out['lag_max']:.0f} ms; events left unprocessed: "
        f"{out['events_unprocessed']}.",
        f"Webhooks: {out['webhooks_expected']} expected (comments and proposals on the "
        f"projects of the {len(SUBSCRIBED)} subscribed organisations), "
        f"{out['webhooks_recorded']} recorded, {out['webhooks_succeeded']} succeeded, "
        f"{out['webhooks_pending']} pending, {out['webhooks_failed']} failed; the receiver got "
        f"{out['webhooks_received']} of them ({out['webhooks_duplicates']} repeated ids in the "
        f"whole run), p50 {out['webhook_lag_p50']:.0f} ms and at most "
        f"{out['webhook_lag_max']:.0f} ms after the change was recorded.",
        f"After it, `recount --check`: “{result['recount']}”.",
    ]
    return "\n".join(lines) + "\n"


def queue_summary(sampler: QueueSampler, load_seconds: float) -> dict:
    during = [s for s in sampler.samples if s[0] <= load_seconds] or [(0.0, 0, 0)]
    return {
        "max": max(s[1] for s in during),
        "mean": statistics.fmean(s[1] for s in during),
        "end": during[-1][1],
        "unacked_max": max(s[2] for s in during),
        "series": [s[1] for s in during],
    }


def run_day(plan: Plan, *, port: int, redis_url: str, seconds: float, receiver) -> dict:
    """The day itself, once the server, the worker and beat are up and the queue is empty."""
    from django.utils import timezone

    since = timezone.now()
    sampler = QueueSampler(redis_url)
    log(f"a realistic day: {PEOPLE} people, {seconds:.0f} s")
    load = run_load(plan, port, seconds=seconds, seed=17)
    load_seconds = time.perf_counter() - sampler.origin
    drained = drain(redis_url, since)
    sampler.close()
    rows = summarise(load)
    whole = rows[-1]
    return {
        "seconds": seconds,
        "keys": plan.keys,
        "requests": whole["requests"],
        "wall": load.wall,
        "rps": whole["rps"],
        "client_cpu": load.client_cpu,
        "rows": rows,
        "queue": queue_summary(sampler, load_seconds),
        "drain": drained,
        "outcome": outcome(since, load, plan, receiver),
    }


def run(
    *,
    base,
    venv_bin,
    env: dict,
    port: int,
    redis_url: str,
    workers: int,
    out,
    seconds: float = 60,
    memory_requests: int = 10_000,
    seed: int = 2026,
    yardstick=None,
) -> tuple[str, dict]:
    """§4 then §3 on one server of their own: cold start, page sizes, memory over the mix, then
    the day. `yardstick()`, if given, measures the trivial endpoint's req/s on the same server
    just before the day, for the day's ratio. Returns the report's sections and their figures."""
    from bench import footprint

    env = {**env, "HELIX_WEBHOOKS_ALLOW_LOOPBACK": "true"}  # the receiver is on loopback
    rng = random.Random(seed)
    receiver = Receiver()
    plan = prepare(rng, receiver.url)
    log("cold start: fresh imports, then gunicorn to its first answer")
    cold = footprint.cold_import(base, env)
    server, first_answer, first_latency = footprint.serve(base, venv_bin, env, port, workers)
    celery = []
    try:
        started = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            response.read()
        warm_latency = time.perf_counter() - started
        owner = next(p for p in plan.people if p.user_id in KEY_HOLDERS or p.user_id <= 500)
        sizes = footprint.page_sizes(port, owner.session)
        celery = start_celery(base, venv_bin, env, out)
        time.sleep(5)  # the worker connects to Redis
        rounds = iter(range(1, 10_000))

        def load_some(n: int) -> None:
            run_load(plan, port, requests=n, seed=seed + next(rounds))

        log(f"memory: each worker over {memory_requests:,} mixed requests")
        memory = footprint.measure_memory(server.pid, load_some, total=memory_requests)
        settle = drain(redis_url, since=_now())  # what the memory's writes queued
        log(f"the memory phase's tasks drained in {settle:.0f} s")
        trivial = yardstick() if yardstick else None
        day = run_day(plan, port=port, redis_url=redis_url, seconds=seconds, receiver=receiver)
    finally:
        for process in celery:
            footprint.stop(process)
        footprint.stop(server)
        receiver.close()
    code, recount = recount_check(base, env)
    day["recount"] = recount if code == 0 else f"DRIFT (exit {code}): {recount}"
    day["trivial"] = trivial
    day["ratio"] = (
        f"{day['rps'] / trivial:.2f}× the trivial endpoint's {trivial:.0f} req/s measured on the "
        "same server just before"
        if trivial
        else "no yardstick measured"
    )
    report = footprint.render(
        cold, first_answer, first_latency, warm_latency, memory, sizes, workers
    ) + render(day)
    figures = {
        "cold": cold,
        "first_answer": first_answer,
        "memory": {str(k): v for k, v in memory["samples"].items()},
        "pages": sizes["pages"],
        "day": {k: v for k, v in day.items() if k not in ("keys",)},
    }
    return report, figures


def _now():
    from django.utils import timezone

    return timezone.now()
