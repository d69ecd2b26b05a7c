"""Auth use cases. Each takes what it needs and commits once (the session is the unit of work)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import argon2
import orjson
import redis
from jobsprint.auth.adapters import audit_store
from jobsprint.auth.adapters.orm import api_keys, memberships, refresh_tokens, users, workspaces
from jobsprint.auth.adapters.revocations import DurableRevocations
from jobsprint.auth.domain import model
from jobsprint.common import access, audit
from jobsprint.common.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from jobsprint.common.tokens import KeyRing, Principal
from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

INVALID_CREDENTIALS = "the e-mail address or password is wrong"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class UserView:
    id: str
    email: str
    created_at: datetime


@dataclass(frozen=True)
class WorkspaceView:
    id: str
    name: str
    created_at: datetime


@dataclass
class AuthContext:
    sessions: sessionmaker[Session]
    key_ring: KeyRing
    hasher: argon2.PasswordHasher
    redis: redis.Redis
    access_token_ttl: int
    session_ttl: int
    api_key_token_ttl: int = 300
    # Work kept off the request path (audit records of failed logins).
    background: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(max_workers=1, thread_name_prefix="auth-background")
    )

    # The revocation list: in Postgres, and in Redis where every service checks it.
    revocations: DurableRevocations = field(init=False)

    def __post_init__(self) -> None:
        self.revocations = DurableRevocations(self.sessions.kw["bind"], self.redis)
        # Verifying against this when the user does not exist keeps login time flat (no enumeration).
        self.dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))


AUDIT_SOURCE = "/jobsprint/auth"


def write_audit(ctx: AuthContext, record: audit.AuditRecord) -> None:
    """The auth service's own audit sink: straight into its table (no broker in between)."""
    audit_store.append_now(ctx.sessions.kw["bind"], [record])


def _audit(
    ctx: AuthContext, *, workspace_id: str, actor_id: str, action: str, outcome: str, **details: Any
) -> None:
    record = audit.AuditRecord(
        workspace_id=workspace_id,
        actor_id=actor_id,
        actor_kind="user",
        action=action,
        outcome=outcome,
        source=AUDIT_SOURCE,
        resource_id=actor_id,
        details=details,
    )
    audit.safely(lambda r: write_audit(ctx, r), record)


def _hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register(
    ctx: AuthContext, *, email: str, password: str, workspace_name: str
) -> tuple[UserView, WorkspaceView]:
    email = model.normalise_email(email)
    model.check_password_policy(password, email=email)
    name = workspace_name.strip() or model.default_workspace_name(email)
    if len(name) > 200:
        raise InvalidArgument("the workspace name is longer than 200 characters")
    user_id, workspace_id = str(uuid.uuid4()), str(uuid.uuid4())
    password_hash = ctx.hasher.hash(password)
    try:
        with ctx.sessions.begin() as session:
            session.execute(insert(workspaces).values(id=workspace_id, name=name))
            session.execute(insert(users).values(id=user_id, email=email, password_hash=password_hash))
            session.execute(
                insert(memberships).values(workspace_id=workspace_id, user_id=user_id, role=model.OWNER)
            )
            user = session.execute(
                select(users.c.id, users.c.email, users.c.created_at).where(users.c.id == user_id)
            ).one()
            workspace = session.execute(select(workspaces).where(workspaces.c.id == workspace_id)).one()
    except IntegrityError:
        # The address has an account. Answering differently would tell anyone which addresses
        # are registered, so the answer looks the same (the password was hashed either way, so
        # it takes as long) and nothing changes: the owner logs in with their existing password.
        now = datetime.now(UTC)
        return UserView(user_id, email, now), WorkspaceView(workspace_id, name, now)
    _audit(ctx, workspace_id=workspace_id, actor_id=user_id, action="auth.register", outcome=audit.SUCCESS)
    return UserView(user.id, user.email, user.created_at), WorkspaceView(
        workspace.id, workspace.name, workspace.created_at
    )


