"""One request is one trace: a gRPC call served in the caller's trace, and outbox rows carrying
the trace of the transaction that wrote them (the relay publishes them as message headers)."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import pytest
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common import grpc_client, messaging, outbox
from jobsprint.common.grpc_server import ServiceBinding, serving_locally
from jobsprint.common.identity import auth_metadata
from jobsprint.common.tokens import KeyRing
from opentelemetry import trace
from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.orm import Session

pytestmark = pytest.mark.integration

RING = KeyRing(keys={"k": "trace-propagation-test-key-0123456789"}, current_kid="k", issuer="i", audience="a")
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/jobsprint_it"


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
    binding = ServiceBinding(
        executor_pb2_grpc.add_ExecutorServiceServicer_to_server,
        servicer,
        "jobsprint.api.executor.v1.ExecutorService",
    )
    token, _ = RING.issue(
        subject=str(uuid.uuid4()), workspace_id=str(uuid.uuid4()), roles=["viewer"], ttl_seconds=60
    )
    metadata = auth_metadata(RING.verify(token))
    with serving_locally(binding, key_ring=RING) as target, grpc_client.channel(target) as channel:
        stub = executor_pb2_grpc.ExecutorServiceStub(channel)
        with tracer.start_as_current_span("caller") as caller:
            stub.GetExecution(executor_pb2.GetExecutionRequest(id="x"), metadata=metadata, timeout=5)
        stub.GetExecution(executor_pb2.GetExecutionRequest(id="x"), metadata=metadata, timeout=5)
    within, outside = servicer.seen
    assert within.trace_id == caller.get_span_context().trace_id
    assert within.span_id != caller.get_span_context().span_id  # a span of its own, a child
    assert outside.is_valid and outside.trace_id != within.trace_id  # no caller's trace: a new one


def test_outbox_rows_carry_the_trace_of_the_transaction_that_wrote_them(it_env, tracer) -> None:
    schema = f"outbox_{uuid.uuid4().hex[:8]}"
    engine = create_engine(ADMIN_URL)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    table = outbox.outbox_table(MetaData(schema=schema))
    table.metadata.create_all(engine)
    try:
        with tracer.start_as_current_span("writer") as writer, Session(engine) as session, session.begin():
            outbox.enqueue_many(
                session,
                table,
                [
                    outbox.Pending(messaging.EVENTS_EXCHANGE, "test.a", b"1"),
                    outbox.Pending(messaging.EVENTS_EXCHANGE, "test.b", b"2"),
                ],
            )
            outbox.enqueue(
                session, table, exchange=messaging.EVENTS_EXCHANGE, routing_key="test.c", body=b"3"
            )
        with engine.connect() as connection:
            headers = connection.execute(select(table.c.headers).order_by(table.c.id)).scalars().all()
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()
    assert len(headers) == 3
    assert {_trace_of(h["traceparent"]) for h in headers} == {writer.get_span_context().trace_id}
    assert orjson.loads(orjson.dumps(headers[0]))  # plain JSON, as the relay publishes it
