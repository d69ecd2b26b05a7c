"""Executions against real Postgres and Redis: atomic start, advance, resume, fencing."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import orjson
import pytest
from jobsprint.executor.adapters.lease import LeaseBusy, Leases
from jobsprint.executor.adapters.orm import execution_events, executions, outbox, steps
from jobsprint.executor.adapters.repository import SqlExecutionRepository
from jobsprint.executor.domain.engine import SUCCEEDED, StepRecord
from jobsprint.executor.domain.executions import FenceLost
from jobsprint.executor.service import reading, running, starting
from sqlalchemy import func, select, update

pytestmark = pytest.mark.integration

DEFINITION = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {
            "id": "price",
            "type": "core.set",
            "parameters": {"values": {"total": "{{ input.qty * input.unit_price }}"}},
        },
        {"id": "big", "type": "core.if", "parameters": {"condition": "{{ steps.price.output.total > 100 }}"}},
        {"id": "shout", "type": "core.set", "parameters": {"values": {"label": "big order"}}},
        {"id": "quiet", "type": "core.set", "parameters": {"values": {"label": "small order"}}},
    ],
    "edges": [
        {"from": "start", "to": "price"},
        {"from": "price", "to": "big"},
        {"from": "big", "to": "shout", "output": "true"},
        {"from": "big", "to": "quiet", "output": "false"},
    ],
}


def _start(ctx, principal, run_input):

    return starting.start_execution(
        ctx.deps.uow(),
        ctx.deps.definitions,
        principal=principal,
        workflow_id=str(uuid.uuid4()),
        workflow_version=1,
        definition=orjson.dumps(DEFINITION),
        input_=orjson.dumps(run_input),
    )


def test_starting_writes_the_execution_and_its_run_message_in_one_transaction(ctx, principal):
    execution_id = _start(ctx, principal, {"qty": 3, "unit_price": 12.5})
    with ctx.sessions() as session:
        status = session.execute(select(executions.c.status).where(executions.c.id == execution_id)).scalar()
        bodies = session.execute(select(outbox.c.body).where(outbox.c.routing_key == "run")).scalars().all()
    assert status == "queued"
    assert orjson.dumps({"execution_id": execution_id}) in bodies


def test_advancing_runs_every_reachable_node_and_skips_the_other_branch(ctx, principal):
    execution_id = _start(ctx, principal, {"qty": 30, "unit_price": 12.5})
    running.advance(ctx.deps, execution_id)
    execution, step_rows = reading.get_execution(
        ctx.deps.uow(), principal=principal, execution_id=execution_id
    )
    by_node = {row.node_id: row for row in step_rows}
    assert execution.status == "succeeded"
    assert by_node["price"].output["total"] == 375
    assert by_node["shout"].status == "succeeded"
    assert by_node["quiet"].status == "skipped"
    assert execution.output == {"qty": 30, "unit_price": 12.5, "total": 375, "label": "big order"}


def test_no_step_finishes_before_it_started(ctx, principal):
    # Both ends of a step come from the worker's clock: the end was the transaction's start
    # (Postgres now()), which precedes the start of every step its first batch checkpoints.
    execution_id = _start(ctx, principal, {"qty": 30, "unit_price": 12.5})
    running.advance(ctx.deps, execution_id)
    _execution, step_rows = reading.get_execution(
        ctx.deps.uow(), principal=principal, execution_id=execution_id
    )
    ran = [row for row in step_rows if row.status != "skipped"]
    assert len(ran) == 4
    assert all(row.started_at <= row.finished_at for row in step_rows), [
        (row.node_id, row.started_at, row.finished_at) for row in step_rows
    ]


def test_advancing_a_finished_execution_again_changes_nothing(ctx, principal):
    execution_id = _start(ctx, principal, {"qty": 1, "unit_price": 1})
    running.advance(ctx.deps, execution_id)
    with ctx.sessions() as session:
        before = session.execute(select(func.count()).where(steps.c.execution_id == execution_id)).scalar()
    running.advance(ctx.deps, execution_id)
    with ctx.sessions() as session:
        after = session.execute(select(func.count()).where(steps.c.execution_id == execution_id)).scalar()
        status = session.execute(select(executions.c.status).where(executions.c.id == execution_id)).scalar()
    assert before == after == 5  # every node has a step: four that ran, one skipped
    assert status == "succeeded"


def test_a_resumed_execution_reuses_checkpointed_steps_instead_of_running_them_again(ctx, principal):
    execution_id = _start(ctx, principal, {"qty": 2, "unit_price": 5})
    with ctx.sessions.begin() as session:
        fence = SqlExecutionRepository(session).take_over(execution_id, wake=None, lease_seconds=0).fence
        SqlExecutionRepository(session).save_steps(
            execution_id,
            fence,
            [
                (
                    StepRecord(
                        "start", "trigger.manual", SUCCEEDED, {"qty": 2, "unit_price": 5}, "main", "", 1
                    ),
                    1,
                )
            ],
        )
        # A checkpoint that differs from what the node would compute now proves it is not recomputed.
        SqlExecutionRepository(session).save_steps(
            execution_id,
            fence,
            [(StepRecord("price", "core.set", SUCCEEDED, {"total": 999}, "main", "", 1), 2)],
        )
    running.advance(ctx.deps, execution_id)
    execution, step_rows = reading.get_execution(
        ctx.deps.uow(), principal=principal, execution_id=execution_id
    )
    assert execution.status == "succeeded"
    assert {row.node_id: row.output for row in step_rows}["price"] == {"total": 999}
    assert execution.output == {"total": 999, "label": "big order"}


# Two checkpoints of DEFINITION's first nodes, with their seqs.
TWO_STEPS = [
    (StepRecord("start", "trigger.manual", SUCCEEDED, {}, "main", "", 1), 1),
    (StepRecord("price", "core.set", SUCCEEDED, {"total": 1}, "main", "", 1), 2),
]


def _stale_and_current_fences(ctx, execution_id):
    """The fence of a take-over that another one has since replaced, and that other one's."""
    fences = []
    for _ in range(2):
        with ctx.sessions.begin() as session:
            taken = SqlExecutionRepository(session).take_over(execution_id, wake=None, lease_seconds=0)
            fences.append(taken.fence)
    return fences


