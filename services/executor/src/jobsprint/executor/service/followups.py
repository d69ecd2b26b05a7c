"""What an execution's suspension, end or cancellation sets off, in the same transaction as that
state (ADR-033): a subworkflow's execution started, its waiting caller woken, the workflow's
error workflow asked for, the executions it called cancelled with it, and its concurrency slot
handed on (ADR-034). No dual writes: every message goes through the outbox."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from jobsprint.common import definitions
from jobsprint.executor.domain import engine, subworkflows
from jobsprint.executor.domain.nodes import ChildStart, NodeCatalogue, NodeFailure
from jobsprint.executor.service import concurrency, messages
from jobsprint.executor.service.ports import ExecutorUnitOfWork

log = logging.getLogger(__name__)


def start_child(uow: ExecutorUnitOfWork, parent: Any, child: ChildStart, *, wake: str) -> None:
    """Insert the called workflow's execution with its run message and event; its end sends
    `wake` back to `parent`."""
    inserted = uow.executions.insert_once(
        id=child.execution_id,
        workspace_id=parent.workspace_id,
        workflow_id=child.workflow_id,
        workflow_version=child.workflow_version,
        definition=dict(child.definition),
        status="queued",
        input=child.input,
        priority=parent.priority,
        parent_id=parent.id,
        parent_wake=wake,
        depth=parent.depth + 1,
    )
    if inserted:
        uow.publish(messages.run(child.execution_id, priority=parent.priority))
        uow.event(
            child.execution_id,
            "execution.queued",
            {"workflow_id": child.workflow_id, "status": "queued", "parent_execution_id": parent.id},
        )


def child_result(uow: ExecutorUnitOfWork, resume: engine.Resume | None) -> engine.ChildResult | None:
    """Where the execution a waiting subworkflow step called stands (None for other waits)."""
    if resume is None or resume.kind != engine.SUBWORKFLOW or not resume.child_id:
        return None
    row = uow.executions.child_state(resume.child_id)
    if row is None:  # deleted (retention) while its caller waited: nothing will wake it again
        return engine.ChildResult(engine.FAILED, None, "the execution no longer exists")
    return engine.ChildResult(row.status, row.output, row.error)


def on_finished(
    uow: ExecutorUnitOfWork, execution: Any, outcome: engine.Outcome, settings: definitions.Settings
) -> None:
    """`execution` has just been written finished in this unit of work; what that sets off is
    published with it."""
    if execution.parent_id is not None and execution.parent_wake:
        uow.publish(
            messages.run(execution.parent_id, priority=execution.priority, wake=execution.parent_wake)
        )
    if outcome.status == engine.FAILED and settings.error_workflow and execution.error_of is None:
        # An error workflow's own failure starts no error workflow: two workflows naming each
        # other must not fail back and forth for ever.
        uow.publish(
            messages.error_workflow(
                execution.id, failed_node=outcome.failed_node, priority=execution.priority
            )
        )
    if execution.max_concurrency is not None:
        concurrency.release(uow, workflow_id=execution.workflow_id)


def on_cancelled(uow: ExecutorUnitOfWork, execution_id: str) -> None:
    """`execution_id` has just been cancelled in this unit of work: its caller learns of it (the
    calling step fails), the executions it called are cancelled, its slot goes to the next."""
    row = uow.executions.get(execution_id)
    if row is None:
        return
    if row.parent_id is not None and row.parent_wake:
        uow.publish(messages.run(row.parent_id, priority=row.priority, wake=row.parent_wake))
    for child in uow.executions.cancel_descendants(execution_id):
        uow.event(
            child.id,
            "execution.cancelled",
            {"status": "cancelled", "was": child.status, "cancelled_with": execution_id},
        )
    if row.max_concurrency is not None and not row.parked:
        concurrency.release(uow, workflow_id=row.workflow_id)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def start_error_workflow(
    uow: ExecutorUnitOfWork,
    resolver: subworkflows.WorkflowResolver,
    catalogue: NodeCatalogue,
    *,
    failed_execution_id: str,
    failed_node: str,
) -> str | None:
    """Start the error workflow of a failed execution, once: its id is derived from the failed
    execution's, so a repeated request (the outbox delivers at least once) finds it there.
    Returns its id, or None when there is none to start. Raises ResolveFailure(retryable) while
    the workflows service is unavailable, so the request is tried again."""
    with uow:
        failed = uow.executions.get(failed_execution_id)
    if failed is None or failed.status != "failed" or failed.error_of is not None:
        return None
    target = definitions.parse(failed.definition).settings.error_workflow
    if target is None:
        return None
    run_id = subworkflows.error_execution_id(failed.id)
    with uow:
        if uow.executions.exists(run_id):
            return run_id
    problem = ""
    try:
        resolved = resolver.resolve(workspace_id=failed.workspace_id, workflow_id=target, version=None)
        subworkflows.check_definition(resolved.definition, catalogue, workflow_id=target)
    except subworkflows.ResolveFailure as exc:
        if exc.retryable:
            raise
        problem = str(exc)
    except NodeFailure as exc:
        problem = str(exc)
    with uow:
        if problem:
            log.warning("execution %s failed, but its error workflow cannot start: %s", failed.id, problem)
            uow.event(
                failed.id, "execution.error_workflow_failed", {"error_workflow": target, "error": problem}
            )
            uow.commit()
            return None
        limit = definitions.parse(resolved.definition).settings.max_concurrency
        parked = not concurrency.admits(uow, workflow_id=resolved.workflow_id, limit=limit)
        inserted = uow.executions.insert_once(
            id=run_id,
            workspace_id=failed.workspace_id,
            workflow_id=resolved.workflow_id,
            workflow_version=resolved.version,
            definition=dict(resolved.definition),
            status="queued",
            input={
                "execution_id": failed.id,
                "workflow_id": failed.workflow_id,
                "workflow_version": failed.workflow_version,
                "error": failed.error,
                "failed_node": failed_node or None,
                "started_at": _iso(failed.started_at),
                "finished_at": _iso(failed.finished_at),
            },
            priority=failed.priority,
            error_of=failed.id,
            max_concurrency=limit,
            parked=parked,
        )
        if inserted:
            if not parked:
                uow.publish(messages.run(run_id, priority=failed.priority))
            uow.event(
                run_id,
                "execution.queued",
                {"workflow_id": resolved.workflow_id, "status": "queued", "error_of": failed.id},
            )
        uow.commit()
    return run_id
