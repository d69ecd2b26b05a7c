"""gRPC client channels. Targets may be `dns:///name:port` behind a headless Service, so every
channel balances round-robin across the addresses it resolves (client-side load balancing)."""

from __future__ import annotations

import json

import grpc
from jobsprint.common import grpc_inprocess, tracing

# Only UNAVAILABLE (the connection, not the handler, failed) is safe to retry blindly.
RETRY = grpc_inprocess.Retry(attempts=3, initial_backoff_seconds=0.1, max_backoff_seconds=1.0, multiplier=2.0)

SERVICE_CONFIG = json.dumps(
    {
        "loadBalancingConfig": [{"round_robin": {}}],
        "methodConfig": [
            {
                "name": [{}],
                "retryPolicy": {
                    "maxAttempts": RETRY.attempts,
                    "initialBackoff": f"{RETRY.initial_backoff_seconds:g}s",
                    "maxBackoff": f"{RETRY.max_backoff_seconds:g}s",
                    "backoffMultiplier": RETRY.multiplier,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        ],
    }
)

CHANNEL_OPTIONS = [
    ("grpc.service_config", SERVICE_CONFIG),
    ("grpc.enable_retries", 1),
    ("grpc.keepalive_time_ms", 30_000),
    # Reconnect to a restarted service within seconds: gRPC's default backoff grows to 120 s,
    # so a caller would go on answering 503 for minutes after the service came back.
    ("grpc.initial_reconnect_backoff_ms", 500),
    ("grpc.max_reconnect_backoff_ms", 5_000),
]

DEFAULT_DEADLINE_SECONDS = 10.0


def channel(target: str, local: grpc_inprocess.ProcessServers | None = None) -> grpc.Channel:
    """A channel whose calls carry the caller's trace context (`tracing`); with `local` (a host of
    several services), its unary calls to one of those servers are made in-process (ADR-107)."""
    wire = grpc.insecure_channel(target, options=CHANNEL_OPTIONS)
    if local is not None:
        wire = grpc_inprocess.LocalChannel(target, wire, RETRY, local)
    return grpc.intercept_channel(wire, tracing.ClientInterceptor())


def aio_channel(target: str) -> grpc.aio.Channel:
    """An asyncio channel whose calls carry the caller's trace context (`tracing`)."""
    return grpc.aio.insecure_channel(
        target, options=CHANNEL_OPTIONS, interceptors=[tracing.AioClientInterceptor()]
    )
