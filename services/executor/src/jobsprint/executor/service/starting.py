"""Starting executions: a start (its state and its run message in one transaction, ADR-050), and a
retry of a failed or cancelled one, from its failed step or from the start."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import orjson
from jobsprint.common import messaging
from jobsprint.common.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    Unavailable,
)
from jobsprint.common.tokens import Principal
from jobsprint.executor.domain import engine
from jobsprint.executor.domain.executions import MAX_IDEMPOTENCY_KEY, RETRYABLE, checked_id, not_found
from jobsprint.executor.service import concurrency, messages
from jobsprint.executor.service.definitions import Definitions
from jobsprint.executor.service.ports import ExecutorUnitOfWork

log = logging.getLogger(__name__)


def start_execution(
    uow: ExecutorUnitOfWork,
    definitions: Definitions,
    *,
    principal: Principal,
    workflow_id: str,
    workflow_version: int,
    definition: bytes,
    input_: bytes,
    request: bytes = b"",
    priority: int = 0,
    idempotency_key: str = "",
) -> str:
    """The new execution's id; with an `idempotency_key` the workspace already used, the id of
    the execution that key started, and nothing new is started or queued."""
    if len(idempotency_key) > MAX_IDEMPOTENCY_KEY:
        raise InvalidArgument(
            f"the idempotency key is longer than {MAX_IDEMPOTENCY_KEY} characters",
            [FieldViolation("idempotency_key", f"at most {MAX_IDEMPOTENCY_KEY} characters")],
        )
    try:
        raw_definition, parsed = definitions.checked(definition)
        run_input = orjson.loads(input_) if input_ else {}
        run_request = orjson.loads(request) if request else None
    except orjson.JSONDecodeError as exc:
        raise InvalidArgument(f"definition and input must be JSON: {exc}") from exc
    if not 0 <= priority <= messaging.MAX_PRIORITY:
        raise InvalidArgument(f"priority must be between 0 and {messaging.MAX_PRIORITY}, not {priority}")
    execution_id = str(uuid.uuid4())
    limit = parsed.settings.max_concurrency
    values: dict[str, Any] = {
        "id": execution_id,
        "workspace_id": principal.workspace_id,
        "workflow_id": workflow_id,
        "workflow_version": workflow_version,
        "status": "queued",
        "priority": priority,
        "max_concurrency": limit,
    }
    with uow:
        values["parked"] = parked = not concurrency.admits(uow, workflow_id=workflow_id, limit=limit)
        if idempotency_key:
            inserted = uow.executions.insert_once(
                **values,
                definition=raw_definition,
                input=run_input,
                request=run_request,
                idempotency_key=idempotency_key,
            )
            if not inserted:
                return _earlier_start(uow, principal, workflow_id, idempotency_key)
        else:
            # The documents as sent (checked above), not serialised again.
            uow.executions.insert_started(
                **values,
                definition=definition.decode(),
                input=input_.decode() if input_ else "{}",
                request=request.decode() if request else None,
            )
        # A parked execution gets its run message when a slot frees (ADR-034).
        if not parked:
            uow.publish(messages.run(execution_id, priority=priority))
        uow.event(execution_id, "execution.queued", {"workflow_id": workflow_id, "status": "queued"})
        uow.commit()
    return execution_id


def _earlier_start(uow: ExecutorUnitOfWork, principal: Principal, workflow_id: str, key: str) -> str:
    earlier = uow.executions.by_idempotency_key(workspace_id=principal.workspace_id, key=key)
    if earlier is None:  # the row that conflicted was deleted (pruned) in between
        raise Unavailable(f"idempotency key {key!r} was just released; retry")
    if str(earlier.workflow_id) != workflow_id:
        raise AlreadyExists(
            f"idempotency key {key!r} already started execution {earlier.id} of another workflow; "
            "use a key per workflow"
        )
    log.info("start with idempotency key %r repeated: execution %s already exists", key, earlier.id)
    return str(earlier.id)


def retry_execution(
    uow: ExecutorUnitOfWork,
    definitions: Definitions,
    *,
    principal: Principal,
    execution_id: str,
    from_start: bool,
) -> str:
    """Start a new execution that retries a failed or cancelled one: from its failed step (the
    checkpoints before it are reused) or from the start. Returns the new execution's id."""
    checked_id(execution_id)
    with uow:
        new_id = retry(uow, definitions, principal.workspace_id, execution_id, from_start=from_start)
        uow.commit()
    return new_id


def retry(
    uow: ExecutorUnitOfWork,
    definitions: Definitions,
    workspace_id: str,
    execution_id: str,
    *,
    from_start: bool,
) -> str:
    """The retry itself, inside the caller's unit of work (a dead letter's replay is one too)."""
    old = uow.executions.get(execution_id, workspace_id=workspace_id)
    if old is None:
        raise not_found(execution_id)
    if old.status not in RETRYABLE:
        raise FailedPrecondition(
            f"execution {execution_id} is {old.status}; only a failed or cancelled execution can be retried"
        )
    new_id = str(uuid.uuid4())
    parsed, plan = definitions.parsed(old.definition)
    limit = parsed.settings.max_concurrency
    parked = not concurrency.admits(uow, workflow_id=old.workflow_id, limit=limit)
    uow.executions.insert(
        id=new_id,
        workspace_id=old.workspace_id,
        workflow_id=old.workflow_id,
        workflow_version=old.workflow_version,
        definition=old.definition,
        status="queued",
        input=old.input,
        retry_of=old.id,
        priority=old.priority,
        max_concurrency=limit,
        parked=parked,
    )
    if not from_start:
        steps = uow.executions.steps(execution_id)
        # Reuse every step but the failures that ended the run (branches that ran alongside a
        # failed one finished and are reused too); a cancelled run has no such failure.
        ended = [
            s.node_id for s in steps if s.status == engine.FAILED and s.node_id not in plan.routes_errors
        ]
        uow.executions.copy_steps(source=execution_id, target=new_id, skip=ended)
    if not parked:
        uow.publish(messages.run(new_id, priority=old.priority))
    uow.event(
        new_id,
        "execution.queued",
        {"workflow_id": old.workflow_id, "status": "queued", "retry_of": old.id, "from_start": from_start},
    )
    return new_id
