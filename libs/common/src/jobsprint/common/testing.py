"""Helpers for the test suites: another service run as its own process, reached only through its
public gRPC API (a test imports its own service and `libs/`, never another service's code)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

from jobsprint.common.healthcheck import grpc_serving


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
