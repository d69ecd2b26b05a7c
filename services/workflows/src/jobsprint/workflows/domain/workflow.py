"""A workflow as the service keeps it, and the rules of a request about one: names and tags,
ids, ETags (optimistic concurrency), update masks, list orders and filters."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from jobsprint.common import definitions
from jobsprint.common.errors import (
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionFailed,
    Unimplemented,
)
from jobsprint.workflows.domain import triggers

MAX_TAGS = 20
MAX_NAME = 200
MAX_TAG = 64
MAX_BATCH = 100
# How many upcoming ticks a cron workflow's view lists.
SCHEDULE_PREVIEW = 5
UPDATABLE = frozenset({"name", "description", "tags", "definition"})
# The columns an update may set, besides those it always raises (revision, update time).
CHANGEABLE = frozenset(
    {
        "name",
        "description",
        "tags",
        "active",
        "current_version",
        "trigger_type",
        "webhook_token_hash",
        "webhook_token_sealed",
        "webhook_secret_sealed",
        "next_fire_at",
    }
)
# Sealed values are bound to what they are (AES-GCM associated data), so one cannot stand for the other.
TOKEN, SIGNING_SECRET = "webhook-token", "webhook-secret"


@dataclass(frozen=True)
class Workflow:
    """A stored workflow (without its definition, which is its current version's)."""

    id: str
    workspace_id: str
    name: str
    description: str
    tags: list[str]
    active: bool
    current_version: int
    # Raised by every change: the ETag an update must name.
    revision: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    trigger_type: str
    webhook_token_hash: str | None = None
    webhook_token_sealed: bytes | None = None
    webhook_secret_sealed: bytes | None = None
    next_fire_at: datetime | None = None


@dataclass(frozen=True)
class NewWorkflow:
    id: str
    workspace_id: str
    name: str
    description: str
    tags: list[str]
    trigger_type: str
    created_by: str
    webhook_token_hash: str | None = None
    webhook_token_sealed: bytes | None = None


@dataclass(frozen=True)
class Version:
    """One immutable save of a workflow's graph; `definition` is None where a listing leaves it out."""

    workflow_id: str
    version: int
    created_by: str
    created_at: datetime
    message: str
    definition: Any = None


@dataclass(frozen=True)
class SearchText:
    """What the full-text index of a workflow is made of, by weight: name (A), tags (B),
    description (C), and the words of its definition (D, `versions.search_text`)."""

    name: str
    tags: list[str]
    description: str
    definition: str


@dataclass(frozen=True)
class WorkflowView:
    """A workflow as a caller sees it: with its definition, upcoming ticks, search rank and its
    webhook token opened from its sealed copy ("" when it has none)."""

    row: Workflow
    definition: Any
    next_fire_times: list[datetime] = field(default_factory=list)
    rank: float = 0.0
    webhook_token: str = ""

    @property
    def webhook_signed(self) -> bool:
        return self.row.webhook_secret_sealed is not None

    @property
    def etag(self) -> str:
        return str(self.row.revision)

    @property
    def trigger(self) -> triggers.Trigger:
        return triggers.trigger_of(definitions.parse(self.definition))


@dataclass(frozen=True)
class Export:
    """A workflow as a portable document: no ids, credentials by name (ADR-039)."""

    name: str
    description: str
    tags: list[str]
    definition: Any


class Started(NamedTuple):
    """An execution the executor started (or had started for the same idempotency key)."""

    id: str
    workflow_version: int
    status: str


@dataclass(frozen=True)
class WebhookRun:
    execution_id: str
    workspace_id: str
    workflow_id: str
    workflow_version: int
    response_mode: str
    wait_timeout_seconds: float = 0.0


class MethodNotAllowed(Unimplemented):
    """The hook accepts another method; the gateway answers 405 with `Allow`."""

    def __init__(self, allowed: str) -> None:
        super().__init__(f"this webhook accepts {allowed} requests only", [FieldViolation("method", allowed)])


def check_fields(name: str | None, tags: list[str] | None) -> None:
    problems = []
    if name is not None:
        if not name.strip():
            problems.append(FieldViolation("name", "required"))
        elif len(name) > MAX_NAME:
            problems.append(FieldViolation("name", f"at most {MAX_NAME} characters"))
    if tags is not None and (len(tags) > MAX_TAGS or any(not t.strip() or len(t) > MAX_TAG for t in tags)):
        problems.append(
            FieldViolation("tags", f"at most {MAX_TAGS} non-empty tags of at most {MAX_TAG} characters")
        )
    if problems:
        raise InvalidArgument("the workflow is invalid", problems)


def clean_tags(tags: list[str] | tuple[str, ...]) -> list[str]:
    return sorted({t.strip() for t in tags})


def check_mask(mask: list[str] | tuple[str, ...]) -> None:
    unknown = sorted(set(mask) - UPDATABLE)
    if unknown or not mask:
        raise InvalidArgument(
            "the update mask must name fields to change",
            [FieldViolation("update_mask", f"use some of {', '.join(sorted(UPDATABLE))}; not {unknown}")],
        )


def check_id(workflow_id: str) -> None:
    try:
        uuid.UUID(workflow_id)
    except ValueError as exc:
        raise NotFound(f"no workflow {workflow_id!r} in this workspace") from exc


def canonical_id(value: str) -> str:
    """The id as Postgres prints a UUID; empty when it is not one."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


def not_found(workflow_id: str, *, deleted: bool = False) -> NotFound:
    where = "in the trash of this workspace" if deleted else "in this workspace"
    return NotFound(f"no workflow {workflow_id!r} {where}")


def _normalise_etag(etag: str) -> str:
    value = etag.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


def check_etag(current: WorkflowView, etag: str, *, required: bool) -> None:
    if not etag:
        if required:
            raise PreconditionFailed(
                "an update must name the version it edits: send If-Match with the ETag of your last read",
                type_="ETAG",
                subject=f"workflows/{current.row.id}",
            )
        return
    presented = _normalise_etag(etag)
    if presented != "*" and presented != current.etag:
        raise PreconditionFailed(
            f'the workflow changed since you read it (your ETag "{presented}", now "{current.etag}"); '
            "read it again and reapply your change",
            type_="ETAG",
            subject=f"workflows/{current.row.id}",
        )


def schedule_start(trigger: triggers.Trigger, *, active: bool, now: datetime) -> datetime | None:
    """The first tick of an active cron workflow; None for any other."""
    if not active or trigger.type != triggers.CRON:
        return None
    return triggers.next_fire_times(trigger.cron_expression, trigger.timezone, after=now)[0]


def upcoming_ticks(workflow: Workflow, definition: Any) -> list[datetime]:
    """The next SCHEDULE_PREVIEW ticks of an active cron workflow, the due one first."""
    if workflow.next_fire_at is None or not workflow.active:
        return []
    trigger = triggers.trigger_of(definitions.parse(definition))
    if trigger.type != triggers.CRON:
        return []
    return [
        workflow.next_fire_at,
        *triggers.next_fire_times(
            trigger.cron_expression, trigger.timezone, after=workflow.next_fire_at, count=SCHEDULE_PREVIEW - 1
        ),
    ]
