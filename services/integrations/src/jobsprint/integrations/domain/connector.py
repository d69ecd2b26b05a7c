"""The connector interface: one module per connector implements it, one registry line lists it.

A connector declares its actions (each with a JSON schema for parameters and output) and the
credential types it accepts, and `invoke`s an action with checked parameters. Everything it needs
from the service (the SSRF-guarded HTTP client, the decrypted credential, the cache, limits)
comes in the `ActionContext`; a connector imports no other connector and no adapter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from jobsprint.common.outbound import OutboundPolicy
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


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None: ...


class Budget(Protocol):
    def check(self, workspace_id: str) -> None: ...

    def record(self, workspace_id: str, usage: Usage) -> None: ...


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
class ActionContext:
    workspace_id: str
    credential: Credential | None
    idempotency_key: str
    policy: OutboundPolicy
    limits: Limits
    http: Callable[..., httpx.Client]
    cache: Cache
    budget: Budget
    # The call's secrets, masked in whatever leaves the service; a connector that obtains a
    # secret of its own (an OAuth2 access token) adds it here.
    masker: Masker = field(default_factory=Masker)


class Connector(Protocol):
    name: str
    description: str
    credential_types: tuple[str, ...]
    credential_required: bool
    actions: tuple[Action, ...]

    def invoke(self, ctx: ActionContext, action: str, parameters: Mapping[str, Any]) -> ActionResult: ...

    def test(self, ctx: ActionContext, target: str) -> str:
        """Try the credential in `ctx`; return a short success message or raise ActionError."""
        ...


def object_schema(
    properties: Mapping[str, Any], required: tuple[str, ...] = (), *, additional: bool = False
) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": dict(properties),
        "required": list(required),
        "additionalProperties": additional,
    }
