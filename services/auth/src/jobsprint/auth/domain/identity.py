"""Users, workspaces, memberships and sessions as the use cases see them: plain values."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from jobsprint.common.errors import AlreadyExists

INVALID_CREDENTIALS = "the e-mail address or password is wrong"
NOT_A_MEMBER = "you are not a member of that workspace"


@dataclass(frozen=True)
class User:
    id: str
    email: str
    created_at: datetime


@dataclass(frozen=True)
class UserLogin:
    """What a sign-in is checked against: the user and their password's hash."""

    id: str
    email: str
    password_hash: str


@dataclass(frozen=True)
class Workspace:
    id: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class Member:
    user: User
    role: str
    created_at: datetime  # when they joined the workspace


@dataclass(frozen=True)
class Membership:
    """One of a user's workspaces, with their role in it."""

    workspace: Workspace
    role: str
    created_at: datetime  # when they joined it


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class RefreshToken:
    """A stored refresh token; `family_id` is its session (every token one login rotated into)."""

    id: str
    family_id: str
    user_id: str
    workspace_id: str
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class Session:
    id: str
    created_at: datetime
    last_refreshed_at: datetime
    expires_at: datetime
    current: bool


def secret_hash(secret: str) -> str:
    """What is stored of a refresh token or API key: unguessable input needs no slow hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class EmailTaken(AlreadyExists):
    def __init__(self, email: str) -> None:
        super().__init__(f"{email} has an account")


class AlreadyAMember(AlreadyExists):
    def __init__(self, email: str) -> None:
        super().__init__(f"{email} is already a member of this workspace; change their role instead")
