"""RabbitMQ: the topology (declared idempotently by whoever uses it), a publisher with
publisher confirms, and a consumer with manual acks and bounded prefetch."""

from __future__ import annotations

import contextlib
import logging
import struct
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pika
import pika.data
import pika.exceptions
import tenacity
from jobsprint.common import retrying
from jobsprint.common.events import EVENTS_EXCHANGE
from opentelemetry import propagate
from pika.adapters.blocking_connection import BlockingChannel

log = logging.getLogger(__name__)

EXECUTIONS_EXCHANGE = "jobsprint.executions"
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
    message_id: str | None
    headers: dict[str, str]
    priority: int = 0
    content_type: str = "application/json"
    # Work must reach a queue; an event that nobody has subscribed to yet is not an error.
    mandatory: bool = True


# AMQP 0-9-1 framing of basic.publish (spec §4.2.3, §4.2.6), for `Publisher.publish_batch`:
# the properties every message of ours carries, in the spec's order.
_FRAME_END = b"\xce"
_PUBLISH_METHOD = struct.pack(">HHH", 60, 40, 0)  # class basic, method publish, reserved ticket
_CONTENT_TYPE, _HEADERS, _DELIVERY_MODE, _PRIORITY, _MESSAGE_ID, _TIMESTAMP = (
    1 << 15,
    1 << 13,
    1 << 12,
    1 << 11,
    1 << 7,
    1 << 6,
)


def _shortstr(value: str) -> bytes:
    encoded = value.encode()
    if len(encoded) > 255:
        raise ValueError(f"{value[:40]!r}… is longer than an AMQP short string (255 bytes)")
    return bytes((len(encoded),)) + encoded


def _frame(kind: int, channel: int, payload: bytes) -> bytes:
    return struct.pack(">BHI", kind, channel, len(payload)) + payload + _FRAME_END


def publish_frames(channel: int, message: OutgoingMessage, *, timestamp: int, body_max: int) -> bytes:
    """`message` as the method, header and body frames pika would send for it (the same bytes,
    which a test holds), built in one pass: pika spent ~50 µs of Python per message on the
    way, most of the relay's publishing cost."""
    method = _PUBLISH_METHOD + _shortstr(message.exchange) + _shortstr(message.routing_key)
    method += b"\x01" if message.mandatory else b"\x00"
    flags = _CONTENT_TYPE | _HEADERS | _DELIVERY_MODE | _PRIORITY | _TIMESTAMP
    headers: list[bytes] = []
    pika.data.encode_table(headers, message.headers)
    properties = [_shortstr(message.content_type), *headers, bytes((2, message.priority))]
    if message.message_id is not None:
        flags |= _MESSAGE_ID
        properties.append(_shortstr(message.message_id))
    properties.append(struct.pack(">Q", timestamp))
    header = struct.pack(">HHQH", 60, 0, len(message.body), flags) + b"".join(properties)
    frames = [_frame(1, channel, method), _frame(2, channel, header)]
    body = message.body
    frames.extend(_frame(3, channel, body[i : i + body_max]) for i in range(0, len(body), body_max))
    return b"".join(frames)


class Publisher:
    """A confirming publisher: `publish` returns only once the broker has taken the message, and
    `publish_batch` once it has taken a whole batch (one AMQP transaction: one round trip)."""

    def __init__(
        self, url: str, *, declare: Callable[[BlockingChannel], None] = declare_run_topology
    ) -> None:
        self._url = url
        self._declare = declare
        self._connection: pika.BlockingConnection | None = None
        self._channel: BlockingChannel | None = None
        self._tx_channel: BlockingChannel | None = None
        self._returned: list[str] = []

    def _ensure_connection(self) -> pika.BlockingConnection:
        if self._connection is None or not self._connection.is_open:
            self.close()
            self._connection = pika.BlockingConnection(connection_parameters(self._url))
        return self._connection

    def _ensure_channel(self) -> BlockingChannel:
        if self._channel is None or not self._channel.is_open:
            self._channel = self._ensure_connection().channel()
            self._channel.confirm_delivery()
            self._declare(self._channel)
        return self._channel

    def _ensure_tx_channel(self) -> BlockingChannel:
        if self._tx_channel is None or not self._tx_channel.is_open:
            channel = self._ensure_connection().channel()
            channel.tx_select()
            self._declare(channel)
            channel.tx_commit()  # declarations are not transactional, but leave nothing open
            channel.add_on_return_callback(
                lambda _channel, _method, properties, _body: self._returned.append(properties.message_id)
            )
            self._tx_channel = channel
        return self._tx_channel

    @staticmethod
    def _properties(message: OutgoingMessage) -> pika.BasicProperties:
        headers = dict(message.headers)
        propagate.inject(headers)
        return pika.BasicProperties(
            delivery_mode=pika.DeliveryMode.Persistent,
            content_type=message.content_type,
            message_id=message.message_id,
            headers=headers,
            priority=message.priority,
            timestamp=int(time.time()),
        )

    def publish(self, message: OutgoingMessage) -> None:
        try:
            self._ensure_channel().basic_publish(
                message.exchange,
                message.routing_key,
                message.body,
                self._properties(message),
                mandatory=message.mandatory,
            )
        except (pika.exceptions.UnroutableError, pika.exceptions.NackError) as exc:
            raise PublishRefused(f"broker refused message {message.message_id}: {exc}") from exc
        except CONNECTION_ERRORS:
            self.close()
            raise

    def publish_batch(self, messages: Sequence[OutgoingMessage]) -> set[str]:
        """Publish `messages` in one AMQP transaction; returns the ids of the mandatory messages the
        broker returned as unroutable (every other one is taken once this returns). A connection
        lost before the commit publishes none of them; lost during it, some may have gone."""
        if not messages:
            return set()
        try:
            channel = self._ensure_tx_channel()
            self._returned.clear()
            # The whole batch framed at once and handed to the connection's output buffer; it
            # leaves with the commit's flush. The relay's own trace context is not the
            # messages' (other requests wrote them), so none is injected.
            connection = channel._impl.connection
            timestamp = int(time.time())
            frames = b"".join(
                publish_frames(
                    channel.channel_number, message, timestamp=timestamp, body_max=connection._body_max_length
                )
                for message in messages
            )
            connection._output_marshaled_frames([frames])
            channel.tx_commit()
            # basic.return frames arrive before tx.commit-ok; this dispatches their callbacks.
            self._ensure_connection().process_data_events(0)
        except CONNECTION_ERRORS:
            self.close()
            raise
        return set(self._returned)

    def close(self) -> None:
        connection, self._connection = self._connection, None
        self._channel = self._tx_channel = None
        if connection is not None and connection.is_open:
            with contextlib.suppress(*CONNECTION_ERRORS):
                connection.close()


