"""A container's health check (the images' HEALTHCHECK, docker-compose.yml's worker):

    python -m jobsprint.common.healthcheck grpc 127.0.0.1:50051     the gRPC health service says SERVING
    python -m jobsprint.common.healthcheck http http://127.0.0.1:8080/healthz     a 2xx answer

Exit status 0 when healthy, 1 when not (with the reason on stderr). Proxy variables are ignored:
the check is always of this container, on loopback.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

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


CHECKS = {"grpc": grpc_serving, "http": http_ok}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in CHECKS:
        print("usage: python -m jobsprint.common.healthcheck grpc HOST:PORT | http URL", file=sys.stderr)
        return 2
    problem = CHECKS[argv[0]](argv[1])
    if problem is not None:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
