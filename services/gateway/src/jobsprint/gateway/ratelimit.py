"""Sliding-window rate limits in Redis: one atomic Lua script per check."""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass

import redis.asyncio as aioredis
from prometheus_client import Counter

log = logging.getLogger(__name__)

REJECTIONS = Counter("jobsprint_rate_limit_rejections_total", "Requests refused by a rate limit", ["scope"])

# A sorted set of request timestamps per key: drop those older than the window, count, admit.
_SLIDING_WINDOW = """
local key, now, window, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local reset = window
if oldest[2] then reset = tonumber(oldest[2]) + window - now end
if count >= limit then return {0, count, reset} end
redis.call('ZADD', key, now, member)
redis.call('PEXPIRE', key, window)
return {1, count + 1, reset}
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int

    @property
    def headers(self) -> dict[str, str]:
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
        }
        if not self.allowed:
            headers["Retry-After"] = str(max(1, self.reset_seconds))
        return headers


class RateLimiter:
    def __init__(self, client: aioredis.Redis, *, window_seconds: int = 60) -> None:
        self._script = client.register_script(_SLIDING_WINDOW)
        self._window_ms = window_seconds * 1000

    async def check(self, *, scope: str, key: str, limit: int) -> Decision:
        now = int(time.time() * 1000)
        try:
            allowed, count, reset_ms = await self._script(
                keys=[f"jobsprint:ratelimit:{scope}:{key}"],
                args=[now, self._window_ms, limit, uuid.uuid4().hex],
            )
        except aioredis.RedisError as exc:
            # Rate limits protect capacity, not correctness: without Redis, admit and say so.
            log.warning("rate limiter unavailable (%s); admitting request", exc)
            return Decision(True, limit, limit, 0)
        decision = Decision(bool(allowed), limit, max(0, limit - int(count)), max(0, int(reset_ms) // 1000))
        if not decision.allowed:
            REJECTIONS.labels(scope).inc()
        return decision
