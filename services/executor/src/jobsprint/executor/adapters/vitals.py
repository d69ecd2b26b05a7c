"""What an operator asks of the executor that the public API does not say (ADR-076): executions
that nothing will move any more, dead letters not replayed, the run queue's depth, consumers and
the age of its oldest message, and whether Postgres, RabbitMQ and Redis answer.

One thread in each executor API process reads them every `EXECUTOR_VITALS_INTERVAL_SECONDS`
and sets gauges on `/metrics` (off the hot path: workers do nothing for it); `jobsprint doctor`
reads the same queries for a local stack, and `requeue` is the repair that `doctor --fix` and
`python -m jobsprint.executor requeue-stuck` apply. Every query here runs over the executions not
yet finished, through the partial index `ix_executions_unfinished`, so its cost follows the
working set, not the history.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import pika
import redis
from jobsprint.common import messaging, outbox, retrying
from jobsprint.executor.adapters.orm import outbox as outbox_table
from jobsprint.executor.domain.executions import Stuck
from prometheus_client import Counter, Gauge
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

EXECUTIONS = Gauge("jobsprint_executions_active", "Executions not yet finished, by status", ["status"])
STUCK = Gauge(
    "jobsprint_executions_stuck",
    "Unfinished executions that nothing will move (see docs/operations.md), by reason",
    ["reason"],
)
DEAD_LETTERS = Gauge("jobsprint_dead_letters_pending", "Dead letters not replayed, by reason", ["reason"])
QUEUE_MESSAGES = Gauge("jobsprint_queue_messages", "Messages ready in a RabbitMQ queue", ["queue"])
QUEUE_CONSUMERS = Gauge("jobsprint_queue_consumers", "Consumers of a RabbitMQ queue", ["queue"])
QUEUE_OLDEST_AGE = Gauge(
    "jobsprint_queue_oldest_message_age_seconds",
    "Age of the oldest message waiting in a queue (executor.run: the oldest execution queued and "
    "not parked, which is what its message carries)",
    ["queue"],
)
LEASES_LAPSED = Counter(
    "jobsprint_leases_lapsed_total",
    "Running executions whose worker stopped renewing the lease (killed, frozen, cut off from "
    "Postgres), queued again for another worker by the executor API",
)
RUNS_REQUEUED = Counter(
    "jobsprint_runs_requeued_total",
    "Executions whose run message was delivered to a worker that never acted on it (frozen with "
    "its prefetch window full), queued again for another worker by the executor API, by reason "
    "(not_queued: never started; wake_up_lost: its wake-up or retry was never taken)",
    ["reason"],
)
DEPENDENCY_UP = Gauge(
    "jobsprint_dependency_up",
    "Whether the executor reached a dependency at its last look (1 or 0)",
    ["dependency"],
)

STATUSES = ("queued", "running", "waiting")
STUCK_REASONS = ("lease_lapsed", "not_queued", "wake_up_lost", "dead_lettered")
# The stuck that the executor API hands to another worker by itself, once a lease lifetime old.
UNACTED_REASONS = ("not_queued", "wake_up_lost")
DEAD_LETTER_REASONS = ("retries_exhausted", "unhandled_error")
# The delay buckets are reported together: what waits there is retries' backoff and core.wait.
DELAY_QUEUES = "executor.delay"
QUEUES = (messaging.RUN_QUEUE, messaging.RUN_DLQ, messaging.AUDIT_QUEUE, DELAY_QUEUES)


# Why each is stuck, in words an operator acts on (docs/operations.md#stuck-executions).
EXPLANATIONS = {
    "lease_lapsed": "running, but no worker has renewed its lease since; its run message is gone",
    "not_queued": "queued, with no run message in the outbox (and none ready in executor.run)",
    "wake_up_lost": "waiting past its wake-up time; the delayed message that should wake it is gone",
    "dead_lettered": "dead-lettered, yet its status still says it is live",
}

_LEASE_LAPSED = text(
    """
    SELECT id::text, workspace_id::text, workflow_id::text, status, coalesce(leased_until, started_at) AS since
    FROM executor.executions
    WHERE finished_at IS NULL AND status = 'running'
      AND coalesce(leased_until, started_at, created_at) < now() - make_interval(secs => :after)
    ORDER BY since LIMIT :limit
    """
)
# A queued execution's run message is in the outbox until relayed; an execution parked for a
# concurrency slot has none until a slot frees (ADR-034).
_NOT_QUEUED = text(
    """
    SELECT e.id::text, e.workspace_id::text, e.workflow_id::text, e.status, e.created_at AS since
    FROM executor.executions e
    WHERE e.finished_at IS NULL AND e.status = 'queued' AND NOT e.parked
      AND e.created_at < now() - make_interval(secs => :after)
      AND NOT EXISTS (
        SELECT 1 FROM executor.outbox o
        WHERE o.routing_key = :run_key AND position(convert_to(e.id::text, 'UTF8') IN o.body) > 0)
    ORDER BY e.created_at LIMIT :limit
    """
)
# A subworkflow call is woken by its child's end, not by a delayed message: not counted here.
_WAKE_UP_LOST = text(
    """
    SELECT id::text, workspace_id::text, workflow_id::text, status,
           CAST(resume->>'until' AS timestamptz) AS since
    FROM executor.executions
    WHERE finished_at IS NULL AND status = 'waiting' AND resume->>'kind' <> 'subworkflow'
      AND CAST(resume->>'until' AS timestamptz) < now() - make_interval(secs => :after)
    ORDER BY since LIMIT :limit
    """
)
_DEAD_LETTERED = text(
    """
    SELECT DISTINCT e.id::text, e.workspace_id::text, e.workflow_id::text, e.status, d.created_at AS since
    FROM executor.dead_letters d JOIN executor.executions e ON e.id = d.execution_id
    WHERE d.replayed_at IS NULL AND e.finished_at IS NULL AND e.status IN ('queued', 'running', 'waiting')
    LIMIT :limit
    """
)
_QUERIES = {
    "lease_lapsed": _LEASE_LAPSED,
    "not_queued": _NOT_QUEUED,
    "wake_up_lost": _WAKE_UP_LOST,
    "dead_lettered": _DEAD_LETTERED,
}


def stuck_executions(
    connection: Connection | Session,
    *,
    after_seconds: float,
    run_queue_ready: int | None = 0,
    limit: int = 1000,
    reasons: Iterable[str] = STUCK_REASONS,
) -> list[Stuck]:
    """Unfinished executions that nothing will move: `after_seconds` past their lease, their
    creation or their wake-up time. `run_queue_ready`: messages ready in `executor.run`; queued
    executions count as stuck only when it is 0 (or None, unknown), since with a backlog their
    messages may simply not have been reached yet. `reasons`: only these are looked for."""
    found: list[Stuck] = []
    seen: set[str] = set()
    parameters: dict[str, Any] = {
        "after": after_seconds,
        "limit": limit,
        "run_key": messaging.RUN_ROUTING_KEY,
    }
    # A dead-lettered one first: that is what it is, whatever else it looks like.
    for reason in ("dead_lettered", "lease_lapsed", "not_queued", "wake_up_lost"):
        if reason not in reasons or (reason == "not_queued" and run_queue_ready):
            continue
        for row in connection.execute(_QUERIES[reason], parameters):
            if row.id not in seen:
                seen.add(row.id)
                found.append(Stuck(row.id, row.workspace_id, row.workflow_id, row.status, reason, row.since))
    return found


_ACTIVE = text(
    "SELECT status, count(*) AS n, min(created_at) FILTER (WHERE status = 'queued' AND NOT parked) AS oldest,"
    " now() AS now FROM executor.executions WHERE finished_at IS NULL GROUP BY status"
)
_DEAD_LETTER_COUNTS = text(
    "SELECT reason, count(*) AS n FROM executor.dead_letters WHERE replayed_at IS NULL GROUP BY reason"
)


@dataclass(frozen=True)
class Counts:
    active: dict[str, int]
    oldest_queued_age_seconds: float
    dead_letters: dict[str, int]


def counts(connection: Connection | Session) -> Counts:
    active = dict.fromkeys(STATUSES, 0)
    oldest: datetime | None = None
    now: datetime | None = None
    for row in connection.execute(_ACTIVE):
        active[row.status] = int(row.n)
        now = row.now
        if row.oldest is not None:
            oldest = row.oldest
    letters = dict.fromkeys(DEAD_LETTER_REASONS, 0)
    for row in connection.execute(_DEAD_LETTER_COUNTS):
        letters[row.reason] = int(row.n)
    age = (now - oldest).total_seconds() if oldest is not None and now is not None else 0.0
    return Counts(active, max(0.0, age), letters)


@dataclass(frozen=True)
class QueueState:
    messages: int
    consumers: int


def queue_states(
    channel_factory: Callable[[], Any], names: Sequence[str] | None = None
) -> dict[str, QueueState]:
    """Ready messages and consumers of each queue, by passive declares (a queue that does not
    exist yet is left out: declaring it passively closes the channel, so each gets its own).
    `names`: only these; by default the run queue, its DLQ, the audit queue and the delay
    buckets together (`DELAY_QUEUES`)."""
    states: dict[str, QueueState] = {}
    looked_at = names is None
    names = [messaging.RUN_QUEUE, messaging.RUN_DLQ, messaging.AUDIT_QUEUE] if names is None else list(names)
    delay = [messaging.delay_queue(ms) for ms in messaging.DELAY_BUCKETS_MS] if looked_at else []
    delayed = QueueState(0, 0)
    for name in [*names, *delay]:
        channel = channel_factory()
        try:
            ok = channel.queue_declare(name, passive=True).method
        except pika.exceptions.ChannelClosedByBroker:
            continue
        finally:
            if channel.is_open:
                channel.close()
        if name in names:
            states[name] = QueueState(ok.message_count, ok.consumer_count)
        else:
            delayed = QueueState(delayed.messages + ok.message_count, delayed.consumers + ok.consumer_count)
    if looked_at:
        states[DELAY_QUEUES] = delayed
    return states


class BrokerLook:
    """`queue_states` over one connection kept open between looks; one per thread (a pika
    connection is not shared between threads). A look that fails closes it and raises."""

    def __init__(self, amqp_url: str) -> None:
        self._amqp_url = amqp_url
        self._connection: pika.BlockingConnection | None = None

    def queues(self, names: Sequence[str] | None = None) -> dict[str, QueueState]:
        try:
            if self._connection is None or not self._connection.is_open:
                self._connection = pika.BlockingConnection(messaging.connection_parameters(self._amqp_url))
            return queue_states(self._connection.channel, names)
        except messaging.CONNECTION_ERRORS:
            self.close()
            raise

    def close(self) -> None:
        if self._connection is not None:
            # Closing a broken connection may fail in any way.
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None


def requeue(session: Session, stuck: list[Stuck]) -> list[str]:
    """Queue a run message again for each stuck execution that still is (re-checked under its
    row lock); returns the ids queued. Safe however often it runs: a duplicate run message is
    harmless (a finished execution is acked unrun, a leased one is left to its worker). Dead-
    lettered executions are left alone: a worker already failed on them, they need a person."""
    queued: list[str] = []
    for item in stuck:
        if item.reason == "dead_lettered":
            continue
        row = session.execute(
            text(
                "SELECT status, priority, resume->>'token' AS token, leased_until < now() AS lapsed,"
                " leased_until IS NULL AS unleased FROM executor.executions"
                " WHERE id = CAST(:id AS uuid) AND finished_at IS NULL FOR UPDATE SKIP LOCKED"
            ),
            {"id": item.id},
        ).first()
        if row is None or row.status != item.status:
            continue
        if row.status == "running" and not (row.lapsed or row.unleased):
            continue  # a worker took it back meanwhile
        body: dict[str, Any] = {"execution_id": item.id}
        if row.status == "waiting":
            body["wake"] = row.token
        run = outbox.Pending(
            messaging.EXECUTIONS_EXCHANGE, messaging.RUN_ROUTING_KEY, orjson.dumps(body), row.priority
        )
        outbox.enqueue_many(session, outbox_table, [run])
        queued.append(item.id)
    return queued


# Running executions whose lease lapsed `grace` seconds ago and more, their lease marked lapsed
# as of now: queued again now, and again a `grace` later if no worker took them meanwhile (the
# broker may hand the message to the frozen worker itself: its connection is open and its
# prefetch window has room). A row another transaction holds (a take-over in progress) is skipped.
_MARK_LAPSED = text(
    """
    UPDATE executor.executions x SET leased_until = now()
    WHERE x.id IN (
        SELECT id FROM executor.executions
        WHERE finished_at IS NULL AND status = 'running' AND leased_until IS NOT NULL
          AND leased_until < now() - make_interval(secs => :grace)
        ORDER BY leased_until LIMIT :limit FOR UPDATE SKIP LOCKED)
    RETURNING x.id::text AS id, x.priority
    """
)


def requeue_lapsed(session: Session, *, grace_seconds: float, limit: int = 500) -> list[str]:
    """Queue again every running execution whose lease lapsed `grace_seconds` ago or more (its
    run message in the outbox, in the session's transaction); returns their ids. One that no
    worker takes over is queued again `grace_seconds` later: the broker may have handed the
    message to the frozen worker, whose connection and prefetch window are still open."""
    rows = session.execute(_MARK_LAPSED, {"grace": grace_seconds, "limit": limit}).all()
    runs = [
        outbox.Pending(
            messaging.EXECUTIONS_EXCHANGE,
            messaging.RUN_ROUTING_KEY,
            orjson.dumps({"execution_id": row.id}),
            row.priority,
        )
        for row in rows
    ]
    if runs:
        outbox.enqueue_many(session, outbox_table, runs)
    return [row.id for row in rows]


class VitalsCollector:
    """The thread that keeps the gauges above current (one per executor API process)."""

    def __init__(
        self,
        *,
        engine: Engine,
        amqp_url: str,
        redis_client: redis.Redis,
        interval_seconds: float,
        stuck_after_seconds: float,
    ) -> None:
        self._engine = engine
        self._amqp_url = amqp_url
        self._redis = redis_client
        self._interval = interval_seconds
        self._stuck_after = stuck_after_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._broker = BrokerLook(amqp_url)

    def collect(self) -> None:
        """One look at everything; a dependency that does not answer is marked down, not raised."""
        queues = self._collect_queues()
        try:
            with self._engine.connect() as connection:
                now = counts(connection)
                ready = queues[messaging.RUN_QUEUE].messages if messaging.RUN_QUEUE in queues else None
                stuck = stuck_executions(connection, after_seconds=self._stuck_after, run_queue_ready=ready)
        except DBAPIError as exc:
            log.warning("vitals: Postgres did not answer (%s)", exc)
            DEPENDENCY_UP.labels("postgres").set(0)
        else:
            DEPENDENCY_UP.labels("postgres").set(1)
            for status, n in now.active.items():
                EXECUTIONS.labels(status).set(n)
            for reason, n in now.dead_letters.items():
                DEAD_LETTERS.labels(reason).set(n)
            by_reason = dict.fromkeys(STUCK_REASONS, 0)
            for item in stuck:
                by_reason[item.reason] += 1
            for reason, n in by_reason.items():
                STUCK.labels(reason).set(n)
            QUEUE_OLDEST_AGE.labels(messaging.RUN_QUEUE).set(now.oldest_queued_age_seconds)
        try:
            DEPENDENCY_UP.labels("redis").set(1 if self._redis.ping() else 0)
        except redis.RedisError:
            DEPENDENCY_UP.labels("redis").set(0)

    def _collect_queues(self) -> dict[str, QueueState]:
        try:
            queues = self._broker.queues()
        except messaging.CONNECTION_ERRORS as exc:
            log.warning("vitals: RabbitMQ did not answer (%s)", exc)
            DEPENDENCY_UP.labels("rabbitmq").set(0)
            return {}
        DEPENDENCY_UP.labels("rabbitmq").set(1)
        for name, state in queues.items():
            QUEUE_MESSAGES.labels(name).set(state.messages)
            QUEUE_CONSUMERS.labels(name).set(state.consumers)
        return queues

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.collect()
            except Exception:  # the collector must outlive any one failure
                log.exception("vitals: collecting failed")
            self._stop.wait(self._interval)
        self._broker.close()

    def start(self) -> None:
        if self._interval <= 0:
            return
        self._thread = threading.Thread(target=self._run, name="vitals", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


class RunQueueReady:
    """Messages ready in `executor.run` (a `BrokerLook` of its own, for the sweep's thread); None
    when RabbitMQ does not answer or the queue does not exist yet."""

    def __init__(self, amqp_url: str) -> None:
        self._broker = BrokerLook(amqp_url)
        self.outage = retrying.Outage("RabbitMQ (reading the run queue's depth)", log=log)

    def __call__(self) -> int | None:
        try:
            state = self._broker.queues([messaging.RUN_QUEUE]).get(messaging.RUN_QUEUE)
        except messaging.CONNECTION_ERRORS as exc:
            self.outage.failed(exc)
            return None
        self.outage.recovered()
        return state.messages if state is not None else None

    def close(self) -> None:
        self._broker.close()


class LapsedLeases:
    """The executor API's thread that hands to another worker the executions a worker took and
    stopped moving (ADR-091, ADR-101). Every third of a lease's lifetime it queues again:

    - running executions whose lease lapsed a third of a lifetime ago (the worker stopped renewing
      it), so one is taken over within about twice the lifetime of its worker's last renewal;
    - queued executions with no run message in the outbox, and waiting ones a lifetime past their
      wake-up, when `executor.run` has no message ready: their run message was delivered to a
      worker that never acted on it — a worker frozen with its prefetch window full keeps them
      unacknowledged until it resumes or the broker drops its connection. One must be seen so on
      two looks in a row (a healthy worker's prefetched messages are taken within a look), and
      is queued again at most once a lease lifetime: the broker may hand the copy to the frozen
      worker again. With messages ready, or RabbitMQ not answering, these are left alone: a
      backlog is not a freeze.

    Duplicate run messages are harmless: a finished execution's is acked unrun, so is a leased
    one's (its worker ends it), a wake-up token is taken once (`running.advance`, the worker).

    Not right after a Postgres outage: then every lease lapsed because no worker could renew it,
    and the workers renew within a third of a lifetime of its return. The sweep waits two looks
    that reached Postgres before it acts."""

    def __init__(
        self,
        engine: Engine,
        *,
        ttl_seconds: float,
        run_queue_ready: RunQueueReady | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine = engine
        self.ttl = ttl_seconds
        self.interval = ttl_seconds / 3
        self._run_queue_ready = run_queue_ready
        self._clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._reached = 0  # consecutive looks that reached Postgres
        self._seen: set[str] = set()  # delivered and not acted on at the last look
        self._queued_at: dict[str, float] = {}  # those queued again, and when (by `clock`)

    def sweep(self) -> list[str]:
        """One look; returns the ids queued again (lapsed leases first)."""
        if self._reached < 2:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            self._reached += 1
            return []
        # Read before the transaction: a message relayed meanwhile is younger than the grace.
        ready = self._run_queue_ready() if self._run_queue_ready is not None else None
        with self._engine.begin() as connection, Session(bind=connection) as session:
            lapsed = requeue_lapsed(session, grace_seconds=self.interval)
            unacted = self._requeue_unacted(session, ready)
            session.flush()
        if lapsed:
            LEASES_LAPSED.inc(len(lapsed))
            log.warning(
                "%d running execution(s) lost their worker (lease not renewed: killed, frozen or cut "
                "off), queued again for another worker: %s",
                len(lapsed),
                _some(lapsed),
            )
        if unacted:
            for item in unacted:
                RUNS_REQUEUED.labels(item.reason).inc()
            log.warning(
                "%d execution(s) whose run message a worker holds without acting on it (frozen with "
                "its prefetch window full), queued again for another worker: %s",
                len(unacted),
                _some([f"{item.id} ({item.reason})" for item in unacted]),
            )
        return lapsed + [item.id for item in unacted]

    def _requeue_unacted(self, session: Session, ready: int | None) -> list[Stuck]:
        now = self._clock()
        self._queued_at = {k: at for k, at in self._queued_at.items() if now - at < self.ttl}
        if ready != 0:  # a backlog, or RabbitMQ not answering: nothing to tell
            self._seen = set()
            return []
        found = [
            item
            for item in stuck_executions(
                session,
                after_seconds=self.ttl,
                run_queue_ready=ready,
                limit=500,
                # Dead-lettered ones are looked for so as to be left alone: they need a person.
                reasons=("dead_lettered", *UNACTED_REASONS),
            )
            if item.reason in UNACTED_REASONS
        ]
        due = [item for item in found if item.id in self._seen and item.id not in self._queued_at]
        self._seen = {item.id for item in found}
        queued = set(requeue(session, due))
        for execution_id in queued:
            self._queued_at[execution_id] = now
        return [item for item in due if item.id in queued]

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="lapsed-leases", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        outage = retrying.Outage("Postgres (looking for lapsed execution leases)", log=log)
        while not self._stop.wait(self.interval):
            try:
                self.sweep()
            except Exception as exc:  # the sweeper must outlive any one failure
                self._reached = 0
                outage.failed(exc, unexpected=not isinstance(exc, DBAPIError))
                continue
            outage.recovered()
        if self._run_queue_ready is not None:
            self._run_queue_ready.close()


def _some(ids: list[str], shown: int = 10) -> str:
    return ", ".join(ids[:shown]) + (" ..." if len(ids) > shown else "")