def _issue_pair(
    ctx: AuthContext,
    session: Session,
    *,
    user_id: str,
    workspace_id: str,
    family_id: str,
    session_expires_at: datetime | None = None,
) -> TokenPair:
    roles = (
        session.execute(
            select(memberships.c.role).where(
                memberships.c.user_id == user_id, memberships.c.workspace_id == workspace_id
            )
        )
        .scalars()
        .all()
    )
    if not roles:
        raise Unauthenticated("the user is no longer a member of this workspace")
    access_token, _ = ctx.key_ring.issue(
        subject=user_id,
        workspace_id=workspace_id,
        roles=roles,
        ttl_seconds=ctx.access_token_ttl,
        session_id=family_id,
    )
    refresh_token = secrets.token_urlsafe(32)
    session.execute(
        insert(refresh_tokens).values(
            id=str(uuid.uuid4()),
            token_hash=_hash_refresh_token(refresh_token),
            family_id=family_id,
            user_id=user_id,
            workspace_id=workspace_id,
            # A session lives `session_ttl` from its login; refreshing does not extend it.
            expires_at=session_expires_at or datetime.now(UTC) + timedelta(seconds=ctx.session_ttl),
        )
    )
    return TokenPair(access_token, refresh_token, ctx.access_token_ttl)


def login(ctx: AuthContext, *, email: str, password: str, workspace_id: str = "") -> TokenPair:
    email = email.strip().lower()
    with ctx.sessions.begin() as session:
        user = session.execute(
            select(users.c.id, users.c.password_hash).where(users.c.email == email)
        ).first()
        try:
            ctx.hasher.verify(user.password_hash if user else ctx.dummy_hash, password)
        except argon2.exceptions.VerificationError as exc:
            # Recorded off the request path, and something is queued either way, so a known
            # account's failure takes no longer than an unknown one's (no enumeration by timing).
            known = user.id if user is not None else None
            ctx.background.submit(_audit_failed_login, ctx, known)
            raise Unauthenticated(INVALID_CREDENTIALS) from exc
        if user is None:
            raise Unauthenticated(INVALID_CREDENTIALS)
        query = select(memberships.c.workspace_id).where(memberships.c.user_id == user.id)
        if workspace_id:
            if not _is_uuid(workspace_id):
                raise PermissionDenied("you are not a member of that workspace")
            query = query.where(memberships.c.workspace_id == workspace_id)
        chosen = session.execute(query.order_by(memberships.c.created_at).limit(1)).scalar()
        if chosen is None:
            # Only reachable with the right password: the caller already proved who they are.
            raise PermissionDenied("you are not a member of that workspace")
        workspace_id = chosen
        pair = _issue_pair(
            ctx, session, user_id=user.id, workspace_id=workspace_id, family_id=str(uuid.uuid4())
        )
    _audit(ctx, workspace_id=workspace_id, actor_id=user.id, action="auth.login", outcome=audit.SUCCESS)
    return pair


def _audit_failed_login(ctx: AuthContext, user_id: str | None) -> None:
    """A wrong password for a known account, recorded in each of its workspaces."""
    if user_id is None:
        return
    with ctx.sessions() as session:
        workspace_ids = list(
            session.execute(
                select(memberships.c.workspace_id).where(memberships.c.user_id == user_id)
            ).scalars()
        )
    for workspace_id in workspace_ids:
        _audit(ctx, workspace_id=workspace_id, actor_id=user_id, action="auth.login", outcome=audit.FAILED)


