"""Executions and steps in the executor's schema. Nothing here commits: callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from jobsprint.executor.adapters.orm import dead_letters, execution_events, executions, steps
from jobsprint.executor.domain.engine import StepRecord
from sqlalchemy import ColumnElement, and_, delete, func, insert, or_, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session


class FenceLost(Exception):
    """Another worker has taken the execution over; this one must stop writing."""


def insert_execution(session: Session, **values: Any) -> None:
    session.execute(insert(executions).values(**values))


def get_execution(session: Session, execution_id: str, *, workspace_id: str | None = None) -> Row[Any] | None:
    query = select(executions).where(executions.c.id == execution_id)
    if workspace_id is not None:
        query = query.where(executions.c.workspace_id == workspace_id)
    return session.execute(query).first()


def get_executions(session: Session, ids: Sequence[str], *, workspace_id: str) -> list[Row[Any]]:
    """The executions of the workspace among `ids` (any order); other workspaces' ids match nothing."""
    if not ids:
        return []
    return list(
        session.execute(
            select(executions).where(executions.c.id.in_(ids), executions.c.workspace_id == workspace_id)
        ).all()
    )


def list_steps_of(session: Session, execution_ids: Sequence[str]) -> dict[str, list[Row[Any]]]:
    """The steps of several executions in one query, each execution's in checkpoint order."""
    found: dict[str, list[Row[Any]]] = {execution_id: [] for execution_id in execution_ids}
    if execution_ids:
        rows = session.execute(
            select(steps)
            .where(steps.c.execution_id.in_(execution_ids))
            .order_by(steps.c.execution_id, steps.c.seq)
        ).all()
        for row in rows:
            found[row.execution_id].append(row)
    return found


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


# Summary columns: a page of executions carries no input, output, definition or steps.
SUMMARY = (
    executions.c.id,
    executions.c.workspace_id,
    executions.c.workflow_id,
    executions.c.workflow_version,
    executions.c.status,
    executions.c.error,
    executions.c.created_at,
    executions.c.started_at,
    executions.c.finished_at,
    executions.c.retry_of,
)


