"""Revoked access tokens and sessions, listed in Redis until their tokens would have expired anyway.

A token is rejected when its own id (`jti`: logout) or its session (`sid`: a refresh-token
family or an API key — reuse detection, session revoke, member removal, key deletion) is listed.
Both are checked in one round trip, by the gateway and by every service.

Redis is a cache of the list: the auth service keeps it in Postgres and loads it into Redis
(`load`) when it starts and whenever it finds the list's marker (`LOADED_KEY`) gone — Redis
restarted empty or was flushed. A checker reads the marker in the same round trip: once it has
seen it, a Redis without it has lost the list, and the check fails closed
(`RevocationListLost`, a RedisError: 503 at the gateway, UNAVAILABLE in a service) until auth
has loaded it again, within a second.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import redis
import redis.asyncio as aioredis
from jobsprint.common.tokens import Principal

KEY_PREFIX = "jobsprint:revoked:"
SESSION_PREFIX = "jobsprint:revoked-session:"
# Present while Redis holds the whole list (set last by `load`, never expiring).
LOADED_KEY = "jobsprint:revocations-loaded"
TOKEN = "token"
SESSION = "session"


class RevocationListLost(redis.RedisError):
    """Redis no longer holds the revocation list (it restarted empty): a token cannot be checked."""


def revoked_key(token_id: str) -> str:
    return f"{KEY_PREFIX}{token_id}"


def revoked_session_key(session_id: str) -> str:
    return f"{SESSION_PREFIX}{session_id}"


def _keys(principal: Principal) -> list[str]:
    keys = [revoked_key(principal.token_id)]
    if principal.session_id:
        keys.append(revoked_session_key(principal.session_id))
    return keys


def revoke(client: redis.Redis, *, token_id: str, expires_at: int) -> None:
    ttl = max(1, expires_at - int(time.time()) + 5)
    client.set(revoked_key(token_id), b"1", ex=ttl)


def revoke_sessions(client: redis.Redis, *, session_ids: list[str], ttl_seconds: int) -> None:
    """List sessions as revoked for `ttl_seconds` (the longest any of their tokens may live)."""
    if not session_ids:
        return
    with client.pipeline(transaction=False) as pipe:
        for session_id in session_ids:
            pipe.set(revoked_session_key(session_id), b"1", ex=max(1, ttl_seconds))
        pipe.execute()


def is_revoked(client: redis.Redis, token_id: str) -> bool:
    return bool(client.exists(revoked_key(token_id)))


class _Memory:
    """Whether the Redis a checker reads has been seen holding the list."""

    def __init__(self) -> None:
        self.seen_loaded = False

    def answer(self, values: list[bytes | str | None]) -> bool:
        loaded, *listed = values
        if loaded is not None:
            self.seen_loaded = True
        elif self.seen_loaded:
            raise RevocationListLost("the revocation list is being reloaded into Redis; retry shortly")
        # Never seen loaded: a Redis that no auth service has loaded yet (a fresh one, tests
        # without auth) is taken as it is.
        return any(value is not None for value in listed)


class RevocationChecker:
    """The revocation check of one process (a service's gRPC server): one Redis, and whether
    it has been seen holding the list, so that losing it fails closed."""

    def __init__(self, client: redis.Redis) -> None:
        self._client = client
        self._memory = _Memory()

    def __call__(self, principal: Principal) -> bool:
        return self._memory.answer(self._client.mget([LOADED_KEY, *_keys(principal)]))


class AsyncRevocationChecker:
    """The same for the gateway's asyncio Redis client."""

    def __init__(self, client: aioredis.Redis) -> None:
        self._client = client
        self._memory = _Memory()

    async def __call__(self, principal: Principal) -> bool:
        return self._memory.answer(await self._client.mget([LOADED_KEY, *_keys(principal)]))


def principal_revoked(client: redis.Redis, principal: Principal) -> bool:
    """One look, with no memory of earlier ones (a process checks through a RevocationChecker)."""
    return RevocationChecker(client)(principal)


def is_loaded(client: redis.Redis) -> bool:
    return bool(client.exists(LOADED_KEY))


def load(client: redis.Redis, entries: Iterable[tuple[str, str, int]]) -> int:
    """List every (kind, id, expires_at epoch seconds) entry still live, then mark the list
    loaded; returns how many were listed. Idempotent: replicas loading at once do no harm."""
    now = int(time.time())
    count = 0
    with client.pipeline(transaction=False) as pipe:
        for kind, identifier, expires_at in entries:
            if expires_at <= now:
                continue
            key = revoked_key(identifier) if kind == TOKEN else revoked_session_key(identifier)
            pipe.set(key, b"1", ex=expires_at - now)
            count += 1
        pipe.execute()
    client.set(LOADED_KEY, b"1")
    return count
