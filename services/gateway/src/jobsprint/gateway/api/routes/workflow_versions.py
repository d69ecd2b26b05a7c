"""A workflow's versions: the history, one version, the diff of two, and roll back to one."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Query, Request, Response
from jobsprint.api.workflows.v1 import workflows_pb2
from jobsprint.gateway.api import convert, models, paging
from jobsprint.gateway.api.deps import CallerRpc
from jobsprint.gateway.api.routes.workflows import WITH_ETAG, IfMatch, Workflows, require_if_match
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.openapi import IF_MATCH_REQUIRED, errors, headers, merge

router = APIRouter(prefix="/workflows", tags=["workflows"], route_class=DocumentRoute)


@router.get(
    "/{workflow_id}/versions", responses=merge(headers(200, "Link", required=False), errors(403, 404))
)
async def list_versions(
    workflow_id: str,
    rpc: CallerRpc,
    request: Request,
    response: Response,
    limit: paging.Limit = 50,
    cursor: paging.Cursor = None,
) -> models.VersionsPage:
    """The workflow's immutable versions, newest first (without definitions)."""
    reply = await paging.page(
        rpc(
            workflows_pb2.ListWorkflowVersionsRequest(
                id=workflow_id, page_size=limit, page_token=cursor or ""
            )
        )
    )
    return models.VersionsPage(
        items=[convert.version(v) for v in reply.versions],
        next_cursor=paging.next_cursor(request, response, reply.next_page_token),
    )


@router.get("/{workflow_id}/versions/diff", responses=errors(403, 404))
async def diff_versions(
    workflow_id: str,
    rpc: CallerRpc,
    from_version: int = Query(alias="from", ge=1, le=2**31 - 1),
    to_version: int = Query(alias="to", ge=1, le=2**31 - 1),
) -> dict[str, Any]:
    """What changed between two versions: nodes added, removed and changed (per field), edges."""
    reply = await rpc(
        workflows_pb2.DiffWorkflowVersionsRequest(
            id=workflow_id, from_version=from_version, to_version=to_version
        )
    )
    return orjson.loads(reply.diff)  # type: ignore[no-any-return]


VersionNumber = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/{workflow_id}/versions/{version}", responses=errors(403, 404))
async def get_version(workflow_id: str, version: VersionNumber, rpc: CallerRpc) -> models.VersionPublic:
    """One version with its definition."""
    reply = await rpc(workflows_pb2.GetWorkflowVersionRequest(id=workflow_id, version=version))
    return convert.version(reply.version)


@router.post(
    "/{workflow_id}/versions/{version}/rollback",
    responses=merge(WITH_ETAG, errors(403, 404, 412, 428)),
    openapi_extra={IF_MATCH_REQUIRED: True},
)
async def rollback_workflow(
    workflow_id: str, version: VersionNumber, workflows: Workflows, if_match: IfMatch = None
) -> models.WorkflowPublic:
    """Save that version's definition as a new version (history is kept)."""
    etag = require_if_match(if_match)
    return await workflows.changed(
        workflows_pb2.RollbackWorkflowRequest(id=workflow_id, version=version, etag=etag)
    )