def refresh(ctx: AuthContext, *, refresh_token: str) -> TokenPair:
    now = datetime.now(UTC)
    with ctx.sessions.begin() as session:
        row = session.execute(
            select(refresh_tokens)
            .where(refresh_tokens.c.token_hash == _hash_refresh_token(refresh_token))
            .with_for_update()
        ).first()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise Unauthenticated("the refresh token is invalid or expired; log in again")
        if row.used_at is not None:
            # A spent token came back: it was stolen or replayed, so end the whole session.
            session.execute(
                update(refresh_tokens)
                .where(refresh_tokens.c.family_id == row.family_id)
                .values(revoked_at=now)
            )
            session.commit()
            _revoke_session_tokens(ctx, [row.family_id])
            _audit(
                ctx,
                workspace_id=row.workspace_id,
                actor_id=row.user_id,
                action="auth.refresh_token_reused",
                outcome=audit.DENIED,
                session_id=row.family_id,
            )
            raise Unauthenticated("the refresh token was already used; the session is revoked, log in again")
        session.execute(update(refresh_tokens).where(refresh_tokens.c.id == row.id).values(used_at=now))
        return _issue_pair(
            ctx,
            session,
            user_id=row.user_id,
            workspace_id=row.workspace_id,
            family_id=row.family_id,
            session_expires_at=row.expires_at,
        )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _revoke_session_tokens(ctx: AuthContext, family_ids: list[str]) -> None:
    """Reject the sessions' live access tokens at once; none outlives one access-token lifetime."""
    ctx.revocations.revoke_sessions(family_ids, ttl_seconds=ctx.access_token_ttl + 60)


def _end_sessions(ctx: AuthContext, session: Session, *, user_id: str, workspace_id: str) -> list[str]:
    """Revoke every live refresh-token family of a user in a workspace; returns their ids."""
    families = list(
        session.execute(
            update(refresh_tokens)
            .where(
                refresh_tokens.c.user_id == user_id,
                refresh_tokens.c.workspace_id == workspace_id,
                refresh_tokens.c.revoked_at.is_(None),
            )
            .values(revoked_at=datetime.now(UTC))
            .returning(refresh_tokens.c.family_id)
        )
        .scalars()
        .all()
    )
    return sorted(set(families))


def logout(ctx: AuthContext, *, principal: Principal, refresh_token: str) -> None:
    ctx.revocations.revoke_token(principal.token_id, expires_at=principal.expires_at)
    if principal.session_id and principal.kind == "user":
        # The whole session ends: its refresh token, and any other access token it issued.
        revoke_session(ctx, principal=principal, session_id=principal.session_id)
    if refresh_token:
        with ctx.sessions.begin() as session:
            family = session.execute(
                select(refresh_tokens.c.family_id).where(
                    refresh_tokens.c.token_hash == _hash_refresh_token(refresh_token),
                    refresh_tokens.c.user_id == principal.user_id,
                )
            ).scalar()
            if family is not None:
                session.execute(
                    update(refresh_tokens)
                    .where(refresh_tokens.c.family_id == family, refresh_tokens.c.revoked_at.is_(None))
                    .values(revoked_at=datetime.now(UTC))
                )


def get_me(ctx: AuthContext, *, principal: Principal) -> tuple[UserView, WorkspaceView, list[str]]:
    if principal.kind != "user":
        return _describe_credential(ctx, principal)
    with ctx.sessions() as session:
        user = session.execute(
            select(users.c.id, users.c.email, users.c.created_at).where(users.c.id == principal.user_id)
        ).first()
        workspace = session.execute(
            select(workspaces).where(workspaces.c.id == principal.workspace_id)
        ).first()
        roles = (
            session.execute(
                select(memberships.c.role).where(
                    memberships.c.user_id == principal.user_id,
                    memberships.c.workspace_id == principal.workspace_id,
                )
            )
            .scalars()
            .all()
        )
    if user is None or workspace is None:
        raise NotFound("the user of this token no longer exists")
    return (
        UserView(user.id, user.email, user.created_at),
        WorkspaceView(workspace.id, workspace.name, workspace.created_at),
        list(roles),
    )


@dataclass(frozen=True)
class MemberView:
    user: UserView
    role: str
    created_at: datetime


def _member_query(workspace_id: str):  # type: ignore[no-untyped-def]
    return (
        select(
            users.c.id,
            users.c.email,
            users.c.created_at,
            memberships.c.role,
            memberships.c.created_at.label("joined"),
        )
        .join(memberships, memberships.c.user_id == users.c.id)
        .where(memberships.c.workspace_id == workspace_id)
    )


def _member(row: Any) -> MemberView:
    return MemberView(UserView(row.id, row.email, row.created_at), row.role, row.joined)


