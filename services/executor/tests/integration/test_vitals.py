"""The executor's vitals (ADR-076) on real Postgres: which unfinished executions are stuck and
why, and the repair that queues their run messages again."""

from __future__ import annotations

import orjson
import pytest
from jobsprint.executor.adapters import vitals
from jobsprint.executor.adapters.repository import SqlExecutionRepository
from jobsprint.executor.service import starting
from sqlalchemy import text

pytestmark = pytest.mark.integration

DEFINITION = orjson.dumps(
    {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {"id": "pause", "type": "core.wait", "parameters": {"seconds": 3600}},
        ],
        "edges": [{"from": "start", "to": "pause"}],
    }
)


def start(ctx, principal) -> str:
    return starting.start_execution(
        ctx.deps.uow(),
        ctx.deps.definitions,
        principal=principal,
        workflow_id="00000000-0000-4000-8000-000000000001",
        workflow_version=1,
        definition=DEFINITION,
        input_=b"{}",
    )


def set_state(ctx, execution_id: str, sql: str, *, drop_messages: bool = True) -> None:
    with ctx.sessions.begin() as session:
        session.execute(
            text(f"UPDATE executor.executions SET {sql} WHERE id = CAST(:id AS uuid)"), {"id": execution_id}
        )
        if drop_messages:  # as if the broker had lost it, or the relay had published it long ago
            session.execute(
                text("DELETE FROM executor.outbox WHERE position(convert_to(:id, 'UTF8') IN body) > 0"),
                {"id": execution_id},
            )


def run_messages(ctx, execution_id: str) -> list[dict]:
    with ctx.sessions() as session:
        bodies = session.execute(
            text(
                "SELECT body FROM executor.outbox WHERE routing_key = 'run'"
                " AND position(convert_to(:id, 'UTF8') IN body) > 0"
            ),
            {"id": execution_id},
        ).scalars()
        return [orjson.loads(body) for body in bodies]


def stuck_by_id(ctx, **kwargs) -> dict[str, vitals.Stuck]:
    with ctx.sessions() as session:
        return {s.id: s for s in vitals.stuck_executions(session, after_seconds=60, **kwargs)}


@pytest.fixture
def made(ctx):
    ids: list[str] = []
    yield ids
    with ctx.sessions.begin() as session:
        for execution_id in ids:
            session.execute(
                text("DELETE FROM executor.outbox WHERE position(convert_to(:id, 'UTF8') IN body) > 0"),
                {"id": execution_id},
            )
            session.execute(
                text("DELETE FROM executor.executions WHERE id = CAST(:id AS uuid)"), {"id": execution_id}
            )


def test_a_running_execution_whose_lease_lapsed_long_ago_is_stuck_and_one_still_leased_is_not(
    ctx, principal, made
):
    lapsed, leased = start(ctx, principal), start(ctx, principal)
    made += [lapsed, leased]
    set_state(
        ctx,
        lapsed,
        "status = 'running', started_at = now() - interval '2 hours', leased_until = now() - interval '1 hour'",
    )
    set_state(
        ctx,
        leased,
        "status = 'running', started_at = now() - interval '2 hours', leased_until = now() + interval '1 minute'",
    )

    found = stuck_by_id(ctx)

    assert found[lapsed].reason == "lease_lapsed"
    assert found[lapsed].status == "running"
    assert leased not in found


def test_a_queued_execution_is_stuck_only_without_a_run_message_and_without_a_backlog(ctx, principal, made):
    lost, queued = start(ctx, principal), start(ctx, principal)
    made += [lost, queued]
    set_state(ctx, lost, "created_at = now() - interval '1 hour'")
    set_state(ctx, queued, "created_at = now() - interval '1 hour'", drop_messages=False)

    found = stuck_by_id(ctx)

    assert found[lost].reason == "not_queued"
    assert queued not in found  # its message is still in the outbox
    # With messages ready in executor.run its message may simply not have been reached yet.
    assert lost not in stuck_by_id(ctx, run_queue_ready=5)


