"""An optional limit on how many executions of one workflow run at once (`settings.max_concurrency`,
ADR-034). Executions beyond it are stored `queued` and `parked`, with no run message; each end of
an execution holding a slot admits the next parked one in the same transaction. Nothing polls.

Only executions started by a trigger, a retry or an error workflow count: a subworkflow's
execution runs at once, since its caller already holds a slot and may be waiting for it (making
it wait for a slot could deadlock a workflow that calls itself)."""

from __future__ import annotations

from jobsprint.executor import messages
from jobsprint.executor.adapters import slots
from sqlalchemy.orm import Session


def admits(session: Session, *, workflow_id: str, limit: int | None) -> bool:
    """Whether an execution about to be inserted may be queued now rather than parked. With a
    limit, the workflow's lock is held until the transaction ends, so insert it before then."""
    if limit is None:
        return True
    slots.lock(session, workflow_id)
    return slots.held(session, workflow_id) < limit


def release(session: Session, *, workflow_id: str, out: messages.Outgoing) -> list[str]:
    """An execution holding a slot has ended (in this transaction): admit parked ones while they
    fit, adding their run messages to `out`. Returns the ids it admitted."""
    slots.lock(session, workflow_id)
    held = slots.held(session, workflow_id)
    admitted: list[str] = []
    while True:
        waiting = slots.next_parked(session, workflow_id)
        if waiting is None or held >= waiting.max_concurrency:
            return admitted
        slots.unpark(session, waiting.id)
        out.message(messages.run_pending(waiting.id, priority=waiting.priority))
        admitted.append(waiting.id)
        held += 1
