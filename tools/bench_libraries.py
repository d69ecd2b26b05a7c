"""What the maintained libraries would cost on two hot paths (ADR-081): the gateway's L1 cache on
cachetools, and gRPC tracing by opentelemetry-instrumentation-grpc. Neither is a dependency; run

    uv run --with cachetools==6.2.1 --with opentelemetry-instrumentation-grpc==0.66b2 \\
        python tools/bench_libraries.py

L1: the gateway's LocalCache against the same class on cachetools.TLRUCache (per-entry TTL and
LRU; the generation checks unchanged), a hit and a put that evicts. gRPC: a trivial unary call on
loopback through the suite's server interceptor, with our tracing (a span opened in that
interceptor, a client interceptor adding the context) against the library's server interceptor
in front and its client interceptor; spans sampled out as in every service without OTLP. Both
print medians of five rounds; the machine's noise is what it is, so compare within one run.
"""

from __future__ import annotations

import contextlib
import resource
import statistics
import threading
import time
from collections import OrderedDict
from concurrent import futures
from typing import Any

import cachetools
import grpc
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common import grpc_client, grpc_server, observability, tracing
from jobsprint.common.access import MethodPolicy
from jobsprint.common.tokens import KeyRing
from jobsprint.gateway.cache import Generation, Key, LocalCache
from opentelemetry.instrumentation.grpc import client_interceptor, server_interceptor
from opentelemetry.instrumentation.grpc.grpcext import intercept_channel


class CachetoolsLocalCache:
    """LocalCache's contract on cachetools.TLRUCache."""

    def __init__(self, *, ttl_seconds: float, max_entries: int) -> None:
        self.ttl_seconds = ttl_seconds
        self._entries: cachetools.TLRUCache[Key, tuple[float, bytes]] = cachetools.TLRUCache(
            maxsize=max_entries, ttu=lambda _key, value, now: now + value[0], timer=time.monotonic
        )
        self._generations: OrderedDict[Key, int] = OrderedDict()
        self._epoch = 0
        self._lock = threading.Lock()

    def get(self, key: Key) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            return None if entry is None else entry[1]

    def generation(self, key: Key) -> Generation:
        with self._lock:
            return (self._epoch, self._generations.get(key, 0))

    def put(self, key: Key, value: bytes, *, generation: Generation, ttl_seconds: float) -> bool:
        with self._lock:
            if (self._epoch, self._generations.get(key, 0)) != generation or ttl_seconds <= 0:
                return False
            self._entries[key] = (ttl_seconds, value)
            return True


def bench_l1(cache: Any, label: str) -> None:
    keys = [Key("workflow", "ws", str(i)) for i in range(10_000)]
    value = b"x" * 2000
    for key in keys:
        cache.put(key, value, generation=cache.generation(key), ttl_seconds=60)
    hits, puts = [], []
    for round_ in range(5):
        started = time.perf_counter()
        for key in keys * 10:
            cache.get(key)
        hits.append((time.perf_counter() - started) / (len(keys) * 10) * 1e6)
        fresh = [Key("workflow", f"ws{round_}", str(i)) for i in range(20_000)]
        started = time.perf_counter()
        for key in fresh:
            cache.put(key, value, generation=cache.generation(key), ttl_seconds=60)
        puts.append((time.perf_counter() - started) / len(fresh) * 1e6)
    print(
        f"  {label:40s} hit {statistics.median(hits):5.2f} us   put (evicting) {statistics.median(puts):5.2f} us"
    )


RING = KeyRing(keys={"k": "bench-key-0123456789abcdef0123456789"}, current_kid="k", issuer="i", audience="a")
METHOD = "/jobsprint.api.executor.v1.ExecutorService/GetExecution"


class Servicer(executor_pb2_grpc.ExecutorServiceServicer):
    def __init__(self) -> None:
        self.traced: list[bool] = []

    def GetExecution(self, request: Any, context: Any) -> Any:
        self.traced.append("traceparent" in dict(context.invocation_metadata()))
        return executor_pb2.GetExecutionResponse()


def bench_grpc(label: str, *, library: bool) -> None:
    ours = grpc_server._UnaryInterceptor(
        key_ring=RING,
        public_methods=[METHOD],
        is_revoked=lambda _p: False,
        policy=MethodPolicy(),
        audit_sink=None,
        audit_source="",
    )
    interceptors: list[Any] = [server_interceptor(), ours] if library else [ours]
    span_from = grpc_server.tracing.span_from
    if library:  # the library's server span replaces ours
        grpc_server.tracing.span_from = lambda *_a, **_k: contextlib.nullcontext()  # type: ignore[assignment,return-value]
    server = grpc.server(futures.ThreadPoolExecutor(4), interceptors=interceptors)
    servicer = Servicer()
    executor_pb2_grpc.add_ExecutorServiceServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}", options=grpc_client.CHANNEL_OPTIONS)
    channel = (
        intercept_channel(channel, client_interceptor())
        if library
        else grpc.intercept_channel(channel, tracing.ClientInterceptor())
    )
    stub = executor_pb2_grpc.ExecutorServiceStub(channel)
    request = executor_pb2.GetExecutionRequest(id="x")
    for _ in range(300):
        stub.GetExecution(request, timeout=5)
    walls, cpus = [], []
    servicer.traced.clear()
    for _ in range(5):
        before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        with tracing._tracer.start_as_current_span("caller"):
            for _ in range(2000):
                stub.GetExecution(request, timeout=5)
        wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
        walls.append(wall / 2000 * 1e6)
        cpus.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / 2000 * 1e6)
    server.stop(0)
    grpc_server.tracing.span_from = span_from  # type: ignore[assignment]
    assert all(servicer.traced), "the trace context did not reach the server"
    print(
        f"  {label:40s} round trip {statistics.median(walls):6.1f} us   "
        f"CPU, client and server {statistics.median(cpus):6.1f} us/call"
    )


def main() -> None:
    observability.configure_tracing(service="bench", otlp_endpoint=None)
    print("L1 cache (10,000 entries of 2 kB):")
    for _ in range(2):
        bench_l1(LocalCache(ttl_seconds=60, max_entries=10_000), "LocalCache (OrderedDict, ours)")
        bench_l1(CachetoolsLocalCache(ttl_seconds=60, max_entries=10_000), "on cachetools.TLRUCache")
    print("gRPC tracing (2,000 calls a round):")
    for _ in range(2):
        bench_grpc("ours (jobsprint.common.tracing)", library=False)
        bench_grpc("opentelemetry-instrumentation-grpc", library=True)


if __name__ == "__main__":
    main()