def _check_role_name(role: str) -> None:
    if role not in access.ROLES:
        raise InvalidArgument(
            "the role is not valid",
            [FieldViolation("role", f"one of {', '.join(access.ROLES)}")],
        )


def _check_may_assign(principal: Principal, *, current: str | None, new: str | None) -> None:
    """Admins manage admins, editors and viewers; only an owner touches the owner role."""
    access.require_role(principal, access.ADMIN)
    if access.OWNER in (current, new):
        access.require_role(principal, access.OWNER)


def _owners(session: Session, workspace_id: str) -> int:
    return int(
        session.execute(
            select(func.count()).where(
                memberships.c.workspace_id == workspace_id, memberships.c.role == access.OWNER
            )
        ).scalar_one()
    )


def _load_member(session: Session, workspace_id: str, user_id: str, *, lock: bool = False) -> Any:
    if not _is_uuid(user_id):
        raise NotFound(f"no member {user_id!r} in this workspace")
    query = _member_query(workspace_id).where(memberships.c.user_id == user_id)
    row = session.execute(query.with_for_update(of=memberships) if lock else query).first()
    if row is None:
        raise NotFound(f"no member {user_id!r} in this workspace")
    return row


def list_members(ctx: AuthContext, *, principal: Principal) -> list[MemberView]:
    with ctx.sessions() as session:
        rows = session.execute(_member_query(principal.workspace_id).order_by(memberships.c.created_at)).all()
    return [_member(row) for row in rows]


def add_member(ctx: AuthContext, *, principal: Principal, email: str, role: str) -> MemberView:
    _check_role_name(role)
    _check_may_assign(principal, current=None, new=role)
    email = model.normalise_email(email)
    with ctx.sessions.begin() as session:
        user_id = session.execute(select(users.c.id).where(users.c.email == email)).scalar()
        if user_id is None:
            raise NotFound(f"no account uses {email}; ask them to register first, then add them again")
        try:
            with session.begin_nested():
                session.execute(
                    insert(memberships).values(
                        workspace_id=principal.workspace_id, user_id=user_id, role=role
                    )
                )
        except IntegrityError as exc:
            raise AlreadyExists(
                f"{email} is already a member of this workspace; change their role instead"
            ) from exc
        return _member(_load_member(session, principal.workspace_id, user_id))


def update_member(ctx: AuthContext, *, principal: Principal, user_id: str, role: str) -> MemberView:
    _check_role_name(role)
    access.require_role(principal, access.ADMIN)
    with ctx.sessions.begin() as session:
        current = _load_member(session, principal.workspace_id, user_id, lock=True)
        _check_may_assign(principal, current=current.role, new=role)
        if current.role == role:
            return _member(current)
        if current.role == access.OWNER and _owners(session, principal.workspace_id) == 1:
            raise FailedPrecondition("this is the workspace's last owner; make another member owner first")
        session.execute(
            update(memberships)
            .where(memberships.c.workspace_id == principal.workspace_id, memberships.c.user_id == user_id)
            .values(role=role)
        )
        # Roles live in access tokens: end the member's sessions so the new role applies now,
        # to their own sessions and to the tokens exchanged for the keys they created.
        families = _end_sessions(ctx, session, user_id=user_id, workspace_id=principal.workspace_id)
        key_sessions = _regrant_keys_of(session, user_id=user_id, workspace_id=principal.workspace_id)
        updated = _member(_load_member(session, principal.workspace_id, user_id))
    _revoke_session_tokens(ctx, families)
    _revoke_key_tokens(ctx, key_sessions)
    return updated


def remove_member(ctx: AuthContext, *, principal: Principal, user_id: str) -> None:
    access.require_role(principal, access.ADMIN)
    with ctx.sessions.begin() as session:
        current = _load_member(session, principal.workspace_id, user_id, lock=True)
        _check_may_assign(principal, current=current.role, new=None)
        if current.role == access.OWNER and _owners(session, principal.workspace_id) == 1:
            raise FailedPrecondition("this is the workspace's last owner; make another member owner first")
        session.execute(
            memberships.delete().where(
                memberships.c.workspace_id == principal.workspace_id, memberships.c.user_id == user_id
            )
        )
        families = _end_sessions(ctx, session, user_id=user_id, workspace_id=principal.workspace_id)
        key_sessions = _revoke_keys_of(session, principal, user_id=user_id)
    _revoke_session_tokens(ctx, families)
    _revoke_key_tokens(ctx, key_sessions)


