"""The executor's outbox messages, added to the caller's transaction: run messages (a start or a
wake-up for `executor.run`) and execution events on `jobsprint.events`.

Every execution event goes through `emit_many` (or `emit`, `emit_all`): it is appended to its
execution's numbered history and published in the same transaction, with its number as the
CloudEvents `sequence` and the time its history holds (ADR-043). One statement numbers a batch,
keeps it, and queues it with any other message passed as `also` (ADR-048)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from jobsprint.common import messaging, outbox
from jobsprint.executor.adapters import repository
from jobsprint.executor.adapters.orm import outbox as outbox_table
from sqlalchemy.orm import Session

EVENT_SOURCE = "/jobsprint/executor"

# An event of one execution: (type, data); `type` is the routing key, `data` JSON-ready.
Event = tuple[str, dict[str, Any]]


def run_pending(execution_id: str, *, priority: int, wake: str | None = None) -> outbox.Pending:
    """A run message for `executor.run`; `wake` is the token a waiting execution expects."""
    body: dict[str, Any] = {"execution_id": execution_id}
    if wake is not None:
        body["wake"] = wake
    return outbox.Pending(
        exchange=messaging.EXECUTIONS_EXCHANGE,
        routing_key=messaging.RUN_ROUTING_KEY,
        body=orjson.dumps(body),
        priority=priority,
    )


def error_workflow_pending(failed_execution_id: str, *, failed_node: str, priority: int) -> outbox.Pending:
    """A request to start the error workflow of a failed execution (ADR-033)."""
    body = {"execution_id": failed_execution_id, "start": "error_workflow", "failed_node": failed_node}
    return outbox.Pending(
        exchange=messaging.EXECUTIONS_EXCHANGE,
        routing_key=messaging.RUN_ROUTING_KEY,
        body=orjson.dumps(body),
        priority=priority,
    )


def wake_up_pending(execution_id: str, *, wake: str, until: datetime, priority: int) -> outbox.Pending:
    """A delayed run message: it waits in a `jobsprint.delay` queue until about `until`."""
    remaining = (until - datetime.now(UTC)).total_seconds()
    return outbox.Pending(
        exchange=messaging.DELAY_EXCHANGE,
        routing_key=messaging.delay_queue(messaging.delay_bucket(remaining)),
        body=orjson.dumps({"execution_id": execution_id, "wake": wake}),
        priority=priority,
    )


@dataclass
class Outgoing:
    """What a transaction sends, gathered while it runs and queued once at its end by `send_all`:
    execution events (execution id, type, data), numbered in the order added, and other messages."""

    events: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    other: list[outbox.Pending] = field(default_factory=list)

    def event(self, execution_id: str, type_: str, data: dict[str, Any]) -> None:
        self.events.append((execution_id, type_, data))

    def message(self, pending: outbox.Pending) -> None:
        self.other.append(pending)


def send_all(session: Session, out: Outgoing) -> None:
    """Number and queue everything `out` gathered: one statement for the events' history (when
    there are events), one INSERT and one NOTIFY."""
    if out.events:
        emit_all(session, out.events, also=out.other)
    else:
        send(session, out.other)


def send(session: Session, pending: Sequence[outbox.Pending]) -> None:
    """Queue messages that are not execution events (run messages, wake-ups) in one INSERT."""
    outbox.enqueue_many(session, outbox_table, pending)


def run(session: Session, execution_id: str, *, priority: int, wake: str | None = None) -> None:
    """Queue the execution to be advanced; `wake` is the token a waiting execution expects."""
    send(session, [run_pending(execution_id, priority=priority, wake=wake)])


def emit(
    session: Session,
    type_: str,
    execution_id: str,
    data: dict[str, Any],
    *,
    also: Sequence[outbox.Pending] = (),
) -> None:
    """One event of one execution (and `also` other messages)."""
    emit_all(session, [(execution_id, type_, data)], also=also)


def emit_many(
    session: Session,
    execution_id: str,
    batch: Sequence[Event],
    *,
    also: Sequence[outbox.Pending] = (),
) -> None:
    """Events of one execution, numbered in the order given (and `also` other messages)."""
    emit_all(session, [(execution_id, type_, data) for type_, data in batch], also=also)


def emit_all(
    session: Session,
    batch: Sequence[tuple[str, str, dict[str, Any]]],
    *,
    also: Sequence[outbox.Pending] = (),
) -> None:
    """Events (execution id, type, data) of one or more executions: each execution's are
    numbered after its last one, in the order given, and queued with `also` in one statement."""
    # Ids read with plain SQL arrive as uuid.UUID.
    batch = [(str(execution_id), type_, data) for execution_id, type_, data in batch]
    repository.queue_events(session, batch, others=also, source=EVENT_SOURCE)
