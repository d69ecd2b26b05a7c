"""A real local HTTP server standing in for the outside world a workflow calls."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson


class Target:
    """Answers 200 with the request's Idempotency-Key while `healthy`, 503 otherwise, and
    records every key it saw, by execution (the key is `{execution_id}:{node_id}:{attempt}`)."""

    def __init__(self) -> None:
        self.healthy = True
        self.delay_seconds = 0.0
        self.keys: dict[str, list[str]] = defaultdict(list)
        # Request bodies (parsed JSON when they are JSON) with the key they came with, in order.
        self.bodies: list[tuple[str, Any]] = []
        # Requests being answered now, and the most there ever were at once.
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.url = ""


@contextmanager
def serve() -> Iterator[Target]:
    target = Target()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in separate writes: without TCP_NODELAY, Nagle and the client's
        # delayed ACK hold the body back ~40 ms on every keep-alive request.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            key = self.headers.get("Idempotency-Key", "")
            with target.lock:
                target.in_flight += 1
                target.max_in_flight = max(target.max_in_flight, target.in_flight)
            time.sleep(target.delay_seconds)
            with target.lock:
                target.in_flight -= 1
                target.keys[key.split(":")[0]].append(key)
                try:
                    target.bodies.append((key, orjson.loads(raw) if raw else None))
                except orjson.JSONDecodeError:
                    target.bodies.append((key, raw.decode("utf-8", "replace")))
            code = 200 if target.healthy else 503
            payload = orjson.dumps({"key": key, "ok": code == 200})
            self.send_response(code)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
            pass  # a worker killed mid-request hangs up; that is what crash tests do

    httpd = Server(("127.0.0.1", 0), Handler)
    target.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield target
    finally:
        httpd.shutdown()
        httpd.server_close()
