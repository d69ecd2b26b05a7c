"""Test helpers shared by every tier.

Another service run as its own process and reached only through its public gRPC API
(`grpc_service`: a test imports its own service and `libs/`, never another service's code).

A real local HTTP server that records what a workflow sent it (`recording_server`), and one that misbehaves on request (`MisbehavingServer`). It stands in for the outside servers a workflow or a connector calls, with the answers an
attacker or a broken server gives: an echo of the request (headers included, as debugging
endpoints do), an endless or huge body, and answers trickled a byte at a time. Nothing here is
used outside tests.

A Postgres cluster, a Redis server and a RabbitMQ node of a test's own (`own_postgres`,
`own_redis`, `own_rabbitmq`), on free ports, for tests that stop and start them: the machine's shared instances are never touched.
"""

from __future__ import annotations

import base64
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import orjson
from jobsprint.common.healthcheck import grpc_serving


@dataclass
class MisbehavingServer:
    url: str = ""
    # Requests seen: (method, path, headers with lower-cased names).
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    # Bytes of body sent by the streaming routes, per request path, for "stopped early" checks.
    sent: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(server: MisbehavingServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *_args: object) -> None:
            pass

        def _query(self) -> dict[str, str]:
            return {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}

        def _json(self, status: int, payload: object) -> None:
            raw = orjson.dumps(payload)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            with server.lock:
                server.requests.append((self.command, self.path, headers))
            path, query = urlsplit(self.path).path, self._query()
            try:
                if path == "/echo":
                    # What httpbin's /anything does: the request, headers included, comes back;
                    # `?encode=base64|url` wraps it as debugging pages and tokens do.
                    status = int(query.get("status", "200"))
                    echo = {
                        "headers": headers,
                        "method": self.command,
                        "url": self.path,
                        "body": body.decode(),
                    }
                    encode = query.get("encode")
                    if encode == "base64":
                        return self._json(status, {"encoded": base64.b64encode(orjson.dumps(echo)).decode()})
                    if encode == "url":
                        return self._json(status, {"encoded": quote(orjson.dumps(echo).decode(), safe="")})
                    return self._json(status, echo)
                if path == "/big":
                    return self._stream_big(int(query.get("bytes", "0")), declared="declared" in query)
                if path == "/trickle":
                    return self._trickle_body(float(query.get("interval", "1")))
                if path == "/trickle-headers":
                    return self._trickle_headers(float(query.get("interval", "1")))
                return self._json(404, {"error": f"no route {path}"})
            except (BrokenPipeError, ConnectionResetError):
                return None  # the client gave up, as it should

        def _stream_big(self, size: int, *, declared: bool) -> None:
            """`size` bytes of body, chunked unless `declared` (then with its Content-Length)."""
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            if declared:
                self.send_header("Content-Length", str(size))
            else:
                self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            piece = b"x" * 65536
            sent = 0
            try:
                while sent < size:
                    part = piece[: min(len(piece), size - sent)]
                    self.wfile.write(part if declared else b"%x\r\n%s\r\n" % (len(part), part))
                    sent += len(part)
                    with server.lock:
                        server.sent[self.path] = sent
                if not declared:
                    self.wfile.write(b"0\r\n\r\n")
            finally:
                self.close_connection = True

        def _trickle_body(self, interval: float) -> None:
            """Headers at once, then a byte of body every `interval` seconds, for a minute."""
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "60")
            self.end_headers()
            self.close_connection = True
            for _ in range(60):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(interval)

        def _trickle_headers(self, interval: float) -> None:
            """The status line and headers themselves, a byte every `interval` seconds."""
            self.close_connection = True
            for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"y" * 200 + b"\r\n\r\n":
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(interval)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    return Handler


