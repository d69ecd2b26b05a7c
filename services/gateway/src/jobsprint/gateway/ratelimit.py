"""Sliding-window rate limits in Redis: one atomic Lua script per check, shared by every gateway
replica (the window lives in Redis, not in a process).

When Redis cannot answer, each process falls back to an in-process window with the same limits
(ADR-027): brute-force protection stays on — at worst each replica admits the full limit — and
the public routes stay up. Authenticated routes need Redis anyway for the revocation check,
which fails closed (503).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from prometheus_client import Counter

log = logging.getLogger(__name__)

REJECTIONS = Counter("jobsprint_rate_limit_rejections_total", "Requests refused by a rate limit", ["scope"])
FALLBACKS = Counter(
    "jobsprint_rate_limit_fallbacks_total",
    "Checks decided in-process because Redis was unavailable",
    ["scope"],
)

# A sorted set of request timestamps per key: drop those older than the window, count, and —
# when ARGV[5] is 1 — record this request if it is admitted. ARGV[5] = 0 only looks.
_SLIDING_WINDOW = """
local key, now, window, limit, member, record = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local reset = window
if oldest[2] then reset = tonumber(oldest[2]) + window - now end
if count >= limit then return {0, count, reset} end
if record == '1' then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  count = count + 1
end
return {1, count, reset}
"""

# Record an event (a failed login) whatever the count: the window only ever needs the newest `limit`.
_RECORD = """
local key, now, window, limit, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
redis.call('ZADD', key, now, member)
redis.call('ZREMRANGEBYRANK', key, 0, -(limit + 1))
redis.call('PEXPIRE', key, window)
return redis.call('ZCARD', key)
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


class LocalWindows:
    """The same sliding windows in this process only: the fallback while Redis is away."""

    def __init__(self, max_keys: int = 50_000) -> None:
        # Per key, (timestamp, member) of each request counted, oldest first.
        self._windows: OrderedDict[str, deque[tuple[int, str]]] = OrderedDict()
        self._max_keys = max_keys

    def _window(self, key: str, now: int, window_ms: int) -> deque[tuple[int, str]]:
        stamps = self._windows.pop(key, None) or deque()
        while stamps and stamps[0][0] <= now - window_ms:
            stamps.popleft()
        self._windows[key] = stamps
        while len(self._windows) > self._max_keys:
            self._windows.popitem(last=False)
        return stamps

    def check(
        self, key: str, *, now: int, window_ms: int, limit: int, record: bool, member: str = ""
    ) -> tuple[bool, int, int]:
        stamps = self._window(key, now, window_ms)
        reset = stamps[0][0] + window_ms - now if stamps else window_ms
        if len(stamps) >= limit:
            return False, len(stamps), reset
        if record:
            stamps.append((now, member))
        return True, len(stamps), reset

    def record(self, key: str, *, now: int, window_ms: int, limit: int) -> None:
        stamps = self._window(key, now, window_ms)
        stamps.append((now, ""))
        while len(stamps) > limit:
            stamps.popleft()

    def forget(self, key: str, member: str) -> None:
        stamps = self._windows.get(key)
        if stamps:
            kept = deque(entry for entry in stamps if entry[1] != member)
            self._windows[key] = kept

    def clear(self, key: str) -> None:
        self._windows.pop(key, None)


class RateLimiter:
    def __init__(self, client: aioredis.Redis, *, window_seconds: int = 60) -> None:
        self._client = client
        self._script = client.register_script(_SLIDING_WINDOW)
        self._record = client.register_script(_RECORD)
        self._window_ms = window_seconds * 1000
        self._local = LocalWindows()

    @staticmethod
    def _key(scope: str, key: str) -> str:
        return f"jobsprint:ratelimit:{scope}:{key}"

    def _decision(self, scope: str, limit: int, allowed: Any, count: Any, reset_ms: Any) -> Decision:
        # The script's reply: integers, as Redis returns them.
        decision = Decision(
            bool(allowed), limit, max(0, limit - int(count)), max(0, -(-int(reset_ms) // 1000))
        )
        if not decision.allowed:
            REJECTIONS.labels(scope).inc()
        return decision

    async def check(
        self,
        *,
        scope: str,
        key: str,
        limit: int,
        window_seconds: int | None = None,
        record: bool = True,
        member: str | None = None,
    ) -> Decision:
        """Admit (and count, unless `record` is False) one request against `limit` per window, in
        one atomic step: of N concurrent checks against a window with room for k, exactly k are
        admitted. `member` names the entry counted, for `forget` to take it back."""
        now = int(time.time() * 1000)
        window_ms = window_seconds * 1000 if window_seconds else self._window_ms
        name = self._key(scope, key)
        member = member or uuid.uuid4().hex
        try:
            allowed, count, reset_ms = await self._script(
                keys=[name], args=[now, window_ms, limit, member, "1" if record else "0"]
            )
        except aioredis.RedisError as exc:
            FALLBACKS.labels(scope).inc()
            log.warning("rate limiter: Redis unavailable (%s); deciding in-process", exc)
            allowed, count, reset_ms = self._local.check(
                name, now=now, window_ms=window_ms, limit=limit, record=record, member=member
            )
        return self._decision(scope, limit, allowed, count, reset_ms)

    async def record(self, *, scope: str, key: str, limit: int, window_seconds: int) -> None:
        """Count an event (a failed login) against a window that `check(record=False)` reads."""
        now = int(time.time() * 1000)
        name = self._key(scope, key)
        try:
            await self._record(keys=[name], args=[now, window_seconds * 1000, limit, uuid.uuid4().hex])
        except aioredis.RedisError as exc:
            FALLBACKS.labels(scope).inc()
            log.warning("rate limiter: Redis unavailable (%s); recording in-process", exc)
            self._local.record(name, now=now, window_ms=window_seconds * 1000, limit=limit)

    async def forget(self, *, scope: str, key: str, member: str) -> None:
        """Take back one counted entry (an attempt that turned out not to count)."""
        name = self._key(scope, key)
        self._local.forget(name, member)
        try:
            await self._client.zrem(name, member)
        except aioredis.RedisError as exc:
            log.warning("rate limiter: Redis unavailable (%s); entry not taken back", exc)

    async def clear(self, *, scope: str, key: str) -> None:
        """Forget a window (a successful login ends the run of failures)."""
        name = self._key(scope, key)
        self._local.clear(name)
        try:
            await self._client.delete(name)
        except aioredis.RedisError as exc:
            log.warning("rate limiter: Redis unavailable (%s); window not cleared", exc)
