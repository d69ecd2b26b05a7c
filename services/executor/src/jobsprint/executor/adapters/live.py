"""Live execution events: the outbox relay rings each execution event it has published on that
execution's Redis pub/sub channel, where the gateways streaming it listen (ADR-053).

A ring is only a wake-up. The numbered history in Postgres is the truth a stream reads, so a
ring lost to a Redis outage delays a stream by one poll interval and changes nothing else.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
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
        pipeline = self._redis.pipeline(transaction=False)
        for row in rows:
            if row.exchange != messaging.EVENTS_EXCHANGE or not row.routing_key.startswith(LIVE_TYPES):
                continue
            try:
                subject = orjson.loads(row.body).get("subject")
            except (orjson.JSONDecodeError, AttributeError):
                continue
            if isinstance(subject, str) and subject:
                pipeline.publish(self._prefix + subject, row.body)
        rings = len(pipeline)  # an executed pipeline is empty again
        if not rings:
            return
        try:
            pipeline.execute()
            RELAYED.labels("published").inc(rings)
        except redis.RedisError as exc:
            RELAYED.labels("redis_error").inc(rings)
            # Streams fall back to reading the history; one warning a minute is enough.
            if time.monotonic() - self._last_warning > 60:
                self._last_warning = time.monotonic()
                log.warning("cannot ring execution events on Redis: %s", exc)
