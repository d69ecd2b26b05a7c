"""The ports the auth use cases depend on. Adapters implement them (`adapters/`), unit tests fake
them by subclassing (`tests/unit/fakes.py`); no use case knows which it has."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from jobsprint.auth.domain.api_keys import ApiKey, KeyGrant, NewApiKey, RevokedKey
from jobsprint.auth.domain.audit_log import AuditEvent, AuditFilter
from jobsprint.auth.domain.identity import (
    Member,
    Membership,
    RefreshToken,
    Session,
    User,
    UserLogin,
    Workspace,
)
from jobsprint.common.audit import AuditRecord
from jobsprint.common.unit_of_work import AbstractUnitOfWork


class UserRepository(ABC):
    @abstractmethod
    def add(self, *, user_id: str, email: str, password_hash: str) -> None:
        """Raises `EmailTaken` when the address has an account."""

    @abstractmethod
    def get(self, user_id: str) -> User | None: ...

    @abstractmethod
    def get_login(self, *, email: str = "", user_id: str = "") -> UserLogin | None:
        """The user with that (normalised) address, or that id, with their password's hash."""

    @abstractmethod
    def set_password_hash(self, user_id: str, password_hash: str) -> None: ...

    @abstractmethod
    def id_by_email(self, email: str) -> str | None: ...


class WorkspaceRepository(ABC):
    @abstractmethod
    def add(self, *, workspace_id: str, name: str) -> None: ...

    @abstractmethod
    def get(self, workspace_id: str) -> Workspace | None: ...

    @abstractmethod
    def get_limits(self, workspace_id: str) -> dict[str, Any] | None:
        """The workspace's rate-limit overrides; None when there is no such workspace."""

    @abstractmethod
    def set_limits(self, workspace_id: str, limits: dict[str, int]) -> dict[str, Any] | None:
        """Replace the overrides; returns them as stored, None when there is no such workspace."""


class MembershipRepository(ABC):
    @abstractmethod
    def add(self, *, workspace_id: str, user_id: str, role: str) -> bool:
        """False (and nothing stored) when the user is a member of the workspace already."""

    @abstractmethod
    def roles(self, *, user_id: str, workspace_id: str) -> list[str]: ...

    @abstractmethod
    def workspace_ids(self, user_id: str) -> list[str]:
        """The user's workspaces, the one they joined first first."""

    @abstractmethod
    def of_user(self, user_id: str) -> list[Membership]:
        """The user's workspaces with their role in each, the one they joined first first."""

    @abstractmethod
    def in_workspace(self, workspace_id: str) -> list[Member]:
        """The workspace's members, in the order they joined."""

    @abstractmethod
    def get(self, *, workspace_id: str, user_id: str, lock: bool = False) -> Member | None:
        """`lock`: hold the membership until the unit of work ends (a role about to change)."""

    @abstractmethod
    def count_owners(self, workspace_id: str) -> int: ...

    @abstractmethod
    def set_role(self, *, workspace_id: str, user_id: str, role: str) -> None: ...

    @abstractmethod
    def remove(self, *, workspace_id: str, user_id: str) -> None: ...


class RefreshTokenRepository(ABC):
    @abstractmethod
    def add(
        self, *, token_hash: str, family_id: str, user_id: str, workspace_id: str, expires_at: datetime
    ) -> None: ...

    @abstractmethod
    def get_for_update(self, token_hash: str) -> RefreshToken | None:
        """The token with that hash, held until the unit of work ends (a refresh is one at a time)."""

    @abstractmethod
    def mark_used(self, token_id: str, at: datetime) -> None: ...

    @abstractmethod
    def family_of(self, *, token_hash: str, user_id: str) -> str | None: ...

    @abstractmethod
    def revoke_family(self, family_id: str, at: datetime) -> None:
        """Revoke every token of the session not revoked yet."""

    @abstractmethod
    def revoke_session(self, *, family_id: str, user_id: str, workspace_id: str) -> bool:
        """Revoke one of the user's sessions in the workspace; False when there is none."""

    @abstractmethod
    def revoke_all(self, *, user_id: str, workspace_id: str | None, at: datetime) -> list[str]:
        """Revoke every live token of the user (in `workspace_id`, or everywhere when None);
        returns the sessions they belonged to, sorted, each once."""

    @abstractmethod
    def session_expiry(self, *, family_id: str, user_id: str, now: datetime) -> datetime | None:
        """When the user's session ends; None when it is revoked, over, or not theirs."""

    @abstractmethod
    def live_sessions(self, *, user_id: str, workspace_id: str, now: datetime) -> list[Session]:
        """The user's sessions in the workspace that are neither revoked nor expired, newest first
        (`current` is False for all: the caller knows which one is theirs)."""


