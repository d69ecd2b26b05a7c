"""Per-workflow concurrency slots in Postgres (ADR-034). An execution holds a slot of its workflow
from the moment its run message is queued (not `parked`) until it finishes; the count and every
change of it happen under a transaction-scoped advisory lock per workflow, so two transactions
never both take the last slot and a finish never misses a parked execution. Nothing commits."""

from __future__ import annotations

from typing import Any

from jobsprint.executor.adapters.orm import executions
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session


def lock(session: Session, workflow_id: str) -> None:
    session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"executor.max_concurrency:{workflow_id}"},
    )


def held(session: Session, workflow_id: str) -> int:
    """Executions of the workflow holding a slot: counted against a limit, queued (not parked),
    running or waiting."""
    return int(
        session.execute(
            select(func.count())
            .select_from(executions)
            .where(
                executions.c.workflow_id == workflow_id,
                executions.c.max_concurrency.isnot(None),
                executions.c.parked.is_(False),
                executions.c.status.in_(("queued", "running", "waiting")),
            )
        ).scalar_one()
    )


def next_parked(session: Session, workflow_id: str) -> Row[*tuple[Any, ...]] | None:
    """The parked execution to admit next: highest priority, then oldest. One being cancelled
    right now (row locked) is passed over."""
    return session.execute(
        select(executions.c.id, executions.c.priority, executions.c.max_concurrency)
        .where(
            executions.c.workflow_id == workflow_id,
            executions.c.parked.is_(True),
            executions.c.status == "queued",
        )
        .order_by(executions.c.priority.desc(), executions.c.created_at, executions.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def unpark(session: Session, execution_id: str) -> None:
    session.execute(update(executions).where(executions.c.id == execution_id).values(parked=False))