@dataclass(frozen=True)
class SessionView:
    id: str
    created_at: datetime
    last_refreshed_at: datetime
    expires_at: datetime
    current: bool


def list_sessions(ctx: AuthContext, *, principal: Principal) -> list[SessionView]:
    t = refresh_tokens
    now = datetime.now(UTC)
    with ctx.sessions() as session:
        rows = session.execute(
            select(
                t.c.family_id,
                func.min(t.c.created_at).label("created_at"),
                func.max(t.c.created_at).label("last_refreshed_at"),
                func.max(t.c.expires_at).label("expires_at"),
            )
            .where(t.c.user_id == principal.user_id, t.c.workspace_id == principal.workspace_id)
            .group_by(t.c.family_id)
            .having(func.count().filter(t.c.revoked_at.is_not(None)) == 0)
            .having(func.max(t.c.expires_at) > now)
            .order_by(func.min(t.c.created_at).desc())
        ).all()
    return [
        SessionView(
            row.family_id,
            row.created_at,
            row.last_refreshed_at,
            row.expires_at,
            row.family_id == principal.session_id,
        )
        for row in rows
    ]


def revoke_session(ctx: AuthContext, *, principal: Principal, session_id: str) -> None:
    """End one of the caller's own sessions; another user's session id is simply not found."""
    if not _is_uuid(session_id):
        raise NotFound(f"no session {session_id!r}")
    with ctx.sessions.begin() as session:
        found = session.execute(
            update(refresh_tokens)
            .where(
                refresh_tokens.c.family_id == session_id,
                refresh_tokens.c.user_id == principal.user_id,
                refresh_tokens.c.workspace_id == principal.workspace_id,
            )
            .values(revoked_at=func.coalesce(refresh_tokens.c.revoked_at, func.now()))
            .returning(refresh_tokens.c.id)
        ).first()
    if found is None:
        raise NotFound(f"no session {session_id!r}")
    _revoke_session_tokens(ctx, [session_id])


API_KEY_PREFIX = "jsk_"
_API_KEY_ID_LENGTH = 32  # a UUID's hex digits


@dataclass(frozen=True)
class ApiKeyView:
    id: str
    name: str
    scopes: list[str]
    prefix: str
    created_by: str
    created_at: datetime
    last_used_at: datetime | None


def _api_key_view(row: Any) -> ApiKeyView:
    return ApiKeyView(
        row.id, row.name, list(row.scopes), row.prefix, row.created_by, row.created_at, row.last_used_at
    )


def create_api_key(
    ctx: AuthContext, *, principal: Principal, name: str, scopes: list[str]
) -> tuple[ApiKeyView, str]:
    """A new key; the whole key is returned once and only its hash is kept."""
    access.require_role(principal, access.ADMIN)
    problems = []
    if not name.strip() or len(name) > 200:
        problems.append(FieldViolation("name", "1 to 200 characters"))
    if not scopes or any(scope not in access.SCOPES for scope in scopes):
        problems.append(FieldViolation("scopes", f"one or more of {', '.join(access.SCOPES)}"))
    if problems:
        raise InvalidArgument("the API key is invalid", problems)
    key_id = uuid.uuid4()
    secret = f"{API_KEY_PREFIX}{key_id.hex}_{secrets.token_urlsafe(32)}"
    with ctx.sessions.begin() as session:
        row = session.execute(
            insert(api_keys)
            .values(
                id=str(key_id),
                workspace_id=principal.workspace_id,
                name=name.strip(),
                scopes=sorted(set(scopes), key=access.SCOPES.index),
                secret_hash=_hash_refresh_token(secret),
                prefix=secret[: len(API_KEY_PREFIX) + 8],
                created_by=principal.user_id,
            )
            .returning(api_keys)
        ).one()
    return _api_key_view(row), secret


