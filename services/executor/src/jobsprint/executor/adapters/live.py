"""Live execution events: the outbox relay rings the newest event of each execution in a batch it
has published on that execution's Redis pub/sub channel, where the gateways streaming it listen
(ADR-053); and the
transaction that ends an execution rings its id, at once, for the callers waiting on its answer
(ADR-104).

A ring is only a wake-up. The numbered history in Postgres is the truth a stream reads, so a
ring lost to a Redis outage delays a stream by one poll interval and changes nothing else.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import redis
from jobsprint.common import messaging, redis_clients
from prometheus_client import Counter

log = logging.getLogger(__name__)

# Execution events, the ones a stream shows; `workflow.*` and `audit.*` ring nowhere.
LIVE_TYPES = ("execution.", "step.")

RELAYED = Counter(
    "jobsprint_execution_events_relayed_total",
    "Execution events rung on Redis pub/sub for live streams",
    ["outcome"],
)


class LiveEventBell:
    """`OutboxRelay(on_published=...)`: one pipelined PUBLISH per batch of published rows."""

    def __init__(self, client: redis.Redis) -> None:
        self._redis = client
        self._prefix = redis_clients.live_events_prefix(client)
        self._last_warning = 0.0

    def __call__(self, rows: Sequence[Any]) -> None:
        # The last event of each execution in the batch: a stream that sees its sequence jump reads
        # what it missed from the history, so one ring per execution a batch wakes it as well as
        # one per event did, at a fifth of the PUBLISHes when nobody watches (an execution of
        # three steps commits five events at once).
        last: dict[str, bytes] = {}
        for row in rows:
            if row.exchange != messaging.EVENTS_EXCHANGE or not row.routing_key.startswith(LIVE_TYPES):
                continue
            try:
                subject = orjson.loads(row.body).get("subject")
            except (orjson.JSONDecodeError, AttributeError):
                continue
            if isinstance(subject, str) and subject:
                last[subject] = row.body
        if not last:
            return
        pipeline = self._redis.pipeline(transaction=False)
        for subject, body in last.items():
            pipeline.publish(self._prefix + subject, body)
        rings = len(pipeline)  # an executed pipeline is empty again
        try:
            pipeline.execute()
            RELAYED.labels("published").inc(rings)
        except redis.RedisError as exc:
            RELAYED.labels("redis_error").inc(rings)
            # Streams fall back to reading the history; one warning a minute is enough.
            if time.monotonic() - self._last_warning > 60:
                self._last_warning = time.monotonic()
                log.warning("cannot ring execution events on Redis: %s", exc)


ENDS_RUNG = Counter(
    "jobsprint_execution_ends_rung_total",
    "Execution ends rung on Redis for the callers waiting on them (ADR-104)",
    ["outcome"],
)


# After a Redis error the bell stays quiet this long (the waiters poll meanwhile).
QUIET_SECONDS = 5.0
# An end whose ring would be larger goes as its id alone: the waiter reads it.
MAX_RING_BYTES = 64 * 1024


@dataclass(frozen=True)
class Ended:
    """An execution a commit ended. `status` is empty when the transaction did not say how it
    ended (a cancel, a dead letter): the ring then carries the id alone."""

    execution_id: str
    status: str = ""
    output: Any = None
    error: str = ""

    def ring(self) -> bytes:
        """The ring's payload: the id, and the end itself when it is small enough to carry, so
        the waiting caller is answered without a read (ADR-104)."""
        if self.status:
            try:
                payload = orjson.dumps(
                    {
                        "id": self.execution_id,
                        "status": self.status,
                        "output": self.output,
                        "error": self.error,
                    }
                )
            except TypeError:  # what orjson refuses (an integer beyond 64 bits): the waiter reads it
                payload = b""
            if payload and len(payload) <= MAX_RING_BYTES:
                return payload
        return orjson.dumps({"id": self.execution_id})


class FinishBell:
    """`SqlUnitOfWork(on_ended=...)`: rings each execution a commit ended on the gateways'
    `finished` channel, one round trip per commit. A wake-up only: a waiter that misses it polls,
    so a Redis error costs a warning a minute and nothing else."""

    def __init__(self, client: redis.Redis) -> None:
        self._redis = client
        self._channel = redis_clients.finished_channel(client)
        self._last_warning = 0.0
        self._quiet_until = 0.0

    def __call__(self, ended: Sequence[Ended]) -> None:
        if time.monotonic() < self._quiet_until:
            ENDS_RUNG.labels("skipped").inc(len(ended))
            return
        try:
            if len(ended) == 1:
                self._redis.publish(self._channel, ended[0].ring())
            else:
                pipeline = self._redis.pipeline(transaction=False)
                for one in ended:
                    pipeline.publish(self._channel, one.ring())
                pipeline.execute()
            ENDS_RUNG.labels("published").inc(len(ended))
        except Exception as exc:  # after the commit: nothing here may fail the run that ended
            ENDS_RUNG.labels("redis_error" if isinstance(exc, redis.RedisError) else "error").inc(len(ended))
            # Not on every end while Redis is away: each try would stall the worker a timeout.
            self._quiet_until = time.monotonic() + QUIET_SECONDS
            if time.monotonic() - self._last_warning > 60:
                self._last_warning = time.monotonic()
                log.warning("cannot ring execution ends on Redis (waiting callers poll): %s", exc)
