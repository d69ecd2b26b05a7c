"""The workflows service with a real executor gRPC server beside it: validation against the
executor's node catalogue, workspace isolation, and runs that pin a version."""

from __future__ import annotations

import uuid

import orjson
import pytest
import redis
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common import db
from jobsprint.common.errors import InvalidArgument, NotFound
from jobsprint.common.grpc_server import GrpcServer, ServiceBinding
from jobsprint.common.tokens import KeyRing
from jobsprint.executor import handlers as executor_handlers
from jobsprint.executor.adapters.lease import Leases
from jobsprint.executor.entrypoints.grpc_api import ExecutorServicer
from jobsprint.workflows import handlers
from jobsprint.workflows.adapters.executor_client import ExecutorClient

pytestmark = pytest.mark.integration
RING = KeyRing(keys={"k1": "w" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint")
DEFINITION = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {"id": "greet", "type": "core.set", "parameters": {"values": {"hello": "{{ input.name }}"}}},
    ],
    "edges": [{"from": "start", "to": "greet"}],
}


@pytest.fixture(scope="module")
def executor_ctx(it_env):
    context = executor_handlers.ExecutorContext(
        sessions=db.make_session_factory(db.make_engine(it_env["EXECUTOR_DATABASE_URL"], pool_size=2)),
        leases=Leases(redis.Redis.from_url(it_env["JOBSPRINT_REDIS_URL"]), ttl_seconds=30),
        max_steps=100,
        max_output_bytes=65536,
    )
    yield context
    context.sessions.kw["bind"].dispose()


@pytest.fixture(scope="module")
def executor_target(executor_ctx):
    server = GrpcServer(
        bindings=[
            ServiceBinding(
                executor_pb2_grpc.add_ExecutorServiceServicer_to_server,
                ExecutorServicer(executor_ctx),
                executor_pb2.DESCRIPTOR.services_by_name["ExecutorService"].full_name,
            )
        ],
        port=0,
        key_ring=RING,
    )
    server.start()
    yield f"127.0.0.1:{server.port}"
    server.stop(grace=0)


@pytest.fixture(scope="module")
def ctx(it_env, executor_target):
    context = handlers.WorkflowsContext(
        sessions=db.make_session_factory(db.make_engine(it_env["WORKFLOWS_DATABASE_URL"], pool_size=2)),
        executor=ExecutorClient(executor_target, catalogue_ttl=60),
        max_definition_bytes=65536,
    )
    yield context
    context.sessions.kw["bind"].dispose()


def _principal(workspace_id: str | None = None):
    token, _ = RING.issue(
        subject=str(uuid.uuid4()),
        workspace_id=workspace_id or str(uuid.uuid4()),
        roles=["owner"],
        ttl_seconds=60,
    )
    return RING.verify(token)


def test_a_created_workflow_reads_back_as_version_one(ctx):
    principal = _principal()
    created = handlers.create_workflow(
        ctx,
        principal=principal,
        name="greeter",
        description="says hi",
        tags=["b", "a", "a"],
        definition=orjson.dumps(DEFINITION),
    )
    read = handlers.get_workflow(ctx, principal=principal, workflow_id=created.row.id)
    assert (read.row.name, read.row.current_version, read.row.tags, read.definition) == (
        "greeter",
        1,
        ["a", "b"],
        DEFINITION,
    )


def test_a_node_type_the_executor_does_not_know_is_refused_with_its_path(ctx):
    bad = {**DEFINITION, "nodes": [*DEFINITION["nodes"], {"id": "x", "type": "core.teleport"}]}
    with pytest.raises(InvalidArgument) as refused:
        handlers.create_workflow(
            ctx, principal=_principal(), name="bad", description="", tags=[], definition=orjson.dumps(bad)
        )
    assert [v.field for v in refused.value.violations] == ["definition.nodes[2].type"]


def test_a_workflow_of_another_workspace_is_not_found(ctx):
    created = handlers.create_workflow(
        ctx, principal=_principal(), name="mine", description="", tags=[], definition=orjson.dumps(DEFINITION)
    )
    with pytest.raises(NotFound):
        handlers.get_workflow(ctx, principal=_principal(), workflow_id=created.row.id)
    with pytest.raises(NotFound):
        handlers.run_workflow(ctx, principal=_principal(), workflow_id=created.row.id, input_=b"{}")


def test_running_starts_an_execution_of_the_pinned_version_in_the_executor(ctx, executor_ctx):
    principal = _principal()
    created = handlers.create_workflow(
        ctx, principal=principal, name="run me", description="", tags=[], definition=orjson.dumps(DEFINITION)
    )
    execution_id, version, status = handlers.run_workflow(
        ctx, principal=principal, workflow_id=created.row.id, input_=b'{"name": "Ada"}'
    )
    assert (version, status) == (1, "queued")
    executor_handlers.advance(executor_ctx, execution_id)
    execution, _steps = executor_handlers.get_execution(
        executor_ctx, principal=principal, execution_id=execution_id
    )
    assert (execution.status, execution.output) == ("succeeded", {"name": "Ada", "hello": "Ada"})


def test_activation_is_recorded_and_idempotent(ctx):
    principal = _principal()
    created = handlers.create_workflow(
        ctx, principal=principal, name="toggle", description="", tags=[], definition=orjson.dumps(DEFINITION)
    )
    assert handlers.set_active(ctx, principal=principal, workflow_id=created.row.id, active=True).row.active
    assert handlers.set_active(ctx, principal=principal, workflow_id=created.row.id, active=True).row.active
    assert not handlers.set_active(
        ctx, principal=principal, workflow_id=created.row.id, active=False
    ).row.active
