"""Workflow definitions: create, read, update, delete and restore, list and search, versions,
export and import, activation, webhook settings and runs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import orjson
from fastapi import APIRouter, Header, Query, Request, Response, status
from google.protobuf.field_mask_pb2 import FieldMask
from google.protobuf.timestamp_pb2 import Timestamp
from jobsprint.api.workflows.v1 import workflows_pb2
from jobsprint.gateway.api import convert, models
from jobsprint.gateway.api.deps import CurrentPrincipal, State, rpc_metadata
from jobsprint.gateway.api.waiting import finished_execution
from jobsprint.gateway.idempotency import Idempotent
from jobsprint.gateway.problems import Problem

router = APIRouter(prefix="/workflows", tags=["workflows"])

IfMatch = Annotated[
    str | None,
    Header(description="The `ETag` of the workflow as you last read it; a stale one gets 412."),
]


def _base_url(request: Request, state: State) -> str:
    return state.settings.public_url or str(request.base_url)


def _public(
    message: workflows_pb2.Workflow, request: Request, state: State, response: Response | None = None
) -> models.WorkflowPublic:
    public = convert.workflow(message, base_url=_base_url(request, state))
    if response is not None:
        response.headers["ETag"] = public.etag
    return public


def _require_if_match(if_match: str | None) -> str:
    if not if_match:
        raise Problem(
            428,
            "send If-Match with the ETag of the workflow as you last read it (GET it first), "
            "so a concurrent change is not overwritten",
            title="Precondition Required",
        )
    return if_match


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[Idempotent])
async def create_workflow(
    body: models.WorkflowCreate,
    principal: CurrentPrincipal,
    state: State,
    request: Request,
    response: Response,
) -> models.WorkflowPublic:
    """Validate a definition and store it as version 1."""
    reply = await state.clients.workflows.CreateWorkflow(
        workflows_pb2.CreateWorkflowRequest(
            name=body.name,
            description=body.description,
            tags=body.tags,
            definition=orjson.dumps(body.definition),
        ),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    response.headers["Location"] = f"/v1/workflows/{reply.workflow.id}"
    return _public(reply.workflow, request, state, response)


@router.post("/import", status_code=status.HTTP_201_CREATED, dependencies=[Idempotent])
async def import_workflow(
    body: models.WorkflowImport,
    principal: CurrentPrincipal,
    state: State,
    request: Request,
    response: Response,
) -> models.WorkflowPublic:
    """Create a workflow from an export (new id, version 1, inactive), credentials mapped by name."""
    reply = await state.clients.workflows.ImportWorkflow(
        workflows_pb2.ImportWorkflowRequest(
            name=body.name,
            description=body.description,
            tags=body.tags,
            definition=orjson.dumps(body.definition),
        ),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    response.headers["Location"] = f"/v1/workflows/{reply.workflow.id}"
    return _public(reply.workflow, request, state, response)


def _timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value)
    return stamp


@router.get("")
async def list_workflows(
    principal: CurrentPrincipal,
    state: State,
    request: Request,
    q: str = Query(
        "", max_length=500, description="Full-text search over name, description, tags and node names."
    ),
    tag: Annotated[
        list[str] | None, Query(description="Only workflows with every given tag (repeatable).")
    ] = None,
    active: bool | None = Query(None),
    trigger_type: str = Query("", description="trigger.manual, trigger.webhook or trigger.cron."),
    updated_after: Annotated[datetime | None, Query()] = None,
    updated_before: Annotated[datetime | None, Query()] = None,
    order_by: str = Query(
        "",
        description="updated_at desc (default), updated_at, created_at[ desc], name[ desc], relevance (with q).",
    ),
    deleted: bool = Query(False, description="List the trash instead (restorable for 30 days)."),
    page_size: int = Query(50, ge=1, le=200),
    page_token: str = Query("", max_length=2000),
) -> models.WorkflowsPage:
    """Search, filter, sort and page the workspace's workflows."""
    reply = await state.clients.workflows.ListWorkflows(
        workflows_pb2.ListWorkflowsRequest(
            page_size=page_size,
            page_token=page_token,
            query=q,
            tags=tag or [],
            active="" if active is None else str(active).lower(),
            trigger_type=trigger_type,
            updated_after=_timestamp(updated_after),
            updated_before=_timestamp(updated_before),
            order_by=order_by,
            deleted=deleted,
        ),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return models.WorkflowsPage(
        items=[_public(w, request, state) for w in reply.workflows],
        next_page_token=reply.next_page_token or None,
    )


@router.post(":batchGet")
async def batch_get_workflows(
    body: models.BatchGetRequest, principal: CurrentPrincipal, state: State, request: Request
) -> models.WorkflowsBatch:
    """Read up to 100 workflows in one call; ids not in your workspace (or deleted) are listed in
    `not_found` (another workspace's look exactly like unknown ones)."""
    reply = await state.clients.workflows.BatchGetWorkflows(
        workflows_pb2.BatchGetWorkflowsRequest(ids=body.ids),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return models.WorkflowsBatch(
        items=[_public(w, request, state) for w in reply.workflows], not_found=list(reply.missing_ids)
    )


@router.get("/{workflow_id}")
async def get_workflow(
    workflow_id: str, principal: CurrentPrincipal, state: State, request: Request, response: Response
) -> models.WorkflowPublic:
    """Read one workflow of the caller's workspace."""
    reply = await state.clients.workflows.GetWorkflow(
        workflows_pb2.GetWorkflowRequest(id=workflow_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _public(reply.workflow, request, state, response)


@router.patch("/{workflow_id}", responses={412: {"description": "The workflow changed since you read it."}})
async def update_workflow(
    workflow_id: str,
    body: models.WorkflowUpdate,
    principal: CurrentPrincipal,
    state: State,
    request: Request,
    response: Response,
    if_match: IfMatch = None,
) -> models.WorkflowPublic:
    """Change the fields present in the body; a new definition becomes a new version."""
    etag = _require_if_match(if_match)
    mask = sorted(body.model_fields_set - {"version_message"})
    nulls = [name for name in mask if getattr(body, name) is None]
    if nulls:
        raise Problem(422, f"{', '.join(nulls)} cannot be null; leave a field out to keep it")
    reply = await state.clients.workflows.UpdateWorkflow(
        workflows_pb2.UpdateWorkflowRequest(
            id=workflow_id,
            update_mask=FieldMask(paths=mask),
            etag=etag,
            name=body.name or "",
            description=body.description or "",
            tags=body.tags or [],
            definition=orjson.dumps(body.definition) if body.definition is not None else b"",
            version_message=body.version_message,
        ),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _public(reply.workflow, request, state, response)


@router.delete("/{workflow_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_workflow(
    workflow_id: str, principal: CurrentPrincipal, state: State, if_match: IfMatch = None
) -> Response:
    """Move the workflow to the trash: it stops, and can be restored for 30 days."""
    await state.clients.workflows.DeleteWorkflow(
        workflows_pb2.DeleteWorkflowRequest(id=workflow_id, etag=if_match or ""),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{workflow_id}/restore")
async def restore_workflow(
    workflow_id: str, principal: CurrentPrincipal, state: State, request: Request, response: Response
) -> models.WorkflowPublic:
    """Bring a deleted workflow back from the trash (inactive)."""
    reply = await state.clients.workflows.RestoreWorkflow(
        workflows_pb2.RestoreWorkflowRequest(id=workflow_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _public(reply.workflow, request, state, response)


@router.get("/{workflow_id}/export")
async def export_workflow(
    workflow_id: str, principal: CurrentPrincipal, state: State
) -> models.WorkflowExport:
    """The workflow as a file to keep in git (credentials by name); `POST /v1/workflows/import`
    reads it back."""
    reply = await state.clients.workflows.ExportWorkflow(
        workflows_pb2.ExportWorkflowRequest(id=workflow_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return models.WorkflowExport(
        name=reply.name,
        description=reply.description,
        tags=list(reply.tags),
        definition=orjson.loads(reply.definition),
    )


@router.get("/{workflow_id}/versions")
async def list_versions(
    workflow_id: str,
    principal: CurrentPrincipal,
    state: State,
    page_size: int = Query(50, ge=1, le=200),
    page_token: str = Query("", max_length=2000),
) -> models.VersionsPage:
    """The workflow's immutable versions, newest first (without definitions)."""
    reply = await state.clients.workflows.ListWorkflowVersions(
        workflows_pb2.ListWorkflowVersionsRequest(id=workflow_id, page_size=page_size, page_token=page_token),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return models.VersionsPage(
        items=[convert.version(v) for v in reply.versions], next_page_token=reply.next_page_token or None
    )


@router.get("/{workflow_id}/versions/diff")
async def diff_versions(
    workflow_id: str,
    principal: CurrentPrincipal,
    state: State,
    from_version: int = Query(alias="from", ge=1),
    to_version: int = Query(alias="to", ge=1),
) -> dict[str, object]:
    """What changed between two versions: nodes added, removed and changed (per field), edges."""
    reply = await state.clients.workflows.DiffWorkflowVersions(
        workflows_pb2.DiffWorkflowVersionsRequest(
            id=workflow_id, from_version=from_version, to_version=to_version
        ),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return orjson.loads(reply.diff)  # type: ignore[no-any-return]


@router.get("/{workflow_id}/versions/{version}")
async def get_version(
    workflow_id: str, version: int, principal: CurrentPrincipal, state: State
) -> models.VersionPublic:
    """One version with its definition."""
    reply = await state.clients.workflows.GetWorkflowVersion(
        workflows_pb2.GetWorkflowVersionRequest(id=workflow_id, version=version),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return convert.version(reply.version)


@router.post("/{workflow_id}/versions/{version}/rollback")
async def rollback_workflow(
    workflow_id: str,
    version: int,
    principal: CurrentPrincipal,
    state: State,
    request: Request,
    response: Response,
    if_match: IfMatch = None,
) -> models.WorkflowPublic:
    """Save that version's definition as a new version (history is kept)."""
    reply = await state.clients.workflows.RollbackWorkflow(
        workflows_pb2.RollbackWorkflowRequest(
            id=workflow_id, version=version, etag=_require_if_match(if_match)
        ),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _public(reply.workflow, request, state, response)


@router.post("/{workflow_id}/activate")
async def activate_workflow(
    workflow_id: str, principal: CurrentPrincipal, state: State, request: Request, response: Response
) -> models.WorkflowPublic:
    """Let the workflow's webhook and schedule fire."""
    reply = await state.clients.workflows.ActivateWorkflow(
        workflows_pb2.ActivateWorkflowRequest(id=workflow_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _public(reply.workflow, request, state, response)


@router.post("/{workflow_id}/deactivate")
async def deactivate_workflow(
    workflow_id: str, principal: CurrentPrincipal, state: State, request: Request, response: Response
) -> models.WorkflowPublic:
    """Stop the workflow's webhook and schedule."""
    reply = await state.clients.workflows.DeactivateWorkflow(
        workflows_pb2.DeactivateWorkflowRequest(id=workflow_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _public(reply.workflow, request, state, response)


@router.post("/{workflow_id}/webhook/rotate")
async def rotate_webhook(
    workflow_id: str, principal: CurrentPrincipal, state: State, request: Request, response: Response
) -> models.WorkflowPublic:
    """Give the webhook a new URL; the old one answers 404 from now on."""
    reply = await state.clients.workflows.RotateWebhookToken(
        workflows_pb2.RotateWebhookTokenRequest(id=workflow_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _public(reply.workflow, request, state, response)


@router.put("/{workflow_id}/webhook/secret")
async def set_webhook_secret(
    workflow_id: str,
    body: models.WebhookSecret,
    principal: CurrentPrincipal,
    state: State,
    request: Request,
    response: Response,
) -> models.WorkflowPublic:
    """Require hook requests to be signed: X-Jobsprint-Signature-256: sha256=<HMAC of the body>."""
    reply = await state.clients.workflows.SetWebhookSecret(
        workflows_pb2.SetWebhookSecretRequest(id=workflow_id, secret=body.secret),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _public(reply.workflow, request, state, response)


@router.delete("/{workflow_id}/webhook/secret")
async def clear_webhook_secret(
    workflow_id: str, principal: CurrentPrincipal, state: State, request: Request, response: Response
) -> models.WorkflowPublic:
    """Stop requiring signed hook requests."""
    reply = await state.clients.workflows.SetWebhookSecret(
        workflows_pb2.SetWebhookSecretRequest(id=workflow_id, secret=""),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _public(reply.workflow, request, state, response)


@router.post(
    "/{workflow_id}/run",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[Idempotent],
    responses={200: {"model": models.RunFinished, "description": "With `?wait=true`: the finished run."}},
)
async def run_workflow(
    workflow_id: str,
    principal: CurrentPrincipal,
    state: State,
    response: Response,
    body: models.RunRequest | None = None,
    wait: bool = Query(False, description="Answer when the run has finished, with its output."),
) -> models.RunAccepted | models.RunFinished:
    """Start a run of the workflow's current version; with `?wait=true`, wait for its output."""
    metadata = rpc_metadata(principal)
    reply = await state.clients.workflows.RunWorkflow(
        workflows_pb2.RunWorkflowRequest(id=workflow_id, input=orjson.dumps(body.input if body else {})),
        metadata=metadata,
        timeout=state.settings.rpc_timeout_seconds,
    )
    accepted = models.RunAccepted(
        execution_id=reply.execution_id,
        workflow_id=workflow_id,
        workflow_version=reply.workflow_version,
        status=reply.status,  # type: ignore[arg-type]
    )
    response.headers["Location"] = f"/v1/executions/{reply.execution_id}"
    if not wait:
        return accepted
    execution = await finished_execution(
        state, execution_id=reply.execution_id, metadata=metadata, seconds=state.settings.run_wait_seconds
    )
    if execution is None:
        return accepted
    response.status_code = status.HTTP_200_OK
    public = convert.execution(execution)
    return models.RunFinished(
        **accepted.model_dump(exclude={"status"}),
        status=public.status,
        output=public.output,
        error=public.error,
        steps=public.steps,
    )