def test_a_waiting_execution_past_its_wake_up_is_stuck_unless_a_subworkflow_wakes_it(ctx, principal, made):
    lost, child_wait = start(ctx, principal), start(ctx, principal)
    made += [lost, child_wait]
    resume = "jsonb_build_object('node_id', 'pause', 'kind', '{kind}', 'attempt', 1, 'token', 'tok-1', 'until', (now() - interval '1 hour')::text)"
    set_state(
        ctx,
        lost,
        "status = 'waiting', started_at = now() - interval '2 hours', resume = " + resume.format(kind="wait"),
    )
    set_state(
        ctx,
        child_wait,
        "status = 'waiting', started_at = now() - interval '2 hours', resume = "
        + resume.format(kind="subworkflow"),
    )

    found = stuck_by_id(ctx)

    assert found[lost].reason == "wake_up_lost"
    assert child_wait not in found


def dead_lettered_but_live(ctx, execution_id: str, error: str) -> None:
    """A dead letter for an execution that still says it is live: what workers left before a
    dead-lettered execution ended `failed` (ADR-057), and what a database restored from then holds."""
    with ctx.sessions.begin() as session:
        execution = SqlExecutionRepository(session).get(execution_id)
        assert execution is not None
        SqlExecutionRepository(session).add_dead_letter(
            execution_id=execution_id,
            workspace_id=execution.workspace_id,
            reason="unhandled_error",
            error=error,
        )


def test_a_dead_lettered_execution_that_still_looks_live_is_named_as_such(ctx, principal, made):
    execution_id = start(ctx, principal)
    made.append(execution_id)
    set_state(
        ctx, execution_id, "status = 'running', started_at = now() - interval '2 hours', leased_until = NULL"
    )
    dead_lettered_but_live(ctx, execution_id, "ValueError: a node blew up")

    found = stuck_by_id(ctx)

    assert found[execution_id].reason == "dead_lettered"
    with ctx.sessions() as session:
        counts = vitals.counts(session)
    assert counts.dead_letters["unhandled_error"] >= 1
    assert counts.active["running"] >= 1


def test_requeue_queues_a_run_message_for_each_stuck_execution_with_the_wake_token_of_a_waiting_one(
    ctx, principal, made
):
    lapsed, waiting, dead = start(ctx, principal), start(ctx, principal), start(ctx, principal)
    made += [lapsed, waiting, dead]
    set_state(
        ctx,
        lapsed,
        "status = 'running', started_at = now() - interval '2 hours', leased_until = now() - interval '1 hour'",
    )
    set_state(
        ctx,
        waiting,
        "status = 'waiting', started_at = now() - interval '2 hours', resume = jsonb_build_object('node_id', 'pause',"
        " 'kind', 'wait', 'attempt', 1, 'token', 'tok-9', 'until', (now() - interval '1 hour')::text)",
    )
    set_state(ctx, dead, "status = 'running', started_at = now() - interval '2 hours', leased_until = NULL")
    dead_lettered_but_live(ctx, dead, "boom")
    stuck = [s for s in stuck_by_id(ctx).values() if s.id in (lapsed, waiting, dead)]

    with ctx.sessions.begin() as session:
        queued = vitals.requeue(session, stuck)

    assert sorted(queued) == sorted([lapsed, waiting])
    assert run_messages(ctx, lapsed) == [{"execution_id": lapsed}]
    assert run_messages(ctx, waiting) == [{"execution_id": waiting, "wake": "tok-9"}]
    assert run_messages(ctx, dead) == []  # a worker already gave up on it: a person decides


def test_requeue_leaves_alone_an_execution_a_worker_took_back_meanwhile(ctx, principal, made):
    execution_id = start(ctx, principal)
    made.append(execution_id)
    set_state(
        ctx,
        execution_id,
        "status = 'running', started_at = now() - interval '2 hours', leased_until = now() - interval '1 hour'",
    )
    stuck = [stuck_by_id(ctx)[execution_id]]
    set_state(ctx, execution_id, "leased_until = now() + interval '1 minute'")

    with ctx.sessions.begin() as session:
        assert vitals.requeue(session, stuck) == []
    assert run_messages(ctx, execution_id) == []
