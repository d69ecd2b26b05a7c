"""WorkflowsService over gRPC: each method turns its request into a use-case call with the
caller and the dependencies the use case names, and its result into the response. Domain errors
become status codes in the gRPC server's one table (`jobsprint.common.grpc_errors`)."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
from google.protobuf.timestamp_pb2 import Timestamp
from jobsprint.api.workflows.v1 import workflows_pb2, workflows_pb2_grpc
from jobsprint.common.access import Action, MethodPolicy
from jobsprint.common.grpc_server import ServiceBinding
from jobsprint.common.identity import current_principal
from jobsprint.common.wire import json_bytes, timestamp
from jobsprint.workflows.domain import triggers
from jobsprint.workflows.domain.search import ListFilter
from jobsprint.workflows.domain.workflow import WorkflowView
from jobsprint.workflows.service import (
    activation,
    definitions,
    import_export,
    search,
    trash,
    versions,
    webhooks,
)
from jobsprint.workflows.service.dependencies import Dependencies

# Exporting only reads (a viewer may keep workflows in git); every other method by its name.
POLICY = MethodPolicy(overrides={"ExportWorkflow": Action.READ})


def _schedule(view: WorkflowView) -> workflows_pb2.Schedule | None:
    if view.row.trigger_type != triggers.CRON:
        return None
    trigger = view.trigger
    return workflows_pb2.Schedule(
        expression=trigger.cron_expression,
        timezone=trigger.timezone,
        missed_ticks=trigger.missed_ticks,
        next_fire_times=[s for s in (timestamp(t) for t in view.next_fire_times) if s is not None],
    )


def workflow_message(view: WorkflowView) -> workflows_pb2.Workflow:
    row = view.row
    serves_webhook = row.active and row.trigger_type == triggers.WEBHOOK and row.deleted_at is None
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
        etag=view.etag,
        trigger_type=row.trigger_type,
        webhook_token=view.webhook_token if serves_webhook else "",
        webhook_signed=view.webhook_signed,
        schedule=_schedule(view),
        delete_time=timestamp(row.deleted_at) if row.deleted_at else None,
        rank=view.rank,
    )


def _time(message: workflows_pb2.ListWorkflowsRequest, name: str) -> datetime | None:
    if not message.HasField(name):
        return None
    stamp: Timestamp = getattr(message, name)
    return stamp.ToDatetime(tzinfo=UTC)


class WorkflowsServicer(workflows_pb2_grpc.WorkflowsServiceServicer):
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def CreateWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = definitions.create_workflow(
            self._deps.uow(),
            self._deps.keys,
            self._deps.checks,
            principal=current_principal(),
            name=request.name,
            description=request.description,
            tags=list(request.tags),
            definition=request.definition,
        )
        return workflows_pb2.CreateWorkflowResponse(workflow=workflow_message(view))

    def CheckWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        parsed = definitions.check_workflow(
            self._deps.uow(),
            self._deps.checks,
            principal=current_principal(),
            name=request.name,
            description=request.description,
            tags=list(request.tags),
            definition=request.definition,
        )
        return workflows_pb2.CheckWorkflowResponse(
            trigger_type=parsed.trigger.type, node_count=len(parsed.nodes)
        )

    def GetWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = definitions.get_workflow(
            self._deps.uow(), self._deps.keys, principal=current_principal(), workflow_id=request.id
        )
        return workflows_pb2.GetWorkflowResponse(workflow=workflow_message(view))

    def BatchGetWorkflows(self, request, context):  # type: ignore[no-untyped-def]
        views, missing = search.batch_get_workflows(
            self._deps.uow(), self._deps.keys, principal=current_principal(), workflow_ids=list(request.ids)
        )
        return workflows_pb2.BatchGetWorkflowsResponse(
            workflows=[workflow_message(view) for view in views], missing_ids=missing
        )

    def UpdateWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = definitions.update_workflow(
            self._deps.uow(),
            self._deps.keys,
            self._deps.checks,
            principal=current_principal(),
            workflow_id=request.id,
            mask=list(request.update_mask.paths),
            etag=request.etag,
            name=request.name,
            description=request.description,
            tags=list(request.tags),
            definition=request.definition,
            version_message=request.version_message,
        )
        return workflows_pb2.UpdateWorkflowResponse(workflow=workflow_message(view))

    def DeleteWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = trash.delete_workflow(
            self._deps.uow(),
            self._deps.keys,
            principal=current_principal(),
            workflow_id=request.id,
            etag=request.etag,
        )
        return workflows_pb2.DeleteWorkflowResponse(workflow=workflow_message(view))

    def RestoreWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = trash.restore_workflow(
            self._deps.uow(),
            self._deps.keys,
            principal=current_principal(),
            workflow_id=request.id,
            retention=self._deps.trash_retention,
        )
        return workflows_pb2.RestoreWorkflowResponse(workflow=workflow_message(view))

    def ListWorkflows(self, request, context):  # type: ignore[no-untyped-def]
        active = {"": None, "true": True, "false": False}.get(request.active.lower())
        views, next_token = search.list_workflows(
            self._deps.uow(),
            self._deps.keys,
            principal=current_principal(),
            filters=ListFilter(
                query=request.query,
                tags=tuple(request.tags),
                active=active,
                trigger_type=request.trigger_type,
                updated_after=_time(request, "updated_after"),
                updated_before=_time(request, "updated_before"),
                order_by=request.order_by,
                deleted=request.deleted,
            ),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return workflows_pb2.ListWorkflowsResponse(
            workflows=[workflow_message(v) for v in views], next_page_token=next_token
        )

    def ListWorkflowVersions(self, request, context):  # type: ignore[no-untyped-def]
        rows, next_token = versions.list_versions(
            self._deps.uow(),
            self._deps.keys,
            principal=current_principal(),
            workflow_id=request.id,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return workflows_pb2.ListWorkflowVersionsResponse(
            versions=[
                workflows_pb2.WorkflowVersion(
                    workflow_id=r.workflow_id,
                    version=r.version,
                    created_by=r.created_by,
                    create_time=timestamp(r.created_at),
                    message=r.message,
                )
                for r in rows
            ],
            next_page_token=next_token,
        )

    def GetWorkflowVersion(self, request, context):  # type: ignore[no-untyped-def]
        row = versions.get_version(
            self._deps.uow(),
            self._deps.keys,
            principal=current_principal(),
            workflow_id=request.id,
            version=request.version,
        )
        return workflows_pb2.GetWorkflowVersionResponse(
            version=workflows_pb2.WorkflowVersion(
                workflow_id=row.workflow_id,
                version=row.version,
                definition=json_bytes(row.definition),
                created_by=row.created_by,
                create_time=timestamp(row.created_at),
                message=row.message,
            )
        )

    def DiffWorkflowVersions(self, request, context):  # type: ignore[no-untyped-def]
        diff = versions.diff_versions(
            self._deps.uow(),
            self._deps.keys,
            principal=current_principal(),
            workflow_id=request.id,
            from_version=request.from_version,
            to_version=request.to_version,
        )
        return workflows_pb2.DiffWorkflowVersionsResponse(diff=orjson.dumps(diff))

    def RollbackWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = versions.rollback_workflow(
            self._deps.uow(),
            self._deps.keys,
            self._deps.checks,
            principal=current_principal(),
            workflow_id=request.id,
            version=request.version,
            etag=request.etag,
        )
        return workflows_pb2.RollbackWorkflowResponse(workflow=workflow_message(view))

    def ActivateWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = activation.set_active(
            self._deps.uow(),
            self._deps.keys,
            principal=current_principal(),
            workflow_id=request.id,
            active=True,
        )
        return workflows_pb2.ActivateWorkflowResponse(workflow=workflow_message(view))

    def DeactivateWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = activation.set_active(
            self._deps.uow(),
            self._deps.keys,
            principal=current_principal(),
            workflow_id=request.id,
            active=False,
        )
        return workflows_pb2.DeactivateWorkflowResponse(workflow=workflow_message(view))

    def RunWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        execution_id, version, status = activation.run_workflow(
            self._deps.uow(),
            self._deps.keys,
            self._deps.executor,
            principal=current_principal(),
            workflow_id=request.id,
            input_=request.input,
        )
        return workflows_pb2.RunWorkflowResponse(
            execution_id=execution_id, workflow_version=version, status=status
        )

    def RotateWebhookToken(self, request, context):  # type: ignore[no-untyped-def]
        view = webhooks.rotate_webhook_token(
            self._deps.uow(), self._deps.keys, principal=current_principal(), workflow_id=request.id
        )
        return workflows_pb2.RotateWebhookTokenResponse(workflow=workflow_message(view))

    def SetWebhookSecret(self, request, context):  # type: ignore[no-untyped-def]
        view = webhooks.set_webhook_secret(
            self._deps.uow(),
            self._deps.keys,
            principal=current_principal(),
            workflow_id=request.id,
            secret=request.secret,
        )
        return workflows_pb2.SetWebhookSecretResponse(workflow=workflow_message(view))

    def ExportWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        export = import_export.export_workflow(
            self._deps.uow(),
            self._deps.keys,
            self._deps.integrations,
            principal=current_principal(),
            workflow_id=request.id,
        )
        return workflows_pb2.ExportWorkflowResponse(
            name=export.name,
            description=export.description,
            tags=export.tags,
            definition=orjson.dumps(export.definition),
        )

    def ImportWorkflow(self, request, context):  # type: ignore[no-untyped-def]
        view = import_export.import_workflow(
            self._deps.uow(),
            self._deps.keys,
            self._deps.checks,
            principal=current_principal(),
            name=request.name,
            description=request.description,
            tags=list(request.tags),
            definition=request.definition,
        )
        return workflows_pb2.ImportWorkflowResponse(workflow=workflow_message(view))

    def TriggerWebhook(self, request, context):  # type: ignore[no-untyped-def]
        run = webhooks.trigger_webhook(
            self._deps.ingress,
            principal=current_principal(),
            token=request.token,
            method=request.method,
            headers=[(h.name, h.value) for h in request.headers],
            query=[(q.name, q.value) for q in request.query],
            body=request.body,
        )
        return workflows_pb2.TriggerWebhookResponse(
            execution_id=run.execution_id,
            workspace_id=run.workspace_id,
            workflow_id=run.workflow_id,
            workflow_version=run.workflow_version,
            response_mode=run.response_mode,
            wait_timeout_seconds=run.wait_timeout_seconds,
        )


def binding(deps: Dependencies) -> ServiceBinding:
    """The WorkflowsService servicer over `deps`, ready for a GrpcServer."""
    return ServiceBinding(
        workflows_pb2_grpc.add_WorkflowsServiceServicer_to_server,
        WorkflowsServicer(deps),
        workflows_pb2.DESCRIPTOR.services_by_name["WorkflowsService"].full_name,
    )
