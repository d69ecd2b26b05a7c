"""Activating a workflow (its webhook answers, its schedule ticks) and running it by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.common.errors import InvalidArgument
from jobsprint.common.tokens import Principal
from jobsprint.workflows.domain import workflow as rules
from jobsprint.workflows.domain.workflow import Started, WorkflowView
from jobsprint.workflows.service.definitions import get_workflow
from jobsprint.workflows.service.ports import Executor, WorkflowsUnitOfWork
from jobsprint.workflows.service.sealing import trigger_fields
from jobsprint.workflows.service.views import event, load


def set_active(
    uow: WorkflowsUnitOfWork, keys: WorkspaceKeys, *, principal: Principal, workflow_id: str, active: bool
) -> WorkflowView:
    workspace_id = principal.workspace_id
    with uow:
        current = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id, for_update=True)
        if current.row.active != active:
            trigger = current.trigger
            values: dict[str, Any] = {
                "active": active,
                "next_fire_at": rules.schedule_start(trigger, active=active, now=datetime.now(UTC)),
            }
            values.update(
                trigger_fields(
                    keys,
                    uow.data_keys,
                    trigger,
                    workspace_id=workspace_id,
                    workflow_id=workflow_id,
                    has_token=current.row.webhook_token_hash is not None,
                )
            )
            uow.workflows.update(workflow_id, values)
            uow.publish(
                event("workflow.activated" if active else "workflow.deactivated", workflow_id, workspace_id)
            )
        changed = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id)
        uow.commit()
    return changed


def run_workflow(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    executor: Executor,
    *,
    principal: Principal,
    workflow_id: str,
    input_: bytes,
) -> Started:
    if input_:
        try:
            orjson.loads(input_)
        except orjson.JSONDecodeError as exc:
            raise InvalidArgument(f"the run input is not JSON: {exc}") from exc
    workflow = get_workflow(uow, keys, principal=principal, workflow_id=workflow_id)
    return executor.start_execution(
        principal,
        workflow_id=workflow_id,
        version=workflow.row.current_version,
        definition=orjson.dumps(workflow.definition),
        input_=input_ or b"{}",
    )
