"""The gateway's request span when spans are not exported (`tracing.AsgiTraceContext`, ADR-113):
a request carrying a `traceparent` is served in that trace, one without starts a trace of its
own, and what the request calls or writes (`tracing.carrier()`) carries it on."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import httpx
from jobsprint.common import tracing
from opentelemetry import trace


async def _echo_carrier(scope: Any, receive: Any, send: Any) -> None:
    """An ASGI app answering with the trace context it would pass on, and its logging span."""
    span = trace.get_current_span().get_span_context()
    body = (tracing.carrier().get("traceparent", "") + f" {span.trace_id:032x}").encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def _get(headers: dict[str, str] | None = None) -> tuple[str, str]:
    async def call() -> str:
        transport = httpx.ASGITransport(app=tracing.AsgiTraceContext(_echo_carrier))
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            return (await client.get("/v1/hooks/x", headers=headers)).text

    passed_on, logged = asyncio.run(call()).split(" ")
    return passed_on, logged


def test_a_request_with_a_traceparent_is_served_in_the_caller_s_trace(tracer) -> None:
    trace_id, parent = secrets.token_hex(16), secrets.token_hex(8)
    passed_on, logged = _get({"traceparent": f"00-{trace_id}-{parent}-01"})
    version, carried_trace, carried_span, _flags = passed_on.split("-")
    assert (version, carried_trace, logged) == ("00", trace_id, trace_id)
    assert carried_span != parent  # the request's own span, a child of the caller's


def test_a_request_without_one_starts_a_trace_of_its_own(tracer) -> None:
    first, second = _get(), _get()
    assert first[0] and second[0], "a trace context is passed on either way"
    assert first[0].split("-")[1] == first[1] != "0" * 32
    assert first[1] != second[1]


def test_outside_a_request_nothing_is_current(tracer) -> None:
    assert tracing.carrier() == {}
