"""A workspace's members and their roles. Roles live in access tokens, so a changed or removed
membership ends the member's sessions there and re-grants or revokes the API keys they created."""

from __future__ import annotations

from datetime import UTC, datetime

from jobsprint.auth.domain import members as rules
from jobsprint.auth.domain import model
from jobsprint.auth.domain.api_keys import key_session
from jobsprint.auth.domain.identity import AlreadyAMember, Member, is_uuid
from jobsprint.auth.service import auditing
from jobsprint.auth.service.ports import AuthUnitOfWork
from jobsprint.auth.service.tokens import Tokens
from jobsprint.common import access, audit
from jobsprint.common.errors import NotFound
from jobsprint.common.tokens import Principal


def list_members(uow: AuthUnitOfWork, *, principal: Principal) -> list[Member]:
    with uow:
        return uow.members.in_workspace(principal.workspace_id)


def add_member(uow: AuthUnitOfWork, *, principal: Principal, email: str, role: str) -> Member:
    """Add a registered user to the caller's workspace with `role`."""
    rules.check_role_name(role)
    rules.check_may_assign(principal, current=None, new=role)
    email = model.normalise_email(email)
    with uow:
        user_id = uow.users.id_by_email(email)
        if user_id is None:
            raise NotFound(f"no account uses {email}; ask them to register first, then add them again")
        if not uow.members.add(workspace_id=principal.workspace_id, user_id=user_id, role=role):
            raise AlreadyAMember(email)
        member = uow.members.get(workspace_id=principal.workspace_id, user_id=user_id)
        uow.commit()
    assert member is not None
    return member


def _load(uow: AuthUnitOfWork, workspace_id: str, user_id: str) -> Member:
    member = (
        uow.members.get(workspace_id=workspace_id, user_id=user_id, lock=True) if is_uuid(user_id) else None
    )
    if member is None:
        raise rules.no_member(user_id)
    return member


def update_member(
    uow: AuthUnitOfWork, tokens: Tokens, *, principal: Principal, user_id: str, role: str
) -> Member:
    rules.check_role_name(role)
    access.require_role(principal, access.ADMIN)
    workspace_id = principal.workspace_id
    with uow:
        current = _load(uow, workspace_id, user_id)
        rules.check_may_assign(principal, current=current.role, new=role)
        if current.role == role:
            return current
        if current.role == access.OWNER and uow.members.count_owners(workspace_id) == 1:
            raise rules.last_owner()
        uow.members.set_role(workspace_id=workspace_id, user_id=user_id, role=role)
        # Roles live in access tokens: end the member's sessions so the new role applies now,
        # to their own sessions and to the tokens exchanged for the keys they created.
        families = uow.refresh_tokens.revoke_all(
            user_id=user_id, workspace_id=workspace_id, at=datetime.now(UTC)
        )
        regranted = uow.api_keys.regrant_created_by(user_id=user_id, workspace_id=workspace_id)
        updated = uow.members.get(workspace_id=workspace_id, user_id=user_id)
        uow.commit()
    assert updated is not None
    tokens.end_sessions(families)
    tokens.end_key_sessions([key_session(k.id, k.grant_generation) for k in regranted])
    return updated


def remove_member(uow: AuthUnitOfWork, tokens: Tokens, *, principal: Principal, user_id: str) -> None:
    """Remove a member; the API keys they created go with them, each revocation audited in the
    same transaction."""
    access.require_role(principal, access.ADMIN)
    workspace_id = principal.workspace_id
    with uow:
        current = _load(uow, workspace_id, user_id)
        rules.check_may_assign(principal, current=current.role, new=None)
        if current.role == access.OWNER and uow.members.count_owners(workspace_id) == 1:
            raise rules.last_owner()
        uow.members.remove(workspace_id=workspace_id, user_id=user_id)
        families = uow.refresh_tokens.revoke_all(
            user_id=user_id, workspace_id=workspace_id, at=datetime.now(UTC)
        )
        revoked = uow.api_keys.revoke_created_by(user_id=user_id, workspace_id=workspace_id)
        uow.audit.append(
            [
                audit.AuditRecord(
                    workspace_id=workspace_id,
                    actor_id=principal.user_id,
                    actor_kind=principal.kind,
                    action="auth.revoke_api_key",
                    outcome=audit.SUCCESS,
                    source=auditing.AUDIT_SOURCE,
                    resource_id=key.id,
                    details={
                        "reason": "its creator was removed from the workspace",
                        "created_by": user_id,
                        "name": key.name,
                    },
                )
                for key in revoked
            ]
        )
        uow.commit()
    tokens.end_sessions(families)
    tokens.end_key_sessions([key_session(k.id, k.grant_generation) for k in revoked])
