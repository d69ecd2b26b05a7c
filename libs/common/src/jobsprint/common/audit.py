"""Audit records: who did what to which resource in which workspace, and whether it was allowed.

Every service's gRPC interceptor hands each mutating call (and every refused one) to an audit
sink. Services with an outbox enqueue the record as an `audit.<service>.<method>` event on
`jobsprint.events`; the auth service consumes `audit.#` into its monthly-partitioned,
append-only table and serves `GET /v1/audit-log` (ADR-029).
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from jobsprint.common import events, messaging, outbox, retrying
from jobsprint.common.tokens import Principal
from prometheus_client import Counter
from sqlalchemy import Engine, Table
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

AUDIT_QUEUE = messaging.AUDIT_QUEUE
DROPPED = Counter("jobsprint_audit_dropped_total", "Audit records that could not be written", ["source"])

SUCCESS, DENIED, FAILED = "success", "denied", "failed"


@dataclass(frozen=True)
class AuditRecord:
    workspace_id: str
    actor_id: str
    actor_kind: str
    action: str
    outcome: str
    source: str
    resource_id: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))


AuditSink = Callable[[AuditRecord], None]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def action_name(method: str) -> str:
    """`/jobsprint.api.workflows.v1.WorkflowsService/ActivateWorkflow` → `workflows.activate_workflow`."""
    service, _, name = method.lstrip("/").rpartition("/")
    parts = service.split(".")
    short = parts[2] if len(parts) > 3 and parts[:2] == ["jobsprint", "api"] else parts[-1].lower()
    return f"{short}.{_snake(name)}"


def resource_of(request: object) -> str:
    """The id a request names, if any (`id`, or else `user_id`); never any other field."""
    for name in ("id", "user_id", "workflow_id", "execution_id"):
        value = getattr(request, name, None)
        if isinstance(value, str) and value:
            return value[:200]
    return ""


def record_for(
    principal: Principal, *, method: str, request: object, outcome: str, source: str
) -> AuditRecord:
    return AuditRecord(
        workspace_id=principal.workspace_id,
        actor_id=principal.user_id,
        actor_kind=principal.kind,
        action=action_name(method),
        outcome=outcome,
        source=source,
        resource_id=resource_of(request),
    )


def to_event(record: AuditRecord) -> bytes:
    data = asdict(record)
    data["occurred_at"] = record.occurred_at.isoformat()
    return events.cloud_event(
        type_=f"audit.{record.action}", source=record.source, subject=record.resource_id, data=data
    )


def from_event(body: bytes) -> AuditRecord:
    """ValueError for anything that is not an audit event this code wrote."""
    try:
        envelope = orjson.loads(body)
        data = dict(envelope["data"])
        data["occurred_at"] = datetime.fromisoformat(data["occurred_at"])
        record = AuditRecord(**data)
        uuid.UUID(record.id)
        uuid.UUID(record.workspace_id)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"not an audit event: {exc}") from exc
    return record


class OutboxAuditSink:
    """Buffers records and writes them to the service's outbox in batches, one transaction at most
    every `flush_seconds` (the relay publishes them; auth stores them). A hot path such as running
    a workflow then pays for an audit record with a list append instead of a commit of its own;
    a process killed before the flush loses the records of its last `flush_seconds` (ADR-048)."""

    MAX_PENDING = 50_000  # while the database is down; beyond it records are dropped and counted

    def __init__(self, *, engine: Engine, table: Table, source: str, flush_seconds: float = 0.05) -> None:
        self._engine = engine
        self._table = table
        self.source = source
        self._flush_seconds = flush_seconds
        self._pending: list[AuditRecord] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._outage = retrying.Outage(f"the {source} audit records' database", log=log)
        atexit.register(self.close)

    def __call__(self, record: AuditRecord) -> None:
        with self._lock:
            if len(self._pending) >= self.MAX_PENDING:
                DROPPED.labels(record.source).inc()
                return
            self._pending.append(record)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="audit-sink", daemon=True)
                self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait()
            if self._closed:
                break
            time.sleep(self._flush_seconds)  # let the records of the next few calls join the batch
            self._wake.clear()
            if not self.flush():
                # The database is away; the records wait in memory.
                time.sleep(self._outage.next_wait())
                self._wake.set()

    def flush(self) -> bool:
        """Write every buffered record in one transaction; False (records kept) when it failed."""
        with self._lock:
            batch, self._pending = self._pending, []
        if not batch:
            return True
        try:
            with Session(self._engine) as session, session.begin():
                outbox.enqueue_many(
                    session,
                    self._table,
                    [
                        outbox.Pending(messaging.EVENTS_EXCHANGE, f"audit.{record.action}", to_event(record))
                        for record in batch
                    ],
                )
        except Exception as exc:
            self._outage.failed(exc)
            with self._lock:
                self._pending[:0] = batch
            return False
        self._outage.recovered()
        return True

    def close(self) -> None:
        """Flush what is buffered (at shutdown; registered with atexit)."""
        self._closed = True
        self._wake.set()
        self.flush()


def safely(sink: AuditSink, record: AuditRecord) -> None:
    """An audit failure is logged and counted; it never fails the call it describes."""
    try:
        sink(record)
    except Exception:
        DROPPED.labels(record.source).inc()
        log.exception("could not write audit record %s (%s)", record.id, record.action)