def list_api_keys(ctx: AuthContext, *, principal: Principal) -> list[ApiKeyView]:
    with ctx.sessions() as session:
        rows = session.execute(
            select(api_keys)
            .where(api_keys.c.workspace_id == principal.workspace_id, api_keys.c.revoked_at.is_(None))
            .order_by(api_keys.c.created_at)
        ).all()
    return [_api_key_view(row) for row in rows]


def _key_session(key_id: str, generation: int) -> str:
    """The session id (`sid`) of the tokens exchanged for a key under one grant of its creator's
    role: the key id itself until that role first changes (ADR-026, ADR-068)."""
    return key_id if generation == 0 else f"{key_id}.{generation}"


def _revoke_key_tokens(ctx: AuthContext, sessions: list[str]) -> None:
    ctx.revocations.revoke_sessions(sessions, ttl_seconds=ctx.api_key_token_ttl + 60)


def _regrant_keys_of(session: Session, *, user_id: str, workspace_id: str) -> list[str]:
    """The creator's role changed: their keys' tokens were granted under the old one, so each key
    moves to a new grant generation; returns the sessions to revoke (the old generations)."""
    rows = session.execute(
        update(api_keys)
        .where(
            api_keys.c.workspace_id == workspace_id,
            api_keys.c.created_by == user_id,
            api_keys.c.revoked_at.is_(None),
        )
        .values(grant_generation=api_keys.c.grant_generation + 1)
        .returning(api_keys.c.id, api_keys.c.grant_generation)
    ).all()
    return [_key_session(row.id, row.grant_generation - 1) for row in rows]


def _revoke_keys_of(session: Session, principal: Principal, *, user_id: str) -> list[str]:
    """A member left: the keys they created go with them, each revocation audited in the same
    transaction; returns the sessions to revoke."""
    rows = session.execute(
        update(api_keys)
        .where(
            api_keys.c.workspace_id == principal.workspace_id,
            api_keys.c.created_by == user_id,
            api_keys.c.revoked_at.is_(None),
        )
        .values(revoked_at=func.now())
        .returning(api_keys.c.id, api_keys.c.name, api_keys.c.grant_generation)
    ).all()
    if not rows:
        return []
    audit_store.ensure_partitions(session, months=1)  # the audit rows commit with the revocation
    audit_store.append(
        session,
        [
            audit.AuditRecord(
                workspace_id=principal.workspace_id,
                actor_id=principal.user_id,
                actor_kind=principal.kind,
                action="auth.revoke_api_key",
                outcome=audit.SUCCESS,
                source=AUDIT_SOURCE,
                resource_id=row.id,
                details={
                    "reason": "its creator was removed from the workspace",
                    "created_by": user_id,
                    "name": row.name,
                },
            )
            for row in rows
        ],
    )
    return [_key_session(row.id, row.grant_generation) for row in rows]


def delete_api_key(ctx: AuthContext, *, principal: Principal, key_id: str) -> None:
    access.require_role(principal, access.ADMIN)
    if not _is_uuid(key_id):
        raise NotFound(f"no API key {key_id!r} in this workspace")
    with ctx.sessions.begin() as session:
        found = session.execute(
            update(api_keys)
            .where(
                api_keys.c.id == key_id,
                api_keys.c.workspace_id == principal.workspace_id,
                api_keys.c.revoked_at.is_(None),
            )
            .values(revoked_at=func.now())
            .returning(api_keys.c.id, api_keys.c.grant_generation)
        ).first()
    if found is None:
        raise NotFound(f"no API key {key_id!r} in this workspace")
    # Tokens already exchanged for the key carry it in their session: reject them now.
    _revoke_key_tokens(ctx, sorted({key_id, _key_session(found.id, found.grant_generation)}))


INVALID_API_KEY = "the API key is invalid or has been deleted"