def test_a_worker_that_lost_its_fence_writes_none_of_a_batch_of_checkpoints(ctx, principal):
    execution_id = _start(ctx, principal, {"qty": 1, "unit_price": 1})
    stale, current = _stale_and_current_fences(ctx, execution_id)
    batch = TWO_STEPS
    with pytest.raises(FenceLost), ctx.sessions.begin() as session:
        SqlExecutionRepository(session).save_steps(execution_id, stale, batch)
    with ctx.sessions.begin() as session:
        assert SqlExecutionRepository(session).steps(execution_id) == []
        assert SqlExecutionRepository(session).save_steps(execution_id, current, batch) is True
    with ctx.sessions() as session:
        assert [row.node_id for row in SqlExecutionRepository(session).steps(execution_id)] == [
            "start",
            "price",
        ]


def test_an_execution_is_invisible_from_another_workspace(ctx, principal):
    from jobsprint.common.errors import NotFound

    execution_id = _start(ctx, principal, {})
    other = principal.__class__(
        **{**principal.__dict__, "workspace_id": "00000000-0000-0000-0000-000000000000"}
    )
    with pytest.raises(NotFound):
        reading.get_execution(ctx.deps.uow(), principal=other, execution_id=execution_id)


def _lease_of(ctx, execution_id: str) -> tuple[int, bool]:
    """(fence, whether a lease holds the execution now)."""
    with ctx.sessions() as session:
        row = session.execute(
            select(executions.c.fence, executions.c.leased_until > func.now()).where(
                executions.c.id == execution_id
            )
        ).one()
    return row[0], bool(row[1])


def test_a_leased_execution_makes_the_message_come_back_later_and_is_taken_once_the_lease_lapses(
    ctx, principal
):
    execution_id = _start(ctx, principal, {"qty": 1, "unit_price": 1})
    with ctx.sessions.begin() as session:  # another worker took it over and is running it
        SqlExecutionRepository(session).take_over(execution_id, wake=None, lease_seconds=30)
    with pytest.raises(LeaseBusy):
        running.advance(ctx.deps, execution_id)
    assert _lease_of(ctx, execution_id)[1]
    with ctx.sessions.begin() as session:  # ... and was killed: its lease lapses
        session.execute(
            update(executions)
            .where(executions.c.id == execution_id)
            .values(leased_until=func.now() - timedelta(seconds=1))
        )
    running.advance(ctx.deps, execution_id)
    execution, _ = reading.get_execution(ctx.deps.uow(), principal=principal, execution_id=execution_id)
    assert execution.status == "succeeded"
    assert not _lease_of(ctx, execution_id)[1]  # the finishing statement let go of it


