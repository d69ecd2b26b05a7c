"""Executions started by executions: a subworkflow's child (with its parent's wake-up token) and an
error workflow's run (with the failed execution it is for). Nothing here commits."""

from __future__ import annotations

from typing import Any

from jobsprint.executor.adapters.orm import executions
from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

ACTIVE = ("queued", "running", "waiting")


def insert_once(session: Session, **values: Any) -> bool:
    """Insert an execution whose id is derived from what started it; False when it already
    exists (the start was repeated: a redelivered message, a worker that died after the call)."""
    inserted = session.execute(
        pg_insert(executions)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[executions.c.id])
        .returning(executions.c.id)
    ).first()
    return inserted is not None


def exists(session: Session, execution_id: str) -> bool:
    return session.execute(select(executions.c.id).where(executions.c.id == execution_id)).first() is not None


def state(session: Session, execution_id: str) -> Row[*tuple[Any, ...]] | None:
    """Status, output and error of an execution (the child a parent waits for)."""
    return session.execute(
        select(executions.c.status, executions.c.output, executions.c.error).where(
            executions.c.id == execution_id
        )
    ).first()


_DESCENDANTS = text(
    """
    WITH RECURSIVE tree(id) AS (
        SELECT id FROM executor.executions WHERE parent_id = :root
        UNION ALL
        SELECT e.id FROM executor.executions e JOIN tree t ON e.parent_id = t.id
    )
    SELECT e.id, e.status, e.workflow_id FROM executor.executions e
    WHERE e.id IN (SELECT id FROM tree) AND e.status IN ('queued', 'running', 'waiting')
    ORDER BY e.depth, e.id
    FOR UPDATE OF e
    """
)


def cancel_descendants(session: Session, root_id: str) -> list[Row[Any]]:
    """Cancel every unfinished execution called, directly or not, by `root_id` (raising their
    fences stops their workers at the next write). Returns them as they were."""
    rows = list(session.execute(_DESCENDANTS, {"root": root_id}).all())
    if rows:
        session.execute(
            update(executions)
            .where(executions.c.id.in_([row.id for row in rows]))
            .values(
                status="cancelled",
                fence=executions.c.fence + 1,
                resume=None,
                error=f"cancelled: the execution that called it ({root_id}) was cancelled",
                finished_at=func.now(),
            )
        )
    return rows