@contextmanager
def misbehaving_server() -> Iterator[MisbehavingServer]:
    """A local server on 127.0.0.1 with the routes `/echo` (`?status=` sets the status,
    `?encode=base64|url` wraps the echo), `/big`
    (`?bytes=`, `&declared=1` for a Content-Length), `/trickle` and `/trickle-headers`
    (`?interval=` seconds per byte)."""
    server = MisbehavingServer()

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
            pass  # clients that hang up early are what these routes test

    httpd = Server(("127.0.0.1", 0), _handler(server))
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- other services as processes ---------------------------------------------------------------


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def service_process(
    service: str,
    *,
    env: Mapping[str, str],
    command: str = "serve",
    grpc_port: int | None = None,
    start_timeout: float = 60.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m jobsprint.<service> <command>` with `env` over this process's environment;
    when `grpc_port` is given, entered once its gRPC health service answers SERVING. Stopped
    with SIGTERM (then killed) on exit. Its output goes to a file whose last lines are shown if
    it does not start."""
    log = Path(tempfile.mkstemp(prefix=f"{service}-{command}-", suffix=".log")[1])
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", f"jobsprint.{service}", command],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + start_timeout
        while grpc_port is not None and grpc_serving(f"127.0.0.1:{grpc_port}", timeout=1) is not None:
            if process.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
                raise RuntimeError(f"{service} {command} did not start; its last output:\n{tail}")
            time.sleep(0.2)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.unlink(missing_ok=True)


@contextmanager
def grpc_service(
    service: str, *, env: Mapping[str, str], extra_commands: tuple[str, ...] = ()
) -> Iterator[str]:
    """A gRPC service (and, for example, its `worker` processes) on a free port: its target."""
    port = free_port()
    prefix = service.upper()
    own = {**env, f"{prefix}_GRPC_PORT": str(port), f"{prefix}_METRICS_PORT": "0"}
    with ExitStack() as stack:
        stack.enter_context(service_process(service, env=own, grpc_port=port))
        for command in extra_commands:
            stack.enter_context(service_process(service, env=own, command=command))
        yield f"127.0.0.1:{port}"


# --- a Postgres and a Redis of a test's own, to stop and start ----------------------------------

POSTGRES_BIN = Path(os.environ.get("JOBSPRINT_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))


def _wait_for_port(port: int, *, up: bool, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            listening = probe.connect_ex(("127.0.0.1", port)) == 0
        if listening == up:
            return
        time.sleep(0.1)
    raise RuntimeError(f"port {port} did not {'open' if up else 'close'} within {timeout:g} s")


@dataclass
class OwnPostgres:
    """A Postgres cluster in a temporary directory, trust authentication, superuser `postgres`:
    `url` (SQLAlchemy's form) reaches its `postgres` database; `stop` (fast shutdown, as an
    operator's restart) and `start` again."""

    directory: Path
    port: int
    user: str | None  # the account the server runs as when this process is root (initdb refuses root)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(POSTGRES_BIN / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.directory / "data"),
            "-o",
            options,
            "-l",
            str(self.directory / "log"),
            "-w",
            "start",
        )
        _wait_for_port(self.port, up=True)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.directory / "data"), "-m", "fast", "-w", "stop")
        _wait_for_port(self.port, up=False)


@contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    """A fresh Postgres cluster, started; stopped and deleted on exit."""
    directory = Path(tempfile.mkdtemp(prefix="jobsprint-pg-"))
    user = "postgres" if os.geteuid() == 0 else None
    if user is not None:
        account = pwd.getpwnam(user)
        os.chown(directory, account.pw_uid, account.pw_gid)
    cluster = OwnPostgres(directory=directory, port=free_port(), user=user)
    try:
        cluster._run("initdb", "-D", str(directory / "data"), "-U", "postgres", "-A", "trust", "--no-sync")
        cluster.start()
        yield cluster
    finally:
        # Already stopped, or never started: nothing to stop.
        with suppress(subprocess.CalledProcessError, RuntimeError):
            cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class OwnRedis:
    """A Redis server without persistence (a restart loses everything, as the outage it stands
    in for): `url`; `stop` and `start` again, empty."""

    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, up=True)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None
        _wait_for_port(self.port, up=False)


@contextmanager
def own_redis() -> Iterator[OwnRedis]:
    """A Redis server of this test's own, started; stopped on exit."""
    server = OwnRedis(port=free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class OwnRabbitMQ:
    """A RabbitMQ node of its own name (`node`, for `rabbitmqctl -n`), its data in a temporary
    directory, AMQP on `port` for guest/guest on loopback."""

    node: str
    port: int

    def url(self, vhost: str = "/") -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/{quote(vhost, safe='')}"


@contextmanager
def own_rabbitmq(*, start_timeout: float = 120.0) -> Iterator[OwnRabbitMQ]:
    """A RabbitMQ node started for the test (it takes some seconds); stopped and deleted on exit."""
    directory = Path(tempfile.mkdtemp(prefix="jobsprint-rabbitmq-"))
    name = f"jobsprint_test_{os.getpid()}_{free_port()}"
    node = OwnRabbitMQ(node=f"{name}@localhost", port=free_port())
    (directory / "rabbitmq.conf").write_text(f"listeners.tcp.local = 127.0.0.1:{node.port}\n")
    (directory / "enabled_plugins").write_text("[].\n")
    if os.geteuid() == 0:  # rabbitmq-server run as root switches to its own account
        account = pwd.getpwnam("rabbitmq")
        for path in (directory, *directory.iterdir()):
            os.chown(path, account.pw_uid, account.pw_gid)
    env = {
        **os.environ,
        "RABBITMQ_NODENAME": node.node,
        "RABBITMQ_NODE_PORT": str(node.port),
        "RABBITMQ_DIST_PORT": str(free_port()),
        "RABBITMQ_CONFIG_FILE": str(directory / "rabbitmq.conf"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(directory / "enabled_plugins"),
        "RABBITMQ_MNESIA_BASE": str(directory / "mnesia"),
        "RABBITMQ_LOG_BASE": str(directory / "log"),
        "RABBITMQ_PID_FILE": str(directory / "pid"),
    }
    subprocess.run(["rabbitmq-server", "-detached"], env=env, check=True, capture_output=True)
    try:
        deadline = time.monotonic() + start_timeout
        # await_startup answers "unavailable" until the node's runtime is up: ask again until then.
        while subprocess.run(
            ["rabbitmqctl", "-n", node.node, "-q", "await_startup", "--timeout", "30"], capture_output=True
        ).returncode:
            if time.monotonic() > deadline:
                log = "\n".join(p.read_text(errors="replace")[-2000:] for p in directory.glob("log/*.log"))
                raise RuntimeError(f"RabbitMQ node {node.node} did not start:\n{log}")
            time.sleep(1)
        _wait_for_port(node.port, up=True)
        yield node
    finally:
        subprocess.run(["rabbitmqctl", "-n", node.node, "-q", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(directory, ignore_errors=True)


class RecordingTarget:
    """Answers 200 with the request's Idempotency-Key while `healthy`, 503 otherwise (or what
    `status_for(key)` says, when set), and records every key it saw, by execution (the key is
    `{execution_id}:{node_id}:{attempt}`)."""

    def __init__(self, status_for: Callable[[str], int] | None = None) -> None:
        self.healthy = True
        self.status_for = status_for or self._by_health
        self.delay_seconds = 0.0
        self.keys: dict[str, list[str]] = defaultdict(list)
        # Request bodies (parsed JSON when they are JSON) with the key they came with, in order.
        self.bodies: list[tuple[str, Any]] = []
        # Requests being answered now, and the most there ever were at once.
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.url = ""
        self.port = 0

    def _by_health(self, _key: str) -> int:
        return 200 if self.healthy else 503


@contextmanager
def recording_server(
    *, host: str = "127.0.0.1", status_for: Callable[[str], int] | None = None
) -> Iterator[RecordingTarget]:
    """A real local HTTP server standing in for the outside world a workflow calls (the e2e
    tests' and the chaos suite's): POST anywhere, see RecordingTarget."""
    target = RecordingTarget(status_for)

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
            code = target.status_for(key)
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

    httpd = Server((host, 0), Handler)
    target.port = httpd.server_address[1]
    target.url = f"http://127.0.0.1:{target.port}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield target
    finally:
        httpd.shutdown()
        httpd.server_close()
