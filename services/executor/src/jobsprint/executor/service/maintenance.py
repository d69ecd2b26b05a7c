"""What an operator runs: retention (`prune`) and the repair of stuck executions (`requeue-stuck`,
the fix `jobsprint doctor --fix` applies, ADR-076)."""

from __future__ import annotations

from collections.abc import Callable

from jobsprint.executor.domain.executions import Stuck
from jobsprint.executor.service.ports import ExecutorUnitOfWork


def prune(uow: Callable[[], ExecutorUnitOfWork], *, older_than_days: int) -> int:
    """Delete executions finished more than `older_than_days` ago, a batch per transaction;
    returns how many."""
    total = 0
    while True:
        with uow() as batch:
            deleted = batch.executions.prune_finished(older_than_days=older_than_days)
            batch.commit()
        total += deleted
        if deleted == 0:
            return total


def requeue_stuck(uow: ExecutorUnitOfWork, *, after_seconds: float) -> tuple[list[Stuck], list[str]]:
    """Queue a run message again for every stuck execution; what was stuck, and the ids queued."""
    with uow:
        stuck = uow.executions.stuck(after_seconds=after_seconds, run_queue_ready=None)
        queued = uow.executions.requeue(stuck)
        uow.commit()
    return stuck, queued
