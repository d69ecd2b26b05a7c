"""Cancelling an execution: its fence raised (a worker running it stops at its next write), the
executions it called cancelled with it, its caller woken, its concurrency slot handed on."""

from __future__ import annotations

from jobsprint.common.errors import FailedPrecondition
from jobsprint.common.tokens import Principal
from jobsprint.executor.domain.executions import checked_id, not_found
from jobsprint.executor.service import followups, metrics
from jobsprint.executor.service.ports import ExecutorUnitOfWork


def cancel_execution(
    uow: ExecutorUnitOfWork, *, principal: Principal, execution_id: str, workflow_label: bool = False
) -> None:
    """`workflow_label`: count it under its workflow id (EXECUTOR_METRICS_PER_WORKFLOW)."""
    checked_id(execution_id)
    with uow:
        cancelled = uow.executions.cancel(execution_id, workspace_id=principal.workspace_id)
        if cancelled is None:
            execution = uow.executions.get(execution_id, workspace_id=principal.workspace_id)
            if execution is None:
                raise not_found(execution_id)
            raise FailedPrecondition(
                f"execution {execution_id} has already {execution.status}; only a queued, running or"
                " waiting execution can be cancelled"
            )
        before, workflow_id = cancelled
        uow.event(execution_id, "execution.cancelled", {"status": "cancelled", "was": before})
        followups.on_cancelled(uow, execution_id)
        uow.commit()
    metrics.FINISHED.labels("cancelled", workflow_id if workflow_label else "").inc()
