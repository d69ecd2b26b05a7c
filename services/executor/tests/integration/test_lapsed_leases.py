"""A worker that stops renewing its leases without closing its broker connection (frozen by
SIGSTOP, a paused VM) loses its executions to another worker within about twice a lease's
lifetime, not when the broker finally drops its connection a minute or more later (issue 18):
the executor API's `LapsedLeases` queues them again. On real Postgres, at the lease level: the
frozen worker is a take-over committed and never renewed."""

from __future__ import annotations

import time

import orjson
import pika
import pytest
from jobsprint.common import messaging
from jobsprint.executor.adapters.repository import SqlExecutionRepository
from jobsprint.executor.adapters.vitals import LEASES_LAPSED, RUNS_REQUEUED, LapsedLeases, RunQueueReady
from jobsprint.executor.domain.engine import StepRecord
from jobsprint.executor.domain.executions import FenceLost
from jobsprint.executor.entrypoints import worker
from jobsprint.executor.service import running
from sqlalchemy import text

from .test_vitals import made, run_messages, set_state, start  # noqa: F401  (`made` is a fixture)

pytestmark = pytest.mark.integration

TTL = 1.5


def take_over(ctx, execution_id: str, *, lease_seconds: float = TTL):
    """A worker's take-over, committed: the execution and its fence."""
    with ctx.sessions.begin() as session:
        return SqlExecutionRepository(session).take_over(execution_id, wake=None, lease_seconds=lease_seconds)


