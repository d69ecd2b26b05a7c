"""Postgres restarting under a service's pool (its connections killed, as a restart does): a
connection idle for a while is pinged and replaced before use; one in use moments ago fails its
statement once, the gRPC server answers UNAVAILABLE, and the caller's channel retries it on a
new connection. Either way the caller sees its answer, not an error."""

from __future__ import annotations

import time
import uuid
from typing import Any

import psycopg
import pytest
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common import db
from sqlalchemy import Engine, text

from .conftest import serving_executor

pytestmark = pytest.mark.integration


def _kill_connections(engine: Engine) -> int:
    """Terminate every backend of the engine's pool, as a Postgres restart would."""
    with engine.connect() as connection:
        application = connection.execute(text("SELECT current_setting('application_name')")).scalar_one()
    with psycopg.connect(
        db.libpq_url(engine.url.render_as_string(hide_password=False)), autocommit=True
    ) as admin:
        return admin.execute(  # type: ignore[index]  # count() always answers a row
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s"
            " AND pid <> pg_backend_pid()",
            (application,),
        ).fetchone()[0]


def _engine(url: str, *, ping_idle_after: float) -> Engine:
    # A name of its own, so that only this test's connections are terminated.
    name = f"loss-{uuid.uuid4().hex[:8]}"
    separator = "&" if "?" in url else "?"
    return db.make_engine(
        f"{url}{separator}application_name={name}", pool_size=2, ping_idle_after=ping_idle_after
    )


def test_an_idle_connection_killed_under_the_pool_is_replaced_before_use(it_env: dict[str, str]) -> None:
    engine = _engine(it_env["EXECUTOR_DATABASE_URL"], ping_idle_after=0.2)
    try:
        with engine.connect() as connection:
            before = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert _kill_connections(engine) == 1
        time.sleep(0.3)
        with engine.connect() as connection:  # pinged, found dead, replaced: no error
            after = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert after != before
    finally:
        engine.dispose()


class PidReader(executor_pb2_grpc.ExecutorServiceServicer):
    """Answers GetExecution with its database backend's pid as the id."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.calls = 0

    def GetExecution(self, request: Any, context: Any) -> executor_pb2.GetExecutionResponse:
        self.calls += 1
        with self.engine.connect() as connection:
            pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        return executor_pb2.GetExecutionResponse(execution=executor_pb2.Execution(id=str(pid)))


def test_a_call_whose_connection_was_killed_moments_ago_is_retried_and_answered(
    it_env: dict[str, str],
) -> None:
    engine = _engine(it_env["EXECUTOR_DATABASE_URL"], ping_idle_after=3600)  # never pinged here
    servicer = PidReader(engine)
    try:
        with serving_executor(servicer) as (stub, metadata):
            request = executor_pb2.GetExecutionRequest(id="x")
            first = stub.GetExecution(request, metadata=metadata, timeout=5).execution.id
            assert _kill_connections(engine) == 1
            second = stub.GetExecution(request, metadata=metadata, timeout=5).execution.id
    finally:
        engine.dispose()
    assert second != first
    # The dead connection failed one attempt (UNAVAILABLE); the channel's retry was answered.
    assert servicer.calls == 3
