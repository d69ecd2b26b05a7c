"""Auth use cases. Each takes what it needs and commits once (the session is the unit of work)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import argon2
import redis
from jobsprint.auth.adapters.orm import memberships, refresh_tokens, users, workspaces
from jobsprint.auth.domain import model
from jobsprint.common import revocation
from jobsprint.common.errors import AlreadyExists, InvalidArgument, NotFound, Unauthenticated
from jobsprint.common.tokens import KeyRing, Principal
from sqlalchemy import insert, select, update
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

    def __post_init__(self) -> None:
        # Verifying against this when the user does not exist keeps login time flat (no enumeration).
        self.dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))


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
    except IntegrityError as exc:
        raise AlreadyExists("an account with this e-mail address already exists; log in instead") from exc
    return UserView(user.id, user.email, user.created_at), WorkspaceView(
        workspace.id, workspace.name, workspace.created_at
    )


def _issue_pair(
    ctx: AuthContext, session: Session, *, user_id: str, workspace_id: str, family_id: str
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
        subject=user_id, workspace_id=workspace_id, roles=roles, ttl_seconds=ctx.access_token_ttl
    )
    refresh_token = secrets.token_urlsafe(32)
    session.execute(
        insert(refresh_tokens).values(
            id=str(uuid.uuid4()),
            token_hash=_hash_refresh_token(refresh_token),
            family_id=family_id,
            user_id=user_id,
            workspace_id=workspace_id,
            expires_at=datetime.now(UTC) + timedelta(seconds=ctx.session_ttl),
        )
    )
    return TokenPair(access_token, refresh_token, ctx.access_token_ttl)


def login(ctx: AuthContext, *, email: str, password: str) -> TokenPair:
    email = email.strip().lower()
    with ctx.sessions.begin() as session:
        user = session.execute(
            select(users.c.id, users.c.password_hash).where(users.c.email == email)
        ).first()
        try:
            ctx.hasher.verify(user.password_hash if user else ctx.dummy_hash, password)
        except argon2.exceptions.VerificationError as exc:
            raise Unauthenticated(INVALID_CREDENTIALS) from exc
        if user is None:
            raise Unauthenticated(INVALID_CREDENTIALS)
        workspace_id = session.execute(
            select(memberships.c.workspace_id)
            .where(memberships.c.user_id == user.id)
            .order_by(memberships.c.created_at)
            .limit(1)
        ).scalar_one()
        return _issue_pair(
            ctx, session, user_id=user.id, workspace_id=workspace_id, family_id=str(uuid.uuid4())
        )


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
            raise Unauthenticated("the refresh token was already used; the session is revoked, log in again")
        session.execute(update(refresh_tokens).where(refresh_tokens.c.id == row.id).values(used_at=now))
        return _issue_pair(
            ctx, session, user_id=row.user_id, workspace_id=row.workspace_id, family_id=row.family_id
        )


def logout(ctx: AuthContext, *, principal: Principal, refresh_token: str) -> None:
    revocation.revoke(ctx.redis, token_id=principal.token_id, expires_at=principal.expires_at)
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
