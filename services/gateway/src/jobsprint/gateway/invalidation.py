"""Cache invalidation across gateway replicas: each replica consumes the workflows service's
`workflow.*` events from the `jobsprint.events` topic exchange through a queue of its own
(exclusive: it goes when the replica's connection goes), in a thread, and drops the workflow
named by each event from its in-process cache and from Redis (ADR-044).

While the consumer is not connected, the replica's in-process cache is bypassed, and it is
emptied when the consumer reconnects: events published meanwhile were never queued for it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

import orjson
import redis
import tenacity
from jobsprint.common import messaging, redis_clients, retrying
from jobsprint.gateway.cache import Key, ResponseCache
from pika.adapters.blocking_connection import BlockingChannel

log = logging.getLogger(__name__)

BINDING = "workflow.*"
WORKFLOW_KIND = "workflow"
# A new workflow has nothing cached to drop (misses are not cached); its event, arriving just
# after the first read, would only throw that read's fresh entry away.
NOTHING_TO_DROP = frozenset({"io.jobsprint.workflow.created"})


def workflow_key(envelope: dict[str, object]) -> Key | None:
    """The cache key a `workflow.*` CloudEvent names: its subject in its workspace."""
    data = envelope.get("data")
    subject = envelope.get("subject")
    if not isinstance(data, dict) or not isinstance(subject, str) or not subject:
        return None
    workspace_id = data.get("workspace_id")
    if not isinstance(workspace_id, str) or not workspace_id:
        return None
    return Key(WORKFLOW_KIND, workspace_id, subject)


class InvalidationFeed:
    def __init__(
        self,
        cache: ResponseCache,
        *,
        amqp_url: str,
        redis_url: str,
        wait: tenacity.wait.wait_base | None = None,
    ) -> None:
        self._cache = cache
        self._amqp_url = amqp_url
        self._redis = redis_clients.client(redis_url)
        # How long to back off while Redis or RabbitMQ is away (`retrying.backoff` unless given).
        self._wait = wait
        self._redis_outage = retrying.Outage("Redis (cache invalidation)", log=log, wait=wait)
        self.queue = f"gateway.cache-invalidation.{socket.gethostname()}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def declare(self, channel: BlockingChannel) -> None:
        channel.exchange_declare(messaging.EVENTS_EXCHANGE, exchange_type="topic", durable=True)
        channel.queue_declare(
            self.queue, exclusive=True, auto_delete=True, arguments={"x-queue-type": "classic"}
        )
        channel.queue_bind(self.queue, messaging.EVENTS_EXCHANGE, routing_key=BINDING)
        # Bound before L1 is trusted again: an event from now on reaches this queue.
        self._cache.feed_connected()
        log.info("cache invalidation: consuming %s from %s", BINDING, self.queue)

    def handle(self, delivery: messaging.Delivery) -> str:
        try:
            envelope = orjson.loads(delivery.body)
        except orjson.JSONDecodeError:
            log.warning("cache invalidation: an event that is not JSON was dropped")
            return messaging.Outcome.ACK
        if not isinstance(envelope, dict) or envelope.get("type") in NOTHING_TO_DROP:
            return messaging.Outcome.ACK
        key = workflow_key(envelope)
        if key is None:
            return messaging.Outcome.ACK
        try:
            self._cache.invalidate_from_event(key, self._redis)
        except redis.RedisError as exc:
            # Redis must forget the entry too, or it serves it until its TTL: try again shortly.
            self._redis_outage.failed(exc)
            self._stop.wait(self._redis_outage.next_wait())
            return messaging.Outcome.REQUEUE
        self._redis_outage.recovered()
        return messaging.Outcome.ACK

    def run(self) -> None:
        messaging.consume_forever(
            self._amqp_url,
            queue=self.queue,
            handle=self.handle,
            prefetch=100,
            should_stop=self._stop.is_set,
            declare=self.declare,
            on_disconnected=self._cache.feed_disconnected,
            wait=self._wait,
        )

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="cache-invalidation", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._redis.close()
