"""The caller's workspaces: which they belong to, and switching to another without the password
(Studio's workspace switcher). A switch issues a token pair as Login does, in a new session that
ends no later than the session it was made from (ADR-098)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from jobsprint.auth.domain.identity import NOT_A_MEMBER, Membership, TokenPair, is_uuid
from jobsprint.auth.service import auditing
from jobsprint.auth.service.ports import AuditLog, AuthUnitOfWork
from jobsprint.auth.service.tokens import Tokens
from jobsprint.common import audit
from jobsprint.common.errors import PermissionDenied, Unauthenticated
from jobsprint.common.tokens import Principal


@dataclass(frozen=True)
class MyWorkspace:
    membership: Membership
    current: bool  # the workspace of the caller's access token


def _signed_in_user(principal: Principal, doing: str) -> None:
    if principal.kind != "user":
        raise PermissionDenied(f"only a signed-in user can {doing}, not an API key or service")


def list_my_workspaces(uow: AuthUnitOfWork, *, principal: Principal) -> list[MyWorkspace]:
    """The caller's workspaces, the one they joined first first (Login's default)."""
    _signed_in_user(principal, "list their workspaces")
    with uow:
        memberships = uow.members.of_user(principal.user_id)
    return [MyWorkspace(m, m.workspace.id == principal.workspace_id) for m in memberships]


def switch_workspace(
    uow: AuthUnitOfWork, tokens: Tokens, audit_log: AuditLog, *, principal: Principal, workspace_id: str
) -> TokenPair:
    """A token pair for `workspace_id`, as Login would issue it (a new session, the caller's roles
    there), without the password: the caller proved who they are with a live session, and the new
    session ends when that one would, so switching never extends a sign-in (ADR-098)."""
    _signed_in_user(principal, "switch workspace")
    if not principal.session_id:
        raise Unauthenticated("this access token belongs to no session; log in again")
    now = datetime.now(UTC)
    with uow:
        ends = uow.refresh_tokens.session_expiry(
            family_id=principal.session_id, user_id=principal.user_id, now=now
        )
        if ends is None:
            raise Unauthenticated("the session of this access token has ended; log in again")
        if not is_uuid(workspace_id) or not uow.members.roles(
            user_id=principal.user_id, workspace_id=workspace_id
        ):
            raise PermissionDenied(NOT_A_MEMBER)
        pair = tokens.issue_pair(
            uow, user_id=principal.user_id, workspace_id=workspace_id, session_expires_at=ends
        )
        uow.commit()
    auditing.record(
        audit_log,
        auditing.user_record(
            workspace_id=workspace_id,
            actor_id=principal.user_id,
            action="auth.switch_workspace",
            outcome=audit.SUCCESS,
            from_workspace_id=principal.workspace_id,
            from_session_id=principal.session_id,
        ),
    )
    return pair
