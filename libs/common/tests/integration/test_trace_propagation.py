"""One request is one trace: a gRPC call served in the caller's trace, and outbox rows carrying
the trace of the transaction that wrote them (the relay publishes them as message headers)."""

from __future__ import annotations

from typing import Any

import pytest
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common import messaging, outbox
from opentelemetry import trace
from sqlalchemy import select
from sqlalchemy.orm import Session

from .conftest import serving_executor

pytestmark = pytest.mark.integration


def _trace_of(traceparent: str) -> int:
    return int(traceparent.split("-")[1], 16)


class SpanRecorder(executor_pb2_grpc.ExecutorServiceServicer):
    def __init__(self) -> None:
        self.seen: list[trace.SpanContext] = []

    def GetExecution(self, request: Any, context: Any) -> executor_pb2.GetExecutionResponse:
        self.seen.append(trace.get_current_span().get_span_context())
        return executor_pb2.GetExecutionResponse()


def test_a_served_call_runs_in_its_caller_s_trace(tracer) -> None:
    servicer = SpanRecorder()
    with serving_executor(servicer) as (stub, metadata):
        with tracer.start_as_current_span("caller") as caller:
            stub.GetExecution(executor_pb2.GetExecutionRequest(id="x"), metadata=metadata, timeout=5)
        stub.GetExecution(executor_pb2.GetExecutionRequest(id="x"), metadata=metadata, timeout=5)
    within, outside = servicer.seen
    assert within.trace_id == caller.get_span_context().trace_id
    assert within.span_id != caller.get_span_context().span_id  # a span of its own, a child
    assert outside.is_valid and outside.trace_id != within.trace_id  # no caller's trace: a new one


def test_outbox_rows_carry_the_trace_of_the_transaction_that_wrote_them(outbox_schema, tracer) -> None:
    engine, table = outbox_schema
    with tracer.start_as_current_span("writer") as writer, Session(engine) as session, session.begin():
        outbox.enqueue_many(
            session,
            table,
            [
                outbox.Pending(messaging.EVENTS_EXCHANGE, "test.a", b"1"),
                outbox.Pending(messaging.EVENTS_EXCHANGE, "test.b", b"2"),
            ],
        )
        outbox.enqueue(session, table, exchange=messaging.EVENTS_EXCHANGE, routing_key="test.c", body=b"3")
    with engine.connect() as connection:
        headers = connection.execute(select(table.c.headers).order_by(table.c.id)).scalars().all()
    assert len(headers) == 3
    assert {_trace_of(h["traceparent"]) for h in headers} == {writer.get_span_context().trace_id}