class ApiKeyRepository(ABC):
    @abstractmethod
    def add(self, key: NewApiKey) -> ApiKey: ...

    @abstractmethod
    def live(self, workspace_id: str) -> list[ApiKey]:
        """The workspace's live keys, oldest first."""

    @abstractmethod
    def get(self, key_id: str) -> ApiKey | None:
        """A key by id, revoked or not."""

    @abstractmethod
    def revoke(self, *, key_id: str, workspace_id: str) -> RevokedKey | None:
        """None when the workspace has no live key of that id."""

    @abstractmethod
    def revoke_created_by(self, *, user_id: str, workspace_id: str) -> list[RevokedKey]: ...

    @abstractmethod
    def regrant_created_by(self, *, user_id: str, workspace_id: str) -> list[RevokedKey]:
        """Move each live key the user created to its next grant generation; returns the keys
        with the generation they had."""

    @abstractmethod
    def grant(self, key_id: str) -> KeyGrant | None:
        """A live key with its creator's current role; None when there is no live key."""

    @abstractmethod
    def mark_used(self, key_id: str) -> None: ...


class AuditRepository(ABC):
    @abstractmethod
    def append(self, records: Sequence[AuditRecord]) -> None:
        """Store records in this unit of work (they commit with it)."""

    @abstractmethod
    def page(
        self, *, workspace_id: str, limit: int, after: tuple[datetime, str] | None, where: AuditFilter
    ) -> list[AuditEvent]:
        """Newest first; `after` is the (occurred_at, id) of the last event of the previous page."""


class AuthUnitOfWork(AbstractUnitOfWork):
    """One use case's transaction over the auth schema."""

    users: UserRepository
    workspaces: WorkspaceRepository
    members: MembershipRepository
    refresh_tokens: RefreshTokenRepository
    api_keys: ApiKeyRepository
    audit: AuditRepository


class AuditLog(ABC):
    """The audit log outside any use case's transaction: records stored at once (the auth
    service's own calls, other services' events) and the monthly partitions kept ahead."""

    @abstractmethod
    def append_now(self, records: Sequence[AuditRecord]) -> None:
        """Store records in a transaction of their own (one already stored is skipped); raises
        `Unavailable` when the database is."""

    @abstractmethod
    def ensure_partitions(self) -> None:
        """Create the partitions of this month and the months ahead; raises `Unavailable`."""


class PasswordHasher(ABC):
    @abstractmethod
    def hash(self, password: str) -> str: ...

    @abstractmethod
    def verify(self, password_hash: str, password: str) -> bool:
        """Whether `password` is the one `password_hash` was made from."""

    @property
    @abstractmethod
    def dummy_hash(self) -> str:
        """A hash of no one's password, as costly to verify as a user's: a sign-in for an
        unknown address verifies against it, so it takes as long (no enumeration by timing)."""


class RevocationStore(ABC):
    """Where access tokens are rejected before they expire (Redis, read by every service)."""

    @abstractmethod
    def revoke_token(self, token_id: str, *, expires_at: int) -> None: ...

    @abstractmethod
    def revoke_sessions(self, session_ids: Sequence[str], *, ttl_seconds: int) -> None:
        """Reject every token of these sessions for `ttl_seconds` (their tokens' lifetime)."""
