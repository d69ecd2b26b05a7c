"""Revoked access tokens and sessions, kept in Redis until their tokens would have expired anyway.

A token is rejected when its own id (`jti`: logout) or its session (`sid`: a refresh-token
family or an API key — reuse detection, session revoke, member removal, key deletion) is listed.
Both are checked in one `EXISTS` round trip, by the gateway and by every service.
"""

from __future__ import annotations

import time

import redis
import redis.asyncio as aioredis
from jobsprint.common.tokens import Principal

KEY_PREFIX = "jobsprint:revoked:"
SESSION_PREFIX = "jobsprint:revoked-session:"


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


def principal_revoked(client: redis.Redis, principal: Principal) -> bool:
    return bool(client.exists(*_keys(principal)))


async def principal_revoked_async(client: aioredis.Redis, principal: Principal) -> bool:
    return bool(await client.exists(*_keys(principal)))