def exchange_api_key(ctx: AuthContext, *, api_key: str) -> tuple[str, int]:
    """A short-lived access token for a valid key, scoped as the key is; records its use."""
    body = api_key[len(API_KEY_PREFIX) :]
    key_id = body[:_API_KEY_ID_LENGTH]
    if not api_key.startswith(API_KEY_PREFIX) or body[_API_KEY_ID_LENGTH : _API_KEY_ID_LENGTH + 1] != "_":
        raise Unauthenticated(INVALID_API_KEY)
    try:
        key_uuid = str(uuid.UUID(hex=key_id))
    except ValueError as exc:
        raise Unauthenticated(INVALID_API_KEY) from exc
    with ctx.sessions.begin() as session:
        row = session.execute(
            select(
                api_keys.c.workspace_id,
                api_keys.c.scopes,
                api_keys.c.secret_hash,
                api_keys.c.grant_generation,
                memberships.c.role.label("creator_role"),
            )
            .outerjoin(
                memberships,
                and_(
                    memberships.c.workspace_id == api_keys.c.workspace_id,
                    memberships.c.user_id == api_keys.c.created_by,
                ),
            )
            .where(api_keys.c.id == key_uuid, api_keys.c.revoked_at.is_(None))
        ).first()
        presented = _hash_refresh_token(api_key)
        if row is None or not hmac.compare_digest(presented, row.secret_hash):
            raise Unauthenticated(INVALID_API_KEY)
        # A key does no more than its creator may do now (ADR-068): a removed creator's keys are
        # revoked with their membership, a demoted one's lose the scopes the new role lacks.
        allowed = access.scopes_of_role(row.creator_role)
        scopes = [scope for scope in row.scopes if scope in allowed]
        if not scopes:
            raise Unauthenticated(
                f"this API key's scopes ({' '.join(row.scopes)}) are beyond what its creator's role "
                f"({row.creator_role or 'none: no longer a member'}) allows; an admin can create a new key"
            )
        session.execute(update(api_keys).where(api_keys.c.id == key_uuid).values(last_used_at=func.now()))
    # The scopes bound what the key does; the role only has to let those scopes through.
    role = access.EDITOR if {access.WRITE, access.RUN} & set(scopes) else access.VIEWER
    token, _ = ctx.key_ring.issue(
        subject=key_uuid,
        workspace_id=row.workspace_id,
        roles=[role],
        ttl_seconds=ctx.api_key_token_ttl,
        kind="api_key",
        scopes=scopes,
        session_id=_key_session(key_uuid, row.grant_generation),
    )
    return token, ctx.api_key_token_ttl


def _describe_credential(ctx: AuthContext, principal: Principal) -> tuple[UserView, WorkspaceView, list[str]]:
    """`GetMe` for an API key or a service: the credential stands where the user would."""
    with ctx.sessions() as session:
        workspace = session.execute(
            select(workspaces).where(workspaces.c.id == principal.workspace_id)
        ).first()
        key = session.execute(
            select(api_keys.c.name, api_keys.c.created_at).where(api_keys.c.id == principal.user_id)
        ).first()
    if workspace is None:
        raise NotFound("the workspace of this credential no longer exists")
    label = f"api-key:{key.name}" if key is not None else f"{principal.kind}:{principal.user_id}"
    created = key.created_at if key is not None else workspace.created_at
    return (
        UserView(principal.user_id, label, created),
        WorkspaceView(workspace.id, workspace.name, workspace.created_at),
        list(principal.roles),
    )


@dataclass(frozen=True)
class AuditPage:
    events: list[Any]
    next_page_token: str


MAX_AUDIT_PAGE = 200


def _cursor(row: Any) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([row.occurred_at.isoformat(), row.id])).decode()


def _after(token: str) -> tuple[datetime, str] | None:
    if not token:
        return None
    try:
        occurred, event_id = orjson.loads(base64.urlsafe_b64decode(token.encode()))
        return datetime.fromisoformat(occurred), str(uuid.UUID(event_id))
    except (ValueError, TypeError) as exc:
        raise InvalidArgument(
            "the page token is not valid",
            [FieldViolation("page_token", "pass next_page_token back unchanged")],
        ) from exc


