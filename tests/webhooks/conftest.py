"""A real HTTP receiver on 127.0.0.1, in a thread, that checks Helix's signature itself."""

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SIGNATURE_TOLERANCE = 300  # seconds, as docs/api.md tells receivers


def verify_signature(secret: str, headers, body: bytes, now: float | None = None) -> bool:
    """The receiver's side of the scheme in docs/api.md, written from the documentation:
    HMAC-SHA256 keyed with the secret over "{timestamp}.{raw body}", hex, after "v1="; a
    timestamp older than five minutes is refused."""
    timestamp = headers.get("Helix-Webhook-Timestamp", "")
    signature = headers.get("Helix-Webhook-Signature", "")
    if not timestamp.isdigit():
        return False
    if abs((now or time.time()) - int(timestamp)) > SIGNATURE_TOLERANCE:
        return False
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return any(
        hmac.compare_digest(part.strip().removeprefix("v1="), expected)
        for part in signature.split(",")
        if part.strip().startswith("v1=")
    )


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified: bool

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """`answers` is consumed one per request: a status code, or "timeout" (no answer in time);
    once empty, every request gets `then`."""

    port: int
    secret: str = ""
    answers: list = field(default_factory=list)
    then: int | str = 200
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/helix/hooks"

    def next_answer(self):
        with self.lock:
            return self.answers.pop(0) if self.answers else self.then


@pytest.fixture
def receiver(settings):
    """Loopback is let through for this test only, as production never does."""
    settings.HELIX_WEBHOOKS_ALLOW_LOOPBACK = True
    state: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            rcv: Receiver = state["receiver"]
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = dict(self.headers.items())
            verified = verify_signature(rcv.secret, self.headers, body)  # any header case
            with rcv.lock:
                rcv.requests.append(Received(self.path, headers, body, verified))
            answer = rcv.next_answer()
            if answer == "timeout":
                time.sleep(settings.HELIX_WEBHOOK_TIMEOUT + 0.7)
                answer = 200
            if not verified:
                answer = 401
            self.send_response(answer)
            if 300 <= answer < 400:
                self.send_header("Location", "http://127.0.0.1:1/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.handle_error = lambda request, address: None  # Helix hung up on a "timeout": expected
    state["receiver"] = Receiver(port=server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state["receiver"]
    finally:
        server.shutdown()
        server.server_close()
