"""Credentials as the service stores them, and the rules a request about one must follow: a name,
JSON objects for config and secret, ids that are UUIDs, field masks of what may change, and that
moving a secret to a new destination needs the secret (ADR-067). Secrets themselves are sealed
and opened in `service/secrets.py`; a `StoredCredential` never holds one in the clear."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from jobsprint.common.errors import AlreadyExists, FieldViolation, InvalidArgument, NotFound
from jobsprint.integrations.domain.credential_types import CredentialType

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
MAX_JSON_BYTES = 1024 * 1024
MAX_BATCH = 500
UPDATABLE = frozenset({"name", "config", "secret"})


@dataclass(frozen=True)
class NewCredential:
    """A credential about to be stored (its secret is sealed beside it)."""

    id: str
    workspace_id: str
    name: str
    type: str
    config: dict[str, Any]
    secret_fields: tuple[str, ...]


@dataclass(frozen=True)
class StoredCredential:
    """A credential as stored, without its secret: `secret_fields` names what the secret holds."""

    id: str
    workspace_id: str
    name: str
    type: str
    config: dict[str, Any]
    secret_fields: tuple[str, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SealedCredential:
    """A credential with its sealed secret and its workspace's wrapped data key, read together
    (the hot path's one query: InvokeAction opens the secret from this)."""

    credential: StoredCredential
    secret_ciphertext: bytes
    master_kid: str
    wrapped_key: bytes


class CredentialNameTaken(AlreadyExists):
    def __init__(self, name: str) -> None:
        super().__init__(f"a credential named {name.strip()!r} already exists in this workspace")


def not_found(credential_id: str) -> NotFound:
    return NotFound(f"no credential {credential_id!r} in this workspace")


def json_object(raw: bytes, *, field_name: str, required: bool) -> dict[str, Any]:
    """`raw` as a JSON object; an empty `raw` is `{}` unless `required`."""
    if not raw:
        if required:
            raise InvalidArgument(f"`{field_name}` is required", [FieldViolation(field_name, "required")])
        return {}
    if len(raw) > MAX_JSON_BYTES:
        raise InvalidArgument(f"`{field_name}` is larger than {MAX_JSON_BYTES} bytes")
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        # The decoder's message may quote the input; a secret's must not be echoed.
        raise InvalidArgument(
            f"`{field_name}` is not JSON", [FieldViolation(field_name, "must be a JSON object")]
        ) from exc
    if not isinstance(value, dict):
        raise InvalidArgument(f"`{field_name}` must be a JSON object", [FieldViolation(field_name, "object")])
    return value


def checked_name(name: str) -> str:
    if not name.strip() or len(name) > 200:
        raise InvalidArgument("the credential needs a name", [FieldViolation("name", "1 to 200 characters")])
    return name.strip()


def parse_id(credential_id: str) -> str:
    """The id in canonical form; what is not a UUID names no credential."""
    try:
        return str(uuid.UUID(credential_id))
    except ValueError as exc:
        raise not_found(credential_id) from exc


def page_size(requested: int) -> int:
    return min(requested or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def batch_lookup(ids: Sequence[str], names: Sequence[str]) -> tuple[set[str], set[str]]:
    """The ids (canonical UUIDs) and names a batch read looks for; a string that is not an id
    matches nothing, so it is dropped rather than refused."""
    if len(ids) > MAX_BATCH or len(names) > MAX_BATCH:
        raise InvalidArgument(
            f"ask for at most {MAX_BATCH} ids and {MAX_BATCH} names at once",
            [FieldViolation("ids" if len(ids) > MAX_BATCH else "names", f"at most {MAX_BATCH}")],
        )
    wanted_ids = set()
    for credential_id in ids:
        try:
            wanted_ids.add(str(uuid.UUID(credential_id)))
        except ValueError:
            continue
    return wanted_ids, {n for n in names if n}


def paths_to_update(mask: Sequence[str], *, name: str, config: bytes, secret: bytes) -> set[str]:
    """The fields an update changes: the mask's, or without one, the fields given."""
    paths = set(mask) or {p for p, v in (("name", name), ("config", config), ("secret", secret)) if v}
    if not paths or paths - UPDATABLE:
        raise InvalidArgument(
            "say what to update",
            [FieldViolation("update_mask", "a non-empty subset of name, config, secret")],
        )
    return paths


def require_secret_to_move(
    kind: CredentialType, stored: StoredCredential, config: dict[str, Any], *, secret_given: bool
) -> None:
    """A change of where the secret is sent (a base URL, a host, a token URL, the hosts it may
    go to) must come with the secret: no role can read a secret, so none may send the stored
    one somewhere new (ADR-067)."""
    moved = kind.moved_destinations(dict(stored.config), config)
    if moved and stored.secret_fields and not secret_given:
        fields = ", ".join(f"config.{name}" for name in moved)
        raise InvalidArgument(
            f"changing {fields} sends this credential's secret to a new destination: "
            "send the secret again in the same request",
            [
                FieldViolation(
                    "secret",
                    f"required when {fields} changes: enter {', '.join(stored.secret_fields)} again",
                )
            ],
        )
