"""Memory, cold start and page sizes (issue 17 §4).

- Cold start: a fresh interpreter importing `helix.wsgi` and the URLconf (what each gunicorn
  worker does before its first request), `manage.py check`, and gunicorn from launch to the first
  200 of the home page.
- Memory: each gunicorn worker's resident set (`VmRSS` in /proc/<pid>/status) and its private
  part (`Private_*` in /proc/<pid>/smaps_rollup) after the first 1,000 mixed requests and after
  10,000, sampled every 1,000.
- Page sizes: each main page's HTML as the server sends it (and as gzip would send it), and every
  stylesheet, script, font, icon and picture it references, as the server sends them to a browser
  that accepts gzip and brotli (an upper bound: a browser loads one of the alternative icons, and
  the no-script stylesheet only without JavaScript).
"""

import gzip
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

PAGES = [
    ("home", "/", False),
    ("project list", "/projects/", False),
    ("project page, 50 comments", "/projects/project-1/", False),
    ("organisation page", "/organisations/organisation-1/", False),
    ("My Helix (an owner)", "/me/", True),
    ("insights", "/insights/", False),
]


# --- Cold start ------------------------------------------------------------------------------

IMPORT = (
    "import time; t = time.perf_counter(); import helix.wsgi; "
    "from django.urls import get_resolver; get_resolver().url_patterns; "
    "print(time.perf_counter() - t)"
)


def cold_import(base: Path, env: dict, runs: int = 3) -> dict:
    """Median seconds of a fresh `import helix.wsgi` plus the URLconf, and of `manage.py check`."""
    imports, checks = [], []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", IMPORT], cwd=base, env=env, capture_output=True, text=True
        )
        imports.append(float(done.stdout.strip().splitlines()[-1]))
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "check"], cwd=base, env=env, capture_output=True
        )
        checks.append(time.perf_counter() - started)
    return {"import": statistics.median(imports), "check": statistics.median(checks)}


def serve(base: Path, venv_bin: Path, env: dict, port: int, workers: int):
    """gunicorn as the bench runs it; returns it and the seconds from launch to the first 200 of
        the home page, and how long that first request took (every worker imports Django after the
    fork: no preload)."""
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(venv_bin / "gunicorn"), "helix.wsgi", "--config", "python:helix.gunicorn",
         "--workers", str(workers), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=base,
        env=env,
        start_new_session=True,
    )  # fmt: skip
    while time.perf_counter() - started < 120:
        sent = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
                response.read()
                if response.status == 200:
                    answered = time.perf_counter()
                    return server, answered - started, answered - sent
        except OSError:
            time.sleep(0.05)
    stop(server)
    raise RuntimeError("gunicorn did not answer on /")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# --- Memory ------------------------------------------------------------------------------------