def list_audit_events(
    ctx: AuthContext,
    *,
    principal: Principal,
    page_size: int,
    page_token: str,
    action: str = "",
    actor_id: str = "",
    resource_id: str = "",
    outcome: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> AuditPage:
    access.require_role(principal, access.ADMIN)
    limit = min(max(page_size or 50, 1), MAX_AUDIT_PAGE)
    with ctx.sessions() as session:
        rows = audit_store.page(
            session,
            workspace_id=principal.workspace_id,
            limit=limit + 1,
            after=_after(page_token),
            action=action,
            actor_id=actor_id,
            resource_id=resource_id,
            outcome=outcome,
            since=since,
            until=until,
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditPage(rows, _cursor(rows[-1]) if more else "")


def change_password(
    ctx: AuthContext, *, principal: Principal, current_password: str, new_password: str
) -> None:
    """A new password ends every session of the user in every workspace, this one included."""
    if principal.kind != "user":
        raise PermissionDenied("only a signed-in user can change their password")
    with ctx.sessions.begin() as session:
        user = session.execute(
            select(users.c.id, users.c.email, users.c.password_hash).where(users.c.id == principal.user_id)
        ).first()
        if user is None:
            raise NotFound("the user of this token no longer exists")
        try:
            ctx.hasher.verify(user.password_hash, current_password)
        except argon2.exceptions.VerificationError as exc:
            raise PermissionDenied("the current password is wrong") from exc
        model.check_password_policy(new_password, email=user.email)
        session.execute(
            update(users).where(users.c.id == user.id).values(password_hash=ctx.hasher.hash(new_password))
        )
        families = list(
            session.execute(
                update(refresh_tokens)
                .where(refresh_tokens.c.user_id == user.id, refresh_tokens.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
                .returning(refresh_tokens.c.family_id)
            ).scalars()
        )
    _revoke_session_tokens(
        ctx, sorted({*families, *([principal.session_id] if principal.session_id else [])})
    )
    ctx.revocations.revoke_token(principal.token_id, expires_at=principal.expires_at)


# --- workspace limits ------------------------------------------------------------------------

# The gateway's rate limits a workspace may override, per minute (ADR-063). The gateway applies
# them, capped by its own ceiling; the auth service only keeps them with the workspace.
WORKSPACE_LIMITS = ("rate_limit_per_minute", "rate_limit_write_per_minute", "webhook_rate_limit_per_minute")
MAX_WORKSPACE_LIMIT = 1_000_000


def get_workspace_limits(ctx: AuthContext, *, principal: Principal) -> dict[str, int]:
    with ctx.sessions() as session:
        limits = session.execute(
            select(workspaces.c.limits).where(workspaces.c.id == principal.workspace_id)
        ).scalar()
    if limits is None:
        raise NotFound("the workspace no longer exists")
    return {name: int(value) for name, value in limits.items() if name in WORKSPACE_LIMITS}


def update_workspace_limits(
    ctx: AuthContext, *, principal: Principal, limits: dict[str, int]
) -> dict[str, int]:
    """Replace the workspace's overrides (a name left out goes back to the gateway's default)."""
    access.require_role(principal, access.ADMIN)
    problems = [
        FieldViolation(f"limits.{name}", f"must be between 1 and {MAX_WORKSPACE_LIMIT} per minute")
        for name, value in limits.items()
        if not 1 <= value <= MAX_WORKSPACE_LIMIT
    ]
    problems += [
        FieldViolation(f"limits.{name}", "not a limit a workspace can set")
        for name in limits
        if name not in WORKSPACE_LIMITS
    ]
    if problems:
        raise InvalidArgument("the limits are invalid", problems)
    with ctx.sessions.begin() as session:
        updated = session.execute(
            update(workspaces)
            .where(workspaces.c.id == principal.workspace_id)
            .values(limits=dict(limits))
            .returning(workspaces.c.limits)
        ).scalar()
    if updated is None:
        raise NotFound("the workspace no longer exists")
    return {name: int(value) for name, value in updated.items()}
