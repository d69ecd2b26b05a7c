"""A worker that stops renewing its leases without closing its broker connection (frozen by
SIGSTOP, a paused VM) loses its executions to another worker within about twice a lease's
lifetime, not when the broker finally drops its connection a minute or more later (issue 18):
the executor API's `LapsedLeases` queues them again. On real Postgres, at the lease level: the
frozen worker is a take-over committed and never renewed."""

from __future__ import annotations

import time

import pytest
from jobsprint.executor.adapters.repository import SqlExecutionRepository
from jobsprint.executor.adapters.vitals import LEASES_LAPSED, LapsedLeases
from jobsprint.executor.domain.engine import StepRecord
from jobsprint.executor.domain.executions import FenceLost

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
