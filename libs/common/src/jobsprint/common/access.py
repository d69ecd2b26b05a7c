"""Who may do what in a workspace: roles, API-key scopes, and the action each gRPC method is.

Roles are ranked `viewer < editor < admin < owner`. Every gRPC method is one action:

| action   | needs role | needs scope | examples                                   |
|----------|------------|-------------|--------------------------------------------|
| `read`   | viewer     | `read`      | Get*, List*, Search*                       |
| `write`  | editor     | `write`     | Create*, Update*, Delete*, Activate*       |
| `run`    | editor     | `run`       | Run*, Start*, Cancel*, Retry*, Invoke*     |
| `manage` | admin      | (users only)| members, API keys, the audit log           |
| `self`   | any member | (any)       | GetMe, Logout, the caller's own sessions   |

A method's action follows from its resource-oriented name (buf style), so a new RPC is covered
the day it is added; a service names the exceptions (`manage`, `self`) in its overrides. The
interceptor in `grpc_server` applies the policy before any handler runs; handlers may call
`require_role` for checks that depend on the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from jobsprint.common.errors import PermissionDenied
from jobsprint.common.tokens import Principal

VIEWER, EDITOR, ADMIN, OWNER = "viewer", "editor", "admin", "owner"
ROLES = (VIEWER, EDITOR, ADMIN, OWNER)
_RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}

READ, WRITE, RUN = "read", "write", "run"
SCOPES = (READ, WRITE, RUN)


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    RUN = "run"
    MANAGE = "manage"
    SELF = "self"


_READ_PREFIXES = ("Get", "List", "Search", "BatchGet", "Watch", "Stream", "Describe", "Check")
_RUN_PREFIXES = ("Run", "Start", "Cancel", "Retry", "Resume", "Replay", "Trigger", "Invoke", "Test")

_NEEDS: dict[Action, tuple[str | None, str | None]] = {
    # action: (minimum role, API-key scope); None scope on MANAGE means no API key may do it.
    Action.READ: (VIEWER, READ),
    Action.WRITE: (EDITOR, WRITE),
    Action.RUN: (EDITOR, RUN),
    Action.MANAGE: (ADMIN, None),
    Action.SELF: (None, None),
}


def scopes_of_role(role: str | None) -> tuple[str, ...]:
    """The API-key scopes a member with `role` could exercise themselves: what bounds the keys
    they created (ADR-068). No role, no scope."""
    if role is None or rank(role) == 0:
        return ()
    return (READ,) if rank(role) < rank(EDITOR) else SCOPES


def rank(role: str) -> int:
    """0 for an unknown role: it grants nothing."""
    return _RANK.get(role, 0)


def highest_role(roles: tuple[str, ...] | list[str]) -> str | None:
    known = [r for r in roles if r in _RANK]
    return max(known, key=rank) if known else None


def has_role(principal: Principal, minimum: str) -> bool:
    return max((rank(r) for r in principal.roles), default=0) >= rank(minimum)


def require_role(principal: Principal, minimum: str) -> None:
    """PermissionDenied (HTTP 403) unless the caller holds `minimum` or a higher role."""
    if minimum not in _RANK:
        raise ValueError(f"unknown role {minimum!r}")
    if not has_role(principal, minimum):
        held = highest_role(principal.roles) or "none"
        raise PermissionDenied(
            f"this action needs the {minimum} role or higher in this workspace; yours is {held}"
        )


def is_operator(principal: Principal) -> bool:
    """An instance operator: a signed-in user the deployment designates (`AUTH_OPERATOR_EMAILS`),
    above every workspace for what belongs to none (ADR-102). Not a role: it comes with no
    workspace's rights, and an API key or a service never carries it."""
    return principal.operator and principal.kind == "user"


def require_operator(principal: Principal, what: str) -> None:
    """PermissionDenied (HTTP 403) unless the caller is an instance operator."""
    if not is_operator(principal):
        raise PermissionDenied(
            f"{what} belongs to no workspace: only an instance operator (AUTH_OPERATOR_EMAILS) may see it"
        )


def require_scope(principal: Principal, scope: str) -> None:
    if principal.scopes is not None and scope not in principal.scopes:
        granted = " ".join(principal.scopes) or "none"
        raise PermissionDenied(
            f"this credential lacks the {scope!r} scope (it has: {granted}); use a key with that scope"
        )


def authorize(principal: Principal, action: Action) -> None:
    """PermissionDenied unless the principal may perform `action` in its workspace."""
    role, scope = _NEEDS[action]
    if action is Action.MANAGE and principal.kind != "user":
        raise PermissionDenied("managing the workspace needs a signed-in user, not an API key or service")
    # A scoped credential is told about its scope first: that is what its owner can change.
    if scope is not None:
        require_scope(principal, scope)
    if role is not None:
        require_role(principal, role)


def classify(method: str) -> Action:
    """The action a method is by its name: `/pkg.Service/ListWorkflows` → READ."""
    name = method.rsplit("/", 1)[-1]
    if name.startswith(_READ_PREFIXES):
        return Action.READ
    if name.startswith(_RUN_PREFIXES):
        return Action.RUN
    return Action.WRITE


@dataclass(frozen=True)
class MethodPolicy:
    """The action of each method: by name, unless the service overrides it (bare method names)."""

    overrides: Mapping[str, Action] = field(default_factory=dict)

    def action_for(self, method: str) -> Action:
        name = method.rsplit("/", 1)[-1]
        return self.overrides.get(name) or classify(method)