def sweep_until(sweeper: LapsedLeases, execution_id: str, *, within: float, queued: list[str]) -> float:
    """Sweep at the sweeper's pace until it queues `execution_id` (what each sweep queued goes to
    `queued`: other tests' leftovers in the shared database too); how long that took."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        found = sweeper.sweep()
        queued += found
        if execution_id in found:
            return time.monotonic() - started
        time.sleep(sweeper.interval)
    raise AssertionError(f"{execution_id} was not queued again within {within} s")


def test_a_frozen_workers_execution_is_queued_again_and_taken_over_and_its_late_writes_are_refused(
    ctx,
    principal,
    made,  # noqa: F811
) -> None:
    execution_id = start(ctx, principal)
    made.append(execution_id)
    set_state(ctx, execution_id, "status = 'queued'")  # its first run message was delivered
    frozen = take_over(ctx, execution_id)
    assert frozen is not None
    before = LEASES_LAPSED._value.get()  # type: ignore[attr-defined]
    sweeper = LapsedLeases(ctx.sessions.kw["bind"], ttl_seconds=TTL)

    # Frozen from here: never renewed. Its lease lapses after TTL, and a third of it later it is
    # queued again; the sweeper's first two looks only make sure Postgres is answering.
    queued: list[str] = []
    took = sweep_until(sweeper, execution_id, within=4 * TTL, queued=queued)

    assert took <= 2 * TTL + sweeper.interval
    assert queued.count(execution_id) == 1
    assert LEASES_LAPSED._value.get() == before + len(queued)  # type: ignore[attr-defined]
    assert run_messages(ctx, execution_id) == [{"execution_id": execution_id}]
    assert execution_id not in sweeper.sweep()  # not at every look
    # Nobody took it (the broker may have handed the message to the frozen worker): queued again.
    assert sweep_until(sweeper, execution_id, within=2 * TTL, queued=[]) >= sweeper.interval * 0.9
    assert run_messages(ctx, execution_id) == [{"execution_id": execution_id}] * 2

    successor = take_over(ctx, execution_id, lease_seconds=30)
    assert successor is not None and successor.fence == frozen.fence + 1
    with pytest.raises(FenceLost), ctx.sessions.begin() as session:  # the frozen one wakes up
        SqlExecutionRepository(session).save_steps(
            execution_id, frozen.fence, [(StepRecord("start", "trigger.manual", "succeeded"), 1)]
        )


def test_a_renewed_lease_is_left_to_its_worker(ctx, principal, made) -> None:  # noqa: F811
    execution_id = start(ctx, principal)
    made.append(execution_id)
    set_state(ctx, execution_id, "status = 'queued'")
    assert take_over(ctx, execution_id, lease_seconds=60) is not None
    sweeper = LapsedLeases(ctx.sessions.kw["bind"], ttl_seconds=TTL)
    for _ in range(4):
        assert execution_id not in sweeper.sweep()
    assert run_messages(ctx, execution_id) == []


def test_right_after_postgres_comes_back_lapsed_leases_are_left_for_their_workers_to_renew(
    ctx,
    principal,
    made,  # noqa: F811
) -> None:
    execution_id = start(ctx, principal)
    made.append(execution_id)
    set_state(ctx, execution_id, "status = 'queued'")
    assert take_over(ctx, execution_id) is not None
    set_state(ctx, execution_id, "leased_until = now() - interval '1 minute'")  # no worker could renew
    sweeper = LapsedLeases(ctx.sessions.kw["bind"], ttl_seconds=TTL)  # its first looks after the outage
    assert execution_id not in sweeper.sweep()
    assert execution_id not in sweeper.sweep()
    assert execution_id in sweeper.sweep()  # still lapsed two looks later: its worker is gone


# -- delivered and never acted on (ADR-101) -----------------------------------------------------
# A frozen worker also holds the run messages the broker handed it before and during the freeze
# (its prefetch window): executions `queued` and never started, or `waiting` whose wake-up it
# holds. No lease of theirs lapses; the sweep finds them by what nothing will move, with
# `executor.run` empty, a lease lifetime old, on two looks in a row.


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def run_queue(it_env):
    """The integration instance's `executor.run`, empty (nothing consumes it: what other tests
    routed there is purged), and a way to put a message in it; purged again after the test."""
    url = it_env["JOBSPRINT_AMQP_URL"]
    connection = pika.BlockingConnection(messaging.connection_parameters(url))
    channel = connection.channel()
    messaging.declare_run_topology(channel)
    channel.queue_purge(messaging.RUN_QUEUE)

    def publish(body: bytes = b'{"execution_id": "00000000-0000-4000-8000-00000000beef"}') -> None:
        channel.basic_publish(messaging.EXECUTIONS_EXCHANGE, messaging.RUN_ROUTING_KEY, body)

    yield url, publish
    channel.queue_purge(messaging.RUN_QUEUE)
    connection.close()


def sweeper_on(ctx, url: str, clock: Clock) -> LapsedLeases:
    """A sweeper past its first two looks (which only make sure Postgres answers)."""
    sweeper = LapsedLeases(
        ctx.sessions.kw["bind"], ttl_seconds=TTL, run_queue_ready=RunQueueReady(url), clock=clock
    )
    assert sweeper.sweep() == [] and sweeper.sweep() == []
    return sweeper


def delivered(ctx, execution_id: str) -> None:
    """Its run message relayed (the outbox row gone) and handed to a worker that sits on it."""
    set_state(ctx, execution_id, "created_at = created_at", drop_messages=True)


def requeued(reason: str) -> float:
    return RUNS_REQUEUED.labels(reason)._value.get()  # type: ignore[attr-defined]


def test_a_queued_execution_a_worker_holds_unstarted_is_queued_again_once_per_lease_lifetime(
    ctx,
    principal,
    made,  # noqa: F811
    run_queue,
) -> None:
    url, _publish = run_queue
    execution_id = start(ctx, principal)
    made.append(execution_id)
    # Older than anything else in the shared database: the sweep takes the oldest first, 500 a pass.
    set_state(ctx, execution_id, "created_at = now() - interval '10 years'")  # its message delivered
    before = requeued("not_queued")
    clock = Clock()
    sweeper = sweeper_on(ctx, url, clock)

    assert execution_id not in sweeper.sweep()  # seen once: a healthy worker may be about to take it
    clock.now += sweeper.interval
    assert execution_id in sweeper.sweep()  # seen twice, with nothing ready in executor.run
    assert run_messages(ctx, execution_id) == [{"execution_id": execution_id}]
    assert requeued("not_queued") >= before + 1

    # Relayed, and the broker handed the copy to the frozen worker too: once per lease lifetime.
    delivered(ctx, execution_id)
    for _ in range(2):
        clock.now += sweeper.interval
        assert execution_id not in sweeper.sweep()
    clock.now += sweeper.interval
    assert execution_id in sweeper.sweep()
    assert run_messages(ctx, execution_id) == [{"execution_id": execution_id}]

    # Taken by a healthy worker: not queued again.
    delivered(ctx, execution_id)
    assert take_over(ctx, execution_id, lease_seconds=60) is not None
    clock.now += 2 * TTL
    assert execution_id not in sweeper.sweep() and execution_id not in sweeper.sweep()
    assert run_messages(ctx, execution_id) == []


def test_a_queued_execution_is_left_alone_while_the_run_queue_has_ready_messages_or_is_unreachable(
    ctx,
    principal,
    made,  # noqa: F811
    run_queue,
) -> None:
    url, publish = run_queue
    execution_id = start(ctx, principal)
    made.append(execution_id)
    set_state(ctx, execution_id, "created_at = now() - interval '1 minute'")
    publish()  # a backlog: its message may simply not have been reached yet
    clock = Clock()
    sweeper = sweeper_on(ctx, url, clock)
    unreachable = sweeper_on(ctx, "amqp://guest:guest@127.0.0.1:1/%2F", clock)

    for _ in range(4):
        clock.now += sweeper.interval
        assert execution_id not in sweeper.sweep()
        assert execution_id not in unreachable.sweep()
    assert run_messages(ctx, execution_id) == []


def test_a_waiting_execution_past_its_wake_up_is_woken_once(
    ctx,
    principal,
    made,  # noqa: F811
    run_queue,
) -> None:
    url, _publish = run_queue
    execution_id = start(ctx, principal)
    made.append(execution_id)
    running.advance(ctx.deps, execution_id)  # waits an hour at `pause`, its wake-up delayed
    # ... and the wake-up came back early and went to a worker that froze holding it.
    set_state(
        ctx,
        execution_id,
        "resume = jsonb_set(resume, '{until}', to_jsonb((now() - interval '1 minute')::text))",
    )
    with ctx.sessions() as session:
        token = session.execute(
            text("SELECT resume->>'token' FROM executor.executions WHERE id = CAST(:id AS uuid)"),
            {"id": execution_id},
        ).scalar_one()
    before = requeued("wake_up_lost")
    clock = Clock()
    sweeper = sweeper_on(ctx, url, clock)

    assert execution_id not in sweeper.sweep()
    clock.now += sweeper.interval
    assert execution_id in sweeper.sweep()
    assert run_messages(ctx, execution_id) == [{"execution_id": execution_id, "wake": token}]
    assert requeued("wake_up_lost") >= before + 1

    # The copy wakes it; the frozen worker's original, delivered when it resumes, finds the token
    # taken and is acked without running anything.
    for _ in range(2):
        assert worker.handle_delivery(ctx.deps, _delivery(execution_id, wake=token)) == messaging.Outcome.ACK
    # Its first run and the wake-up raised the fence; the duplicate took nothing over.
    assert status_and_fence(ctx, execution_id) == ("succeeded", 2)


def test_a_parked_execution_is_not_touched(ctx, principal, made, run_queue) -> None:  # noqa: F811
    url, _publish = run_queue
    execution_id = start(ctx, principal)
    made.append(execution_id)
    # Waiting for a concurrency slot: no run message until one frees (ADR-034).
    set_state(ctx, execution_id, "parked = true, created_at = now() - interval '1 minute'")
    clock = Clock()
    sweeper = sweeper_on(ctx, url, clock)
    for _ in range(4):
        clock.now += sweeper.interval
        assert execution_id not in sweeper.sweep()
    assert run_messages(ctx, execution_id) == []


def test_a_duplicate_run_message_is_harmless(ctx, principal, made) -> None:  # noqa: F811
    """The copy the sweep queues and the original the frozen worker holds: whichever comes
    second is acked unrun, once the execution finished or while another worker holds it (that
    worker ends the run; if it dies, its lease lapses and the sweep queues the run again)."""
    leased, finished = start(ctx, principal), start(ctx, principal)
    made += [leased, finished]
    assert take_over(ctx, leased, lease_seconds=60) is not None

    assert worker.handle_delivery(ctx.deps, _delivery(leased)) == messaging.Outcome.ACK
    assert status_and_fence(ctx, leased) == ("running", 1)  # left to the worker that holds it

    set_state(ctx, finished, "status = 'succeeded', finished_at = now()")
    assert worker.handle_delivery(ctx.deps, _delivery(finished)) == messaging.Outcome.ACK
    assert status_and_fence(ctx, finished) == ("succeeded", 0)  # acked unrun


def status_and_fence(ctx, execution_id: str) -> tuple[str, int]:
    with ctx.sessions() as session:
        row = session.execute(
            text("SELECT status, fence FROM executor.executions WHERE id = CAST(:id AS uuid)"),
            {"id": execution_id},
        ).one()
    return row.status, row.fence


def _delivery(execution_id: str, *, wake: str | None = None) -> messaging.Delivery:
    body: dict[str, str] = {"execution_id": execution_id}
    if wake is not None:
        body["wake"] = wake
    return messaging.Delivery(body=orjson.dumps(body), message_id=None, headers={}, redelivered=True)
