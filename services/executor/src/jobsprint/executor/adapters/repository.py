"""Executions and steps in the executor's schema. Nothing here commits: callers own the transaction."""

from __future__ import annotations

from typing import Any

from jobsprint.executor.adapters.orm import executions, steps
from jobsprint.executor.domain.engine import StepRecord
from sqlalchemy import func, insert, select, update
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


def list_steps(session: Session, execution_id: str) -> list[Row[Any]]:
    return list(
        session.execute(select(steps).where(steps.c.execution_id == execution_id).order_by(steps.c.seq)).all()
    )


def take_over(session: Session, execution_id: str) -> int | None:
    """Raise the fence and mark the execution running; None when it is already finished."""
    fence = session.execute(
        update(executions)
        .where(executions.c.id == execution_id, executions.c.status.in_(("queued", "running")))
        .values(
            fence=executions.c.fence + 1,
            status="running",
            started_at=func.coalesce(executions.c.started_at, func.now()),
        )
        .returning(executions.c.fence)
    ).scalar()
    return fence


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


def finish(session: Session, execution_id: str, fence: int, *, status: str, output: Any, error: str) -> None:
    _check_fence(session, execution_id, fence)
    session.execute(
        update(executions)
        .where(executions.c.id == execution_id)
        .values(status=status, output=output, error=error, finished_at=func.now())
    )
