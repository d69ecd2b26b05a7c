"""Fakes of the auth ports for use-case unit tests. Each subclasses its port, so a port that
changes breaks its fake here rather than a test passing against an old shape.

The repositories share one `Tables` (the "database"), which the fake unit of work tracks: what
a `with` block wrote without committing is undone when it ends, as in Postgres."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from jobsprint.auth.domain.api_keys import ApiKey, KeyGrant, NewApiKey, RevokedKey
from jobsprint.auth.domain.audit_log import AuditEvent, AuditFilter
from jobsprint.auth.domain.identity import (
    EmailTaken,
    Member,
    Membership,
    RefreshToken,
    Session,
    TokenPair,
    User,
    UserLogin,
    Workspace,
)
from jobsprint.auth.service import accounts, members
from jobsprint.auth.service.dependencies import Dependencies
from jobsprint.auth.service.ports import (
    ApiKeyRepository,
    AuditLog,
    AuditRepository,
    AuthUnitOfWork,
    MembershipRepository,
    PasswordHasher,
    RefreshTokenRepository,
    RevocationStore,
    UserRepository,
    WorkspaceRepository,
)
from jobsprint.auth.service.tokens import Tokens
from jobsprint.common.audit import AuditRecord
from jobsprint.common.fakes import FakeUnitOfWork
from jobsprint.common.tokens import KeyRing, Principal

KEY_RING = KeyRing(keys={"k1": "k" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint")
ACCESS_TTL, SESSION_TTL, API_KEY_TTL = 300, 3600, 120


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class StoredUser:
    user: User
    password_hash: str


@dataclass
class StoredMembership:
    role: str
    joined: datetime


@dataclass
class StoredToken:
    token: RefreshToken
    token_hash: str
    created_at: datetime


@dataclass
class StoredKey:
    key: ApiKey
    workspace_id: str
    secret_hash: str
    revoked: bool = False
    grant_generation: int = 0


@dataclass
class Tables:
    users: dict[str, StoredUser] = field(default_factory=dict)
    workspaces: dict[str, tuple[Workspace, dict[str, Any]]] = field(default_factory=dict)
    memberships: dict[tuple[str, str], StoredMembership] = field(default_factory=dict)  # (workspace, user)
    refresh_tokens: dict[str, StoredToken] = field(default_factory=dict)  # by id
    api_keys: dict[str, StoredKey] = field(default_factory=dict)
    audit: list[AuditRecord] = field(default_factory=list)


class FakeUsers(UserRepository):
    def __init__(self, db: Tables) -> None:
        self.db = db

    def add(self, *, user_id: str, email: str, password_hash: str) -> None:
        if any(u.user.email == email for u in self.db.users.values()):
            raise EmailTaken(email)
        self.db.users[user_id] = StoredUser(User(user_id, email, _now()), password_hash)

    def get(self, user_id: str) -> User | None:
        found = self.db.users.get(user_id)
        return None if found is None else found.user

    def get_login(self, *, email: str = "", user_id: str = "") -> UserLogin | None:
        for u in self.db.users.values():
            if (u.user.id == user_id) if user_id else (u.user.email == email):
                return UserLogin(u.user.id, u.user.email, u.password_hash)
        return None

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self.db.users[user_id].password_hash = password_hash

    def id_by_email(self, email: str) -> str | None:
        return next((u.user.id for u in self.db.users.values() if u.user.email == email), None)


class FakeWorkspaces(WorkspaceRepository):
    def __init__(self, db: Tables) -> None:
        self.db = db

    def add(self, *, workspace_id: str, name: str) -> None:
        self.db.workspaces[workspace_id] = (Workspace(workspace_id, name, _now()), {})

    def get(self, workspace_id: str) -> Workspace | None:
        found = self.db.workspaces.get(workspace_id)
        return None if found is None else found[0]

    def get_limits(self, workspace_id: str) -> dict[str, Any] | None:
        found = self.db.workspaces.get(workspace_id)
        return None if found is None else dict(found[1])

    def set_limits(self, workspace_id: str, limits: dict[str, int]) -> dict[str, Any] | None:
        if workspace_id not in self.db.workspaces:
            return None
        self.db.workspaces[workspace_id] = (self.db.workspaces[workspace_id][0], dict(limits))
        return dict(limits)


class FakeMemberships(MembershipRepository):
    def __init__(self, db: Tables) -> None:
        self.db = db

    def add(self, *, workspace_id: str, user_id: str, role: str) -> bool:
        if (workspace_id, user_id) in self.db.memberships:
            return False
        self.db.memberships[(workspace_id, user_id)] = StoredMembership(role, _now())
        return True

    def roles(self, *, user_id: str, workspace_id: str) -> list[str]:
        found = self.db.memberships.get((workspace_id, user_id))
        return [] if found is None else [found.role]

    def _of(self, user_id: str) -> list[tuple[str, StoredMembership]]:
        mine = [(w, m) for (w, u), m in self.db.memberships.items() if u == user_id]
        return sorted(mine, key=lambda wm: (wm[1].joined, wm[0]))

    def workspace_ids(self, user_id: str) -> list[str]:
        return [w for w, _m in self._of(user_id)]

    def of_user(self, user_id: str) -> list[Membership]:
        return [Membership(self.db.workspaces[w][0], m.role, m.joined) for w, m in self._of(user_id)]

    def _member(self, user_id: str, m: StoredMembership) -> Member:
        return Member(self.db.users[user_id].user, m.role, m.joined)

    def in_workspace(self, workspace_id: str) -> list[Member]:
        found = [(u, m) for (w, u), m in self.db.memberships.items() if w == workspace_id]
        return [self._member(u, m) for u, m in sorted(found, key=lambda um: um[1].joined)]

    def get(self, *, workspace_id: str, user_id: str, lock: bool = False) -> Member | None:
        found = self.db.memberships.get((workspace_id, user_id))
        return None if found is None else self._member(user_id, found)

    def count_owners(self, workspace_id: str) -> int:
        return sum(1 for (w, _u), m in self.db.memberships.items() if w == workspace_id and m.role == "owner")

    def set_role(self, *, workspace_id: str, user_id: str, role: str) -> None:
        self.db.memberships[(workspace_id, user_id)].role = role

    def remove(self, *, workspace_id: str, user_id: str) -> None:
        del self.db.memberships[(workspace_id, user_id)]


class FakeRefreshTokens(RefreshTokenRepository):
    def __init__(self, db: Tables) -> None:
        self.db = db

    def add(
        self, *, token_hash: str, family_id: str, user_id: str, workspace_id: str, expires_at: datetime
    ) -> None:
        token = RefreshToken(str(uuid.uuid4()), family_id, user_id, workspace_id, expires_at, None, None)
        self.db.refresh_tokens[token.id] = StoredToken(token, token_hash, _now())

    def _by_hash(self, token_hash: str) -> StoredToken | None:
        return next((t for t in self.db.refresh_tokens.values() if t.token_hash == token_hash), None)

    def get_for_update(self, token_hash: str) -> RefreshToken | None:
        found = self._by_hash(token_hash)
        return None if found is None else found.token

    def mark_used(self, token_id: str, at: datetime) -> None:
        stored = self.db.refresh_tokens[token_id]
        stored.token = replace(stored.token, used_at=at)

    def family_of(self, *, token_hash: str, user_id: str) -> str | None:
        found = self._by_hash(token_hash)
        return found.token.family_id if found is not None and found.token.user_id == user_id else None

    def _revoke(self, at: datetime, keep: Callable[[RefreshToken], bool]) -> list[str]:
        families = set()
        for stored in self.db.refresh_tokens.values():
            if stored.token.revoked_at is None and keep(stored.token):
                stored.token = replace(stored.token, revoked_at=at)
                families.add(stored.token.family_id)
        return sorted(families)

    def revoke_family(self, family_id: str, at: datetime) -> None:
        self._revoke(at, lambda t: t.family_id == family_id)

    def revoke_session(self, *, family_id: str, user_id: str, workspace_id: str) -> bool:
        def mine(t: RefreshToken) -> bool:
            return (t.family_id, t.user_id, t.workspace_id) == (family_id, user_id, workspace_id)

        self._revoke(_now(), mine)
        return any(mine(t.token) for t in self.db.refresh_tokens.values())

    def revoke_all(self, *, user_id: str, workspace_id: str | None, at: datetime) -> list[str]:
        return self._revoke(at, lambda t: t.user_id == user_id and workspace_id in (None, t.workspace_id))

    def session_expiry(self, *, family_id: str, user_id: str, now: datetime) -> datetime | None:
        rows = [
            t.token
            for t in self.db.refresh_tokens.values()
            if (t.token.family_id, t.token.user_id) == (family_id, user_id)
        ]
        if not rows or any(t.revoked_at is not None for t in rows) or max(t.expires_at for t in rows) <= now:
            return None
        return max(t.expires_at for t in rows)

    def live_sessions(self, *, user_id: str, workspace_id: str, now: datetime) -> list[Session]:
        families: dict[str, list[StoredToken]] = {}
        for stored in self.db.refresh_tokens.values():
            if (stored.token.user_id, stored.token.workspace_id) == (user_id, workspace_id):
                families.setdefault(stored.token.family_id, []).append(stored)
        sessions = [
            Session(
                family,
                min(s.created_at for s in rows),
                max(s.created_at for s in rows),
                max(s.token.expires_at for s in rows),
                False,
            )
            for family, rows in families.items()
            if all(s.token.revoked_at is None for s in rows) and max(s.token.expires_at for s in rows) > now
        ]
        return sorted(sessions, key=lambda s: s.created_at, reverse=True)


class FakeApiKeys(ApiKeyRepository):
    def __init__(self, db: Tables) -> None:
        self.db = db

    def add(self, key: NewApiKey) -> ApiKey:
        created = ApiKey(key.id, key.name, key.scopes, key.prefix, key.created_by, _now(), None)
        self.db.api_keys[key.id] = StoredKey(created, key.workspace_id, key.secret_hash)
        return created

    def live(self, workspace_id: str) -> list[ApiKey]:
        found = [k.key for k in self.db.api_keys.values() if k.workspace_id == workspace_id and not k.revoked]
        return sorted(found, key=lambda k: k.created_at)

    def get(self, key_id: str) -> ApiKey | None:
        found = self.db.api_keys.get(key_id)
        return None if found is None else found.key

    def _live_created_by(self, user_id: str, workspace_id: str) -> list[StoredKey]:
        return [
            k
            for k in self.db.api_keys.values()
            if (k.workspace_id, k.key.created_by) == (workspace_id, user_id) and not k.revoked
        ]

    def revoke(self, *, key_id: str, workspace_id: str) -> RevokedKey | None:
        found = self.db.api_keys.get(key_id)
        if found is None or found.revoked or found.workspace_id != workspace_id:
            return None
        found.revoked = True
        return RevokedKey(key_id, found.key.name, found.grant_generation)

    def revoke_created_by(self, *, user_id: str, workspace_id: str) -> list[RevokedKey]:
        keys = self._live_created_by(user_id, workspace_id)
        for k in keys:
            k.revoked = True
        return [RevokedKey(k.key.id, k.key.name, k.grant_generation) for k in keys]

    def regrant_created_by(self, *, user_id: str, workspace_id: str) -> list[RevokedKey]:
        keys = self._live_created_by(user_id, workspace_id)
        for k in keys:
            k.grant_generation += 1
        return [RevokedKey(k.key.id, k.key.name, k.grant_generation - 1) for k in keys]

    def grant(self, key_id: str) -> KeyGrant | None:
        found = self.db.api_keys.get(key_id)
        if found is None or found.revoked:
            return None
        creator = self.db.memberships.get((found.workspace_id, found.key.created_by))
        role = None if creator is None else creator.role
        return KeyGrant(found.workspace_id, found.key.scopes, found.secret_hash, found.grant_generation, role)

    def mark_used(self, key_id: str) -> None:
        stored = self.db.api_keys[key_id]
        stored.key = replace(stored.key, last_used_at=_now())


def event(record: AuditRecord) -> AuditEvent:
    return AuditEvent(
        id=record.id,
        occurred_at=record.occurred_at,
        workspace_id=record.workspace_id,
        actor_id=record.actor_id,
        actor_kind=record.actor_kind,
        action=record.action,
        resource_id=record.resource_id,
        outcome=record.outcome,
        source=record.source,
        details=record.details,
    )


def _matches(e: AuditEvent, where: AuditFilter) -> bool:
    return (
        (not where.action or e.action == where.action or e.action.startswith(where.action.rstrip("*.") + "."))
        and (not where.actor_id or e.actor_id == where.actor_id)
        and (not where.resource_id or e.resource_id == where.resource_id)
        and (not where.outcome or e.outcome == where.outcome)
        and (where.since is None or e.occurred_at >= where.since)
        and (where.until is None or e.occurred_at < where.until)
    )


class FakeAudit(AuditRepository):
    def __init__(self, db: Tables) -> None:
        self.db = db

    def append(self, records: Sequence[AuditRecord]) -> None:
        self.db.audit.extend(records)

    def page(
        self, *, workspace_id: str, limit: int, after: tuple[datetime, str] | None, where: AuditFilter
    ) -> list[AuditEvent]:
        events = [event(r) for r in self.db.audit if r.workspace_id == workspace_id]
        events = [
            e for e in events if _matches(e, where) and (after is None or (e.occurred_at, e.id) < after)
        ]
        return sorted(events, key=lambda e: (e.occurred_at, e.id), reverse=True)[:limit]


class FakeAuthUnitOfWork(FakeUnitOfWork, AuthUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.db = self.track(Tables())
        self.users = FakeUsers(self.db)
        self.workspaces = FakeWorkspaces(self.db)
        self.members = FakeMemberships(self.db)
        self.refresh_tokens = FakeRefreshTokens(self.db)
        self.api_keys = FakeApiKeys(self.db)
        self.audit = FakeAudit(self.db)


class FakePasswords(PasswordHasher):
    """A readable stand-in for argon2 that notes each hash it verifies against."""

    def __init__(self) -> None:
        self.verified: list[str] = []

    @property
    def dummy_hash(self) -> str:
        return "hashed:<nobody>"

    def hash(self, password: str) -> str:
        return f"hashed:{password}"

    def verify(self, password_hash: str, password: str) -> bool:
        self.verified.append(password_hash)
        return password_hash == self.hash(password)


class FakeRevocations(RevocationStore):
    def __init__(self) -> None:
        self.tokens: dict[str, int] = {}
        self.sessions: dict[str, int] = {}

    def revoke_token(self, token_id: str, *, expires_at: int) -> None:
        self.tokens[token_id] = expires_at

    def revoke_sessions(self, session_ids: Sequence[str], *, ttl_seconds: int) -> None:
        self.sessions.update(dict.fromkeys(session_ids, ttl_seconds))


class FakeAuditLog(AuditLog):
    def __init__(self) -> None:
        self.records: list[AuditRecord] = []
        self.partitions_made = 0

    def append_now(self, records: Sequence[AuditRecord]) -> None:
        self.records.extend(records)

    def ensure_partitions(self) -> None:
        self.partitions_made += 1


P = ParamSpec("P")
T = TypeVar("T")


class InlineExecutor(Executor):
    """Runs what is submitted at once, so a test sees the background work done."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        self.submitted += 1
        future: Future[T] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


