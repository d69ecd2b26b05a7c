"""The gateway's response cache (ADR-011, ADR-044): workflow reads and the connector catalogue,
in-process (L1, short TTL) and in Redis (L2, shared by every replica, longer TTL).

- Entries are keyed by kind, workspace and id; the workspace comes from the verified token, so
  one workspace's entry is never looked up for another. Routes still check the caller's role and
  scopes before serving a hit (`may_read`), as the service would.
- Values are the services' protobuf replies, serialised: what a replica renders from a hit is
  what it would have rendered from the service.
- Invalidation: a replica that changes a workflow drops it from both levels at once; every
  replica drops it from L1 (and L2) when the workflows service's `workflow.*` event arrives
  (`invalidation.py`). A per-key generation, bumped by every invalidation, keeps a read that
  was in flight during a change from storing what it read before the change.
- L1 is used only while this replica receives the events: without them it could serve a change
  made elsewhere late, so it is bypassed (and emptied on reconnect) until they flow again.
- Redis failures only cost hits (the service is asked); they never fail a request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

import redis
import redis.asyncio as aioredis
from jobsprint.common.access import Action, authorize
from jobsprint.common.errors import PermissionDenied
from jobsprint.common.tokens import Principal
from prometheus_client import Counter, Gauge

log = logging.getLogger(__name__)

LOOKUPS = Counter(
    "jobsprint_gateway_cache_lookups_total",
    "Response cache lookups by result (l1_hit, l2_hit, miss, bypass); hit rate = hits / all",
    ["cache", "result"],
)
INVALIDATIONS = Counter(
    "jobsprint_gateway_cache_invalidations_total",
    "Response cache entries dropped, by what dropped them (write, event, stale_etag)",
    ["cache", "source"],
)
FEED = Gauge(
    "jobsprint_gateway_cache_feed_connected",
    "1 while this replica receives workflow events (its in-process cache is in use), else 0",
)

PREFIX = "jobsprint:cache:v1"

# Store only if nobody invalidated the key since the read began (the generation it saw).
_STORE = """
local generation = redis.call('GET', KEYS[2]) or '0'
if generation ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
"""
# Drop the value and bump the generation; the generation outlives any read in flight.
_INVALIDATE = """
redis.call('DEL', KEYS[1])
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return 1
"""
GENERATION_TTL_MS = 2 * 3600 * 1000
Generation = tuple[int, int]


def may_read(principal: Principal) -> bool:
    """Whether the caller may read in its workspace (the `read` action of the method policy)."""
    try:
        authorize(principal, Action.READ)
    except PermissionDenied:
        return False
    return True


@dataclass(frozen=True)
class Key:
    kind: str
    workspace_id: str
    id: str = ""

    @property
    def value(self) -> str:
        return f"{PREFIX}:{self.kind}:{self.workspace_id}:{self.id}"

    @property
    def generation(self) -> str:
        return f"{PREFIX}:gen:{self.kind}:{self.workspace_id}:{self.id}"


class LocalCache:
    """L1: a bounded LRU of (expiry, bytes) with per-key generations; thread-safe, since the
    event consumer thread invalidates while the event loop reads."""

    def __init__(self, *, ttl_seconds: float, max_entries: int) -> None:
        self.ttl_seconds = ttl_seconds
        self._max = max_entries
        self._entries: OrderedDict[Key, tuple[float, bytes]] = OrderedDict()
        self._generations: OrderedDict[Key, int] = OrderedDict()
        # Bumped by `clear`: a read that began before it stores nothing, whatever its key.
        self._epoch = 0
        self._lock = threading.Lock()

    def get(self, key: Key) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def generation(self, key: Key) -> Generation:
        """Where the key stands now; `put` stores only if it still stands there."""
        with self._lock:
            return (self._epoch, self._generations.get(key, 0))

    def put(self, key: Key, value: bytes, *, generation: Generation, ttl_seconds: float) -> bool:
        with self._lock:
            if (self._epoch, self._generations.get(key, 0)) != generation or ttl_seconds <= 0:
                return False
            self._entries[key] = (time.monotonic() + ttl_seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
            return True

    def invalidate(self, key: Key) -> None:
        with self._lock:
            self._entries.pop(key, None)
            self._generations[key] = self._generations.pop(key, 0) + 1
            while len(self._generations) > self._max:
                # A forgotten generation reads as 0 again: no read in flight may store after that.
                self._generations.popitem(last=False)
                self._epoch += 1

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._epoch += 1

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


class ResponseCache:
    def __init__(
        self,
        client: aioredis.Redis,
        *,
        local_ttl_seconds: float,
        local_max_entries: int,
        redis_ttl_seconds: int,
        enabled: bool = True,
    ) -> None:
        self._redis = client
        self._store = client.register_script(_STORE)
        self._invalidate = client.register_script(_INVALIDATE)
        self.local = LocalCache(ttl_seconds=local_ttl_seconds, max_entries=local_max_entries)
        self.redis_ttl_seconds = redis_ttl_seconds
        self.enabled = enabled
        self._feed_connected = False

    # --- the event feed -------------------------------------------------------------------

    @property
    def local_in_use(self) -> bool:
        return self._feed_connected and self.local.ttl_seconds > 0

    def feed_connected(self) -> None:
        """The event consumer is (re)connected: anything it missed may be in L1, so drop L1."""
        self.local.clear()
        self._feed_connected = True
        FEED.set(1)

    def feed_disconnected(self) -> None:
        self._feed_connected = False
        self.local.clear()
        FEED.set(0)

    # --- reads ----------------------------------------------------------------------------

    async def get_or_load(
        self,
        key: Key,
        load: Callable[[], Awaitable[tuple[bytes, float | None]]],
    ) -> bytes:
        """The cached value of `key`, or `load()`'s, stored for next time. `load` returns the
        value and, when the value goes stale at a known time, how many seconds it stays fresh."""
        if not self.enabled:
            LOOKUPS.labels(key.kind, "bypass").inc()
            value, _fresh = await load()
            return value
        use_local = self.local_in_use
        if use_local:
            hit = self.local.get(key)
            if hit is not None:
                LOOKUPS.labels(key.kind, "l1_hit").inc()
                return hit
        local_generation = self.local.generation(key)
        redis_generation: bytes | None = None
        if self.redis_ttl_seconds > 0:
            cached: bytes | None = None
            try:
                # The client does not decode responses: values come back as bytes.
                cached, redis_generation = cast(
                    list[bytes | None], await self._redis.mget(key.value, key.generation)
                )
            except redis.RedisError as exc:
                log.warning("response cache: Redis unavailable (%s); asking the service", exc)
            if cached is not None:
                LOOKUPS.labels(key.kind, "l2_hit").inc()
                if use_local:
                    self.local.put(
                        key, cached, generation=local_generation, ttl_seconds=self.local.ttl_seconds
                    )
                return bytes(cached)
        LOOKUPS.labels(key.kind, "miss").inc()
        value, fresh_seconds = await load()
        await self._fill(key, value, fresh_seconds, local_generation, redis_generation, use_local)
        return value

    async def _fill(
        self,
        key: Key,
        value: bytes,
        fresh_seconds: float | None,
        local_generation: Generation,
        redis_generation: bytes | None,
        use_local: bool,
    ) -> None:
        cap = float("inf") if fresh_seconds is None else fresh_seconds
        if use_local:
            self.local.put(
                key, value, generation=local_generation, ttl_seconds=min(self.local.ttl_seconds, cap)
            )
        ttl_ms = int(min(self.redis_ttl_seconds, cap) * 1000)
        if ttl_ms <= 0:
            return
        try:
            await self._store(
                keys=[key.value, key.generation],
                args=[(redis_generation or b"0").decode(), value, ttl_ms],
            )
        except redis.RedisError as exc:
            log.warning("response cache: cannot store in Redis (%s)", exc)

    # --- invalidation ---------------------------------------------------------------------

    async def invalidate(self, key: Key, *, source: str) -> None:
        """Drop `key` from both levels (this replica changed it, or learnt it is stale). Redis
        first: dropped from L1 first, the key could be refilled from the stale Redis entry by a
        read in between."""
        INVALIDATIONS.labels(key.kind, source).inc()
        try:
            await self._invalidate(keys=[key.value, key.generation], args=[GENERATION_TTL_MS])
        except redis.RedisError as exc:
            # The entry lives on in Redis until its TTL; every replica's event consumer retries.
            log.warning("response cache: cannot invalidate %s in Redis (%s)", key.value, exc)
        finally:
            self.local.invalidate(key)

    def invalidate_from_event(self, key: Key, sync_redis: redis.Redis) -> None:
        """The same from the event consumer's thread (a blocking Redis client); a RedisError is
        the consumer's to retry."""
        INVALIDATIONS.labels(key.kind, "event").inc()
        try:
            sync_redis.eval(_INVALIDATE, 2, key.value, key.generation, GENERATION_TTL_MS)
        finally:
            self.local.invalidate(key)
