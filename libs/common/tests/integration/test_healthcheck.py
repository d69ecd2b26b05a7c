"""The images' health check (`python -m jobsprint.common.healthcheck`), run as the container runs
it, against a real gRPC server and a real HTTP server on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from jobsprint.common.grpc_server import GrpcServer
from jobsprint.common.tokens import KeyRing

pytestmark = pytest.mark.integration

RING = KeyRing(
    keys={"k": "healthcheck-tests-key-0123456789abcdef"}, current_kid="k", issuer="i", audience="a"
)


def check(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jobsprint.common.healthcheck", *args],
        capture_output=True,
        text=True,
        timeout=30,
        # A proxy in the environment must not be asked: the check is of this container.
        env={"PATH": "", "http_proxy": "http://127.0.0.1:9", "grpc_proxy": "http://127.0.0.1:9", **environ},
    )


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def grpc_server() -> Iterator[GrpcServer]:
    server = GrpcServer(bindings=[], port=0, key_ring=RING)
    server.start()
    yield server
    server.stop(grace=0)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/healthz" else 503)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def http_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_serving_grpc_server_is_healthy_and_a_stopping_one_is_not(grpc_server) -> None:
    target = f"127.0.0.1:{grpc_server.port}"
    assert check("grpc", target).returncode == 0
    grpc_server.set_serving(False)
    done = check("grpc", target)
    assert (done.returncode, done.stderr.strip()) == (1, f"unhealthy: {target}: NOT_SERVING")


def test_nothing_listening_is_unhealthy_with_the_reason() -> None:
    target = f"127.0.0.1:{closed_port()}"
    done = check("grpc", target)
    assert done.returncode == 1 and "UNAVAILABLE" in done.stderr
    done = check("http", f"http://{target}/healthz")
    assert done.returncode == 1 and "Connection refused" in done.stderr


def test_an_http_endpoint_is_healthy_only_when_it_answers_2xx(http_port) -> None:
    assert check("http", f"http://127.0.0.1:{http_port}/healthz").returncode == 0
    done = check("http", f"http://127.0.0.1:{http_port}/readyz")
    assert (done.returncode, done.stderr.strip()) == (
        1,
        f"unhealthy: http://127.0.0.1:{http_port}/readyz: HTTP 503",
    )


def test_a_wrong_invocation_says_how_to_call_it() -> None:
    done = check("tcp", "127.0.0.1:1")
    assert done.returncode == 2 and "usage:" in done.stderr


def test_the_images_check_asks_the_service_it_runs_at_the_port_its_environment_sets(
    grpc_server, http_port
) -> None:
    port = str(grpc_server.port)
    assert check("service", JOBSPRINT_SERVICE="workflows", WORKFLOWS_GRPC_PORT=port).returncode == 0
    assert check("service", JOBSPRINT_SERVICE="gateway", GATEWAY_PORT=str(http_port)).returncode == 0
    grpc_server.set_serving(False)
    done = check("service", JOBSPRINT_SERVICE="workflows", WORKFLOWS_GRPC_PORT=port)
    assert (done.returncode, done.stderr.strip()) == (1, f"unhealthy: 127.0.0.1:{port}: NOT_SERVING")
    done = check("service", JOBSPRINT_SERVICE="auth")
    assert done.returncode == 2 and "AUTH_GRPC_PORT" in done.stderr