@dataclass
class Service:
    """One fake database, fake outside systems, and the dependencies over them."""

    uow: FakeAuthUnitOfWork
    passwords: FakePasswords
    revocations: FakeRevocations
    audit_log: FakeAuditLog
    background: InlineExecutor
    deps: Dependencies


def service() -> Service:
    uow, passwords, revocations = FakeAuthUnitOfWork(), FakePasswords(), FakeRevocations()
    audit_log, background = FakeAuditLog(), InlineExecutor()
    tokens = Tokens(
        key_ring=KEY_RING,
        revocations=revocations,
        access_token_ttl=ACCESS_TTL,
        session_ttl=SESSION_TTL,
        api_key_token_ttl=API_KEY_TTL,
    )
    deps = Dependencies(
        uow=lambda: uow, passwords=passwords, tokens=tokens, audit_log=audit_log, background=background
    )
    return Service(uow, passwords, revocations, audit_log, background, deps)


PASSWORD = "correct horse battery staple"


def new_email() -> str:
    return f"user-{uuid.uuid4().hex[:10]}@example.com"


def register(svc: Service, email: str, workspace_name: str = "") -> tuple[User, Workspace]:
    d = svc.deps
    return accounts.register(
        d.uow(), d.passwords, d.audit_log, email=email, password=PASSWORD, workspace_name=workspace_name
    )


def login(svc: Service, email: str, workspace_id: str = "", password: str = PASSWORD) -> TokenPair:
    d = svc.deps
    return accounts.login(
        d.uow,
        d.passwords,
        d.tokens,
        d.audit_log,
        d.background,
        email=email,
        password=password,
        workspace_id=workspace_id,
    )


def sign_in(svc: Service, email: str, workspace_id: str = "") -> Principal:
    return KEY_RING.verify(login(svc, email, workspace_id).access_token)


def owner(svc: Service) -> tuple[str, Principal]:
    """A new user signed in to their new workspace: (e-mail, principal)."""
    email = new_email()
    register(svc, email)
    return email, sign_in(svc, email)


def join(svc: Service, by: Principal, role: str) -> tuple[str, Principal]:
    """A new user added to `by`'s workspace with `role`, signed in there: (e-mail, principal)."""
    email = new_email()
    register(svc, email)
    members.add_member(svc.deps.uow(), principal=by, email=email, role=role)
    return email, sign_in(svc, email, by.workspace_id)
