"""Execution leases in Redis: one worker advances an execution at a time.

The lease only saves wasted work. Correctness rests on the fence in Postgres: a worker that
takes an execution raises `executions.fence`, and every checkpoint it writes must carry that
value, so a worker whose lease lapsed cannot overwrite its successor. When Redis is down the
worker proceeds on the fence alone (ADR-002: losing Redis costs performance, not correctness).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import redis

log = logging.getLogger(__name__)

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class LeaseBusy(Exception):
    """Another worker holds the execution's lease."""


class Leases:
    def __init__(self, client: redis.Redis, *, ttl_seconds: int) -> None:
        self._redis = client
        self._ttl_ms = ttl_seconds * 1000
        self._owner = f"worker-{uuid.uuid4()}"
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    @staticmethod
    def _key(execution_id: str) -> str:
        return f"jobsprint:lease:execution:{execution_id}"

    def acquire(self, execution_id: str) -> bool:
        try:
            return bool(self._redis.set(self._key(execution_id), self._owner, nx=True, px=self._ttl_ms))
        except redis.RedisError as exc:
            log.warning("lease store unavailable (%s); relying on the fence alone", exc)
            return True

    def renew(self, execution_id: str) -> None:
        with contextlib.suppress(redis.RedisError):
            self._renew(keys=[self._key(execution_id)], args=[self._owner, self._ttl_ms])

    def release(self, execution_id: str) -> None:
        with contextlib.suppress(redis.RedisError):
            self._release(keys=[self._key(execution_id)], args=[self._owner])

    @contextmanager
    def hold(self, execution_id: str) -> Iterator[None]:
        """Hold the lease for the block, renewed in the background every third of its lifetime."""
        if not self.acquire(execution_id):
            raise LeaseBusy(f"execution {execution_id} is leased by another worker")
        done = threading.Event()

        def heartbeat() -> None:
            while not done.wait(self._ttl_ms / 3000):
                self.renew(execution_id)

        beat = threading.Thread(target=heartbeat, name=f"lease-{execution_id[:8]}", daemon=True)
        beat.start()
        try:
            yield
        finally:
            done.set()
            beat.join()
            self.release(execution_id)
