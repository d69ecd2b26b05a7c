"""Issue 13, item 13: an error in a node is a step failure, an execution whose run message is
dead-lettered ends `failed` saying so, and the doctor query finds executions left live with
nothing advancing them. Against real Postgres."""

from __future__ import annotations

import uuid

import orjson
import pytest
from jobsprint.common import messaging
from jobsprint.executor.adapters import vitals
from jobsprint.executor.adapters.orm import executions
from jobsprint.executor.entrypoints import worker
from jobsprint.executor.service import dead_letters, reading, running, starting
from sqlalchemy import func, select, text, update

pytestmark = [pytest.mark.integration, pytest.mark.security]


def _start(ctx, principal, nodes, edges):
    definition = {"nodes": [{"id": "start", "type": "trigger.manual"}, *nodes], "edges": edges}
    return starting.start_execution(
        ctx.deps.uow(),
        ctx.deps.definitions,
        principal=principal,
        workflow_id=str(uuid.uuid4()),
        workflow_version=1,
        definition=orjson.dumps(definition),
        input_=b"{}",
    )


def _row(ctx, execution_id):
    with ctx.sessions() as session:
        return session.execute(select(executions).where(executions.c.id == execution_id)).first()


def _unheld(ctx) -> set[str]:
    with ctx.sessions() as session:
        return {stuck.id for stuck in vitals.stuck_executions(session, after_seconds=0)}


def _delivery(execution_id: str) -> messaging.Delivery:
    return messaging.Delivery(
        body=orjson.dumps({"execution_id": execution_id}), message_id="m", headers={}, redelivered=False
    )


def test_an_http_request_to_an_octal_host_fails_its_step_instead_of_escaping(ctx, principal):
    execution_id = _start(
        ctx,
        principal,
        [{"id": "call", "type": "core.http_request", "parameters": {"url": "http://0177.0.0.1:8080/"}}],
        [{"from": "start", "to": "call"}],
    )

    running.advance(ctx.deps, execution_id)

    execution, steps = reading.get_execution(ctx.deps.uow(), principal=principal, execution_id=execution_id)
    assert execution.status == "failed"
    call = next(step for step in steps if step.node_id == "call")
    assert call.status == "failed"
    assert "is not a valid URL" in call.error
    assert call.output["kind"] == "error"


def test_an_execution_whose_run_message_is_dead_lettered_ends_failed_saying_so(ctx, principal):
    execution_id = _start(ctx, principal, [{"id": "n", "type": "core.noop"}], [{"from": "start", "to": "n"}])
    # A stored definition no worker can read (as a bad migration would leave it): advancing it
    # raises, so the worker dead-letters its run message.
    with ctx.sessions.begin() as session:
        session.execute(
            update(executions)
            .where(executions.c.id == execution_id)
            .values(definition=func.jsonb_build_object("nodes", "not a list"))
        )

    outcome = worker.handle_delivery(ctx.deps, _delivery(execution_id))

    assert outcome == messaging.Outcome.DEAD_LETTER
    row = _row(ctx, execution_id)
    assert row.status == "failed"
    assert row.error.startswith("dead-lettered: a worker could not handle this execution")
    assert row.finished_at is not None and row.leased_until is None
    letters, _ = dead_letters.list_dead_letters(
        ctx.deps.reads(), principal=principal, page_size=50, page_token=""
    )
    assert [letter.reason for letter in letters if letter.execution_id == execution_id] == ["unhandled_error"]
    events, status, _more = reading.list_execution_events(
        ctx.deps.uow(), principal=principal, execution_id=execution_id, after=0, limit=100
    )
    assert status == "failed"
    assert events[-1].type == "execution.finished"
    assert events[-1].data["dead_lettered"] is True
    assert execution_id not in _unheld(ctx)


def test_a_dead_letter_recorded_for_a_finished_execution_leaves_its_status_alone(ctx, principal):
    execution_id = _start(ctx, principal, [{"id": "n", "type": "core.noop"}], [{"from": "start", "to": "n"}])
    running.advance(ctx.deps, execution_id)

    dead_letters.record_unhandled(
        ctx.deps.uow(), ctx.deps.definitions, execution_id, "RuntimeError: after the end"
    )

    row = _row(ctx, execution_id)
    assert row.status == "succeeded"
    assert row.error == ""


def test_the_doctor_query_finds_a_live_execution_nothing_advances(ctx, principal):
    stuck = _start(ctx, principal, [{"id": "n", "type": "core.noop"}], [{"from": "start", "to": "n"}])
    leased = _start(ctx, principal, [{"id": "n", "type": "core.noop"}], [{"from": "start", "to": "n"}])
    with ctx.sessions.begin() as session:
        # Its run message published (the outbox row gone) and lost; a worker that let go of it.
        session.execute(
            text("DELETE FROM executor.outbox WHERE position(convert_to(:id, 'UTF8') IN body) > 0"),
            {"id": stuck},
        )
        session.execute(
            update(executions)
            .where(executions.c.id == stuck)
            .values(status="running", started_at=func.now() - text("interval '1 minute'"))
        )
        session.execute(
            update(executions)
            .where(executions.c.id == leased)
            .values(status="running", leased_until=func.now() + text("interval '1 minute'"))
        )

    found = _unheld(ctx)

    assert stuck in found
    assert leased not in found  # a worker holds it

    running.advance(ctx.deps, stuck)
    assert stuck not in _unheld(ctx)


def test_the_doctor_query_leaves_an_execution_whose_run_message_is_still_in_the_outbox(ctx, principal):
    queued = _start(ctx, principal, [{"id": "n", "type": "core.noop"}], [{"from": "start", "to": "n"}])

    assert queued not in _unheld(ctx)
