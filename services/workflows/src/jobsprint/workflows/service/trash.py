"""The trash: a deleted workflow can be restored for the retention period, then it is purged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.common.errors import NotFound
from jobsprint.common.tokens import Principal
from jobsprint.workflows.domain import workflow as rules
from jobsprint.workflows.domain.workflow import WorkflowView
from jobsprint.workflows.service.ports import WorkflowsUnitOfWork
from jobsprint.workflows.service.views import event, load


def delete_workflow(
    uow: WorkflowsUnitOfWork, keys: WorkspaceKeys, *, principal: Principal, workflow_id: str, etag: str = ""
) -> WorkflowView:
    workspace_id = principal.workspace_id
    with uow:
        current = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id, for_update=True)
        rules.check_etag(current, etag, required=False)
        uow.workflows.move_to_trash(workflow_id)
        uow.publish(event("workflow.deleted", workflow_id, workspace_id))
        deleted = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id, deleted=True)
        uow.commit()
    return deleted


def restore_workflow(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    *,
    principal: Principal,
    workflow_id: str,
    retention: timedelta,
) -> WorkflowView:
    workspace_id = principal.workspace_id
    with uow:
        current = load(
            uow, keys, workspace_id=workspace_id, workflow_id=workflow_id, for_update=True, deleted=True
        )
        assert current.row.deleted_at is not None, "a workflow in the trash has its deletion time"
        if current.row.deleted_at < datetime.now(UTC) - retention:
            raise NotFound(
                f"workflow {workflow_id!r} was deleted more than {retention.days} days ago "
                "and can no longer be restored"
            )
        uow.workflows.restore(workflow_id)
        uow.publish(event("workflow.restored", workflow_id, workspace_id))
        restored = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id)
        uow.commit()
    return restored


def purge_deleted(uow: WorkflowsUnitOfWork, *, now: datetime, retention: timedelta) -> int:
    """Delete for good what has been in the trash longer than the retention period."""
    with uow:
        purged = uow.workflows.purge(deleted_before=now - retention)
        uow.commit()
    return purged
