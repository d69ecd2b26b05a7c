"""Eager dispatch (ADR-105): the moment a transaction that queued run messages commits, a copy of
each goes straight to `executor.run`, transient and unconfirmed, so an idle worker starts the run
without waiting for the outbox relay's NOTIFY → claim → publish → commit cycle.

The copy is only a head start. The durable run message stays in the outbox and the relay
publishes it as before: when the copy is lost (RabbitMQ away, this process killed between
commit and publish) the run starts from that one, a few milliseconds later. Whichever copy a
worker takes second finds the execution finished or leased by the other worker and is acked
unrun (the lease and its fence make a double start impossible, ADR-054).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Sequence

import orjson
import pika
from jobsprint.common import messaging
from jobsprint.common.unit_of_work import OutboxMessage
from prometheus_client import Counter

log = logging.getLogger(__name__)

EAGER = Counter(
    "jobsprint_eager_dispatches_total",
    "Run messages sent straight to executor.run ahead of the outbox relay (ADR-105)",
    ["outcome"],
)
# After RabbitMQ refused or dropped the connection, the outbox alone carries runs this long.
QUIET_SECONDS = 5.0
# Transient (delivery mode 1): kept in memory, never written to disk; the outbox has the durable one.
_PROPERTIES = {
    p: pika.BasicProperties(delivery_mode=1, priority=p) for p in range(messaging.MAX_PRIORITY + 1)
}


def _plain_run(message: OutboxMessage) -> bool:
    """A run message that starts or resumes an execution: not a wake-up (its token is consumed
    once, and a copy arriving while the run goes on is handed back) nor an error workflow's request."""
    if message.exchange != messaging.EXECUTIONS_EXCHANGE or message.routing_key != messaging.RUN_ROUTING_KEY:
        return False
    body = orjson.loads(message.body)
    return isinstance(body, dict) and body.keys() == {"execution_id"}


class EagerDispatch:
    """`SqlUnitOfWork(on_queued=...)`: one connection per process, shared by its threads under a
    lock (a publish without confirm is a socket write of a few dozen microseconds)."""

    def __init__(self, amqp_url: str) -> None:
        # No heartbeats: nothing reads this connection between publishes to answer them; a dead
        # one shows as a failed write, and the outbox covers the message that failed.
        self._parameters = messaging.connection_parameters(amqp_url, heartbeat=0)
        self._lock = threading.Lock()
        self._connection: pika.BlockingConnection | None = None
        self._channel: pika.adapters.blocking_connection.BlockingChannel | None = None
        self._quiet_until = 0.0

    def __call__(self, messages: Sequence[OutboxMessage]) -> None:
        runs = [m for m in messages if _plain_run(m)]
        if not runs:
            return
        with self._lock:
            if time.monotonic() < self._quiet_until:
                EAGER.labels("skipped").inc(len(runs))
                return
            try:
                channel = self._open()
                for message in runs:
                    channel.basic_publish(
                        message.exchange, message.routing_key, message.body, _PROPERTIES[message.priority]
                    )
            except messaging.CONNECTION_ERRORS as exc:
                EAGER.labels("broker_error").inc(len(runs))
                self._close()
                self._quiet_until = time.monotonic() + QUIET_SECONDS
                log.info("eager dispatch paused for %.0f s (the outbox carries runs): %s", QUIET_SECONDS, exc)
                return
        EAGER.labels("sent").inc(len(runs))

    def _open(self) -> pika.adapters.blocking_connection.BlockingChannel:
        if self._channel is None or not self._channel.is_open:
            self._close()
            self._connection = pika.BlockingConnection(self._parameters)
            self._channel = self._connection.channel()
        return self._channel

    def _close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and connection.is_open:
            with contextlib.suppress(Exception):
                connection.close()

    def close(self) -> None:
        with self._lock:
            self._close()
