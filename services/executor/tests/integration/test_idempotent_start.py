"""StartExecution with an idempotency key, over real gRPC against Postgres: a repeated start (a
retried call, a cron tick claimed again) returns the first execution and starts nothing."""

from __future__ import annotations

import threading
import uuid

import grpc
import orjson
import pytest
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common.grpc_server import serving_locally
from jobsprint.common.identity import auth_metadata
from jobsprint.common.tokens import KeyRing, Principal
from jobsprint.executor.adapters.orm import executions, outbox
from jobsprint.executor.entrypoints import grpc_api
from sqlalchemy import func, select

pytestmark = pytest.mark.integration

RING = KeyRing(keys={"k": "y" * 32}, current_kid="k", issuer="jobsprint", audience="jobsprint")
DEFINITION = {
    "nodes": [
        {"id": "tick", "type": "trigger.cron", "parameters": {"expression": "* * * * *"}},
        {"id": "note", "type": "core.noop"},
    ],
    "edges": [{"from": "tick", "to": "note"}],
}


@pytest.fixture(scope="module")
def stub(ctx):
    with serving_locally(grpc_api.binding(ctx.deps), key_ring=RING) as target:
        channel = grpc.insecure_channel(target)
        yield executor_pb2_grpc.ExecutorServiceStub(channel)
        channel.close()


def _caller(workspace_id: str | None = None) -> Principal:
    token, _ = RING.issue(
        subject=str(uuid.uuid4()),
        workspace_id=workspace_id or str(uuid.uuid4()),
        roles=["editor"],
        ttl_seconds=300,
    )
    return RING.verify(token)


def _start(stub, caller: Principal, *, workflow_id: str, key: str, tick: str = "2026-11-26T10:00:00+00:00"):
    return stub.StartExecution(
        executor_pb2.StartExecutionRequest(
            workflow_id=workflow_id,
            workflow_version=1,
            definition=orjson.dumps(DEFINITION),
            input=orjson.dumps({"scheduled_for": tick}),
            idempotency_key=key,
        ),
        metadata=auth_metadata(caller),
        timeout=10,
    ).execution


def _rows(ctx, workflow_id: str) -> tuple[list[str], int]:
    with ctx.sessions() as session:
        ids = list(
            session.execute(select(executions.c.id).where(executions.c.workflow_id == workflow_id)).scalars()
        )
        run_messages = session.execute(
            select(func.count()).where(
                outbox.c.routing_key == "run",
                outbox.c.body.in_([orjson.dumps({"execution_id": i}) for i in ids] or [b""]),
            )
        ).scalar_one()
    return ids, run_messages


def test_starting_twice_with_one_key_returns_the_first_execution_and_writes_one_row(ctx, stub):
    caller, workflow_id = _caller(), str(uuid.uuid4())
    key = f"cron:{workflow_id}:2026-11-26T10:00:00+00:00"
    first = _start(stub, caller, workflow_id=workflow_id, key=key)
    again = _start(stub, caller, workflow_id=workflow_id, key=key, tick="a retry with another input")
    assert again.id == first.id
    assert orjson.loads(again.input) == {"scheduled_for": "2026-11-26T10:00:00+00:00"}  # the first call's
    assert _rows(ctx, workflow_id) == ([first.id], 1)  # one execution, one run message


def test_another_key_starts_another_execution(ctx, stub):
    caller, workflow_id = _caller(), str(uuid.uuid4())
    first = _start(stub, caller, workflow_id=workflow_id, key=f"cron:{workflow_id}:t1")
    second = _start(stub, caller, workflow_id=workflow_id, key=f"cron:{workflow_id}:t2")
    assert first.id != second.id
    assert sorted(_rows(ctx, workflow_id)[0]) == sorted([first.id, second.id])


def test_concurrent_starts_with_one_key_make_one_execution(ctx, stub):
    caller, workflow_id = _caller(), str(uuid.uuid4())
    key = f"cron:{workflow_id}:race"
    ids: list[str] = []
    barrier = threading.Barrier(6)

    def start() -> None:
        barrier.wait()
        ids.append(_start(stub, caller, workflow_id=workflow_id, key=key).id)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ids) == 6 and len(set(ids)) == 1
    assert _rows(ctx, workflow_id) == ([ids[0]], 1)


def test_a_key_is_scoped_to_its_workspace(ctx, stub):
    workflow_id = str(uuid.uuid4())
    key = f"cron:{workflow_id}:shared"
    mine = _start(stub, _caller(), workflow_id=workflow_id, key=key)
    theirs = _start(stub, _caller(), workflow_id=workflow_id, key=key)
    assert mine.id != theirs.id and mine.workspace_id != theirs.workspace_id


def test_reusing_a_key_for_another_workflow_is_refused(stub):
    caller = _caller()
    _start(stub, caller, workflow_id=str(uuid.uuid4()), key="one-key")
    with pytest.raises(grpc.RpcError) as refused:
        _start(stub, caller, workflow_id=str(uuid.uuid4()), key="one-key")
    assert refused.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert "another workflow" in refused.value.details()


def test_a_key_longer_than_200_characters_is_refused(stub):
    with pytest.raises(grpc.RpcError) as refused:
        _start(stub, _caller(), workflow_id=str(uuid.uuid4()), key="k" * 201)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
