"""The workspace's own settings: its rate limits (ADR-063)."""

from __future__ import annotations

from fastapi import APIRouter
from jobsprint.api.auth.v1 import auth_pb2
from jobsprint.gateway import limits as workspace_limits
from jobsprint.gateway.api import models
from jobsprint.gateway.api.deps import CallerRpc, CurrentPrincipal, State
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.openapi import errors

router = APIRouter(prefix="/workspace", tags=["workspace"], route_class=DocumentRoute)


def _overrides(message: auth_pb2.WorkspaceLimits) -> dict[str, int]:
    return {name: getattr(message, name) for name in workspace_limits.NAMES if message.HasField(name)}


def _public(state: State, overrides: dict[str, int]) -> models.WorkspaceLimitsPublic:
    settings = state.settings
    in_force = workspace_limits.effective(settings, overrides)
    return models.WorkspaceLimitsPublic(
        limits=models.RateLimits(**{name: getattr(in_force, name) for name in workspace_limits.NAMES}),
        overrides=models.RateLimitOverrides(**overrides),
        defaults=models.RateLimits(**workspace_limits.defaults(settings)),
        max_per_minute=settings.workspace_limit_max_per_minute,
        applies_within_seconds=settings.workspace_limits_cache_seconds,
    )


@router.get("/limits", responses=errors(404, e404="The workspace no longer exists."))
async def get_limits(
    principal: CurrentPrincipal, rpc: CallerRpc, state: State
) -> models.WorkspaceLimitsPublic:
    """The rate limits in force for this workspace, its overrides and the gateway's defaults."""
    reply = await rpc(auth_pb2.GetWorkspaceLimitsRequest())
    return _public(state, _overrides(reply.limits))


@router.put("/limits", responses=errors(403, 404, e404="The workspace no longer exists."))
async def set_limits(
    body: models.RateLimitOverrides, principal: CurrentPrincipal, rpc: CallerRpc, state: State
) -> models.WorkspaceLimitsPublic:
    """Replace the workspace's overrides (owners and admins; audited). A limit left out or null
    goes back to the default; an override above `max_per_minute` applies as that ceiling."""
    wanted = {name: value for name, value in body.model_dump().items() if value is not None}
    reply = await rpc(
        auth_pb2.UpdateWorkspaceLimitsRequest(limits=auth_pb2.WorkspaceLimits(**wanted)),
    )
    overrides = _overrides(reply.limits)
    # At once on this replica; the others within `applies_within_seconds`.
    state.limits.changed(principal.workspace_id, overrides)
    return _public(state, overrides)