def workers_of(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def memory_of(pid: int) -> tuple[int, int]:
    """(resident, private) in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    private = sum(int(n) for n in re.findall(r"^Private_\w+:\s+(\d+) kB", rollup, re.M))
    return rss, private


def measure_memory(master: int, load_some, total: int = 10_000, step: int = 1_000) -> dict:
    """Each worker's memory after every `step` requests of the mix, up to `total`."""
    pids = workers_of(master)
    samples = {0: {pid: memory_of(pid) for pid in pids}}
    done = 0
    while done < total:
        load_some(step)
        done += step
        samples[done] = {pid: memory_of(pid) for pid in workers_of(master)}
    return {"pids": pids, "samples": samples, "respawned": workers_of(master) != pids}


# --- Page sizes --------------------------------------------------------------------------------


class Assets(HTMLParser):
    """The stylesheets, scripts, icons and pictures an HTML page makes a browser load."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").split()
            if {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(rel):
                self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def fetch(port: int, path: str, headers: dict) -> tuple[int, bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip, br", **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, {k.lower(): v for k, v in response.getheaders()}


def _decoded(body: bytes, encoding: str) -> bytes:
    return gzip.decompress(body) if encoding == "gzip" else body


def page_sizes(port: int, session: str) -> dict:
    """Each page's HTML and the assets it loads, in bytes sent and bytes decoded."""
    origin = f"http://127.0.0.1:{port}"
    assets: dict[str, dict] = {}
    pages = []

    def asset(url: str) -> dict:
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != f"127.0.0.1:{port}":
            return {"url": url, "external": True, "sent": 0, "size": 0, "encoding": ""}
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in assets:
            status, body, headers = fetch(port, path, {})
            encoding = headers.get("content-encoding", "")
            decoded = _decoded(body, encoding) if encoding != "br" else body
            assets[path] = {
                "url": path,
                "status": status,
                "sent": len(body),
                "size": len(decoded) if encoding != "br" else None,
                "encoding": encoding or "identity",
                "type": headers.get("content-type", "").split(";")[0],
            }
            if assets[path]["type"] == "text/css" and encoding != "br":
                text = decoded.decode("utf-8", "replace")
                for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
                    if not ref.startswith("data:"):
                        assets[path].setdefault("loads", []).append(
                            asset(urljoin(origin + path, ref))["url"]
                        )
        return assets[path]

    for name, path, signed_in in PAGES:
        headers = {"Cookie": f"sessionid={session}"} if signed_in else {}
        status, body, response_headers = fetch(port, path, headers)
        encoding = response_headers.get("content-encoding", "")
        html = _decoded(body, encoding)
        parser = Assets()
        parser.feed(html.decode("utf-8", "replace"))
        loaded = []
        for url in parser.urls:
            found = asset(urljoin(origin + path, url))
            loaded.append(found["url"])
            loaded.extend(found.get("loads", []))
        loaded = list(dict.fromkeys(loaded))
        pages.append(
            {
                "page": name,
                "path": path,
                "status": status,
                "html_sent": len(body),
                "html_size": len(html),
                "html_encoding": encoding or "identity",
                "html_gzip": len(gzip.compress(html, 6)),
                "assets": loaded,
                "assets_sent": sum(assets[url]["sent"] for url in loaded if url in assets),
            }
        )
    return {"pages": pages, "assets": assets}


# --- The report ----------------------------------------------------------------------------------


def render(cold: dict, first_answer: float, first_latency: float, warm_latency: float,
           memory: dict, sizes: dict, workers: int) -> str:  # fmt: skip
    lines = [
        "",
        "## Memory, cold start, page sizes",
        "",
        f"Cold start: a fresh `import helix.wsgi` with the URLconf {cold['import'] * 1000:.0f} ms "
        f"(median of 3), `manage.py check` {cold['check'] * 1000:.0f} ms; gunicorn "
        f"({workers} sync workers) from launch to the first 200 of the home page "
        f"{first_answer:.2f} s. The home page's first answer after the start took "
        f"{first_latency * 1000:.0f} ms, a warm one {warm_latency * 1000:.0f} ms.",
        "",
    ]
    samples = memory["samples"]
    last = max(samples)
    steps = sorted(n for n in samples if n in (0, 1_000, 2_000, 5_000, last))
    header = " | ".join(f"after {n:,}" for n in steps)
    lines += [
        "Each worker's memory (resident / private MiB) over mixed requests (the day's mix, "
        "all workers together):",
        "",
        f"| worker | {header} | growth 1,000 → {steps[-1]:,} |",
        "| --- | " + " | ".join("---:" for _ in steps) + " | ---: |",
    ]
    for pid in memory["pids"]:
        cells = []
        for n in steps:
            rss, private = samples[n].get(pid, (0, 0))
            cells.append(f"{rss / 1024:.1f} / {private / 1024:.1f}")
        growth = (
            samples[last].get(pid, (0, 0))[0]
            - samples[1_000 if 1_000 in samples else 0].get(pid, (0, 0))[0]
        ) / 1024
        lines.append(f"| {pid} | {' | '.join(cells)} | {growth:+.1f} MiB |")
    if memory["respawned"]:
        lines.append("")
        lines.append("**A worker was replaced during the run** (its pid changed).")
    lines += [
        "",
        "Page sizes, as the server sends them to a browser that accepts gzip and brotli (HTML "
        "from Django, assets from whitenoise), and the HTML as gzip would send it:",
        "",
        "| page | HTML sent | encoding | HTML gzip -6 | assets | assets sent | first visit sent |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for page in sizes["pages"]:
        lines.append(
            f"| {page['page']} (`{page['path']}`, {page['status']}) | {page['html_sent']:,} | "
            f"{page['html_encoding']} | {page['html_gzip']:,} | {len(page['assets'])} | "
            f"{page['assets_sent']:,} | "
            f"{page['html_sent'] + page['assets_sent']:,} |"
        )
    lines += [
        "",
        "| asset | type | encoding | bytes sent | bytes decoded |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    for url, found in sorted(sizes["assets"].items()):
        size = f"{found['size']:,}" if found.get("size") is not None else "?"
        lines.append(
            f"| `{url}` | {found.get('type', '')} | {found['encoding']} | {found['sent']:,} | "
            f"{size} |"
        )
    return "\n".join(lines) + "\n"
