"""What the executor knows about executions outside a run: their statuses, how they are listed,
the ids it accepts, and what a worker that lost an execution to another is told."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from jobsprint.common.errors import FieldViolation, InvalidArgument, NotFound

STATUSES = ("queued", "running", "waiting", "succeeded", "failed", "cancelled")
LIVE = ("queued", "running", "waiting")
TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
RETRYABLE = ("failed", "cancelled")
ORDERS = {
    "created_at desc": ("created_at", True),
    "created_at": ("created_at", False),
    "finished_at desc": ("finished_at", True),
    "finished_at": ("finished_at", False),
}
MAX_BATCH = 100
MAX_IDEMPOTENCY_KEY = 200


class FenceLost(Exception):
    """Another worker has taken the execution over; this one must stop writing."""


class LeaseBusy(Exception):
    """Another worker holds the execution's lease."""


@dataclass(frozen=True)
class ExecutionFilter:
    workspace_id: str
    workflow_id: str = ""
    statuses: tuple[str, ...] = ()
    created_after: datetime | None = None
    created_before: datetime | None = None
    started_after: datetime | None = None
    started_before: datetime | None = None
    finished_after: datetime | None = None
    finished_before: datetime | None = None


@dataclass(frozen=True)
class Stuck:
    """An unfinished execution that nothing will move without help, and why (ADR-076)."""

    id: str
    workspace_id: str
    workflow_id: str
    status: str
    reason: str
    since: datetime | None


def canonical_id(value: str) -> str:
    """The id as Postgres prints a UUID; empty when it is not one."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


def not_found(execution_id: str) -> NotFound:
    return NotFound(f"no execution {execution_id!r} in this workspace")


def checked_id(value: str) -> str:
    """`value` when it is an execution id; NotFound otherwise (as an unknown one would be)."""
    if not canonical_id(value):
        raise not_found(value)
    return value


def bad_page_token() -> InvalidArgument:
    return InvalidArgument(
        "page_token is not a token this API returned", [FieldViolation("page_token", "not a page token")]
    )
