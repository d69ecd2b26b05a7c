"""WorkflowsService over gRPC: translate messages to handler calls and back, nothing else."""

from __future__ import annotations

from jobsprint.api.workflows.v1 import workflows_pb2, workflows_pb2_grpc
from jobsprint.common.identity import current_principal
from jobsprint.common.wire import json_bytes, timestamp
from jobsprint.workflows import handlers


def workflow_message(view: handlers.WorkflowView) -> workflows_pb2.Workflow:
    row = view.row
    return workflows_pb2.Workflow(
        id=row.id,
        workspace_id=row.workspace_id,
        name=row.name,
        description=row.description,
        tags=list(row.tags),
        definition=json_bytes(view.definition),
        version=row.current_version,
        active=row.active,
        create_time=timestamp(row.created_at),
        update_time=timestamp(row.updated_at),
    )


class WorkflowsServicer(workflows_pb2_grpc.WorkflowsServiceServicer):
    def __init__(self, ctx: handlers.WorkflowsContext) -> None:
        self._ctx = ctx

    def CreateWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = handlers.create_workflow(
            self._ctx,
            principal=current_principal(),
            name=request.name,
            description=request.description,
            tags=list(request.tags),
            definition=request.definition,
        )
        return workflows_pb2.CreateWorkflowResponse(workflow=workflow_message(view))

    def GetWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = handlers.get_workflow(self._ctx, principal=current_principal(), workflow_id=request.id)
        return workflows_pb2.GetWorkflowResponse(workflow=workflow_message(view))

    def ActivateWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = handlers.set_active(
            self._ctx, principal=current_principal(), workflow_id=request.id, active=True
        )
        return workflows_pb2.ActivateWorkflowResponse(workflow=workflow_message(view))

    def DeactivateWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = handlers.set_active(
            self._ctx, principal=current_principal(), workflow_id=request.id, active=False
        )
        return workflows_pb2.DeactivateWorkflowResponse(workflow=workflow_message(view))

    def RunWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        execution_id, version, status = handlers.run_workflow(
            self._ctx, principal=current_principal(), workflow_id=request.id, input_=request.input
        )
        return workflows_pb2.RunWorkflowResponse(
            execution_id=execution_id, workflow_version=version, status=status
        )
