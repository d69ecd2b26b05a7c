"""The workspace's overrides of the gateway's rate limits (ADR-063)."""

from __future__ import annotations

from jobsprint.auth.domain import limits as rules
from jobsprint.auth.service.ports import AuthUnitOfWork
from jobsprint.common import access
from jobsprint.common.errors import NotFound
from jobsprint.common.tokens import Principal


def get_workspace_limits(uow: AuthUnitOfWork, *, principal: Principal) -> dict[str, int]:
    with uow:
        limits = uow.workspaces.get_limits(principal.workspace_id)
    if limits is None:
        raise NotFound("the workspace no longer exists")
    return rules.known(limits)


def update_workspace_limits(
    uow: AuthUnitOfWork, *, principal: Principal, limits: dict[str, int]
) -> dict[str, int]:
    """Replace the workspace's overrides (a name left out goes back to the gateway's default)."""
    access.require_role(principal, access.ADMIN)
    wanted = rules.checked(limits)
    with uow:
        updated = uow.workspaces.set_limits(principal.workspace_id, wanted)
        uow.commit()
    if updated is None:
        raise NotFound("the workspace no longer exists")
    return {name: int(value) for name, value in updated.items()}