@dataclass(frozen=True)
class Delivery:
    body: bytes
    message_id: str | None
    headers: dict[str, object]
    redelivered: bool
    # Where the message was published to: kept with a message no consumer could decode.
    routing_key: str = ""


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
    on_disconnected: Callable[[], None] = lambda: None,
    wait: tenacity.wait.wait_base | None = None,
) -> None:
    """Consume `queue` with manual acks, reconnecting when the broker goes away.

    `handle` returns an Outcome; the message is acked only after it returns, so a process that
    dies mid-message has it redelivered to another consumer. `declare` runs on every (re)connect
    and `on_disconnected` whenever a connection ends, so a consumer can tell when it may have
    missed messages.
    """
    consume_batches_forever(
        url,
        queue=queue,
        handle_batch=lambda deliveries: handle(deliveries[0]),
        max_batch=1,
        prefetch=prefetch,
        should_stop=should_stop,
        declare=declare,
        on_disconnected=on_disconnected,
        wait=wait,
    )


def consume_batches_forever(
    url: str,
    *,
    queue: str,
    handle_batch: Callable[[list[Delivery]], str],
    max_batch: int,
    prefetch: int,
    should_stop: Callable[[], bool],
    max_wait: float = 0.05,
    declare: Callable[[BlockingChannel], None] = declare_run_topology,
    on_disconnected: Callable[[], None] = lambda: None,
    wait: tenacity.wait.wait_base | None = None,
) -> None:
    """Consume `queue` in batches of up to `max_batch` messages, none waiting longer than
    `max_wait` for its batch to fill; the batch's Outcome acks (or nacks) all of it at once,
    only after `handle_batch` returned. Reconnects when the broker goes away, backing off
    (`retrying`; `wait` replaces the default backoff) and logging the outage once."""
    prefetch = max(prefetch, max_batch)
    broker = retrying.Outage(f"RabbitMQ (consuming {queue})", log=log, wait=wait)

    def open_channel() -> tuple[pika.BlockingConnection, BlockingChannel]:
        # Connected means declared too: a declaration the broker refuses is retried with backoff.
        connection = pika.BlockingConnection(connection_parameters(url))
        try:
            channel = connection.channel()
            declare(channel)
            channel.basic_qos(prefetch_count=prefetch)
        except BaseException:
            with contextlib.suppress(*CONNECTION_ERRORS):
                connection.close()
            on_disconnected()
            raise
        return connection, channel

    while not should_stop():
        try:
            connection, channel = retrying.retry_until(
                open_channel, outage=broker, errors=CONNECTION_ERRORS, should_stop=should_stop
            )
        except CONNECTION_ERRORS:
            return  # told to stop while the broker was away
        try:
            batch: list[Delivery] = []
            last_tag = 0
            due = 0.0
            idle_timeout = max_wait if max_batch > 1 else 0.5
            for method, properties, body in channel.consume(queue, inactivity_timeout=idle_timeout):
                if should_stop():
                    break
                if method is not None:
                    if not batch:
                        due = time.monotonic() + max_wait
                    batch.append(
                        Delivery(
                            body=body,
                            message_id=properties.message_id,
                            headers=dict(properties.headers or {}),
                            redelivered=bool(method.redelivered),
                            routing_key=method.routing_key or "",
                        )
                    )
                    last_tag = method.delivery_tag
                if batch and (len(batch) >= max_batch or time.monotonic() >= due):
                    outcome = handle_batch(batch)
                    many = len(batch) > 1
                    if outcome == Outcome.ACK:
                        channel.basic_ack(last_tag, multiple=many)
                    else:
                        channel.basic_nack(last_tag, multiple=many, requeue=outcome == Outcome.REQUEUE)
                    batch = []
            channel.cancel()
            connection.close()
            on_disconnected()
        except CONNECTION_ERRORS as exc:
            on_disconnected()
            broker.failed(exc)  # reconnects at once, then backs off
