"""An optional limit on how many executions of one workflow run at once (`settings.max_concurrency`,
ADR-034). Executions beyond it are stored `queued` and `parked`, with no run message; each end of
an execution holding a slot admits the next parked one in the same transaction. Nothing polls.

Only executions started by a trigger, a retry or an error workflow count: a subworkflow's
execution runs at once, since its caller already holds a slot and may be waiting for it (making
it wait for a slot could deadlock a workflow that calls itself)."""

from __future__ import annotations

from jobsprint.executor.service import messages
from jobsprint.executor.service.ports import ExecutorUnitOfWork


def admits(uow: ExecutorUnitOfWork, *, workflow_id: str, limit: int | None) -> bool:
    """Whether an execution about to be inserted may be queued now rather than parked. With a
    limit, the workflow's lock is held until the transaction ends, so insert it before then."""
    if limit is None:
        return True
    uow.executions.lock_slots(workflow_id)
    return uow.executions.slots_held(workflow_id) < limit


def release(uow: ExecutorUnitOfWork, *, workflow_id: str) -> list[str]:
    """An execution holding a slot has ended (in this unit of work): admit parked ones while
    they fit, publishing their run messages. Returns the ids it admitted."""
    uow.executions.lock_slots(workflow_id)
    held = uow.executions.slots_held(workflow_id)
    admitted: list[str] = []
    while True:
        waiting = uow.executions.next_parked(workflow_id)
        if waiting is None or held >= waiting.max_concurrency:
            return admitted
        uow.executions.unpark(waiting.id)
        uow.publish(messages.run(waiting.id, priority=waiting.priority))
        admitted.append(waiting.id)
        held += 1
