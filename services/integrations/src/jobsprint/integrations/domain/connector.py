"""What the service knows of connectors and their actions, in plain data: the catalogue entry of
a connector (`ConnectorInfo`) and of an action (`Action`), a decrypted `Credential`, one call's
`ActionCall`, its `ActionResult`, and the failures an action reports (`ActionError`: retryable
or permanent). The connectors themselves do I/O and live in `adapters/connectors/`
(docs/connectors.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jobsprint.common.redaction import Masker


class ActionError(Exception):
    """An action failed. `retryable` says whether trying again later may succeed."""

    retryable = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RetryableError(ActionError):
    """The outside service is unavailable, slow or rate-limiting: retry later."""

    retryable = True


class RateLimited(RetryableError):
    """The outside service, or our budget for it, says: not now."""


class PermanentError(ActionError):
    """The request is wrong, refused or not allowed: retrying the same call will fail the same way."""


@dataclass(frozen=True)
class Action:
    name: str
    description: str
    parameters_schema: Mapping[str, Any]
    output_schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})


@dataclass(frozen=True)
class Credential:
    """A decrypted credential, handed to a connector for one call and never stored by it."""

    id: str
    type: str
    config: Mapping[str, Any]
    secret: Mapping[str, Any]


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class ActionResult:
    output: Any
    usage: Usage | None = None
    cached: bool = False


@dataclass(frozen=True)
class Limits:
    http_timeout_seconds: float = 30.0
    http_max_response_bytes: int = 5 * 1024 * 1024
    http_max_redirects: int = 5
    smtp_timeout_seconds: float = 30.0
    ai_timeout_seconds: float = 120.0
    ai_cache_ttl_seconds: int = 3600
    mcp_timeout_seconds: float = 60.0


@dataclass(frozen=True)
class ConnectorInfo:
    """A connector as the catalogue shows it; an MCP server's tools become actions of their own."""

    name: str
    description: str
    credential_types: tuple[str, ...]
    credential_required: bool
    actions: tuple[Action, ...]

    def action(self, name: str) -> Action | None:
        return next((a for a in self.actions if a.name == name), None)


@dataclass(frozen=True)
class ActionCall:
    """Who calls an action and with what: the workspace, the credential decrypted for this call
    only, the step's idempotency key, and the call's secrets, masked in whatever leaves the
    service (a connector that obtains a secret of its own, an OAuth2 access token, adds it)."""

    workspace_id: str
    credential: Credential | None
    idempotency_key: str
    masker: Masker = field(default_factory=Masker)


def object_schema(
    properties: Mapping[str, Any], required: tuple[str, ...] = (), *, additional: bool = False
) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": dict(properties),
        "required": list(required),
        "additionalProperties": additional,
    }
