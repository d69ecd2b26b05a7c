"""A container's health check (the images' HEALTHCHECK, docker-compose.yml's worker):

    python -m jobsprint.common.healthcheck grpc 127.0.0.1:50051     the gRPC health service says SERVING
    python -m jobsprint.common.healthcheck http http://127.0.0.1:8080/healthz     a 2xx answer
    python -m jobsprint.common.healthcheck service     this container's service (the images' check):
        JOBSPRINT_SERVICE names it; the gateway's /healthz on GATEWAY_PORT, or the gRPC health of
        the others on <SERVICE>_GRPC_PORT, both read at run time

Exit status 0 when healthy, 1 when not (with the reason on stderr). Proxy variables are ignored:
the check is always of this container, on loopback.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping

TIMEOUT_SECONDS = 3.0


def grpc_serving(target: str, *, timeout: float = TIMEOUT_SECONDS) -> str | None:
    """None when the server at `target` reports SERVING, else why not."""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(target, options=[("grpc.enable_http_proxy", 0)]) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=timeout
            )
        except grpc.RpcError as exc:
            return f"{target}: {exc.code().name} {exc.details()}"  # type: ignore[attr-defined]
    if reply.status != health_pb2.HealthCheckResponse.SERVING:
        return f"{target}: {health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)}"
    return None


def http_ok(url: str, *, timeout: float = TIMEOUT_SECONDS) -> str | None:
    """None when `url` answers 2xx, else why not."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        return f"{url}: HTTP {exc.code}"
    except OSError as exc:
        return f"{url}: {exc}"
    return None if 200 <= status < 300 else f"{url}: HTTP {status}"


def this_service(environ: Mapping[str, str]) -> tuple[str, str] | str:
    """The check and its target for the service the image runs, or why there is none."""
    service = environ.get("JOBSPRINT_SERVICE", "")
    if service == "gateway":
        return "http", f"http://127.0.0.1:{environ.get('GATEWAY_PORT', '8080')}/healthz"
    port = environ.get(f"{service.upper()}_GRPC_PORT")
    if not service or port is None:
        return f"JOBSPRINT_SERVICE={service!r} with no {service.upper() or '<SERVICE>'}_GRPC_PORT set"
    return "grpc", f"127.0.0.1:{port}"


CHECKS = {"grpc": grpc_serving, "http": http_ok}
USAGE = "usage: python -m jobsprint.common.healthcheck grpc HOST:PORT | http URL | service"


def main(argv: list[str]) -> int:
    if argv == ["service"]:
        target = this_service(os.environ)
        if isinstance(target, str):
            print(f"unhealthy: {target}", file=sys.stderr)
            return 2
        argv = list(target)
    if len(argv) != 2 or argv[0] not in CHECKS:
        print(USAGE, file=sys.stderr)
        return 2
    problem = CHECKS[argv[0]](argv[1])
    if problem is not None:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
