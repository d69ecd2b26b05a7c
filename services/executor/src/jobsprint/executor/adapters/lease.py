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
import time
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
    """The leases one worker process holds, renewed together by one background thread every
    third of their lifetime (a thread per lease cost a thread start and join per execution)."""

    def __init__(self, client: redis.Redis, *, ttl_seconds: int) -> None:
        self._redis = client
        self._ttl_ms = ttl_seconds * 1000
        self._owner = f"worker-{uuid.uuid4()}"
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._renewer: threading.Thread | None = None

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

    def _renew_held_forever(self) -> None:
        while True:
            time.sleep(self._ttl_ms / 3000)
            with self._lock:
                held = list(self._held)
            for execution_id in held:
                try:
                    self.renew(execution_id)
                except Exception:  # the renewer must outlive any one failure
                    log.exception("renewing the lease of execution %s failed", execution_id)

    @contextmanager
    def hold(self, execution_id: str) -> Iterator[None]:
        """Hold the lease for the block; it is renewed while held."""
        if not self.acquire(execution_id):
            raise LeaseBusy(f"execution {execution_id} is leased by another worker")
        with self._lock:
            self._held.add(execution_id)
            if self._renewer is None:
                self._renewer = threading.Thread(
                    target=self._renew_held_forever, name="lease-renewer", daemon=True
                )
                self._renewer.start()
        try:
            yield
        finally:
            with self._lock:
                self._held.discard(execution_id)
            self.release(execution_id)
