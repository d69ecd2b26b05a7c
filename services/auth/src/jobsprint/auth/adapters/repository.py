"""The SQL repositories of the auth schema. Each works in the session its unit of work gives it
and never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from jobsprint.auth.adapters import audit_store
from jobsprint.auth.adapters.orm import api_keys, memberships, refresh_tokens, users, workspaces
from jobsprint.auth.domain import model
from jobsprint.auth.domain.api_keys import ApiKey, KeyGrant, NewApiKey, RevokedKey
from jobsprint.auth.domain.audit_log import AuditEvent, AuditFilter
from jobsprint.auth.domain.identity import (
    EmailTaken,
    Member,
    Membership,
    RefreshToken,
    Session,
    User,
    UserLogin,
    Workspace,
)
from jobsprint.auth.service.ports import (
    ApiKeyRepository,
    AuditRepository,
    MembershipRepository,
    RefreshTokenRepository,
    UserRepository,
    WorkspaceRepository,
)
from jobsprint.common.audit import AuditRecord
from sqlalchemy import Select, and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession


class SqlUserRepository(UserRepository):
    def __init__(self, session: DbSession) -> None:
        self._session = session

    def add(self, *, user_id: str, email: str, password_hash: str) -> None:
        try:
            with self._session.begin_nested():
                self._session.execute(
                    insert(users).values(id=user_id, email=email, password_hash=password_hash)
                )
        except IntegrityError as exc:
            raise EmailTaken(email) from exc

    def get(self, user_id: str) -> User | None:
        row = self._session.execute(
            select(users.c.id, users.c.email, users.c.created_at).where(users.c.id == user_id)
        ).first()
        return None if row is None else User(row.id, row.email, row.created_at)

    def get_login(self, *, email: str = "", user_id: str = "") -> UserLogin | None:
        # By id when one is given; else by e-mail, which may be empty (no such user, not a bad id).
        where = users.c.id == user_id if user_id else users.c.email == email
        row = self._session.execute(
            select(users.c.id, users.c.email, users.c.password_hash).where(where)
        ).first()
        return None if row is None else UserLogin(row.id, row.email, row.password_hash)

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self._session.execute(update(users).where(users.c.id == user_id).values(password_hash=password_hash))

    def id_by_email(self, email: str) -> str | None:
        return self._session.execute(select(users.c.id).where(users.c.email == email)).scalar()


def _workspace(row: Any) -> Workspace:
    return Workspace(row.id, row.name, row.created_at)


class SqlWorkspaceRepository(WorkspaceRepository):
    def __init__(self, session: DbSession) -> None:
        self._session = session

    def add(self, *, workspace_id: str, name: str) -> None:
        self._session.execute(insert(workspaces).values(id=workspace_id, name=name))

    def get(self, workspace_id: str) -> Workspace | None:
        row = self._session.execute(select(workspaces).where(workspaces.c.id == workspace_id)).first()
        return None if row is None else _workspace(row)

    def get_limits(self, workspace_id: str) -> dict[str, Any] | None:
        return self._session.execute(
            select(workspaces.c.limits).where(workspaces.c.id == workspace_id)
        ).scalar()

    def set_limits(self, workspace_id: str, limits: dict[str, int]) -> dict[str, Any] | None:
        return self._session.execute(
            update(workspaces)
            .where(workspaces.c.id == workspace_id)
            .values(limits=dict(limits))
            .returning(workspaces.c.limits)
        ).scalar()


def _member_query(workspace_id: str) -> Select[Any]:
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


def _member(row: Any) -> Member:
    return Member(User(row.id, row.email, row.created_at), row.role, row.joined)


class SqlMembershipRepository(MembershipRepository):
    def __init__(self, session: DbSession) -> None:
        self._session = session

    def add(self, *, workspace_id: str, user_id: str, role: str) -> bool:
        try:
            with self._session.begin_nested():
                self._session.execute(
                    insert(memberships).values(workspace_id=workspace_id, user_id=user_id, role=role)
                )
        except IntegrityError:
            return False
        return True

    def roles(self, *, user_id: str, workspace_id: str) -> list[str]:
        return list(
            self._session.execute(
                select(memberships.c.role).where(
                    memberships.c.user_id == user_id, memberships.c.workspace_id == workspace_id
                )
            ).scalars()
        )

    def workspace_ids(self, user_id: str) -> list[str]:
        return list(
            self._session.execute(
                select(memberships.c.workspace_id)
                .where(memberships.c.user_id == user_id)
                .order_by(memberships.c.created_at, memberships.c.workspace_id)
            ).scalars()
        )

    def of_user(self, user_id: str) -> list[Membership]:
        rows = self._session.execute(
            select(workspaces, memberships.c.role, memberships.c.created_at.label("joined"))
            .join(memberships, memberships.c.workspace_id == workspaces.c.id)
            .where(memberships.c.user_id == user_id)
            .order_by(memberships.c.created_at, workspaces.c.id)
        ).all()
        return [Membership(_workspace(row), row.role, row.joined) for row in rows]

    def in_workspace(self, workspace_id: str) -> list[Member]:
        rows = self._session.execute(_member_query(workspace_id).order_by(memberships.c.created_at)).all()
        return [_member(row) for row in rows]

    def get(self, *, workspace_id: str, user_id: str, lock: bool = False) -> Member | None:
        query = _member_query(workspace_id).where(memberships.c.user_id == user_id)
        row = self._session.execute(query.with_for_update(of=memberships) if lock else query).first()
        return None if row is None else _member(row)

    def count_owners(self, workspace_id: str) -> int:
        return int(
            self._session.execute(
                select(func.count()).where(
                    memberships.c.workspace_id == workspace_id, memberships.c.role == model.OWNER
                )
            ).scalar_one()
        )

    def set_role(self, *, workspace_id: str, user_id: str, role: str) -> None:
        self._session.execute(
            update(memberships)
            .where(memberships.c.workspace_id == workspace_id, memberships.c.user_id == user_id)
            .values(role=role)
        )

    def remove(self, *, workspace_id: str, user_id: str) -> None:
        self._session.execute(
            memberships.delete().where(
                memberships.c.workspace_id == workspace_id, memberships.c.user_id == user_id
            )
        )


class SqlRefreshTokenRepository(RefreshTokenRepository):
    def __init__(self, session: DbSession) -> None:
        self._session = session

    def add(
        self, *, token_hash: str, family_id: str, user_id: str, workspace_id: str, expires_at: datetime
    ) -> None:
        self._session.execute(
            insert(refresh_tokens).values(
                id=str(uuid.uuid4()),
                token_hash=token_hash,
                family_id=family_id,
                user_id=user_id,
                workspace_id=workspace_id,
                expires_at=expires_at,
            )
        )

    def get_for_update(self, token_hash: str) -> RefreshToken | None:
        t = refresh_tokens
        row = self._session.execute(
            select(
                t.c.id,
                t.c.family_id,
                t.c.user_id,
                t.c.workspace_id,
                t.c.expires_at,
                t.c.used_at,
                t.c.revoked_at,
            )
            .where(t.c.token_hash == token_hash)
            .with_for_update()
        ).first()
        return None if row is None else RefreshToken(*row)

    def mark_used(self, token_id: str, at: datetime) -> None:
        self._session.execute(
            update(refresh_tokens).where(refresh_tokens.c.id == token_id).values(used_at=at)
        )

    def family_of(self, *, token_hash: str, user_id: str) -> str | None:
        return self._session.execute(
            select(refresh_tokens.c.family_id).where(
                refresh_tokens.c.token_hash == token_hash, refresh_tokens.c.user_id == user_id
            )
        ).scalar()

    def revoke_family(self, family_id: str, at: datetime) -> None:
        self._session.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.family_id == family_id, refresh_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )

    def revoke_session(self, *, family_id: str, user_id: str, workspace_id: str) -> bool:
        found = self._session.execute(
            update(refresh_tokens)
            .where(
                refresh_tokens.c.family_id == family_id,
                refresh_tokens.c.user_id == user_id,
                refresh_tokens.c.workspace_id == workspace_id,
            )
            .values(revoked_at=func.coalesce(refresh_tokens.c.revoked_at, func.now()))
            .returning(refresh_tokens.c.id)
        ).first()
        return found is not None

    def revoke_all(self, *, user_id: str, workspace_id: str | None, at: datetime) -> list[str]:
        conditions = [refresh_tokens.c.user_id == user_id, refresh_tokens.c.revoked_at.is_(None)]
        if workspace_id is not None:
            conditions.append(refresh_tokens.c.workspace_id == workspace_id)
        families = self._session.execute(
            update(refresh_tokens)
            .where(*conditions)
            .values(revoked_at=at)
            .returning(refresh_tokens.c.family_id)
        ).scalars()
        return sorted(set(families))

    def session_expiry(self, *, family_id: str, user_id: str, now: datetime) -> datetime | None:
        t = refresh_tokens
        return self._session.execute(
            select(func.max(t.c.expires_at))
            .where(t.c.family_id == family_id, t.c.user_id == user_id)
            .having(func.count().filter(t.c.revoked_at.is_not(None)) == 0)
            .having(func.max(t.c.expires_at) > now)
        ).scalar()

    def live_sessions(self, *, user_id: str, workspace_id: str, now: datetime) -> list[Session]:
        t = refresh_tokens
        rows = self._session.execute(
            select(
                t.c.family_id,
                func.min(t.c.created_at).label("created_at"),
                func.max(t.c.created_at).label("last_refreshed_at"),
                func.max(t.c.expires_at).label("expires_at"),
            )
            .where(t.c.user_id == user_id, t.c.workspace_id == workspace_id)
            .group_by(t.c.family_id)
            .having(func.count().filter(t.c.revoked_at.is_not(None)) == 0)
            .having(func.max(t.c.expires_at) > now)
            .order_by(func.min(t.c.created_at).desc())
        ).all()
        return [Session(r.family_id, r.created_at, r.last_refreshed_at, r.expires_at, False) for r in rows]


def _api_key(row: Any) -> ApiKey:
    return ApiKey(
        row.id, row.name, list(row.scopes), row.prefix, row.created_by, row.created_at, row.last_used_at
    )


class SqlApiKeyRepository(ApiKeyRepository):
    def __init__(self, session: DbSession) -> None:
        self._session = session

    def add(self, key: NewApiKey) -> ApiKey:
        row = self._session.execute(
            insert(api_keys)
            .values(
                id=key.id,
                workspace_id=key.workspace_id,
                name=key.name,
                scopes=key.scopes,
                secret_hash=key.secret_hash,
                prefix=key.prefix,
                created_by=key.created_by,
            )
            .returning(api_keys)
        ).one()
        return _api_key(row)

    def live(self, workspace_id: str) -> list[ApiKey]:
        rows = self._session.execute(
            select(api_keys)
            .where(api_keys.c.workspace_id == workspace_id, api_keys.c.revoked_at.is_(None))
            .order_by(api_keys.c.created_at)
        ).all()
        return [_api_key(row) for row in rows]

    def get(self, key_id: str) -> ApiKey | None:
        row = self._session.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
        return None if row is None else _api_key(row)

    def _revoke(self, *conditions: Any) -> list[RevokedKey]:
        rows = self._session.execute(
            update(api_keys)
            .where(*conditions, api_keys.c.revoked_at.is_(None))
            .values(revoked_at=func.now())
            .returning(api_keys.c.id, api_keys.c.name, api_keys.c.grant_generation)
        ).all()
        return [RevokedKey(*row) for row in rows]

    def revoke(self, *, key_id: str, workspace_id: str) -> RevokedKey | None:
        found = self._revoke(api_keys.c.id == key_id, api_keys.c.workspace_id == workspace_id)
        return found[0] if found else None

    def revoke_created_by(self, *, user_id: str, workspace_id: str) -> list[RevokedKey]:
        return self._revoke(api_keys.c.workspace_id == workspace_id, api_keys.c.created_by == user_id)

    def regrant_created_by(self, *, user_id: str, workspace_id: str) -> list[RevokedKey]:
        rows = self._session.execute(
            update(api_keys)
            .where(
                api_keys.c.workspace_id == workspace_id,
                api_keys.c.created_by == user_id,
                api_keys.c.revoked_at.is_(None),
            )
            .values(grant_generation=api_keys.c.grant_generation + 1)
            .returning(api_keys.c.id, api_keys.c.name, api_keys.c.grant_generation)
        ).all()
        return [RevokedKey(row.id, row.name, row.grant_generation - 1) for row in rows]

    def grant(self, key_id: str) -> KeyGrant | None:
        row = self._session.execute(
            select(
                api_keys.c.workspace_id,
                api_keys.c.scopes,
                api_keys.c.secret_hash,
                api_keys.c.grant_generation,
                memberships.c.role,
            )
            .outerjoin(
                memberships,
                and_(
                    memberships.c.workspace_id == api_keys.c.workspace_id,
                    memberships.c.user_id == api_keys.c.created_by,
                ),
            )
            .where(api_keys.c.id == key_id, api_keys.c.revoked_at.is_(None))
        ).first()
        return None if row is None else KeyGrant(row[0], list(row[1]), row[2], row[3], row[4])

    def mark_used(self, key_id: str) -> None:
        self._session.execute(update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=func.now()))


class SqlAuditRepository(AuditRepository):
    def __init__(self, session: DbSession) -> None:
        self._session = session

    def append(self, records: Sequence[AuditRecord]) -> None:
        if records:
            audit_store.ensure_partitions(self._session, months=1)  # the rows commit with the work
            audit_store.append(self._session, records)

    def page(
        self, *, workspace_id: str, limit: int, after: tuple[datetime, str] | None, where: AuditFilter
    ) -> list[AuditEvent]:
        rows = audit_store.page(
            self._session,
            workspace_id=workspace_id,
            limit=limit,
            after=after,
            action=where.action,
            actor_id=where.actor_id,
            resource_id=where.resource_id,
            outcome=where.outcome,
            since=where.since,
            until=where.until,
        )
        return [
            AuditEvent(
                id=r.id,
                occurred_at=r.occurred_at,
                workspace_id=r.workspace_id,
                actor_id=r.actor_id,
                actor_kind=r.actor_kind,
                action=r.action,
                resource_id=r.resource_id,
                outcome=r.outcome,
                source=r.source,
                details=r.details,
            )
            for r in rows
        ]
