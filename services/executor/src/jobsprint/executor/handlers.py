"""Executor use cases: start an execution (state and its run message in one transaction), read
one, and advance one (the worker's job)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from jobsprint.common import definitions, events, messaging, outbox
from jobsprint.common.errors import InvalidArgument, NotFound
from jobsprint.common.tokens import Principal
from jobsprint.executor.adapters import repository
from jobsprint.executor.adapters.lease import Leases
from jobsprint.executor.adapters.orm import outbox as outbox_table
from jobsprint.executor.domain import engine, integration_nodes
from jobsprint.executor.domain.nodes import CATALOGUE
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
EVENT_SOURCE = "/jobsprint/executor"


@dataclass
class ExecutorContext:
    sessions: sessionmaker[Session]
    leases: Leases
    max_steps: int
    max_output_bytes: int


def _emit(session: Session, type_: str, execution_id: str, data: dict[str, Any]) -> None:
    outbox.enqueue(
        session,
        outbox_table,
        exchange=messaging.EVENTS_EXCHANGE,
        routing_key=type_,
        body=events.cloud_event(type_=type_, source=EVENT_SOURCE, subject=execution_id, data=data),
    )


def start_execution(
    ctx: ExecutorContext,
    *,
    principal: Principal,
    workflow_id: str,
    workflow_version: int,
    definition: bytes,
    input_: bytes,
    request: bytes = b"",
) -> str:
    try:
        raw_definition = orjson.loads(definition)
        run_input = orjson.loads(input_) if input_ else {}
        run_request = orjson.loads(request) if request else None
    except orjson.JSONDecodeError as exc:
        raise InvalidArgument(f"definition and input must be JSON: {exc}") from exc
    definitions.parse(raw_definition, is_known_type=CATALOGUE.__contains__)
    execution_id = str(uuid.uuid4())
    with ctx.sessions.begin() as session:
        repository.insert_execution(
            session,
            id=execution_id,
            workspace_id=principal.workspace_id,
            workflow_id=workflow_id,
            workflow_version=workflow_version,
            definition=raw_definition,
            status="queued",
            input=run_input,
            request=run_request,
        )
        outbox.enqueue(
            session,
            outbox_table,
            exchange=messaging.EXECUTIONS_EXCHANGE,
            routing_key=messaging.RUN_ROUTING_KEY,
            body=orjson.dumps({"execution_id": execution_id}),
        )
        _emit(session, "execution.queued", execution_id, {"workflow_id": workflow_id, "status": "queued"})
    return execution_id


def get_execution(ctx: ExecutorContext, *, principal: Principal, execution_id: str) -> tuple[Any, list[Any]]:
    try:
        uuid.UUID(execution_id)
    except ValueError as exc:
        raise NotFound(f"no execution {execution_id!r} in this workspace") from exc
    with ctx.sessions() as session:
        execution = repository.get_execution(session, execution_id, workspace_id=principal.workspace_id)
        if execution is None:
            raise NotFound(f"no execution {execution_id!r} in this workspace")
        return execution, repository.list_steps(session, execution_id)


def advance(ctx: ExecutorContext, execution_id: str) -> None:
    """Run an execution from its last checkpoint to the end. Safe to call twice for one id;
    raises LeaseBusy while another worker is advancing it."""
    with ctx.leases.hold(execution_id):
        _advance_leased(ctx, execution_id)


def _advance_leased(ctx: ExecutorContext, execution_id: str) -> None:
    with ctx.sessions.begin() as session:
        execution = repository.get_execution(session, execution_id)
        if execution is None or execution.status in TERMINAL:
            return
        fence = repository.take_over(session, execution_id)
        if fence is None:
            return
        if execution.status == "queued":
            _emit(session, "execution.started", execution_id, {"workflow_id": execution.workflow_id})
        done = {
            row.node_id: engine.StepRecord(
                row.node_id, row.node_type, row.status, row.output, row.port, row.error, row.attempts
            )
            for row in repository.list_steps(session, execution_id)
        }
    started_at = (execution.started_at or datetime.now(UTC)).isoformat()
    run_ctx = engine.RunContext(
        execution_id, execution.workflow_id, started_at, execution.input, execution.request or {}
    )
    seq = len(done)

    def checkpoint(step: engine.StepRecord) -> None:
        nonlocal seq
        seq += 1
        with ctx.sessions.begin() as session:
            repository.save_step(session, execution_id, fence, step, seq)
            _emit(
                session, f"step.{step.status}", execution_id, {"node_id": step.node_id, "status": step.status}
            )
        ctx.leases.renew(execution_id)

    definition = definitions.parse(execution.definition)
    integration_nodes.enter_execution(workspace_id=execution.workspace_id, execution_id=execution_id)
    try:
        outcome = engine.run(
            definition,
            run_ctx,
            completed=done,
            checkpoint=checkpoint,
            max_steps=ctx.max_steps,
            max_output_bytes=ctx.max_output_bytes,
        )
    except engine.StepLimitExceeded as exc:
        outcome = engine.Outcome(engine.FAILED, None, str(exc))
    with ctx.sessions.begin() as session:
        repository.finish(
            session, execution_id, fence, status=outcome.status, output=outcome.output, error=outcome.error
        )
        _emit(session, "execution.finished", execution_id, {"status": outcome.status, "error": outcome.error})
    log.info("execution %s %s", execution_id, outcome.status)