def list_executions(
    session: Session,
    filters: ExecutionFilter,
    *,
    order_column: str,
    descending: bool,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[Row[Any]]:
    """One keyset page, served by (workspace_id[, workflow_id], created_at|finished_at, id) indexes."""
    conditions: list[ColumnElement[bool]] = [executions.c.workspace_id == filters.workspace_id]
    if filters.workflow_id:
        conditions.append(executions.c.workflow_id == filters.workflow_id)
    if filters.statuses:
        conditions.append(executions.c.status.in_(filters.statuses))
    for column, lower, upper in (
        (executions.c.created_at, filters.created_after, filters.created_before),
        (executions.c.started_at, filters.started_after, filters.started_before),
        (executions.c.finished_at, filters.finished_after, filters.finished_before),
    ):
        if lower is not None:
            conditions.append(column >= lower)
        if upper is not None:
            conditions.append(column < upper)
    key = executions.c[order_column]
    if order_column == "finished_at":
        conditions.append(key.isnot(None))
    if after is not None:
        position = tuple_(key, executions.c.id)
        last = tuple_(after[0], func.cast(after[1], UUID(as_uuid=False)))
        conditions.append(position < last if descending else position > last)
    ordering = (key.desc(), executions.c.id.desc()) if descending else (key.asc(), executions.c.id.asc())
    return list(session.execute(select(*SUMMARY).where(*conditions).order_by(*ordering).limit(limit)).all())


def append_events(
    session: Session, execution_id: str, events: Sequence[tuple[str, Any]]
) -> list[tuple[int, datetime]]:
    """Add events (type, JSON-ready data) to the execution's history, numbered after its last one.

    Raising `event_seq` locks the execution's row until the transaction ends, so numbers follow
    commit order and no two transactions take the same one. One round trip. Returns each event's
    number and time in the order of `events` (empty when the execution does not exist)."""
    if not events:
        return []
    rows = session.execute(
        text(
            """
            WITH bump AS (
                UPDATE executor.executions SET event_seq = event_seq + :n
                WHERE id = CAST(:execution_id AS uuid) RETURNING event_seq
            )
            INSERT INTO executor.execution_events (execution_id, seq, type, data)
            SELECT CAST(:execution_id AS uuid), bump.event_seq - :n + e.ord, e.type, CAST(e.data AS jsonb)
            FROM bump, unnest(CAST(:types AS text[]), CAST(:datas AS text[])) WITH ORDINALITY AS e(type, data, ord)
            RETURNING seq, created_at
            """
        ),
        {
            "n": len(events),
            "execution_id": execution_id,
            "types": [type_ for type_, _data in events],
            "datas": [orjson.dumps(data).decode() for _type, data in events],
        },
    ).all()
    return sorted((int(row.seq), row.created_at) for row in rows)


def list_events(session: Session, execution_id: str, *, after: int, limit: int) -> list[Row[Any]]:
    return list(
        session.execute(
            select(execution_events)
            .where(execution_events.c.execution_id == execution_id, execution_events.c.seq > after)
            .order_by(execution_events.c.seq)
            .limit(limit)
        ).all()
    )


def list_steps(session: Session, execution_id: str) -> list[Row[Any]]:
    return list(
        session.execute(select(steps).where(steps.c.execution_id == execution_id).order_by(steps.c.seq)).all()
    )


def take_over(session: Session, execution_id: str) -> int | None:
    """Raise the fence and mark the execution running; None when it is already finished."""
    fence = session.execute(
        update(executions)
        .where(executions.c.id == execution_id, executions.c.status.in_(("queued", "running", "waiting")))
        .values(
            fence=executions.c.fence + 1,
            status="running",
            started_at=func.coalesce(executions.c.started_at, func.now()),
        )
        .returning(executions.c.fence)
    ).scalar()
    return fence


def take_over_row(session: Session, execution_id: str, *, wake: str | None) -> Row[Any] | None:
    """`take_over` in one round trip, answering the execution as it now is, plus `first_start`.

    A waiting execution is taken only by the wake-up carrying its resume token; a finished one,
    or a waiting one woken by a stale message, gives None."""
    takeable = executions.c.status.in_(("queued", "running"))
    if wake is not None:
        takeable = or_(
            takeable, and_(executions.c.status == "waiting", executions.c.resume["token"].astext == wake)
        )
    return session.execute(
        update(executions)
        .where(executions.c.id == execution_id, takeable)
        .values(
            fence=executions.c.fence + 1,
            status="running",
            started_at=func.coalesce(executions.c.started_at, func.now()),
        )
        .returning(
            *executions.c,
            # now() is the transaction's start, so this is true only when this statement set it.
            (executions.c.started_at == func.now()).label("first_start"),
        )
    ).first()


def _check_fence(session: Session, execution_id: str, fence: int) -> None:
    held = session.execute(
        select(executions.c.fence).where(executions.c.id == execution_id).with_for_update()
    ).scalar()
    if held != fence:
        raise FenceLost(f"execution {execution_id} is now advanced by another worker")


def save_step(session: Session, execution_id: str, fence: int, step: StepRecord, seq: int) -> None:
    _check_fence(session, execution_id, fence)
    values = {
        "node_type": step.node_type,
        "status": step.status,
        "port": step.port,
        "output": step.output,
        "error": step.error,
        "attempts": step.attempts,
        "finished_at": func.now(),
    }
    session.execute(
        pg_insert(steps)
        .values(
            execution_id=execution_id,
            node_id=step.node_id,
            seq=seq,
            started_at=step.started_at or func.now(),
            **values,
        )
        .on_conflict_do_update(index_elements=[steps.c.execution_id, steps.c.node_id], set_=values)
    )


def save_steps(session: Session, execution_id: str, fence: int, batch: list[tuple[StepRecord, int]]) -> bool:
    """Checkpoint several steps (each with its seq) in one statement, under one fence check.
    Returns whether it checked the fence (and so holds the execution's row locked)."""
    if not batch:
        return False
    _check_fence(session, execution_id, fence)
    statement = pg_insert(steps).values(
        [
            {
                "execution_id": execution_id,
                "node_id": step.node_id,
                "seq": seq,
                "node_type": step.node_type,
                "status": step.status,
                "port": step.port,
                "output": step.output,
                "error": step.error,
                "attempts": step.attempts,
                "started_at": step.started_at or func.now(),
                "finished_at": func.now(),
            }
            for step, seq in batch
        ]
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[steps.c.execution_id, steps.c.node_id],
            set_={
                name: statement.excluded[name]
                for name in ("node_type", "status", "port", "output", "error", "attempts", "finished_at")
            },
        )
    )
    return True


