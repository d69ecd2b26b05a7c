"""The waiting path against real Postgres and Redis: an execution's end is rung on Redis as its
last transaction commits (the finish bell, ADR-104), and a second copy of a run message costs a
worker one look, not a half-second pause (ADR-105)."""

from __future__ import annotations

import time
import uuid

import orjson
import pytest
import redis
from jobsprint.common import messaging, redis_clients
from jobsprint.executor.adapters.live import MAX_RING_BYTES, FinishBell
from jobsprint.executor.entrypoints import worker
from jobsprint.executor.service import running, starting
from jobsprint.executor.service.dependencies import RunLimits

from .conftest import wired

pytestmark = pytest.mark.integration

SETS = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {"id": "a", "type": "core.set", "parameters": {"values": {"a": "{{ input.qty + 1 }}"}}},
        {"id": "b", "type": "core.set", "parameters": {"values": {"b": "{{ steps.a.output.a + 1 }}"}}},
    ],
    "edges": [{"from": "start", "to": "a"}, {"from": "a", "to": "b"}],
}


def _start(deps, principal, run_input, definition=SETS) -> str:
    return starting.start_execution(
        deps.uow(),
        deps.definitions,
        principal=principal,
        workflow_id=str(uuid.uuid4()),
        workflow_version=1,
        definition=orjson.dumps(definition),
        input_=orjson.dumps(run_input),
    )


def test_the_second_copy_of_a_run_message_is_acked_unrun_while_the_first_runs_and_after(ctx, principal):
    execution_id = _start(ctx.deps, principal, {"qty": 1})
    body = orjson.dumps({"execution_id": execution_id})
    delivery = messaging.Delivery(body=body, message_id=None, headers={}, redelivered=False)
    # While another worker holds the run (its take-over open): acked at once, not handed back.
    with ctx.deps.uow() as holder:
        assert holder.executions.take_over(execution_id, wake=None, lease_seconds=30) is not None
        started = time.monotonic()
        assert worker.handle_delivery(ctx.deps, delivery) == messaging.Outcome.ACK
        assert time.monotonic() - started < worker.BUSY_BACKOFF_SECONDS
    # After it ended: acked unrun.
    running.advance(ctx.deps, execution_id)
    assert worker.handle_delivery(ctx.deps, delivery) == messaging.Outcome.ACK


def _subscribed(redis_url: str):
    client = redis.Redis.from_url(redis_url)
    pubsub = client.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(redis_clients.finished_channel(client))
    pubsub.get_message(timeout=1.0)  # the subscription's confirmation
    return client, pubsub


def _rings(pubsub, *, count: int, seconds: float = 5.0) -> list[dict]:
    got: list[dict] = []
    deadline = time.monotonic() + seconds
    while len(got) < count and time.monotonic() < deadline:
        message = pubsub.get_message(timeout=0.2)
        if message is not None and message["type"] == "message":
            got.append(orjson.loads(message["data"]))
    return got


def test_an_end_is_rung_on_redis_with_its_output_when_it_commits(
    engine, sandbox, loopback_requests, principal, it_env
):
    client, pubsub = _subscribed(it_env["JOBSPRINT_REDIS_URL"])
    try:
        bell = FinishBell(redis_clients.client(it_env["JOBSPRINT_REDIS_URL"]))
        ctx = wired(engine, sandbox, loopback_requests, on_ended=bell)
        execution_id = _start(ctx.deps, principal, {"qty": 1})
        assert _rings(pubsub, count=1, seconds=0.3) == []  # a start rings nothing
        running.advance(ctx.deps, execution_id)
        rings = _rings(pubsub, count=1)
    finally:
        pubsub.close()
        client.close()
    assert rings == [
        {"id": execution_id, "status": "succeeded", "output": {"qty": 1, "a": 2, "b": 3}, "error": ""}
    ]


def test_a_large_output_is_rung_as_the_id_alone(engine, sandbox, loopback_requests, principal, it_env):
    big = {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {"id": "a", "type": "core.set", "parameters": {"values": {"blob": "{{ input.text }}"}}},
        ],
        "edges": [{"from": "start", "to": "a"}],
    }
    client, pubsub = _subscribed(it_env["JOBSPRINT_REDIS_URL"])
    try:
        ctx = wired(
            engine,
            sandbox,
            loopback_requests,
            on_ended=FinishBell(redis_clients.client(it_env["JOBSPRINT_REDIS_URL"])),
            limits=RunLimits(max_output_bytes=4 * MAX_RING_BYTES),
        )
        execution_id = _start(ctx.deps, principal, {"text": "x" * (MAX_RING_BYTES // 2 + 10)}, big)
        running.advance(ctx.deps, execution_id)
        rings = _rings(pubsub, count=1)
    finally:
        pubsub.close()
        client.close()
    assert rings == [{"id": execution_id}]


def test_a_redis_that_is_away_makes_the_bell_quiet_not_the_run_fail(
    engine, sandbox, loopback_requests, principal
):
    bell = FinishBell(redis_clients.client("redis://127.0.0.1:1/0"))
    ctx = wired(engine, sandbox, loopback_requests, on_ended=bell)
    first, second = _start(ctx.deps, principal, {"qty": 1}), _start(ctx.deps, principal, {"qty": 2})
    running.advance(ctx.deps, first)
    started = time.monotonic()
    running.advance(ctx.deps, second)  # the bell stays quiet: no second connection attempt
    assert time.monotonic() - started < 0.5
    with ctx.deps.uow() as uow:
        assert {uow.executions.get(first).status, uow.executions.get(second).status} == {"succeeded"}
