"""Workflow definitions: create, read, update, delete and restore, list and search, export and
import, and runs. Their versions are in `workflow_versions`, activation and webhook settings in
`workflow_triggers`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from google.protobuf.field_mask_pb2 import FieldMask
from google.protobuf.message import Message
from jobsprint.api.workflows.v1 import workflows_pb2
from jobsprint.common.access import Action, authorize
from jobsprint.common.errors import PermissionDenied
from jobsprint.common.tokens import Principal
from jobsprint.gateway.api import convert, models, paging
from jobsprint.gateway.api.deps import CallerRpc, CurrentPrincipal, GatewayState, State
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.api.waiting import finished_execution
from jobsprint.gateway.cache import Key, may_read
from jobsprint.gateway.idempotency import idempotent
from jobsprint.gateway.openapi import IF_MATCH_REQUIRED, errors, headers, merge
from jobsprint.gateway.problems import Problem
from jobsprint.gateway.rpc import Rpc

router = APIRouter(prefix="/workflows", tags=["workflows"], route_class=DocumentRoute)

WORKFLOW_KIND = "workflow"

IfMatch = Annotated[
    str | None,
    Header(
        max_length=100,
        description="The `ETag` of the workflow as you last read it (`*`: whatever it is now); a stale one "
        "gets 412.",
    ),
]

WITH_ETAG = headers(200, "ETag")
CREATED = headers(201, "Location", "ETag")


Order = Literal[
    "", "updated_at desc", "updated_at", "created_at desc", "created_at", "name", "name desc", "relevance"
]


def _may_run(request: Request) -> bool:
    """Whether the caller may run workflows (editor and up; an API key with the `run` scope)."""
    principal = getattr(request.state, "principal", None)
    if principal is None:
        return False
    try:
        authorize(principal, Action.RUN)
    except PermissionDenied:
        return False
    return True


def require_if_match(if_match: str | None) -> str:
    if not if_match:
        raise Problem(
            428,
            "send If-Match with the ETag of the workflow as you last read it (GET it first), "
            "so a concurrent change is not overwritten",
            title="Precondition Required",
        )
    return if_match


def _cache_key(principal: Principal, workflow_id: str) -> Key | None:
    """The workflow's cache key in the caller's workspace, by its canonical id (the form events
    name it by); None for an id that is no UUID (the service answers 404 for it)."""
    try:
        canonical = str(uuid.UUID(workflow_id))
    except ValueError:
        return None
    return Key(WORKFLOW_KIND, principal.workspace_id, canonical)


def _fresh_for(message: workflows_pb2.Workflow) -> float | None:
    """How long a read stays right: a schedule's upcoming ticks change when the next one fires."""
    if not message.HasField("schedule") or not message.schedule.next_fire_times:
        return None
    first = message.schedule.next_fire_times[0].ToDatetime(tzinfo=UTC)
    return (first - datetime.now(UTC)).total_seconds()


@dataclass
class WorkflowCalls:
    """What every workflow route does around its call, so a route states only the call: reads
    through the response cache, writes after which the cache forgets the workflow, and the
    workflow as the API shows it (its `ETag` also in the response's header)."""

    principal: Principal
    rpc: Rpc
    state: GatewayState
    request: Request
    response: Response

    def public(self, message: workflows_pb2.Workflow, *, etag: bool = True) -> models.WorkflowPublic:
        base_url = self.state.settings.public_url or str(self.request.base_url)
        public = convert.workflow(message, base_url=base_url)
        if public.webhook_url is not None and not _may_run(self.request):
            # The URL runs the workflow: it is not handed to whom may not run it (ADR-062).
            public.webhook_url = None
        if etag:
            self.response.headers["ETag"] = public.etag
        return public

    async def read(self, workflow_id: str) -> workflows_pb2.Workflow:
        """GetWorkflow through the response cache (ADR-044)."""

        async def load() -> tuple[bytes, float | None]:
            reply = await self.rpc(workflows_pb2.GetWorkflowRequest(id=workflow_id))
            return reply.workflow.SerializeToString(), _fresh_for(reply.workflow)

        key = _cache_key(self.principal, workflow_id)
        if key is None or not may_read(self.principal):
            # Uncacheable, or refused: the service says why (and audits the refusal).
            raw, _fresh = await load()
        else:
            raw = await self.state.cache.get_or_load(key, load)
        return workflows_pb2.Workflow.FromString(raw)

    async def created(self, call: Message) -> models.WorkflowPublic:
        """A call that makes a workflow: the new one, with its `Location`."""
        reply = await self.rpc(call)
        self.response.headers["Location"] = f"/v1/workflows/{reply.workflow.id}"
        return self.public(reply.workflow)

    async def change(self, call: Message) -> Any:
        """A call that changes the workflow `call.id`; its reply. The cache forgets the workflow
        whatever the outcome: a refused write (412, 404) may mean the cached copy is stale, and a
        re-read must see the truth."""
        try:
            return await self.rpc(call)
        finally:
            key = _cache_key(self.principal, call.id)  # type: ignore[attr-defined]
            if key is not None:
                await self.state.cache.invalidate(key, source="write")

    async def changed(self, call: Message) -> models.WorkflowPublic:
        """`change`, answered with the workflow as it now is."""
        return self.public((await self.change(call)).workflow)


