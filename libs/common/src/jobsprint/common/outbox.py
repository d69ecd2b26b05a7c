"""The transactional outbox: a message is a row written in the same transaction as the state it
announces; a relay publishes rows in AMQP transactions and deletes them when the broker has taken
them, so the table holds only what is still to send (ADR-050).

The relay wakes on `NOTIFY <channel>` from the writing transaction and also polls, so a lost
notification only costs latency. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any number
of relays (one per service replica) share the work; a relay that dies after publishing but
before its deletion commits re-publishes, which is why consumers must be idempotent (at-least-once).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import psycopg
from jobsprint.common import db, retrying, tracing
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
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    TextClause,
    delete,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

OUTBOX_PUBLISHED = Counter("jobsprint_outbox_published_total", "Outbox rows published", ["schema"])
# Rows published (deleted) after which a relay vacuums its outbox (ADR-050).
VACUUM_AFTER_ROWS = 2000
OUTBOX_LAG = Gauge(
    "jobsprint_outbox_lag_seconds", "Age of the oldest outbox row not yet published", ["schema"]
)


def outbox_table(metadata: MetaData) -> Table:
    table = Table(
        "outbox",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=True),
        # A fresh UUID per row (the AMQP message id); no unique index to keep up on every insert.
        Column("message_id", String(36), nullable=False),
        Column("exchange", String(255), nullable=False),
        Column("routing_key", String(255), nullable=False),
        Column("body", LargeBinary, nullable=False),
        Column("headers", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
        Column("priority", Integer, nullable=False, server_default=text("0")),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )
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
            # The writer's trace context goes with the message (`tracing`).
            headers={**tracing.carrier(), **(headers or {})},
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


def insert_pending_sql(table: Table, parameter_prefix: str = "") -> str:
    """`INSERT … SELECT FROM unnest(…)` of the messages passed as `pending_parameters`: one
    statement however many rows, for use alone or as a data-modifying CTE in a larger one."""
    p = parameter_prefix
    return (
        f"INSERT INTO {_qualified(table)} (message_id, exchange, routing_key, body, priority, headers) "
        f"SELECT message_id, exchange, routing_key, body, priority, CAST(:{p}headers AS jsonb) "
        f"FROM unnest(CAST(:{p}message_ids AS text[]), CAST(:{p}exchanges AS text[]), "
        f"CAST(:{p}routing_keys AS text[]), CAST(:{p}bodies AS bytea[]), CAST(:{p}priorities AS int[])) "
        # Ids follow the order given, so the relay publishes the messages in that order.
        f"WITH ORDINALITY AS m(message_id, exchange, routing_key, body, priority, ord) ORDER BY ord"
    )


def pending_parameters(messages: Sequence[Pending], parameter_prefix: str = "") -> dict[str, Any]:
    p = parameter_prefix
    return {
        f"{p}message_ids": [str(uuid.uuid4()) for _ in messages],
        f"{p}exchanges": [m.exchange for m in messages],
        f"{p}routing_keys": [m.routing_key for m in messages],
        f"{p}bodies": [m.body for m in messages],
        f"{p}priorities": [m.priority for m in messages],
        # Every message of a transaction is written in the same trace context.
        f"{p}headers": orjson.dumps(tracing.carrier()).decode(),
    }


def _qualified(table: Table) -> str:
    return f"{table.schema}.{table.name}" if table.schema else table.name


@functools.lru_cache(maxsize=64)
def _enqueue_many_statement(table: Table) -> TextClause:
    # The INSERT runs as a data-modifying CTE; the SELECT notifies the relay.
    return text(f"WITH queued AS ({insert_pending_sql(table)}) SELECT pg_notify(:channel, '')")


def enqueue_many(session: Session, table: Table, messages: Sequence[Pending]) -> None:
    """Add several messages and their notification in one statement (one round trip)."""
    if not messages:
        return
    session.execute(
        _enqueue_many_statement(table),
        {**pending_parameters(messages), "channel": notify_channel(table.schema or "public")},
    )


# A batch that held the rows of this many commits or more means load: the relay lingers for company.
BUSY_COMMITS = 3


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
        linger: float = 0.005,
        on_published: Callable[[Sequence[Any]], None] | None = None,
    ) -> None:
        """`on_published` is told of each batch (the rows, as named tuples) once the broker has it
        and its rows are gone; it must not raise (what it does is best effort: the messages are
        published either way)."""
        self._engine = engine
        self._table = table
        self._schema = table.schema or "public"
        self._listen_url = listen_url
        self._publisher_factory = publisher_factory
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._linger = linger
        self._on_published = on_published
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_lag_check = 0.0
        self._deleted = 0  # rows published (deleted) since this relay last vacuumed the table
        self.last_batch_commits = 0  # how many transactions wrote the rows of the last batch
        t = table
        claimed = (
            select(t.c.id)
            .order_by(t.c.id)
            .limit(batch_size)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        # Compiled once, run on the driver: every batch runs it, and SQLAlchemy's statement and
        # row machinery cost ~10 µs a row on the way (a row a message: eight an execution).
        self._claim = db.DriverRead.of(delete(t).where(t.c.id.in_(claimed)).returning(*t.c))
        # The lowest id is the oldest row: read along the primary key, not by scanning the table
        # (a busy outbox is mostly dead rows until vacuum comes by).
        self._oldest = db.DriverRead.of(select(t.c.created_at).order_by(t.c.id).limit(1))

    def relay_once(self, publisher: Publisher) -> int:
        """Publish one batch of rows; returns how many were published.

        One statement claims and deletes the batch (`FOR UPDATE SKIP LOCKED`, so relays of other
        replicas take other rows), one AMQP transaction publishes it, and the database
        transaction commits only after the broker's commit: a failure before it leaves every row
        in place. Rows the broker returned as unroutable are put back and reported."""
        t = self._table
        with self._engine.begin() as connection:
            rows = sorted(db.fetch_on_driver(connection, self._claim), key=lambda row: row.id)
            returned = publisher.publish_batch(
                [
                    OutgoingMessage(
                        exchange=row.exchange,
                        routing_key=row.routing_key,
                        body=row.body,
                        message_id=row.message_id,
                        headers=dict(row.headers),
                        priority=row.priority,
                        mandatory=row.exchange != EVENTS_EXCHANGE,
                    )
                    for row in rows
                ]
            )
            if returned:
                connection.execute(insert(t), [row._asdict() for row in rows if row.message_id in returned])
        published = len(rows) - len(returned)
        # Rows of one transaction share its `now()`: more than one time, more than one commit.
        self.last_batch_commits = len({row.created_at for row in rows})
        OUTBOX_PUBLISHED.labels(self._schema).inc(published)
        if self._on_published is not None and published:
            self._on_published([row for row in rows if row.message_id not in returned])
        self._measure_lag()
        if returned:
            raise PublishRefused(
                f"the broker could not route {len(returned)} message(s): {sorted(returned)[:3]}"
            )
        return published

    def _measure_lag(self) -> None:
        """The age of the oldest row, at most once a second (it is a query of its own)."""
        now = time.monotonic()
        if now < self._next_lag_check:
            return
        self._next_lag_check = now + 1.0
        # Outside a transaction: a read in one ends with a ROLLBACK, which makes psycopg drop the
        # statements the connection had prepared (`db.read_alone`).
        row = db.read_alone(self._engine, self._oldest)
        OUTBOX_LAG.labels(self._schema).set(
            0 if row is None else max(0.0, time.time() - row.created_at.timestamp())
        )

    def run(self) -> None:
        publisher = self._publisher_factory()
        listener: psycopg.Connection | None = None
        outage = retrying.Outage(f"the {self._schema} outbox relay's Postgres or RabbitMQ", log=log)
        while not self._stop.is_set():
            try:
                if listener is None:
                    listener = psycopg.connect(self._listen_url, autocommit=True)
                    listener.execute(f'LISTEN "{notify_channel(self._schema)}"')
                while (published := self.relay_once(publisher)) == self._batch_size:
                    self._deleted += published
                self._deleted += published
                busy = self.last_batch_commits >= BUSY_COMMITS
                if self._deleted >= VACUUM_AFTER_ROWS:
                    # Each claim walks the primary key past the rows deleted since the last
                    # vacuum; autovacuum comes by once a minute at best, by then tens of
                    # thousands on a busy outbox. Vacuuming a table this small costs little.
                    listener.execute(f"VACUUM (SKIP_LOCKED) {_qualified(self._table)}")
                    self._deleted = 0
                # Wake on the next NOTIFY, or after the poll interval at the latest.
                idle_since = time.monotonic()
                for _ in listener.notifies(timeout=self._poll_interval, stop_after=1):
                    pass
                # Notified again at once under load (the last batch held the rows of several
                # commits): let a few ms of commits join the next batch (a batch costs a
                # transaction and a broker round trip however few rows it has). Not otherwise:
                # one caller's next run would wait for it (its start and the end of its last
                # run often share a batch, hence more than two).
                if busy and time.monotonic() - idle_since < self._linger:
                    self._stop.wait(self._linger)
                # One batch answers every notification so far; do not wake once for each.
                for _ in listener.notifies(timeout=0):
                    pass
                outage.recovered()
            except (psycopg.Error, DBAPIError, *CONNECTION_ERRORS, PublishRefused) as exc:
                outage.failed(exc)
                if listener is not None:
                    listener.close()
                    listener = None
                publisher.close()
                self._stop.wait(outage.next_wait())
            except Exception as exc:
                outage.failed(exc, unexpected=True)
                self._stop.wait(outage.next_wait())
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
