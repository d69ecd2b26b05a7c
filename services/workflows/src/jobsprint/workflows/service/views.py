"""Loading a workflow as a caller sees it, and the events announcing a change to one."""

from __future__ import annotations

from typing import Any

from jobsprint.common import events
from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.common.unit_of_work import OutboxMessage
from jobsprint.workflows.domain import workflow as rules
from jobsprint.workflows.domain.workflow import TOKEN, WorkflowView
from jobsprint.workflows.service.ports import Stored, WorkflowsUnitOfWork
from jobsprint.workflows.service.sealing import unseal

EVENT_SOURCE = "/jobsprint/workflows"


def view(keys: WorkspaceKeys, stored: Stored) -> WorkflowView:
    workflow = stored.workflow
    token = ""
    if workflow.webhook_token_sealed is not None:
        token = unseal(
            keys,
            stored.key,
            workspace_id=str(workflow.workspace_id),
            workflow_id=str(workflow.id),
            purpose=TOKEN,
            blob=workflow.webhook_token_sealed,
        )
    upcoming = rules.upcoming_ticks(workflow, stored.definition)
    return WorkflowView(workflow, stored.definition, upcoming, stored.rank, token)


def load(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    *,
    workspace_id: str,
    workflow_id: str,
    for_update: bool = False,
    deleted: bool = False,
) -> WorkflowView:
    """The workflow, in the trash when `deleted`; NotFound when the workspace has none such."""
    rules.check_id(workflow_id)
    stored = uow.workflows.get(workspace_id, workflow_id, deleted=deleted, for_update=for_update)
    if stored is None:
        raise rules.not_found(workflow_id, deleted=deleted)
    return view(keys, stored)


def event(type_: str, workflow_id: str, workspace_id: str, **data: Any) -> OutboxMessage:
    """`workflow.<what>` about a workflow, for the outbox."""
    return OutboxMessage(
        exchange=events.EVENTS_EXCHANGE,
        routing_key=type_,
        body=events.cloud_event(
            type_=type_,
            source=EVENT_SOURCE,
            subject=workflow_id,
            data={"workspace_id": workspace_id, **data},
        ),
    )
