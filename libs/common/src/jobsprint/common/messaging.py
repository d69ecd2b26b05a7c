"""RabbitMQ: the topology (declared idempotently by whoever uses it), a publisher with
publisher confirms, and a consumer with manual acks and bounded prefetch."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import pika
import pika.exceptions
from opentelemetry import propagate
from pika.adapters.blocking_connection import BlockingChannel

log = logging.getLogger(__name__)

EXECUTIONS_EXCHANGE = "jobsprint.executions"
EVENTS_EXCHANGE = "jobsprint.events"
DEAD_LETTER_EXCHANGE = "jobsprint.dlx"
RUN_QUEUE = "executor.run"
RUN_ROUTING_KEY = "run"
RUN_DLQ = "executor.run.dlq"
MAX_PRIORITY = 10
# Delayed redelivery (ADR-030): a message published to `jobsprint.delay` with a bucket's routing
# key sits in that bucket's queue for the bucket's TTL, then dead-letters back to the run queue.
# Buckets double from 100 ms to about 36 h; a longer or in-between delay takes several hops, the
# consumer sending the message on again when it arrives early.
DELAY_EXCHANGE = "jobsprint.delay"
DELAY_BUCKETS_MS = tuple(100 * 2**n for n in range(21))

CONNECTION_ERRORS = (pika.exceptions.AMQPConnectionError, pika.exceptions.AMQPChannelError, OSError)


class PublishRefused(RuntimeError):
    """The broker did not confirm a message (nacked or unroutable)."""


def connection_parameters(url: str, *, heartbeat: int = 30) -> pika.URLParameters:
    params = pika.URLParameters(url)
    params.heartbeat = heartbeat
    params.blocked_connection_timeout = 30
    params.connection_attempts = 1
    params.socket_timeout = 5
    return params


def declare_run_topology(channel: BlockingChannel) -> None:
    """The run queue and its dead-letter queue. Arguments must match wherever it is declared."""
    channel.exchange_declare(EXECUTIONS_EXCHANGE, exchange_type="direct", durable=True)
    channel.exchange_declare(DEAD_LETTER_EXCHANGE, exchange_type="direct", durable=True)
    channel.exchange_declare(EVENTS_EXCHANGE, exchange_type="topic", durable=True)
    channel.queue_declare(RUN_DLQ, durable=True, arguments={"x-queue-type": "classic"})
    channel.queue_bind(RUN_DLQ, DEAD_LETTER_EXCHANGE, routing_key=RUN_ROUTING_KEY)
    channel.queue_declare(
        RUN_QUEUE,
        durable=True,
        arguments={
            "x-max-priority": MAX_PRIORITY,
            "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
            "x-dead-letter-routing-key": RUN_ROUTING_KEY,
            "x-max-length": 1_000_000,
            "x-overflow": "reject-publish",
            "x-message-ttl": 7 * 24 * 3600 * 1000,
        },
    )
    channel.queue_bind(RUN_QUEUE, EXECUTIONS_EXCHANGE, routing_key=RUN_ROUTING_KEY)
    declare_audit_queue(channel)
    declare_delay_topology(channel)


AUDIT_QUEUE = "auth.audit"


def declare_audit_queue(channel: BlockingChannel) -> None:
    """The auth service's audit queue, declared by every publisher as well: events are published
    unmandatory, so a queue that did not exist yet would silently lose the first audit records."""
    channel.exchange_declare(EVENTS_EXCHANGE, exchange_type="topic", durable=True)
    channel.queue_declare(AUDIT_QUEUE, durable=True, arguments={"x-queue-type": "classic"})
    channel.queue_bind(AUDIT_QUEUE, EVENTS_EXCHANGE, routing_key="audit.#")


def delay_queue(bucket_ms: int) -> str:
    return f"executor.delay.{bucket_ms}ms"


def delay_bucket(seconds: float) -> int:
    """The longest bucket that does not overshoot `seconds` (the shortest when all do)."""
    wanted = seconds * 1000
    fitting = [ms for ms in DELAY_BUCKETS_MS if ms <= wanted]
    return fitting[-1] if fitting else DELAY_BUCKETS_MS[0]


def declare_delay_topology(channel: BlockingChannel) -> None:
    """One TTL queue per bucket, each dead-lettering to the run queue when its messages expire."""
    channel.exchange_declare(DELAY_EXCHANGE, exchange_type="direct", durable=True)
    for bucket_ms in DELAY_BUCKETS_MS:
        name = delay_queue(bucket_ms)
        channel.queue_declare(
            name,
            durable=True,
            arguments={
                "x-message-ttl": bucket_ms,
                "x-dead-letter-exchange": EXECUTIONS_EXCHANGE,
                "x-dead-letter-routing-key": RUN_ROUTING_KEY,
                "x-queue-type": "classic",
            },
        )
        channel.queue_bind(name, DELAY_EXCHANGE, routing_key=name)


@dataclass(frozen=True)
class OutgoingMessage:
    exchange: str
    routing_key: str
    body: bytes
    message_id: str
    headers: dict[str, str]
    priority: int = 0
    content_type: str = "application/json"
    # Work must reach a queue; an event that nobody has subscribed to yet is not an error.
    mandatory: bool = True


class Publisher:
    """A confirming publisher: `publish` returns only once the broker has taken the message."""

    def __init__(
        self, url: str, *, declare: Callable[[BlockingChannel], None] = declare_run_topology
    ) -> None:
        self._url = url
        self._declare = declare
        self._connection: pika.BlockingConnection | None = None
        self._channel: BlockingChannel | None = None

    def _ensure_channel(self) -> BlockingChannel:
        if self._channel is None or not self._channel.is_open:
            self.close()
            self._connection = pika.BlockingConnection(connection_parameters(self._url))
            self._channel = self._connection.channel()
            self._channel.confirm_delivery()
            self._declare(self._channel)
        return self._channel

    def publish(self, message: OutgoingMessage) -> None:
        headers = dict(message.headers)
        propagate.inject(headers)
        properties = pika.BasicProperties(
            delivery_mode=pika.DeliveryMode.Persistent,
            content_type=message.content_type,
            message_id=message.message_id,
            headers=headers,
            priority=message.priority,
            timestamp=int(time.time()),
        )
        try:
            self._ensure_channel().basic_publish(
                message.exchange, message.routing_key, message.body, properties, mandatory=message.mandatory
            )
        except (pika.exceptions.UnroutableError, pika.exceptions.NackError) as exc:
            raise PublishRefused(f"broker refused message {message.message_id}: {exc}") from exc
        except CONNECTION_ERRORS:
            self.close()
            raise

    def close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            with contextlib.suppress(*CONNECTION_ERRORS):
                connection.close()


@dataclass(frozen=True)
class Delivery:
    body: bytes
    message_id: str | None
    headers: dict[str, object]
    redelivered: bool


class Outcome:
    ACK = "ack"
    REQUEUE = "requeue"
    DEAD_LETTER = "dead-letter"


def consume_forever(
    url: str,
    *,
    queue: str,
    handle: Callable[[Delivery], str],
    prefetch: int,
    should_stop: Callable[[], bool],
    declare: Callable[[BlockingChannel], None] = declare_run_topology,
    reconnect_delay: float = 1.0,
) -> None:
    """Consume `queue` with manual acks, reconnecting when the broker goes away.

    `handle` returns an Outcome; the message is acked only after it returns, so a process that
    dies mid-message has it redelivered to another consumer.
    """
    while not should_stop():
        try:
            connection = pika.BlockingConnection(connection_parameters(url))
        except CONNECTION_ERRORS as exc:
            log.warning("RabbitMQ unreachable (%s); retrying in %.1fs", exc, reconnect_delay)
            time.sleep(reconnect_delay)
            continue
        try:
            channel = connection.channel()
            declare(channel)
            channel.basic_qos(prefetch_count=prefetch)
            for method, properties, body in channel.consume(queue, inactivity_timeout=0.5):
                if should_stop():
                    break
                if method is None:
                    continue
                delivery = Delivery(
                    body=body,
                    message_id=properties.message_id,
                    headers=dict(properties.headers or {}),
                    redelivered=bool(method.redelivered),
                )
                outcome = handle(delivery)
                if outcome == Outcome.ACK:
                    channel.basic_ack(method.delivery_tag)
                elif outcome == Outcome.REQUEUE:
                    channel.basic_nack(method.delivery_tag, requeue=True)
                else:
                    channel.basic_nack(method.delivery_tag, requeue=False)
            channel.cancel()
            connection.close()
        except CONNECTION_ERRORS as exc:
            log.warning("RabbitMQ connection lost (%s); reconnecting", exc)
            time.sleep(reconnect_delay)
