"""The audit log table: append records (idempotently, by id), read a workspace's page, and keep
monthly partitions created ahead."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from jobsprint.auth.adapters.orm import metadata
from jobsprint.auth.service.ports import AuditLog
from jobsprint.common.audit import AuditRecord
from jobsprint.common.errors import Unavailable
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    String,
    Table,
    and_,
    literal,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

PARTITIONS_AHEAD = 3

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("occurred_at", DateTime(timezone=True), primary_key=True),
    Column("workspace_id", UUID(as_uuid=False), nullable=False),
    Column("actor_id", String(64), nullable=False),
    Column("actor_kind", String(16), nullable=False),
    Column("action", String(128), nullable=False),
    Column("resource_id", String(200), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("source", String(128), nullable=False),
    Column("details", JSONB, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
)


def ensure_partitions(
    session: Session, *, start: datetime | None = None, months: int = PARTITIONS_AHEAD + 1
) -> None:
    session.execute(
        text("SELECT auth.ensure_audit_partitions(:start, :months)"),
        {"start": start or datetime.now().astimezone(), "months": months},
    )


def _values(record: AuditRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "occurred_at": record.occurred_at,
        "workspace_id": record.workspace_id,
        "actor_id": record.actor_id[:64],
        "actor_kind": record.actor_kind[:16],
        "action": record.action[:128],
        "resource_id": record.resource_id[:200],
        "outcome": record.outcome[:16],
        "source": record.source[:128],
        "details": record.details,
    }


def append(session: Session, records: Sequence[AuditRecord]) -> None:
    """Insert records; one already stored (a redelivered event) is skipped."""
    if records:
        session.execute(insert(audit_log).values([_values(r) for r in records]).on_conflict_do_nothing())


def append_now(engine: Engine, records: Sequence[AuditRecord]) -> None:
    """Append in a transaction of its own, creating a missing month's partition if needed."""
    try:
        with Session(engine) as session, session.begin():
            append(session, records)
    except DBAPIError as exc:
        if "no partition of relation" not in str(exc):
            raise
        with Session(engine) as session, session.begin():
            for record in records:
                ensure_partitions(session, start=record.occurred_at, months=1)
            append(session, records)


def page(
    session: Session,
    *,
    workspace_id: str,
    limit: int,
    after: tuple[datetime, str] | None,
    action: str = "",
    actor_id: str = "",
    resource_id: str = "",
    outcome: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Any]:
    """Newest first; `after` is the (occurred_at, id) of the last row of the previous page."""
    t = audit_log
    conditions = [t.c.workspace_id == workspace_id]
    if action:
        conditions.append(
            or_(t.c.action == action, t.c.action.startswith(action.rstrip("*").rstrip(".") + "."))
        )
    if actor_id:
        conditions.append(t.c.actor_id == actor_id)
    if resource_id:
        conditions.append(t.c.resource_id == resource_id)
    if outcome:
        conditions.append(t.c.outcome == outcome)
    if since is not None:
        conditions.append(t.c.occurred_at >= since)
    if until is not None:
        conditions.append(t.c.occurred_at < until)
    if after is not None:
        conditions.append(
            tuple_(t.c.occurred_at, t.c.id)
            < tuple_(literal(after[0], DateTime(timezone=True)), literal(after[1], UUID(as_uuid=False)))
        )
    query = select(t).where(and_(*conditions)).order_by(t.c.occurred_at.desc(), t.c.id.desc()).limit(limit)
    return list(session.execute(query).all())


class SqlAuditLog(AuditLog):
    """The audit log outside any use case's transaction; a database failure is `Unavailable`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append_now(self, records: Sequence[AuditRecord]) -> None:
        try:
            append_now(self._engine, records)
        except DBAPIError as exc:
            raise Unavailable(f"the audit log could not be written: {exc}") from exc

    def ensure_partitions(self) -> None:
        try:
            with Session(self._engine) as session, session.begin():
                ensure_partitions(session)
        except DBAPIError as exc:
            raise Unavailable(f"the audit log's partitions could not be made: {exc}") from exc
