"""Unit tests of the gateway's API-key resolver: exchanged tokens are cached, briefly and safely."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from jobsprint.api.auth.v1 import auth_pb2
from jobsprint.common.errors import Unauthenticated
from jobsprint.common.tokens import KeyRing
from jobsprint.gateway.apikeys import ApiKeyResolver, is_api_key

RING = KeyRing(keys={"k1": "k" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint")
KEY = "jsk_" + "a" * 32 + "_secret"


class FakeAuth:
    """Speaks the one RPC the resolver uses; counts the calls."""

    def __init__(self, ttl: int = 300) -> None:
        self.calls = 0
        self.ttl = ttl

    async def ExchangeApiKey(self, request: Any, timeout: float) -> auth_pb2.ExchangeApiKeyResponse:
        self.calls += 1
        token, _ = RING.issue(
            subject="key-1",
            workspace_id="w",
            roles=["viewer"],
            ttl_seconds=self.ttl,
            kind="api_key",
            scopes=["read"],
            session_id="key-1",
        )
        return auth_pb2.ExchangeApiKeyResponse(access_token=token, expires_in=self.ttl)


def _resolve(resolver: ApiKeyResolver, key: str = KEY) -> Any:
    return asyncio.run(resolver.principal(key))


def test_a_key_is_exchanged_once_while_its_token_is_fresh() -> None:
    auth = FakeAuth()
    resolver = ApiKeyResolver(auth, RING, timeout=1)  # type: ignore[arg-type]
    first, second = _resolve(resolver), _resolve(resolver)
    assert auth.calls == 1
    assert first == second and first.kind == "api_key" and first.scopes == ("read",)


def test_a_token_close_to_expiry_is_exchanged_again() -> None:
    auth = FakeAuth(ttl=20)
    resolver = ApiKeyResolver(auth, RING, timeout=1, refresh_margin_seconds=30)  # type: ignore[arg-type]
    _resolve(resolver)
    _resolve(resolver)
    assert auth.calls == 2


def test_forgetting_a_key_drops_its_cached_token() -> None:
    auth = FakeAuth()
    resolver = ApiKeyResolver(auth, RING, timeout=1)  # type: ignore[arg-type]
    _resolve(resolver)
    resolver.forget(KEY)
    _resolve(resolver)
    assert auth.calls == 2


def test_the_cache_is_bounded() -> None:
    auth = FakeAuth()
    resolver = ApiKeyResolver(auth, RING, timeout=1, max_entries=2)  # type: ignore[arg-type]
    for suffix in "abc":
        _resolve(resolver, KEY + suffix)
    _resolve(resolver, KEY + "a")  # evicted first, so exchanged again
    assert auth.calls == 4


def test_a_token_from_auth_that_does_not_verify_is_not_trusted() -> None:
    auth = FakeAuth()
    other = KeyRing(keys={"k1": "z" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint")
    resolver = ApiKeyResolver(auth, other, timeout=1)  # type: ignore[arg-type]
    with pytest.raises(Unauthenticated):
        _resolve(resolver)


def test_api_keys_are_told_from_tokens_by_their_prefix() -> None:
    assert is_api_key(KEY) and not is_api_key("eyJhbGciOi.x.y")
