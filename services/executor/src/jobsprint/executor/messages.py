"""The executor's outbox messages, added to the caller's transaction: run messages (a start or a
wake-up for `executor.run`) and execution events on `jobsprint.events`."""

from __future__ import annotations

from typing import Any

import orjson
from jobsprint.common import events, messaging, outbox
from jobsprint.executor.adapters.orm import outbox as outbox_table
from sqlalchemy.orm import Session

EVENT_SOURCE = "/jobsprint/executor"


def run(session: Session, execution_id: str, *, priority: int, wake: str | None = None) -> None:
    """Queue the execution to be advanced; `wake` is the token a waiting execution expects."""
    body: dict[str, Any] = {"execution_id": execution_id}
    if wake is not None:
        body["wake"] = wake
    outbox.enqueue(
        session,
        outbox_table,
        exchange=messaging.EXECUTIONS_EXCHANGE,
        routing_key=messaging.RUN_ROUTING_KEY,
        body=orjson.dumps(body),
        priority=priority,
    )


def start_error_workflow(
    session: Session, failed_execution_id: str, *, failed_node: str, priority: int
) -> None:
    """Ask a worker to start the error workflow of a failed execution (ADR-033)."""
    outbox.enqueue(
        session,
        outbox_table,
        exchange=messaging.EXECUTIONS_EXCHANGE,
        routing_key=messaging.RUN_ROUTING_KEY,
        body=orjson.dumps(
            {"execution_id": failed_execution_id, "start": "error_workflow", "failed_node": failed_node}
        ),
        priority=priority,
    )


def emit(session: Session, type_: str, execution_id: str, data: dict[str, Any]) -> None:
    outbox.enqueue(
        session,
        outbox_table,
        exchange=messaging.EVENTS_EXCHANGE,
        routing_key=type_,
        body=events.cloud_event(type_=type_, source=EVENT_SOURCE, subject=execution_id, data=data),
    )
