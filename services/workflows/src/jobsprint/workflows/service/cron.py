"""Cron schedules: each due tick starts one execution, however many schedulers see it (ADR-035)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import orjson
from jobsprint.common import definitions
from jobsprint.common.errors import Internal
from jobsprint.common.identity import service_principal
from jobsprint.common.tokens import KeyRing
from jobsprint.workflows.domain import triggers
from jobsprint.workflows.service.ports import Executor, WorkflowsUnitOfWork
from jobsprint.workflows.service.webhooks import SERVICE_NAME

log = logging.getLogger(__name__)


def fire_due_schedules(
    uows: Callable[[], WorkflowsUnitOfWork],
    executor: Executor,
    key_ring: KeyRing | None,
    *,
    now: datetime,
    fired_by: str,
    grace: timedelta,
    limit: int = 100,
) -> int:
    """Start one execution for each due cron tick; returns how many started.

    Any number of processes may call this at once. Each due workflow is claimed with
    `FOR UPDATE SKIP LOCKED` and moved to its next tick in the same transaction that records the
    tick in `cron_ticks`, whose primary key (workflow, tick) refuses a second run of one tick
    (ADR-035). One unit of work per workflow, so one failure leaves the others fired."""
    if key_ring is None:
        raise Internal("schedules need the service key ring")
    with uows() as uow:
        due = uow.ticks.due(now=now, limit=limit)
        # Ended by a COMMIT, not the ROLLBACK of a unit of work left uncommitted: psycopg answers
        # a ROLLBACK by dropping the statements the connection had prepared, and this runs every
        # second on the pool the webhook path uses (ADR-111).
        uow.commit()
    started = 0
    for workflow_id in due:
        try:
            started += _fire(uows(), executor, key_ring, workflow_id, now=now, fired_by=fired_by, grace=grace)
        except Exception:
            # The transaction rolled back: the tick stays due and the next poll tries again.
            log.exception("cron tick of workflow %s failed; retrying on the next poll", workflow_id)
    return started


def _fire(
    uow: WorkflowsUnitOfWork,
    executor: Executor,
    key_ring: KeyRing,
    workflow_id: str,
    *,
    now: datetime,
    fired_by: str,
    grace: timedelta,
) -> int:
    with uow:
        workflow = uow.ticks.claim(workflow_id, now=now)
        if workflow is None:
            return 0  # another scheduler holds it, or it is no longer due
        version = uow.workflows.get_version(workflow.id, workflow.current_version)
        assert version is not None, "a workflow's current version exists"
        definition = version.definition
        trigger = triggers.trigger_of(definitions.parse(definition))
        if trigger.type != triggers.CRON or workflow.next_fire_at is None:
            uow.workflows.update(workflow.id, {"next_fire_at": None}, bump=False)
            uow.commit()
            return 0
        fire = triggers.plan(
            expression=trigger.cron_expression,
            timezone=trigger.timezone,
            policy=trigger.missed_ticks,
            due_since=workflow.next_fire_at,
            now=now,
            grace=grace,
        )
        uow.workflows.update(workflow.id, {"next_fire_at": fire.next_fire_at}, bump=False)
        if fire.fire_at is None:
            log.info("workflow %s: skipped %d missed cron ticks", workflow.id, fire.missed)
            uow.commit()
            return 0
        if not uow.ticks.record(
            workflow.id,
            tick=fire.fire_at,
            version=workflow.current_version,
            missed=fire.missed,
            fired_by=fired_by,
        ):
            uow.commit()
            return 0  # this tick already ran (e.g. the schedule was re-activated within the minute)
        acting = service_principal(
            key_ring, service=SERVICE_NAME, workspace_id=workflow.workspace_id, scopes=("read", "run")
        )
        # If this transaction fails after the executor started the run (a lost answer, a crash
        # before commit), the tick stays due and is claimed again: the key makes the executor
        # answer with the run it already started instead of starting a second one.
        execution = executor.start_execution(
            acting,
            workflow_id=workflow.id,
            version=workflow.current_version,
            definition=orjson.dumps(definition),
            input_=orjson.dumps(
                {
                    "scheduled_for": fire.fire_at.isoformat(),
                    "missed_ticks": fire.missed,
                    "timezone": trigger.timezone,
                }
            ),
            idempotency_key=triggers.tick_key(workflow.id, fire.fire_at),
        )
        uow.ticks.started(workflow.id, tick=fire.fire_at, execution_id=execution.id)
        uow.commit()
        return 1
