"""Sessions: a login's refresh-token family. Refreshing rotates its token (a spent one coming
back ends the session), logging out and revoking end it, and listing shows the live ones."""

from __future__ import annotations

from datetime import UTC, datetime

from jobsprint.auth.domain.identity import Session, TokenPair, is_uuid, secret_hash
from jobsprint.auth.service import auditing
from jobsprint.auth.service.ports import AuditLog, AuthUnitOfWork
from jobsprint.auth.service.tokens import Tokens
from jobsprint.common import audit
from jobsprint.common.errors import NotFound, Unauthenticated
from jobsprint.common.tokens import Principal


def refresh(uow: AuthUnitOfWork, tokens: Tokens, audit_log: AuditLog, *, refresh_token: str) -> TokenPair:
    """A new pair for the session of `refresh_token`, which is spent by this."""
    now = datetime.now(UTC)
    with uow:
        row = uow.refresh_tokens.get_for_update(secret_hash(refresh_token))
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise Unauthenticated("the refresh token is invalid or expired; log in again")
        if row.used_at is None:
            uow.refresh_tokens.mark_used(row.id, now)
            pair = tokens.issue_pair(
                uow,
                user_id=row.user_id,
                workspace_id=row.workspace_id,
                family_id=row.family_id,
                session_expires_at=row.expires_at,
            )
            uow.commit()
            return pair
        # A spent token came back: it was stolen or replayed, so end the whole session.
        uow.refresh_tokens.revoke_family(row.family_id, now)
        uow.commit()
    tokens.end_sessions([row.family_id])
    auditing.record(
        audit_log,
        auditing.user_record(
            workspace_id=row.workspace_id,
            actor_id=row.user_id,
            action="auth.refresh_token_reused",
            outcome=audit.DENIED,
            session_id=row.family_id,
        ),
    )
    raise Unauthenticated("the refresh token was already used; the session is revoked, log in again")


def logout(uow: AuthUnitOfWork, tokens: Tokens, *, principal: Principal, refresh_token: str) -> None:
    """End the caller's access token and its session (and the session of `refresh_token`)."""
    tokens.revoke(principal)
    if principal.session_id and principal.kind == "user":
        # The whole session ends: its refresh token, and any other access token it issued.
        revoke_session(uow, tokens, principal=principal, session_id=principal.session_id)
    if refresh_token:
        with uow:
            family = uow.refresh_tokens.family_of(
                token_hash=secret_hash(refresh_token), user_id=principal.user_id
            )
            if family is not None:
                uow.refresh_tokens.revoke_family(family, datetime.now(UTC))
                uow.commit()


def list_sessions(uow: AuthUnitOfWork, *, principal: Principal) -> list[Session]:
    """The caller's live sessions in this workspace, newest first, theirs marked `current`."""
    with uow:
        sessions = uow.refresh_tokens.live_sessions(
            user_id=principal.user_id, workspace_id=principal.workspace_id, now=datetime.now(UTC)
        )
    return [
        Session(s.id, s.created_at, s.last_refreshed_at, s.expires_at, s.id == principal.session_id)
        for s in sessions
    ]


def revoke_session(uow: AuthUnitOfWork, tokens: Tokens, *, principal: Principal, session_id: str) -> None:
    """End one of the caller's own sessions; another user's session id is simply not found."""
    if not is_uuid(session_id):
        raise NotFound(f"no session {session_id!r}")
    with uow:
        found = uow.refresh_tokens.revoke_session(
            family_id=session_id, user_id=principal.user_id, workspace_id=principal.workspace_id
        )
        uow.commit()
    if not found:
        raise NotFound(f"no session {session_id!r}")
    tokens.end_sessions([session_id])
