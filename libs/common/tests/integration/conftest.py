"""Shared set-ups of the shared library's integration tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import devctl
import pytest
from jobsprint.api.executor.v1 import executor_pb2_grpc
from jobsprint.common import grpc_client, outbox
from jobsprint.common.grpc_server import ServiceBinding, serving_locally
from jobsprint.common.identity import auth_metadata
from jobsprint.common.tokens import KeyRing
from sqlalchemy import MetaData, create_engine

# The integration instance's database (each worktree's own: JOBSPRINT_INSTANCE_OFFSET), as the
# superuser: these tests make schemas of their own in it.
ADMIN_URL = (
    f"postgresql+psycopg://postgres@{devctl.PG_HOST}:{devctl.PG_PORT}/{devctl.INSTANCES['it'].database}"
)
RING = KeyRing(
    keys={"k": "integration-tests-key-0123456789abcdef"}, current_kid="k", issuer="i", audience="a"
)


@pytest.fixture
def outbox_schema(it_env: dict[str, str]):
    """An outbox table in a schema of its own, dropped afterwards: (engine, table)."""
    schema = f"outbox_{uuid.uuid4().hex[:8]}"
    engine = create_engine(ADMIN_URL)
    with engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    table = outbox.outbox_table(MetaData(schema=schema))
    table.metadata.create_all(engine)
    yield engine, table
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    engine.dispose()


@contextmanager
def serving_executor(servicer: Any) -> Iterator[tuple[executor_pb2_grpc.ExecutorServiceStub, Any]]:
    """`servicer` served as the executor's API on a loopback port behind the suite's interceptor,
    and (a stub on a channel as the services open them, a viewer's call metadata)."""
    binding = ServiceBinding(
        executor_pb2_grpc.add_ExecutorServiceServicer_to_server,
        servicer,
        "jobsprint.api.executor.v1.ExecutorService",
    )
    token, _ = RING.issue(
        subject=str(uuid.uuid4()), workspace_id=str(uuid.uuid4()), roles=["viewer"], ttl_seconds=60
    )
    with serving_locally(binding, key_ring=RING) as target, grpc_client.channel(target) as channel:
        yield executor_pb2_grpc.ExecutorServiceStub(channel), auth_metadata(RING.verify(token))
