"""The connector interface: one module per connector implements it, one registry line lists it
(docs/connectors.md).

A connector declares its actions (each with a JSON schema for parameters and output) and the
credential types it accepts, and `invoke`s an action with checked parameters. Everything it needs
from the service (the SSRF-guarded HTTP client, the decrypted credential, the cache, limits)
comes in the `ActionContext`, which the registry builds for each call; a connector imports no
other connector and nothing of the service but `domain` and this package.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
import orjson
from jobsprint.common.outbound import OutboundPolicy
from jobsprint.common.redaction import Masker
from jobsprint.integrations.domain.connector import Action, ActionResult, Credential, Limits, Usage

TOKEN_EXPIRY_MARGIN_SECONDS = 30


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None: ...


class Budget(Protocol):
    def check(self, workspace_id: str) -> None: ...

    def record(self, workspace_id: str, usage: Usage) -> None: ...


class TokenCache:
    """OAuth2 access tokens in this process's memory (never in Redis or Postgres), keyed by the
    credential and a digest of everything that obtains the token, until shortly before expiry.
    One per process, made by bootstrap and shared by every call through the registry."""

    def __init__(self, *, max_entries: int = 10_000) -> None:
        self._tokens: dict[str, tuple[str, float]] = {}
        self._max = max_entries
        self._lock = threading.Lock()

    @staticmethod
    def key(credential: Credential) -> str:
        material = orjson.dumps(
            [credential.id, credential.config, credential.secret], option=orjson.OPT_SORT_KEYS
        )
        return hashlib.sha256(material).hexdigest()

    def get(self, key: str) -> str | None:
        with self._lock:
            found = self._tokens.get(key)
            if found is None or found[1] <= time.monotonic():
                self._tokens.pop(key, None)
                return None
            return found[0]

    def put(self, key: str, token: str, lifetime: float) -> None:
        with self._lock:
            if len(self._tokens) > self._max:
                self._tokens.clear()
            self._tokens[key] = (token, time.monotonic() + lifetime - TOKEN_EXPIRY_MARGIN_SECONDS)


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
    oauth2_tokens: TokenCache
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