async def _workflow_calls(
    principal: CurrentPrincipal, rpc: CallerRpc, state: State, request: Request, response: Response
) -> WorkflowCalls:
    return WorkflowCalls(principal, rpc, state, request, response)


Workflows = Annotated[WorkflowCalls, Depends(_workflow_calls)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=merge(CREATED, errors(403)),
    dependencies=[idempotent(Action.WRITE)],
)
async def create_workflow(body: models.WorkflowCreate, workflows: Workflows) -> models.WorkflowPublic:
    """Validate a definition and store it as version 1."""
    return await workflows.created(
        workflows_pb2.CreateWorkflowRequest(
            name=body.name,
            description=body.description,
            tags=body.tags,
            definition=orjson.dumps(body.definition),
        )
    )


@router.post(
    "/import",
    status_code=status.HTTP_201_CREATED,
    responses=merge(CREATED, errors(403)),
    dependencies=[idempotent(Action.WRITE)],
)
async def import_workflow(body: models.WorkflowImport, workflows: Workflows) -> models.WorkflowPublic:
    """Create a workflow from an export (new id, version 1, inactive), credentials mapped by name."""
    return await workflows.created(
        workflows_pb2.ImportWorkflowRequest(
            name=body.name,
            description=body.description,
            tags=body.tags,
            definition=orjson.dumps(body.definition),
        )
    )


@router.get("", responses=merge(headers(200, "Link", required=False), errors(403)))
async def list_workflows(
    workflows: Workflows,
    q: str = Query(
        "", max_length=500, description="Full-text search over name, description, tags and node names."
    ),
    tag: Annotated[
        list[str] | None, Query(description="Only workflows with every given tag (repeatable).")
    ] = None,
    active: bool | None = Query(None),
    trigger_type: str = Query(
        "", max_length=64, description="trigger.manual, trigger.webhook or trigger.cron."
    ),
    updated_after: Annotated[models.DateTime | None, Query(description="RFC 3339, with an offset.")] = None,
    updated_before: Annotated[models.DateTime | None, Query(description="RFC 3339, with an offset.")] = None,
    order_by: Annotated[
        Order,
        Query(
            description="updated_at desc (default), updated_at, created_at[ desc], name[ desc], relevance (the "
            "search rank with q; without q there is no rank, and the default order applies)."
        ),
    ] = "",
    deleted: bool = Query(False, description="List the trash instead (restorable for 30 days)."),
    limit: paging.Limit = 50,
    cursor: paging.Cursor = None,
) -> models.WorkflowsPage:
    """Search, filter, sort and page the workspace's workflows."""
    reply = await paging.page(
        workflows.rpc(
            workflows_pb2.ListWorkflowsRequest(
                page_size=limit,
                page_token=cursor or "",
                query=q,
                tags=tag or [],
                active="" if active is None else str(active).lower(),
                trigger_type=trigger_type,
                updated_after=convert.timestamp(updated_after),
                updated_before=convert.timestamp(updated_before),
                order_by=order_by,
                deleted=deleted,
            )
        )
    )
    return models.WorkflowsPage(
        items=[workflows.public(w, etag=False) for w in reply.workflows],
        next_cursor=paging.next_cursor(workflows.request, workflows.response, reply.next_page_token),
    )


@router.post(":validate", responses=errors(403))
async def validate_workflow(body: models.WorkflowCreate, rpc: CallerRpc) -> models.WorkflowValidity:
    """Validate a workflow exactly as creating it would (422 names each problem); nothing is stored."""
    reply = await rpc(
        workflows_pb2.CheckWorkflowRequest(
            name=body.name,
            description=body.description,
            tags=body.tags,
            definition=orjson.dumps(body.definition),
        ),
    )
    return models.WorkflowValidity(valid=True, trigger_type=reply.trigger_type, node_count=reply.node_count)


