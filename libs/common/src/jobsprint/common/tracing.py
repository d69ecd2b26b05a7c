"""W3C trace context across the suite's hops, so that one request is one trace (DESIGN:
HTTP → gRPC → RabbitMQ → worker → gRPC).

- gRPC: every channel `grpc_client` opens carries the caller's context in its metadata (client
  interceptors below); every call a `grpc_server` serves runs in a span whose parent is the
  caller's (`span_from`).
- RabbitMQ: an outbox row keeps the context of the transaction that wrote it (`carrier()` in
  its headers); the relay publishes those headers; a worker runs each message in a span whose
  parent is the message's.

Spans are recorded and exported only when OTLP is configured (`observability.configure_tracing`);
otherwise they are sampled out: their ids are still made, passed on and written into the logs,
for a few microseconds per span.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, NamedTuple

import grpc
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace

SERVER = trace.SpanKind.SERVER
CONSUMER = trace.SpanKind.CONSUMER

# A proxy: it follows whatever provider `observability.configure_tracing` sets later.
_tracer = trace.get_tracer("jobsprint")


def carrier() -> dict[str, str]:
    """The current context as W3C `traceparent`/`tracestate` entries (empty outside a trace)."""
    headers: dict[str, str] = {}
    propagate.inject(headers)
    return headers


@contextmanager
def span_from(name: str, parent: Mapping[str, Any] | None, kind: trace.SpanKind) -> Iterator[trace.Span]:
    """A span for work started by a call or message carrying `parent` (metadata or headers),
    current for the block: what runs in it, and what it calls or writes, is in that trace."""
    entries = {k: v.decode() if isinstance(v, bytes) else v for k, v in (parent or {}).items()}
    with _tracer.start_as_current_span(name, context=propagate.extract(entries), kind=kind) as span:
        yield span


# The request headers a propagator reads (W3C trace context and baggage), as ASGI names them.
_PROPAGATED = frozenset({b"traceparent", b"tracestate", b"baggage"})


class AsgiTraceContext:
    """Plain ASGI: each HTTP request runs in a span of its own, continuing the caller's
    `traceparent` or starting a trace, current while the request is served — so its trace id is
    in the logs and goes on to the services. For when spans are not exported (ADR-113): then the
    span is sampled out and costs a few microseconds, where FastAPI's own request span, with
    its attributes, route and status bookkeeping, cost about a tenth of a webhook request."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        carrier = {
            name.decode(): value.decode("latin-1") for name, value in scope["headers"] if name in _PROPAGATED
        }
        parent = propagate.extract(carrier)
        span = _tracer.start_span(scope["method"], context=parent, kind=SERVER)
        token = otel_context.attach(trace.set_span_in_context(span, parent))
        try:
            await self.app(scope, receive, send)
        finally:
            otel_context.detach(token)
            span.end()


def _with_context(metadata: Any) -> list[tuple[str, str]]:
    return [*(metadata or ()), *carrier().items()]


class _Details(NamedTuple):
    method: str
    timeout: float | None
    metadata: Any
    credentials: Any
    wait_for_ready: bool | None
    compression: Any


class _CallDetails(_Details, grpc.ClientCallDetails):  # type: ignore[misc]
    pass


class ClientInterceptor(grpc.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """Adds the caller's trace context to every unary call of a sync channel."""

    def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        return continuation(
            _CallDetails(
                details.method,
                details.timeout,
                _with_context(details.metadata),
                details.credentials,
                details.wait_for_ready,
                details.compression,
            ),
            request,
        )


class AioClientInterceptor(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """Adds the caller's trace context to every unary call of an asyncio channel."""

    async def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
        return await continuation(
            grpc.aio.ClientCallDetails(
                details.method,
                details.timeout,
                _with_context(details.metadata),
                details.credentials,
                details.wait_for_ready,
            ),
            request,
        )
