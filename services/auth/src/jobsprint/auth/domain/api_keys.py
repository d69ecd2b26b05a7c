"""API keys: their form (`jsk_<key id>_<random>`), what a new one may be, and the session id of
the tokens exchanged for one (ADR-026, ADR-068)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from jobsprint.common import access
from jobsprint.common.errors import FieldViolation, InvalidArgument, NotFound, Unauthenticated

API_KEY_PREFIX = "jsk_"
_API_KEY_ID_LENGTH = 32  # a UUID's hex digits
INVALID_API_KEY = "the API key is invalid or has been deleted"


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    scopes: list[str]
    prefix: str
    created_by: str
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class NewApiKey:
    id: str
    workspace_id: str
    name: str
    scopes: list[str]
    secret_hash: str
    prefix: str
    created_by: str


@dataclass(frozen=True)
class KeyGrant:
    """What exchanging a key needs: its workspace, scopes, hash, grant generation, and its
    creator's current role in the workspace (None once they left it)."""

    workspace_id: str
    scopes: list[str]
    secret_hash: str
    grant_generation: int
    creator_role: str | None


@dataclass(frozen=True)
class RevokedKey:
    id: str
    name: str
    grant_generation: int


def checked(name: str, scopes: list[str]) -> tuple[str, list[str]]:
    """The name trimmed and the scopes in their canonical order, or InvalidArgument."""
    problems = []
    if not name.strip() or len(name) > 200:
        problems.append(FieldViolation("name", "1 to 200 characters"))
    if not scopes or any(scope not in access.SCOPES for scope in scopes):
        problems.append(FieldViolation("scopes", f"one or more of {', '.join(access.SCOPES)}"))
    if problems:
        raise InvalidArgument("the API key is invalid", problems)
    return name.strip(), sorted(set(scopes), key=access.SCOPES.index)


def new_secret(key_id: uuid.UUID) -> str:
    return f"{API_KEY_PREFIX}{key_id.hex}_{secrets.token_urlsafe(32)}"


def shown_prefix(secret: str) -> str:
    """The part of a key kept in the clear, so a person can tell their keys apart."""
    return secret[: len(API_KEY_PREFIX) + 8]


def key_id_of(api_key: str) -> str:
    """The key id a presented key names, or Unauthenticated when it is not a key's form."""
    body = api_key[len(API_KEY_PREFIX) :]
    key_id = body[:_API_KEY_ID_LENGTH]
    if not api_key.startswith(API_KEY_PREFIX) or body[_API_KEY_ID_LENGTH : _API_KEY_ID_LENGTH + 1] != "_":
        raise Unauthenticated(INVALID_API_KEY)
    try:
        return str(uuid.UUID(hex=key_id))
    except ValueError as exc:
        raise Unauthenticated(INVALID_API_KEY) from exc


def key_session(key_id: str, generation: int) -> str:
    """The session id (`sid`) of the tokens exchanged for a key under one grant of its creator's
    role: the key id itself until that role first changes (ADR-026, ADR-068)."""
    return key_id if generation == 0 else f"{key_id}.{generation}"


def granted_scopes(grant: KeyGrant) -> list[str]:
    """A key does no more than its creator may do now (ADR-068): a removed creator's keys are
    revoked with their membership, a demoted one's lose the scopes the new role lacks."""
    allowed = access.scopes_of_role(grant.creator_role)
    scopes = [scope for scope in grant.scopes if scope in allowed]
    if not scopes:
        raise Unauthenticated(
            f"this API key's scopes ({' '.join(grant.scopes)}) are beyond what its creator's role "
            f"({grant.creator_role or 'none: no longer a member'}) allows; an admin can create a new key"
        )
    return scopes


def role_for_scopes(scopes: list[str]) -> str:
    """The scopes bound what the key does; the role only has to let those scopes through."""
    return access.EDITOR if {access.WRITE, access.RUN} & set(scopes) else access.VIEWER


def not_found(key_id: str) -> NotFound:
    return NotFound(f"no API key {key_id!r} in this workspace")