@router.post(":batchGet", responses=errors(403))
async def batch_get_workflows(body: models.BatchGetRequest, workflows: Workflows) -> models.WorkflowsBatch:
    """Read up to 100 workflows in one call; ids not in your workspace (or deleted) are listed in
    `not_found` (another workspace's look exactly like unknown ones)."""
    reply = await workflows.rpc(workflows_pb2.BatchGetWorkflowsRequest(ids=body.ids))
    return models.WorkflowsBatch(
        items=[workflows.public(w, etag=False) for w in reply.workflows], not_found=list(reply.missing_ids)
    )


@router.get("/{workflow_id}", responses=merge(WITH_ETAG, errors(403, 404)))
async def get_workflow(workflow_id: str, workflows: Workflows) -> models.WorkflowPublic:
    """Read one workflow of the caller's workspace (served from the response cache when it can be)."""
    return workflows.public(await workflows.read(workflow_id))


# `If-Match` is required (428 without it): the document says so (`openapi.IF_MATCH_REQUIRED`).
@router.patch(
    "/{workflow_id}",
    responses=merge(WITH_ETAG, errors(403, 404, 412, 428)),
    openapi_extra={IF_MATCH_REQUIRED: True},
)
async def update_workflow(
    workflow_id: str, body: models.WorkflowUpdate, workflows: Workflows, if_match: IfMatch = None
) -> models.WorkflowPublic:
    """Change the fields present in the body; a new definition becomes a new version."""
    etag = require_if_match(if_match)
    mask = sorted(body.model_fields_set - {"version_message"})
    nulls = [name for name in mask if getattr(body, name) is None]
    if nulls:
        raise Problem(422, f"{', '.join(nulls)} cannot be null; leave a field out to keep it")
    if not mask:
        # Nothing to change: the workflow as it is.
        return workflows.public(await workflows.read(workflow_id))
    return await workflows.changed(
        workflows_pb2.UpdateWorkflowRequest(
            id=workflow_id,
            update_mask=FieldMask(paths=mask),
            etag=etag,
            name=body.name or "",
            description=body.description or "",
            tags=body.tags or [],
            definition=orjson.dumps(body.definition) if body.definition is not None else b"",
            version_message=body.version_message,
        )
    )


@router.delete("/{workflow_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(403, 404, 412))
async def delete_workflow(workflow_id: str, workflows: Workflows, if_match: IfMatch = None) -> Response:
    """Move the workflow to the trash: it stops, and can be restored for 30 days."""
    await workflows.change(workflows_pb2.DeleteWorkflowRequest(id=workflow_id, etag=if_match or ""))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{workflow_id}/restore", responses=merge(WITH_ETAG, errors(403, 404)))
async def restore_workflow(workflow_id: str, workflows: Workflows) -> models.WorkflowPublic:
    """Bring a deleted workflow back from the trash (inactive)."""
    return await workflows.changed(workflows_pb2.RestoreWorkflowRequest(id=workflow_id))


@router.get("/{workflow_id}/export", responses=errors(403, 404))
async def export_workflow(workflow_id: str, rpc: CallerRpc) -> models.WorkflowExport:
    """The workflow as a file to keep in git (credentials by name); `POST /v1/workflows/import`
    reads it back."""
    reply = await rpc(workflows_pb2.ExportWorkflowRequest(id=workflow_id))
    return models.WorkflowExport(
        name=reply.name,
        description=reply.description,
        tags=list(reply.tags),
        definition=orjson.loads(reply.definition),
    )


@router.post(
    "/{workflow_id}/run",
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[idempotent(Action.RUN)],
    responses=merge(
        {200: {"model": models.RunFinished, "description": "With `?wait=true`: the finished run."}},
        headers(200, "Location"),
        headers(202, "Location", description="The run is queued (or `?wait=true` waited in vain)."),
        errors(403, 404),
    ),
)
async def run_workflow(
    workflow_id: str,
    rpc: CallerRpc,
    state: State,
    response: Response,
    body: models.RunRequest | None = None,
    wait: bool = Query(False, description="Answer when the run has finished, with its output."),
) -> models.RunAccepted | models.RunFinished:
    """Start a run of the workflow's current version; with `?wait=true`, wait for its output."""
    reply = await rpc(
        workflows_pb2.RunWorkflowRequest(id=workflow_id, input=orjson.dumps(body.input if body else {})),
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
        rpc, state.events, execution_id=reply.execution_id, seconds=state.settings.run_wait_seconds
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
