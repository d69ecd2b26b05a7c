"""The transactional outbox: a message is a row written in the same transaction as the state it
announces; a relay publishes unsent rows with publisher confirms and then marks them sent.

The relay wakes on `NOTIFY <channel>` from the writing transaction and also polls, so a lost
notification only costs latency. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any number
of relays (one per service replica) share the work; a relay that dies after publishing but
before marking re-publishes, which is why consumers must be idempotent (at-least-once).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import orjson
import psycopg
from jobsprint.common.messaging import (
    CONNECTION_ERRORS,
    EVENTS_EXCHANGE,
    OutgoingMessage,
    Publisher,
    PublishRefused,
)
from prometheus_client import Counter, Gauge
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

OUTBOX_PUBLISHED = Counter("jobsprint_outbox_published_total", "Outbox rows published", ["schema"])
PURGE_EVERY_SECONDS = 60.0
OUTBOX_LAG = Gauge("jobsprint_outbox_lag_seconds", "Age of the oldest unsent outbox row", ["schema"])


def outbox_table(metadata: MetaData) -> Table:
    table = Table(
        "outbox",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        Column("message_id", String(36), nullable=False, unique=True),
        Column("exchange", String(255), nullable=False),
        Column("routing_key", String(255), nullable=False),
        Column("body", LargeBinary, nullable=False),
        Column("headers", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
        Column("priority", Integer, nullable=False, server_default=text("0")),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("sent_at", DateTime(timezone=True), nullable=True),
    )
    Index("ix_outbox_unsent", table.c.id, postgresql_where=table.c.sent_at.is_(None))
    return table


def notify_channel(schema: str) -> str:
    return f"{schema}_outbox"


def enqueue(
    session: Session,
    table: Table,
    *,
    exchange: str,
    routing_key: str,
    body: bytes,
    headers: dict[str, str] | None = None,
    priority: int = 0,
) -> str:
    """Add a message to the caller's transaction; it is published only if that commits."""
    message_id = str(uuid.uuid4())
    session.execute(
        table.insert().values(
            message_id=message_id,
            exchange=exchange,
            routing_key=routing_key,
            body=body,
            headers=headers or {},
            priority=priority,
        )
    )
    session.execute(
        text("SELECT pg_notify(:channel, '')"), {"channel": notify_channel(table.schema or "public")}
    )
    return message_id


@dataclass(frozen=True)
class Pending:
    """A message to add to the outbox with `enqueue_many`."""

    exchange: str
    routing_key: str
    body: bytes
    priority: int = 0


def enqueue_many(session: Session, table: Table, messages: Sequence[Pending]) -> None:
    """Add several messages in one statement and one notification (a hot path's batch)."""
    if not messages:
        return
    session.execute(
        table.insert(),
        [
            {
                "message_id": str(uuid.uuid4()),
                "exchange": m.exchange,
                "routing_key": m.routing_key,
                "body": m.body,
                "headers": {},
                "priority": m.priority,
            }
            for m in messages
        ],
    )
    session.execute(
        text("SELECT pg_notify(:channel, '')"), {"channel": notify_channel(table.schema or "public")}
    )


class OutboxRelay:
    def __init__(
        self,
        *,
        engine: Engine,
        table: Table,
        listen_url: str,
        publisher_factory: Callable[[], Publisher],
        batch_size: int = 100,
        poll_interval: float = 1.0,
    ) -> None:
        self._engine = engine
        self._table = table
        self._schema = table.schema or "public"
        self._listen_url = listen_url
        self._publisher_factory = publisher_factory
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def relay_once(self, publisher: Publisher) -> int:
        """Publish one batch of unsent rows; returns how many were published."""
        t = self._table
        with Session(self._engine) as session, session.begin():
            rows = session.execute(
                select(
                    t.c.id, t.c.message_id, t.c.exchange, t.c.routing_key, t.c.body, t.c.headers, t.c.priority
                )
                .where(t.c.sent_at.is_(None))
                .order_by(t.c.id)
                .limit(self._batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            published: list[int] = []
            failure: Exception | None = None
            try:
                for row in rows:
                    publisher.publish(
                        OutgoingMessage(
                            exchange=row.exchange,
                            routing_key=row.routing_key,
                            body=row.body,
                            message_id=row.message_id,
                            headers=dict(row.headers),
                            priority=row.priority,
                            mandatory=row.exchange != EVENTS_EXCHANGE,
                        )
                    )
                    published.append(row.id)
            except (PublishRefused, *CONNECTION_ERRORS) as exc:
                failure = exc
            # What the broker confirmed is marked sent even when a later row failed.
            if published:
                session.execute(update(t).where(t.c.id.in_(published)).values(sent_at=func.now()))
            oldest = session.execute(select(func.min(t.c.created_at)).where(t.c.sent_at.is_(None))).scalar()
        OUTBOX_PUBLISHED.labels(self._schema).inc(len(published))
        OUTBOX_LAG.labels(self._schema).set(
            0 if oldest is None else max(0.0, time.time() - oldest.timestamp())
        )
        if failure is not None:
            raise failure
        return len(published)

    def purge_sent(self, *, older_than_seconds: int = 3600) -> int:
        t = self._table
        with Session(self._engine) as session, session.begin():
            result = session.execute(
                t.delete().where(
                    t.c.sent_at < func.now() - text(f"interval '{int(older_than_seconds)} seconds'")
                )
            )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def run(self) -> None:
        publisher = self._publisher_factory()
        listener: psycopg.Connection | None = None
        next_purge = time.monotonic() + PURGE_EVERY_SECONDS
        while not self._stop.is_set():
            try:
                if time.monotonic() >= next_purge:
                    self.purge_sent()
                    next_purge = time.monotonic() + PURGE_EVERY_SECONDS
                if listener is None:
                    listener = psycopg.connect(self._listen_url, autocommit=True)
                    listener.execute(f'LISTEN "{notify_channel(self._schema)}"')
                while self.relay_once(publisher) == self._batch_size:
                    pass
                # Wake on the next NOTIFY, or after the poll interval at the latest.
                for _ in listener.notifies(timeout=self._poll_interval, stop_after=1):
                    pass
            except (psycopg.Error, DBAPIError, *CONNECTION_ERRORS, PublishRefused) as exc:
                log.warning("outbox relay: %s; retrying", exc)
                if listener is not None:
                    listener.close()
                    listener = None
                publisher.close()
                self._stop.wait(self._poll_interval)
            except Exception:
                log.exception("outbox relay failed; retrying")
                self._stop.wait(self._poll_interval)
        publisher.close()
        if listener is not None:
            listener.close()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="outbox-relay", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def json_body(payload: object) -> bytes:
    return orjson.dumps(payload)
