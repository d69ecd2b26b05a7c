"""Postgres stopped under a serving service (a Postgres cluster of the test's own, stopped with a
fast shutdown and started again): while it is down, a call that needs it answers UNAVAILABLE
(the gateway's 503 with Retry-After), not INTERNAL, and the server's health says NOT_SERVING
(the gateway's `/readyz` fails); once it is back, both recover by themselves."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common import db, grpc_client
from jobsprint.common.grpc_server import LIVENESS, GrpcServer, ServiceBinding
from jobsprint.common.identity import auth_metadata
from jobsprint.common.testing import OwnPostgres, own_postgres
from sqlalchemy import Engine, text

from .conftest import RING

pytestmark = pytest.mark.integration

PROBE_INTERVAL = 0.2


class Reader(executor_pb2_grpc.ExecutorServiceServicer):
    """Answers GetExecution with a value read from the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def GetExecution(self, request: Any, context: Any) -> executor_pb2.GetExecutionResponse:
        with self.engine.connect() as connection:
            value = connection.execute(text("SELECT 'read'")).scalar_one()
        return executor_pb2.GetExecutionResponse(execution=executor_pb2.Execution(id=value))


@pytest.fixture
def cluster() -> Iterator[OwnPostgres]:
    with own_postgres() as cluster:
        yield cluster


@contextmanager
def serving(engine: Engine) -> Iterator[tuple[grpc.Channel, Any]]:
    server = GrpcServer(
        bindings=[
            ServiceBinding(
                executor_pb2_grpc.add_ExecutorServiceServicer_to_server,
                Reader(engine),
                "jobsprint.api.executor.v1.ExecutorService",
            )
        ],
        port=0,
        key_ring=RING,
        probe=lambda: db.reachable(engine),
        probe_interval=PROBE_INTERVAL,
    )
    server.start()
    token, _ = RING.issue(
        subject=str(uuid.uuid4()), workspace_id=str(uuid.uuid4()), roles=["viewer"], ttl_seconds=60
    )
    try:
        with grpc_client.channel(f"127.0.0.1:{server.port}") as channel:
            yield channel, auth_metadata(RING.verify(token))
    finally:
        server.stop(grace=0)


def health(channel: grpc.Channel, service: str = "") -> int:
    reply = health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=service), timeout=2
    )
    return int(reply.status)


def eventually(condition: Any, *, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def test_a_refused_connection_is_the_database_unavailable_not_an_internal_error(
    cluster: OwnPostgres,
) -> None:
    engine = db.make_engine(cluster.url, pool_size=2)
    try:
        cluster.stop()
        with pytest.raises(Exception) as refused, engine.connect():
            pass
    finally:
        engine.dispose()
    assert "Connection refused" in str(refused.value)
    assert db.is_database_unavailable(refused.value)


def test_a_call_while_the_database_is_down_answers_unavailable_and_health_says_not_serving(
    cluster: OwnPostgres,
) -> None:
    engine = db.make_engine(cluster.url, pool_size=2)
    request = executor_pb2.GetExecutionRequest(id="x")
    try:
        with serving(engine) as (channel, metadata):
            stub = executor_pb2_grpc.ExecutorServiceStub(channel)
            assert stub.GetExecution(request, metadata=metadata, timeout=5).execution.id == "read"
            assert health(channel) == health_pb2.HealthCheckResponse.SERVING

            cluster.stop()
            with pytest.raises(grpc.RpcError) as down:
                stub.GetExecution(request, metadata=metadata, timeout=5)
            assert down.value.code() == grpc.StatusCode.UNAVAILABLE  # type: ignore[attr-defined]
            assert eventually(
                lambda: health(channel) == health_pb2.HealthCheckResponse.NOT_SERVING,
                within=10 * PROBE_INTERVAL,
            )
            # Not ready, but alive: a liveness probe does not restart it for its database's outage.
            assert health(channel, LIVENESS) == health_pb2.HealthCheckResponse.SERVING

            cluster.start()
            assert eventually(
                lambda: health(channel) == health_pb2.HealthCheckResponse.SERVING,
                within=10 * PROBE_INTERVAL,
            )
            assert stub.GetExecution(request, metadata=metadata, timeout=5).execution.id == "read"
    finally:
        engine.dispose()
