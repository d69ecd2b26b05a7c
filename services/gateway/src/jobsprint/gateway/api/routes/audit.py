"""The workspace's audit log: who did what, newest first; owners and admins only."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from jobsprint.api.auth.v1 import auth_pb2
from jobsprint.gateway.api import convert, models, paging
from jobsprint.gateway.api.deps import CallerRpc
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.openapi import errors, headers, merge

router = APIRouter(prefix="/audit-log", tags=["audit"], route_class=DocumentRoute)


@router.get("", responses=merge(headers(200, "Link", required=False), errors(403)))
async def list_audit_events(
    rpc: CallerRpc,
    request: Request,
    response: Response,
    limit: paging.Limit = 50,
    cursor: paging.Cursor = None,
    action: Annotated[
        str, Query(max_length=128, description="An action or a prefix: `workflows`, `auth.login`.")
    ] = "",
    actor_id: Annotated[str, Query(max_length=64)] = "",
    resource_id: Annotated[str, Query(max_length=200)] = "",
    outcome: Literal["", "success", "denied", "failed"] = "",
    since: Annotated[models.DateTime | None, Query(description="Inclusive, RFC 3339 with an offset.")] = None,
    until: Annotated[models.DateTime | None, Query(description="Exclusive, RFC 3339 with an offset.")] = None,
) -> models.AuditEventsPage:
    """Every mutating and every refused call in the workspace, and sign-ins, newest first."""
    reply = await paging.page(
        rpc(
            auth_pb2.ListAuditEventsRequest(
                page_size=limit,
                page_token=cursor or "",
                action=action,
                actor_id=actor_id,
                resource_id=resource_id,
                outcome=outcome,
                since=convert.timestamp(since),
                until=convert.timestamp(until),
            ),
        )
    )
    return models.AuditEventsPage(
        items=[convert.audit_event(e) for e in reply.events],
        next_cursor=paging.next_cursor(request, response, reply.next_page_token),
    )
