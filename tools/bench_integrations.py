"""Latency of integration actions through the real gRPC server, in-process, against local fakes.

    JOBSPRINT_INSTANCE_OFFSET=<n> uv run python tools/bench_integrations.py [--calls 200] [--runs 5]

Uses the `it` instance's database and Redis (prepared like the integration tests). Prints the
median over runs of each run's p50 and p99, in milliseconds.
"""

from __future__ import annotations

import argparse
import http.server
import ipaddress
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import grpc
import orjson
import redis

sys.path.insert(0, str(Path(__file__).parent))
import devctl
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.common import db
from jobsprint.common.envelope import MasterKeyRing
from jobsprint.common.grpc_server import GrpcServer
from jobsprint.common.outbound import OutboundPolicy
from jobsprint.common.tokens import KeyRing
from jobsprint.integrations import bootstrap
from jobsprint.integrations.adapters.stores import RedisCache
from jobsprint.integrations.domain.connector import Limits
from jobsprint.integrations.entrypoints import grpc_api

RING = KeyRing(keys={"b1": "b" * 40}, current_kid="b1", issuer="jobsprint", audience="jobsprint")
COMPLETION = orjson.dumps(
    {
        "model": "m",
        "choices": [{"message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1},
    }
)


class Fake(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = COMPLETION if self.path.endswith("/chat/completions") else b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer


def measure(call: Callable[[], object], *, calls: int, runs: int) -> tuple[float, float]:
    p50s, p99s = [], []
    for _ in range(runs):
        samples = []
        for _ in range(calls):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        p50s.append(samples[len(samples) // 2])
        p99s.append(samples[min(len(samples) - 1, int(len(samples) * 0.99))])
    return statistics.median(p50s), statistics.median(p99s)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    instance = devctl.INSTANCES["it"]
    devctl.prepare(instance)
    env = devctl.environment(instance)
    policy = OutboundPolicy(allow_networks=(ipaddress.ip_network("127.0.0.1/32"),))
    deps = bootstrap.wire(
        engine=db.make_engine(env["INTEGRATIONS_DATABASE_URL"], pool_size=4),
        master_keys=MasterKeyRing(keys={"m": b"m" * 32}, current_kid="m"),
        policy=policy,
        limits=Limits(),
        cache=RedisCache(redis.Redis.from_url(env["JOBSPRINT_REDIS_URL"])),
        monthly_tokens=0,
    )
    fake = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fake)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{fake.server_address[1]}"
    server = GrpcServer(bindings=[grpc_api.binding(deps)], port=0, key_ring=RING)
    server.start()
    token, _ = RING.issue(subject="bench", workspace_id=str(uuid.uuid4()), roles=["owner"], ttl_seconds=3600)
    metadata = (("authorization", f"Bearer {token}"),)
    stub = integrations_pb2_grpc.IntegrationsServiceStub(grpc.insecure_channel(f"127.0.0.1:{server.port}"))

    def create(type_: str, config: dict[str, object], secret: dict[str, object]) -> str:
        request = integrations_pb2.CreateCredentialRequest(
            name=f"{type_}-{uuid.uuid4().hex[:6]}",
            type=type_,
            config=orjson.dumps(config),
            secret=orjson.dumps(secret),
        )
        return str(stub.CreateCredential(request, metadata=metadata).credential.id)

    bearer = create("bearer", {}, {"token": "t" * 32})
    ai = create("ai_provider", {"base_url": f"{base}/v1", "model": "m"}, {"api_key": "k"})

    def invoke(connector: str, action: str, parameters: dict[str, object], credential: str = "") -> object:
        return stub.InvokeAction(
            integrations_pb2.InvokeActionRequest(
                connector=connector,
                action=action,
                parameters=orjson.dumps(parameters),
                credential_id=credential,
            ),
            metadata=metadata,
        )

    cases = {
        "ListConnectors": lambda: stub.ListConnectors(
            integrations_pb2.ListConnectorsRequest(), metadata=metadata
        ),
        "http.request, no credential": lambda: invoke("http", "request", {"url": f"{base}/x"}),
        "http.request, bearer credential (decrypt)": lambda: invoke(
            "http", "request", {"url": f"{base}/x"}, bearer
        ),
        "ai.chat, provider call (cache off)": lambda: invoke(
            "ai", "chat", {"prompt": "p", "cache": False}, ai
        ),
        "ai.chat, cache hit": lambda: invoke("ai", "chat", {"prompt": "cached"}, ai),
    }
    print(f"{'case':45} {'p50 ms':>8} {'p99 ms':>8}   ({args.calls} calls x {args.runs} runs, medians)")
    for name, call in cases.items():
        call()
        p50, p99 = measure(call, calls=args.calls, runs=args.runs)
        print(f"{name:45} {p50:8.2f} {p99:8.2f}")
    server.stop(grace=0)
    fake.shutdown()


if __name__ == "__main__":
    main()