def test_an_open_take_over_makes_another_worker_busy_at_once_not_wait(ctx, principal):
    execution_id = _start(ctx, principal, {"qty": 1, "unit_price": 1})
    with ctx.sessions() as session:
        session.begin()
        SqlExecutionRepository(session).take_over(execution_id, wake=None, lease_seconds=30)
        started = time.monotonic()
        with pytest.raises(LeaseBusy):
            running.advance(ctx.deps, execution_id)
        assert time.monotonic() - started < 2.0
        session.rollback()  # that worker died before its first commit: nothing of it remains
    running.advance(ctx.deps, execution_id)
    execution, _ = reading.get_execution(ctx.deps.uow(), principal=principal, execution_id=execution_id)
    assert execution.status == "succeeded"


def test_a_held_lease_is_renewed_and_let_go_of(ctx, principal):
    leases = Leases(ctx.sessions.kw["bind"], ttl_seconds=1)  # renewed every third of a second
    first, second = (_start(ctx, principal, {"qty": 1, "unit_price": 1}) for _ in range(2))
    for execution_id in (first, second):
        with ctx.sessions.begin() as session:
            fence = SqlExecutionRepository(session).take_over(execution_id, wake=None, lease_seconds=1).fence
        leases.held(execution_id, fence)
    time.sleep(2.5)  # well past the 1 s lifetime: only renewal keeps them
    assert _lease_of(ctx, first)[1] and _lease_of(ctx, second)[1]
    with pytest.raises(LeaseBusy):
        running.advance(ctx.deps, first)
    leases.let_go(first, released=False)  # a run that stopped half-way clears its lease
    leases.let_go(second, released=False)
    assert not _lease_of(ctx, first)[1] and not _lease_of(ctx, second)[1]
    running.advance(ctx.deps, first)
    execution, _ = reading.get_execution(ctx.deps.uow(), principal=principal, execution_id=first)
    assert execution.status == "succeeded"


def _history(ctx, execution_id):
    with ctx.sessions() as session:
        seq = session.execute(select(executions.c.event_seq).where(executions.c.id == execution_id)).scalar()
        events = session.execute(
            select(execution_events.c.seq, execution_events.c.type)
            .where(execution_events.c.execution_id == execution_id)
            .order_by(execution_events.c.seq)
        ).all()
    return seq, [tuple(row) for row in events]


def test_a_start_is_written_with_its_event_and_run_message_numbered_from_one(ctx, principal):
    """The start is one statement at the commit (ADR-110): the row carries the count of its
    events, which are numbered from 1, and both messages are in the outbox."""
    execution_id = _start(ctx, principal, {"qty": 1, "unit_price": 1})
    assert _history(ctx, execution_id) == (1, [(1, "execution.queued")])
    with ctx.sessions() as session:
        rows = session.execute(select(outbox.c.routing_key, outbox.c.body)).all()
    assert sorted(key for key, body in rows if execution_id.encode() in body) == ["execution.queued", "run"]


def test_a_run_s_end_is_written_with_its_checkpoints_and_events_only_under_its_fence(ctx, principal):
    """`end` writes the last checkpoints, the end and the events in the commit's statement; a
    worker whose fence moved writes none of it (FenceLost), the current one all of it."""
    execution_id = _start(ctx, principal, {"qty": 1, "unit_price": 1})
    stale, current = _stale_and_current_fences(ctx, execution_id)
    batch = TWO_STEPS

    def end(fence: int) -> None:
        with ctx.deps.uow() as uow:
            for step, _seq in batch:
                uow.event(execution_id, f"step.{step.status}", {"node_id": step.node_id})
            uow.event(execution_id, "execution.finished", {"status": SUCCEEDED, "error": ""})
            uow.executions.end(execution_id, fence, batch, status=SUCCEEDED, output={"total": 1}, error="")
            uow.commit()

    with pytest.raises(FenceLost):
        end(stale)
    assert _history(ctx, execution_id) == (1, [(1, "execution.queued")])
    with ctx.sessions() as session:
        assert SqlExecutionRepository(session).steps(execution_id) == []
    end(current)
    assert _history(ctx, execution_id) == (
        4,
        [(1, "execution.queued"), (2, "step.succeeded"), (3, "step.succeeded"), (4, "execution.finished")],
    )
    with ctx.sessions() as session:
        row = session.execute(select(executions).where(executions.c.id == execution_id)).one()
        assert [s.node_id for s in SqlExecutionRepository(session).steps(execution_id)] == ["start", "price"]
    assert (row.status, row.output, row.finished_at is not None, row.leased_until) == (
        SUCCEEDED,
        {"total": 1},
        True,
        None,
    )
