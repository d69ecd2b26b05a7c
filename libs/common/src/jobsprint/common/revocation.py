"""Revoked access-token ids, kept in Redis until the token would have expired anyway."""

from __future__ import annotations

import time

import redis

KEY_PREFIX = "jobsprint:revoked:"


def revoked_key(token_id: str) -> str:
    return f"{KEY_PREFIX}{token_id}"


def revoke(client: redis.Redis, *, token_id: str, expires_at: int) -> None:
    ttl = max(1, expires_at - int(time.time()) + 5)
    client.set(revoked_key(token_id), b"1", ex=ttl)


def is_revoked(client: redis.Redis, token_id: str) -> bool:
    return bool(client.exists(revoked_key(token_id)))
