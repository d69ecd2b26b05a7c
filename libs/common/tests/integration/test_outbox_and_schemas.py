"""The outbox relay and the per-service schemas against real Postgres and RabbitMQ."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator

import pika
import psycopg
import pytest
from jobsprint.common import db, messaging, outbox
from sqlalchemy import select
from sqlalchemy.orm import Session

from .conftest import ADMIN_URL

pytestmark = pytest.mark.integration


@pytest.fixture
def event_queue(it_env: dict[str, str]):
    """A private queue bound to `jobsprint.events` for one routing key."""
    connection = pika.BlockingConnection(pika.URLParameters(it_env["JOBSPRINT_AMQP_URL"]))
    channel = connection.channel()
    messaging.declare_run_topology(channel)
    routing_key = f"test.{uuid.uuid4().hex}"
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, messaging.EVENTS_EXCHANGE, routing_key=routing_key)
    yield channel, queue, routing_key
    connection.close()


def _drain(channel, queue: str, expected: int, timeout: float) -> list[bytes]:
    bodies: list[bytes] = []
    deadline = time.monotonic() + timeout
    while len(bodies) < expected and time.monotonic() < deadline:
        method, _props, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            time.sleep(0.02)
            continue
        bodies.append(body)
    return bodies


@contextlib.contextmanager
def _running_relay(it_env: dict[str, str], engine, table, **options) -> Iterator[outbox.OutboxRelay]:
    """A relay over the test's outbox, started (it polls only every 30 s: it wakes on NOTIFY)."""
    relay = outbox.OutboxRelay(
        engine=engine,
        table=table,
        listen_url=db.libpq_url(ADMIN_URL),
        publisher_factory=lambda: messaging.Publisher(it_env["JOBSPRINT_AMQP_URL"]),
        poll_interval=30.0,
        **options,
    )
    relay.start()
    try:
        yield relay
    finally:
        relay.stop()


def test_relay_publishes_committed_rows_only_and_deletes_them(it_env, outbox_schema, event_queue):
    engine, table = outbox_schema
    channel, queue, routing_key = event_queue
    with Session(engine) as session, session.begin():
        for n in range(3):
            outbox.enqueue(
                session, table, exchange=messaging.EVENTS_EXCHANGE, routing_key=routing_key, body=b"%d" % n
            )
    with Session(engine) as session:
        session.begin()
        outbox.enqueue(
            session, table, exchange=messaging.EVENTS_EXCHANGE, routing_key=routing_key, body=b"rolled back"
        )
        session.rollback()

    relay = outbox.OutboxRelay(
        engine=engine,
        table=table,
        listen_url=db.libpq_url(ADMIN_URL),
        publisher_factory=lambda: messaging.Publisher(it_env["JOBSPRINT_AMQP_URL"]),
    )
    publisher = messaging.Publisher(it_env["JOBSPRINT_AMQP_URL"])
    try:
        assert relay.relay_once(publisher) == 3
        assert relay.relay_once(publisher) == 0
    finally:
        publisher.close()

    assert _drain(channel, queue, 4, timeout=2.0) == [b"0", b"1", b"2"]
    with engine.connect() as connection:
        assert connection.execute(select(table.c.id)).all() == []  # published rows are deleted


def test_an_unroutable_row_stays_while_the_rest_of_its_batch_goes(it_env, outbox_schema, event_queue):
    engine, table = outbox_schema
    channel, queue, routing_key = event_queue
    with Session(engine) as session, session.begin():
        outbox.enqueue(session, table, exchange=messaging.EVENTS_EXCHANGE, routing_key=routing_key, body=b"a")
        stuck = outbox.enqueue(
            session, table, exchange=messaging.EXECUTIONS_EXCHANGE, routing_key="no.such.queue", body=b"x"
        )
        outbox.enqueue(session, table, exchange=messaging.EVENTS_EXCHANGE, routing_key=routing_key, body=b"b")
    told: list[list[bytes]] = []
    relay = outbox.OutboxRelay(
        engine=engine,
        table=table,
        listen_url=db.libpq_url(ADMIN_URL),
        publisher_factory=lambda: messaging.Publisher(it_env["JOBSPRINT_AMQP_URL"]),
        on_published=lambda rows: told.append([row.body for row in rows]),
    )
    publisher = messaging.Publisher(it_env["JOBSPRINT_AMQP_URL"])
    try:
        with pytest.raises(messaging.PublishRefused, match="could not route 1 message"):
            relay.relay_once(publisher)
        with pytest.raises(messaging.PublishRefused):
            relay.relay_once(publisher)  # still there, still refused; nothing else repeated
    finally:
        publisher.close()
    assert _drain(channel, queue, 3, timeout=2.0) == [b"a", b"b"]
    assert told == [[b"a", b"b"]]  # told of what the broker took, once; never of the returned row
    with engine.connect() as connection:
        left = connection.execute(select(table.c.message_id)).scalars().all()
    assert left == [stuck]


def test_relay_wakes_on_notify_long_before_its_poll_interval(it_env, outbox_schema, event_queue):
    engine, table = outbox_schema
    channel, queue, routing_key = event_queue
    with _running_relay(it_env, engine, table):
        time.sleep(0.5)  # the relay is now blocked waiting for a notification
        started = time.monotonic()
        with Session(engine) as session, session.begin():
            outbox.enqueue(
                session, table, exchange=messaging.EVENTS_EXCHANGE, routing_key=routing_key, body=b"ping"
            )
        assert _drain(channel, queue, 1, timeout=5.0) == [b"ping"]
        assert time.monotonic() - started < 5.0


def test_a_service_role_cannot_read_another_services_schema(it_env):
    url = db.libpq_url(it_env["AUTH_DATABASE_URL"])
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT count(*) FROM auth.users").fetchone() is not None
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("SELECT count(*) FROM executor.executions")


def test_database_bootstrap_is_idempotent(it_env):
    import devctl

    instance = devctl.INSTANCES["it"]
    devctl.bootstrap_database(instance)
    devctl.bootstrap_database(instance)
    with psycopg.connect(db.libpq_url(it_env["EXECUTOR_DATABASE_URL"])) as connection:
        version = connection.execute("SELECT version_num FROM executor.alembic_version").fetchone()
    assert version is not None


def test_a_lone_row_after_a_lone_row_is_not_held_back_by_the_linger(it_env, outbox_schema, event_queue):
    """The linger lets commits join a batch under load; a row committed just after the relay
    published a batch of one (a single caller's next run) goes at once."""
    engine, table = outbox_schema
    channel, queue, routing_key = event_queue
    with _running_relay(it_env, engine, table, linger=3.0):  # far longer than the answer may take
        time.sleep(0.5)
        for body in (b"first", b"second"):
            started = time.monotonic()
            with Session(engine) as session, session.begin():
                outbox.enqueue(
                    session, table, exchange=messaging.EVENTS_EXCHANGE, routing_key=routing_key, body=body
                )
            assert _drain(channel, queue, 1, timeout=5.0) == [body]
            assert time.monotonic() - started < 1.5, f"{body!r} waited for the linger"
