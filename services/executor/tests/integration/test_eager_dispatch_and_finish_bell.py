"""Two head starts on the waiting path, against real Postgres, RabbitMQ and Redis: a new run's
message goes straight to the run queue as its start commits (eager dispatch, ADR-105), and an
execution's end is rung on Redis as its last transaction commits (the finish bell, ADR-104)."""

from __future__ import annotations

import time
import uuid

import orjson
import pika
import pytest
import redis
from jobsprint.common import messaging, redis_clients
from jobsprint.executor.adapters.eager import EagerDispatch
from jobsprint.executor.adapters.live import MAX_RING_BYTES, FinishBell
from jobsprint.executor.adapters.orm import outbox
from jobsprint.executor.entrypoints import worker
from jobsprint.executor.service import running, starting
from jobsprint.executor.service.dependencies import RunLimits
from sqlalchemy import select

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


@pytest.fixture
def spy(it_env):
    """A queue bound like executor.run: what reaches the run queue, without taking from it."""
    connection = pika.BlockingConnection(messaging.connection_parameters(it_env["JOBSPRINT_AMQP_URL"]))
    channel = connection.channel()
    messaging.declare_run_topology(channel)
    name = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(name, messaging.EXECUTIONS_EXCHANGE, routing_key=messaging.RUN_ROUTING_KEY)
    yield channel, name
    connection.close()


def _received(channel, queue: str, *, seconds: float = 5.0) -> list[tuple[pika.BasicProperties, dict]]:
    got = []
    deadline = time.monotonic() + seconds
    for _method, properties, body in channel.consume(queue, inactivity_timeout=0.1, auto_ack=True):
        if properties is not None:
            got.append((properties, orjson.loads(body)))
        elif got or time.monotonic() > deadline:
            break
    channel.cancel()
    return got


def test_a_started_run_reaches_the_run_queue_at_commit_and_its_durable_copy_stays_in_the_outbox(
    engine, sandbox, loopback_requests, principal, it_env, spy
):
    eager = EagerDispatch(it_env["JOBSPRINT_AMQP_URL"])
    try:
        ctx = wired(engine, sandbox, loopback_requests, on_queued=eager)
        execution_id = _start(ctx.deps, principal, {"qty": 1})
        channel, queue = spy
        got = _received(channel, queue)
    finally:
        eager.close()
    # No relay runs in this test: the message came straight from the commit, transient.
    assert [body for _props, body in got] == [{"execution_id": execution_id}]
    assert got[0][0].delivery_mode == 1
    with ctx.sessions() as session:
        kept = session.execute(select(outbox.c.body).where(outbox.c.routing_key == "run")).scalars().all()
    assert any(orjson.loads(body) == {"execution_id": execution_id} for body in kept), "no durable copy"


def test_eager_dispatch_with_the_broker_away_leaves_the_run_to_the_outbox(
    engine, sandbox, loopback_requests, principal
):
    eager = EagerDispatch("amqp://guest:guest@127.0.0.1:1/%2F")  # nothing listens on port 1
    try:
        ctx = wired(engine, sandbox, loopback_requests, on_queued=eager)
        execution_id = _start(ctx.deps, principal, {"qty": 1})  # does not raise
        started = time.monotonic()
        _start(ctx.deps, principal, {"qty": 2})  # quiet now: no second connection attempt
        assert time.monotonic() - started < 0.5
    finally:
        eager.close()
    with ctx.sessions() as session:
        kept = session.execute(select(outbox.c.body).where(outbox.c.routing_key == "run")).scalars().all()
    assert any(orjson.loads(body) == {"execution_id": execution_id} for body in kept)


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
