"""The executor's outbox messages, added to the caller's transaction: run messages (a start or a
wake-up for `executor.run`) and execution events on `jobsprint.events`."""

from __future__ import annotations

from typing import Any

import orjson
from jobsprint.common import events, messaging, outbox
from jobsprint.executor.adapters.orm import outbox as outbox_table
from sqlalchemy.orm import Session

EVENT_SOURCE = "/jobsprint/executor"


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


def event(type_: str, execution_id: str, data: dict[str, Any]) -> outbox.Pending:
    """An execution event for `jobsprint.events`."""
    return outbox.Pending(
        exchange=messaging.EVENTS_EXCHANGE,
        routing_key=type_,
        body=events.cloud_event(type_=type_, source=EVENT_SOURCE, subject=execution_id, data=data),
    )


def run(session: Session, execution_id: str, *, priority: int, wake: str | None = None) -> None:
    """Queue the execution to be advanced; `wake` is the token a waiting execution expects."""
    outbox.enqueue_many(session, outbox_table, [run_pending(execution_id, priority=priority, wake=wake)])


def start_error_workflow(
    session: Session, failed_execution_id: str, *, failed_node: str, priority: int
) -> None:
    """Ask a worker to start the error workflow of a failed execution (ADR-033)."""
    body = {"execution_id": failed_execution_id, "start": "error_workflow", "failed_node": failed_node}
    pending = outbox.Pending(
        exchange=messaging.EXECUTIONS_EXCHANGE,
        routing_key=messaging.RUN_ROUTING_KEY,
        body=orjson.dumps(body),
        priority=priority,
    )
    outbox.enqueue_many(session, outbox_table, [pending])


def emit(session: Session, type_: str, execution_id: str, data: dict[str, Any]) -> None:
    outbox.enqueue_many(session, outbox_table, [event(type_, execution_id, data)])
