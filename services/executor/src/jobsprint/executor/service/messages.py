"""The executor's messages on `executor.run` (a start, a wake-up, a request for an error
workflow), as a use case publishes them through its unit of work. Execution events go through
`uow.event` instead: they are numbered and kept in the execution's history too."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from jobsprint.common import messaging
from jobsprint.common.unit_of_work import OutboxMessage


def run(execution_id: str, *, priority: int, wake: str | None = None) -> OutboxMessage:
    """A run message for `executor.run`; `wake` is the token a waiting execution expects."""
    body: dict[str, Any] = {"execution_id": execution_id}
    if wake is not None:
        body["wake"] = wake
    return OutboxMessage(
        messaging.EXECUTIONS_EXCHANGE, messaging.RUN_ROUTING_KEY, orjson.dumps(body), priority
    )


def error_workflow(failed_execution_id: str, *, failed_node: str, priority: int) -> OutboxMessage:
    """A request to start the error workflow of a failed execution (ADR-033)."""
    body = {"execution_id": failed_execution_id, "start": "error_workflow", "failed_node": failed_node}
    return OutboxMessage(
        messaging.EXECUTIONS_EXCHANGE, messaging.RUN_ROUTING_KEY, orjson.dumps(body), priority
    )


def wake_up(execution_id: str, *, wake: str, until: datetime, priority: int) -> OutboxMessage:
    """A delayed run message: it waits in a `jobsprint.delay` queue until about `until`."""
    remaining = (until - datetime.now(UTC)).total_seconds()
    return OutboxMessage(
        messaging.DELAY_EXCHANGE,
        messaging.delay_queue(messaging.delay_bucket(remaining)),
        orjson.dumps({"execution_id": execution_id, "wake": wake}),
        priority,
    )
