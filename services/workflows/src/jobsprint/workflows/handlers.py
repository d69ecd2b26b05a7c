"""Workflow use cases: create (validated, version 1), read, activate/deactivate, run."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import orjson
from jobsprint.common import definitions, events, messaging, outbox
from jobsprint.common.errors import FieldViolation, InvalidArgument, NotFound
from jobsprint.common.tokens import Principal
from jobsprint.workflows.adapters.executor_client import ExecutorClient
from jobsprint.workflows.adapters.orm import outbox as outbox_table
from jobsprint.workflows.adapters.orm import workflow_versions, workflows
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, sessionmaker

EVENT_SOURCE = "/jobsprint/workflows"
MAX_TAGS = 20


@dataclass
class WorkflowsContext:
    sessions: sessionmaker[Session]
    executor: ExecutorClient
    max_definition_bytes: int


@dataclass(frozen=True)
class WorkflowView:
    row: Row[Any]
    definition: Any


def _emit(session: Session, type_: str, workflow_id: str, workspace_id: str) -> None:
    outbox.enqueue(
        session,
        outbox_table,
        exchange=messaging.EVENTS_EXCHANGE,
        routing_key=type_,
        body=events.cloud_event(
            type_=type_, source=EVENT_SOURCE, subject=workflow_id, data={"workspace_id": workspace_id}
        ),
    )


def _check_fields(name: str, tags: list[str]) -> None:
    problems = []
    if not name.strip():
        problems.append(FieldViolation("name", "required"))
    elif len(name) > 200:
        problems.append(FieldViolation("name", "at most 200 characters"))
    if len(tags) > MAX_TAGS or any(not t.strip() or len(t) > 64 for t in tags):
        problems.append(FieldViolation("tags", f"at most {MAX_TAGS} non-empty tags of at most 64 characters"))
    if problems:
        raise InvalidArgument("the workflow is invalid", problems)


def create_workflow(
    ctx: WorkflowsContext,
    *,
    principal: Principal,
    name: str,
    description: str,
    tags: list[str],
    definition: bytes,
) -> WorkflowView:
    _check_fields(name, tags)
    if len(definition) > ctx.max_definition_bytes:
        raise InvalidArgument(f"the definition is larger than {ctx.max_definition_bytes} bytes")
    try:
        raw = orjson.loads(definition)
    except orjson.JSONDecodeError as exc:
        raise InvalidArgument(f"the definition is not JSON: {exc}") from exc
    known = ctx.executor.node_types(principal)
    definitions.parse(raw, is_known_type=known.__contains__)
    workflow_id = str(uuid.uuid4())
    with ctx.sessions.begin() as session:
        session.execute(
            insert(workflows).values(
                id=workflow_id,
                workspace_id=principal.workspace_id,
                name=name.strip(),
                description=description,
                tags=sorted({t.strip() for t in tags}),
                current_version=1,
            )
        )
        session.execute(
            insert(workflow_versions).values(
                workflow_id=workflow_id, version=1, definition=raw, created_by=principal.user_id
            )
        )
        _emit(session, "workflow.created", workflow_id, principal.workspace_id)
        return _load(session, principal, workflow_id)


def _load(
    session: Session, principal: Principal, workflow_id: str, *, for_update: bool = False
) -> WorkflowView:
    try:
        uuid.UUID(workflow_id)
    except ValueError as exc:
        raise NotFound(f"no workflow {workflow_id!r} in this workspace") from exc
    query = select(workflows).where(
        workflows.c.id == workflow_id, workflows.c.workspace_id == principal.workspace_id
    )
    row = session.execute(query.with_for_update() if for_update else query).first()
    if row is None:
        raise NotFound(f"no workflow {workflow_id!r} in this workspace")
    definition = session.execute(
        select(workflow_versions.c.definition).where(
            workflow_versions.c.workflow_id == workflow_id, workflow_versions.c.version == row.current_version
        )
    ).scalar_one()
    return WorkflowView(row, definition)


def get_workflow(ctx: WorkflowsContext, *, principal: Principal, workflow_id: str) -> WorkflowView:
    with ctx.sessions() as session:
        return _load(session, principal, workflow_id)


def set_active(
    ctx: WorkflowsContext, *, principal: Principal, workflow_id: str, active: bool
) -> WorkflowView:
    with ctx.sessions.begin() as session:
        current = _load(session, principal, workflow_id, for_update=True)
        if current.row.active != active:
            session.execute(
                update(workflows)
                .where(workflows.c.id == workflow_id)
                .values(active=active, updated_at=func.now())
            )
            _emit(
                session,
                "workflow.activated" if active else "workflow.deactivated",
                workflow_id,
                principal.workspace_id,
            )
        return _load(session, principal, workflow_id)


def run_workflow(
    ctx: WorkflowsContext, *, principal: Principal, workflow_id: str, input_: bytes
) -> tuple[str, int, str]:
    if input_:
        try:
            orjson.loads(input_)
        except orjson.JSONDecodeError as exc:
            raise InvalidArgument(f"the run input is not JSON: {exc}") from exc
    workflow = get_workflow(ctx, principal=principal, workflow_id=workflow_id)
    execution = ctx.executor.start_execution(
        principal,
        workflow_id=workflow_id,
        version=workflow.row.current_version,
        definition=orjson.dumps(workflow.definition),
        input_=input_ or b"{}",
    )
    return execution.id, execution.workflow_version, execution.status
