"""Accounts: registering, signing in, who the caller is, and changing a password."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from concurrent.futures import Executor
from datetime import UTC, datetime

from jobsprint.auth.domain import model
from jobsprint.auth.domain.identity import (
    INVALID_CREDENTIALS,
    NOT_A_MEMBER,
    EmailTaken,
    TokenPair,
    User,
    Workspace,
    is_uuid,
)
from jobsprint.auth.service import auditing
from jobsprint.auth.service.ports import AuditLog, AuthUnitOfWork, PasswordHasher
from jobsprint.auth.service.tokens import Tokens
from jobsprint.common import audit
from jobsprint.common.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from jobsprint.common.tokens import Principal


def register(
    uow: AuthUnitOfWork,
    passwords: PasswordHasher,
    audit_log: AuditLog,
    *,
    email: str,
    password: str,
    workspace_name: str,
) -> tuple[User, Workspace]:
    """A new user, owner of a new workspace."""
    email = model.normalise_email(email)
    model.check_password_policy(password, email=email)
    name = workspace_name.strip() or model.default_workspace_name(email)
    if len(name) > 200:
        raise InvalidArgument("the workspace name is longer than 200 characters")
    user_id, workspace_id = str(uuid.uuid4()), str(uuid.uuid4())
    password_hash = passwords.hash(password)
    with uow:
        try:
            uow.workspaces.add(workspace_id=workspace_id, name=name)
            uow.users.add(user_id=user_id, email=email, password_hash=password_hash)
        except EmailTaken:
            # The address has an account. Answering differently would tell anyone which
            # addresses are registered, so the answer looks the same (the password was hashed
            # either way, so it takes as long) and nothing changes: the owner logs in with their
            # existing password.
            now = datetime.now(UTC)
            return User(user_id, email, now), Workspace(workspace_id, name, now)
        uow.members.add(workspace_id=workspace_id, user_id=user_id, role=model.OWNER)
        user, workspace = uow.users.get(user_id), uow.workspaces.get(workspace_id)
        uow.commit()
    assert user is not None and workspace is not None
    auditing.record(
        audit_log,
        auditing.user_record(
            workspace_id=workspace_id, actor_id=user_id, action="auth.register", outcome=audit.SUCCESS
        ),
    )
    return user, workspace


def login(
    uows: Callable[[], AuthUnitOfWork],
    passwords: PasswordHasher,
    tokens: Tokens,
    audit_log: AuditLog,
    background: Executor,
    *,
    email: str,
    password: str,
    workspace_id: str = "",
) -> TokenPair:
    """A new session in `workspace_id`, or in the workspace the user joined first."""
    email = email.strip().lower()
    with uows() as uow:
        user = uow.users.get_login(email=email)
        if not passwords.verify(user.password_hash if user else passwords.dummy_hash, password):
            # Recorded off the request path, and something is queued either way, so a known
            # account's failure takes no longer than an unknown one's (no enumeration by timing).
            background.submit(_audit_failed_login, uows, audit_log, user.id if user else None)
            raise Unauthenticated(INVALID_CREDENTIALS)
        if user is None:
            raise Unauthenticated(INVALID_CREDENTIALS)
        if workspace_id and not is_uuid(workspace_id):
            raise PermissionDenied(NOT_A_MEMBER)
        joined = uow.members.workspace_ids(user.id)
        chosen = (
            (workspace_id if workspace_id in joined else None) if workspace_id else next(iter(joined), None)
        )
        if chosen is None:
            # Only reachable with the right password: the caller already proved who they are.
            raise PermissionDenied(NOT_A_MEMBER)
        pair = tokens.issue_pair(uow, user_id=user.id, workspace_id=chosen)
        uow.commit()
    auditing.record(
        audit_log,
        auditing.user_record(
            workspace_id=chosen, actor_id=user.id, action="auth.login", outcome=audit.SUCCESS
        ),
    )
    return pair


def _audit_failed_login(uows: Callable[[], AuthUnitOfWork], audit_log: AuditLog, user_id: str | None) -> None:
    """A wrong password for a known account, recorded in each of its workspaces."""
    if user_id is None:
        return
    with uows() as uow:
        workspace_ids = uow.members.workspace_ids(user_id)
    for workspace_id in workspace_ids:
        auditing.record(
            audit_log,
            auditing.user_record(
                workspace_id=workspace_id, actor_id=user_id, action="auth.login", outcome=audit.FAILED
            ),
        )


def get_me(uow: AuthUnitOfWork, *, principal: Principal) -> tuple[User, Workspace, list[str]]:
    """The caller, their workspace and their roles in it; for an API key or a service, the
    credential stands where the user would."""
    with uow:
        workspace = uow.workspaces.get(principal.workspace_id)
        if principal.kind != "user":
            key = uow.api_keys.get(principal.user_id)
            if workspace is None:
                raise NotFound("the workspace of this credential no longer exists")
            label = f"api-key:{key.name}" if key is not None else f"{principal.kind}:{principal.user_id}"
            created = key.created_at if key is not None else workspace.created_at
            return User(principal.user_id, label, created), workspace, list(principal.roles)
        user = uow.users.get(principal.user_id)
        roles = uow.members.roles(user_id=principal.user_id, workspace_id=principal.workspace_id)
    if user is None or workspace is None:
        raise NotFound("the user of this token no longer exists")
    return user, workspace, roles


def change_password(
    uow: AuthUnitOfWork,
    passwords: PasswordHasher,
    tokens: Tokens,
    *,
    principal: Principal,
    current_password: str,
    new_password: str,
) -> None:
    """A new password ends every session of the user in every workspace, this one included."""
    if principal.kind != "user":
        raise PermissionDenied("only a signed-in user can change their password")
    with uow:
        user = uow.users.get_login(user_id=principal.user_id)
        if user is None:
            raise NotFound("the user of this token no longer exists")
        if not passwords.verify(user.password_hash, current_password):
            raise PermissionDenied("the current password is wrong")
        model.check_password_policy(new_password, email=user.email)
        uow.users.set_password_hash(user.id, passwords.hash(new_password))
        families = uow.refresh_tokens.revoke_all(user_id=user.id, workspace_id=None, at=datetime.now(UTC))
        uow.commit()
    tokens.end_sessions(sorted({*families, *([principal.session_id] if principal.session_id else [])}))
    tokens.revoke(principal)