def finish(
    session: Session,
    execution_id: str,
    fence: int,
    *,
    status: str,
    output: Any,
    error: str,
    fence_checked: bool = False,
) -> None:
    """`fence_checked`: this transaction already holds the row locked under the fence."""
    if not fence_checked:
        _check_fence(session, execution_id, fence)
    session.execute(
        update(executions)
        .where(executions.c.id == execution_id)
        .values(status=status, output=output, error=error, finished_at=func.now(), resume=None)
    )


def suspend(
    session: Session, execution_id: str, fence: int, *, resume: dict[str, Any], fence_checked: bool = False
) -> None:
    """Mark the execution waiting until `resume` says; its worker lets go of it."""
    if not fence_checked:
        _check_fence(session, execution_id, fence)
    session.execute(
        update(executions).where(executions.c.id == execution_id).values(status="waiting", resume=resume)
    )


def cancel(session: Session, execution_id: str, *, workspace_id: str) -> str | None:
    """Cancel a queued, running or waiting execution; raising the fence stops a worker mid-run.
    Returns the status it had, or None when there was nothing to cancel."""
    before = (
        select(executions.c.status)
        .where(executions.c.id == execution_id, executions.c.workspace_id == workspace_id)
        .with_for_update()
    )
    status = session.execute(before).scalar()
    if status not in ("queued", "running", "waiting"):
        return None
    session.execute(
        update(executions)
        .where(executions.c.id == execution_id)
        .values(
            status="cancelled",
            fence=executions.c.fence + 1,
            resume=None,
            error="cancelled",
            finished_at=func.now(),
        )
    )
    return str(status)


def copy_steps(session: Session, *, source: str, target: str, before_seq: int) -> None:
    """Copy the checkpoints of `source` with seq below `before_seq` into `target` (a retry)."""
    columns = [c for c in steps.c if c.name != "execution_id"]
    session.execute(
        insert(steps).from_select(
            ["execution_id", *[c.name for c in columns]],
            select(func.cast(target, steps.c.execution_id.type), *columns).where(
                steps.c.execution_id == source, steps.c.seq < before_seq
            ),
        )
    )


def add_dead_letter(
    session: Session, *, execution_id: str, workspace_id: str, reason: str, error: str
) -> None:
    session.execute(
        insert(dead_letters).values(
            execution_id=execution_id, workspace_id=workspace_id, reason=reason, error=error
        )
    )


def list_dead_letters(session: Session, *, workspace_id: str, limit: int) -> list[Row[Any]]:
    return list(
        session.execute(
            select(dead_letters)
            .where(dead_letters.c.workspace_id == workspace_id)
            .order_by(dead_letters.c.id.desc())
            .limit(limit)
        ).all()
    )


def claim_dead_letter(session: Session, dead_letter_id: int, *, workspace_id: str) -> Row[Any] | None:
    return session.execute(
        select(dead_letters)
        .where(dead_letters.c.id == dead_letter_id, dead_letters.c.workspace_id == workspace_id)
        .with_for_update()
    ).first()


def mark_replayed(session: Session, dead_letter_id: int, *, replay_execution_id: str) -> None:
    session.execute(
        update(dead_letters)
        .where(dead_letters.c.id == dead_letter_id)
        .values(replayed_at=func.now(), replay_execution_id=replay_execution_id)
    )


def prune_finished(session: Session, *, older_than_days: int, batch: int = 1000) -> int:
    """Delete up to `batch` executions (steps and dead letters cascade) finished before the cut-off."""
    doomed = (
        select(executions.c.id)
        .where(executions.c.finished_at < func.now() - text(f"interval '{int(older_than_days)} days'"))
        .limit(batch)
        .scalar_subquery()
    )
    result = session.execute(delete(executions).where(executions.c.id.in_(doomed)))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
