"""Advancing an execution: the worker's use case. A run takes the execution over (its fence
raised, its lease taken, ADR-054), runs the engine from its last checkpoint, and writes the
checkpoints, its end or its wait, and what that sets off, each batch in one transaction with
its events (ADR-050, ADR-051). Safe to run twice for one execution: the fence refuses the
writes of a worker that lost it (FenceLost)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta
from typing import Any

from jobsprint.common import definitions as workflow_definitions
from jobsprint.executor.domain import engine, expressions, integration_nodes
from jobsprint.executor.domain.executions import FenceLost
from jobsprint.executor.service import followups, messages, metrics
from jobsprint.executor.service.dependencies import Dependencies
from jobsprint.executor.service.ports import ExecutorUnitOfWork

log = logging.getLogger(__name__)


def advance(deps: Dependencies, execution_id: str, *, wake: str | None = None) -> None:
    """Run an execution from its last checkpoint until it ends or waits. Safe to call twice for
    one id; raises LeaseBusy while another worker is advancing it (ADR-054). `wake` is the token
    of the delayed message that woke a waiting execution; a waiting execution ignores any other."""
    writes = _Writes(deps)
    try:
        _run_taken(deps, execution_id, wake, writes)
    finally:
        try:
            writes.close()  # first: an open take-over holds the row a release would wait for
        finally:
            # Even when the rollback failed (the connection died with Postgres): a lease still
            # renewed would keep the execution `running` for good, refusing every redelivery.
            if writes.leased:
                deps.leases.let_go(execution_id, released=writes.released)


class _Writes:
    """A run's units of work, one open at a time. The first takes the execution over and is not
    committed on its own: it commits with the first checkpoints (before the first node that
    waits on the outside world) or with the end, whichever comes first (ADR-051)."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps
        self.uow: ExecutorUnitOfWork | None = None
        self.took_over = True  # the open transaction holds the row locked under the new fence
        self.leased = False  # the take-over took the lease (ADR-054)
        self.released = False  # the run's last transaction, which lets go of it, committed
        self.open()

    def open(self) -> ExecutorUnitOfWork:
        if self.uow is None:
            self.uow = self._deps.uow().__enter__()
        return self.uow

    def commit(self) -> None:
        assert self.uow is not None
        self.uow.commit()
        self.close()
        self.took_over = False

    def close(self) -> None:
        """Roll back what is not committed (a run that failed before its first write)."""
        if self.uow is not None:
            uow, self.uow = self.uow, None
            uow.__exit__(None, None, None)


def _run_taken(deps: Dependencies, execution_id: str, wake: str | None, writes: _Writes) -> None:
    uow = writes.open()
    execution = uow.executions.take_over(execution_id, wake=wake, lease_seconds=deps.leases.ttl_seconds)
    if execution is None:
        return  # finished, or waiting for a wake-up other than this (stale or duplicate) one
    fence = execution.fence
    deps.leases.held(execution_id, fence)
    writes.leased = True
    if execution.first_start:
        uow.event(execution_id, "execution.started", {"workflow_id": execution.workflow_id})
        metrics.STARTED.labels(deps.workflow_label(execution.workflow_id)).inc()
    elif wake is None:
        # Not its first start and no wake-up: another worker held it and let go, or its lease lapsed.
        metrics.TAKEOVERS.inc()
    # Before its first take-over an execution has checkpoints only when it is a retry that
    # reuses its original's (copied when it was queued): anything else has none to read.
    fresh = execution.first_start and execution.retry_of is None
    done = {
        row.node_id: engine.StepRecord(
            row.node_id, row.node_type, row.status, row.output, row.port, row.error, row.attempts
        )
        for row in ([] if fresh else uow.executions.steps(execution_id))
    }
    resume = engine.Resume.from_json(execution.resume) if execution.resume else None
    child = followups.child_result(uow, resume)
    started = execution.started_at
    run_ctx = engine.RunContext(
        str(execution_id),
        str(execution.workflow_id),
        started.isoformat(),
        execution.input,
        execution.request or {},
        workspace_id=str(execution.workspace_id),
        depth=execution.depth,
    )
    seq = len(done)
    # Checkpoints are buffered and written in one transaction with their events: before a node
    # that acts on or waits on the outside world, and with the execution's final state (or its wait).
    buffered: list[tuple[engine.StepRecord, int]] = []

    def checkpoint(step: engine.StepRecord) -> None:
        nonlocal seq
        seq += 1
        # Its end by the clock that gave the engine its start (not the transaction's time).
        finished = replace(step, finished_at=deps.clock())
        buffered.append((finished, seq))
        metrics.observe_step(finished, deps.catalogue)

    def step_events(uow: ExecutorUnitOfWork) -> None:
        for step, _seq in buffered:
            uow.event(
                execution_id,
                f"step.{step.status}",
                {"node_id": step.node_id, "status": step.status, "attempts": step.attempts},
            )

    def write_buffered() -> tuple[ExecutorUnitOfWork, bool]:
        """The open unit of work (opened if none is), with the buffered checkpoints and their
        events in it, and whether it holds the execution's row locked under the fence."""
        locked = writes.took_over
        uow = writes.open()
        locked = uow.executions.save_steps(execution_id, fence, buffered) or locked
        step_events(uow)
        buffered.clear()
        return uow, locked

    def flush() -> None:
        if buffered or writes.uow is not None:
            write_buffered()
            writes.commit()

    def should_stop() -> bool:
        # Asked only while an expression runs in a sandbox (ADR-056): a cancel raises the fence.
        with deps.uow() as probe:
            return probe.executions.fence_moved(execution_id, fence)

    definition, plan = deps.definitions.parsed(execution.definition)
    integration_nodes.enter_execution(workspace_id=str(execution.workspace_id), execution_id=execution_id)
    try:
        outcome = engine.run(
            definition,
            run_ctx,
            catalogue=deps.catalogue,
            completed=done,
            checkpoint=checkpoint,
            before_side_effect=flush,
            resume=resume,
            child=child,
            max_steps=deps.limits.max_steps,
            max_output_bytes=deps.limits.max_output_bytes,
            default_timeout_seconds=deps.limits.default_timeout_seconds,
            deadline=started + timedelta(seconds=deps.limits.max_duration_seconds),
            pool=deps.branch_pool,
            should_stop=should_stop,
            now=deps.clock,
            sandbox=deps.sandbox,
            plan_=plan,
        )
    except engine.StepLimitExceeded as exc:
        outcome = engine.Outcome(engine.FAILED, None, str(exc))
    except expressions.Interrupted as exc:
        raise FenceLost(
            f"execution {execution_id} was cancelled or taken over while an expression ran"
        ) from exc
    dead_lettered = False
    if outcome.status == engine.SUCCEEDED and execution.max_concurrency is None:
        # The common end: nothing it sets off reads or writes the execution (a called run's
        # caller is woken by a message), so its last checkpoints, its end and the transaction's
        # events are one statement at the commit (ADR-110).
        uow = writes.open()
        step_events(uow)
        uow.event(execution_id, "execution.finished", {"status": outcome.status, "error": outcome.error})
        uow.executions.end(
            execution_id,
            fence,
            list(buffered),
            status=outcome.status,
            output=outcome.output,
            error=outcome.error,
        )
        buffered.clear()
        followups.on_finished(uow, execution, outcome, definition.settings)
    else:
        # The steps' events, the final state's (or the wait's) and whatever that sets off are
        # numbered and queued together at the end of the transaction.
        uow, checked = write_buffered()
        if outcome.status == engine.WAITING and outcome.resume is not None:
            _add_wait_messages(uow, execution_id, outcome.resume, priority=execution.priority)
            # Without a worker: the state, its events and its delayed wake-up commit together.
            uow.executions.suspend(
                execution_id, fence, resume=outcome.resume.to_json(), fence_checked=checked
            )
            if outcome.child is not None:
                followups.start_child(uow, execution, outcome.child, wake=outcome.resume.token)
        else:
            uow.event(execution_id, "execution.finished", {"status": outcome.status, "error": outcome.error})
            uow.executions.finish(
                execution_id,
                fence,
                status=outcome.status,
                output=outcome.output,
                error=outcome.error,
                fence_checked=checked,
            )
            dead_lettered = outcome.status == engine.FAILED and _exhausted_retries(
                uow, definition, execution_id
            )
            if dead_lettered:
                uow.executions.add_dead_letter(
                    execution_id=execution_id,
                    workspace_id=execution.workspace_id,
                    reason="retries_exhausted",
                    error=outcome.error,
                )
            followups.on_finished(uow, execution, outcome, definition.settings)
    writes.commit()
    writes.released = True  # finish and suspend clear the lease
    if outcome.status != engine.WAITING:
        metrics.FINISHED.labels(outcome.status, deps.workflow_label(execution.workflow_id)).inc()
        if dead_lettered:
            metrics.DEAD_LETTERED.labels("retries_exhausted").inc()
    log.info("execution %s %s", execution_id, outcome.status)


def _add_wait_messages(
    uow: ExecutorUnitOfWork, execution_id: str, resume: engine.Resume, *, priority: int
) -> None:
    """A waiting execution's `execution.waiting` event, and its delayed wake-up (none for a
    subworkflow call: the called workflow's end wakes it with the resume token, ADR-033)."""
    data: dict[str, Any] = {"node_id": resume.node_id, "reason": resume.kind, "attempt": resume.attempt}
    if resume.kind == engine.SUBWORKFLOW:
        uow.event(execution_id, "execution.waiting", {**data, "child": resume.child_id})
        return
    uow.publish(messages.wake_up(execution_id, wake=resume.token, until=resume.until, priority=priority))
    uow.event(execution_id, "execution.waiting", {**data, "until": resume.until})


def _exhausted_retries(
    uow: ExecutorUnitOfWork, definition: workflow_definitions.Definition, execution_id: str
) -> bool:
    """True when the step that failed the execution was allowed more than one attempt."""
    failed = [s for s in uow.executions.steps(execution_id) if s.status == engine.FAILED]
    if not failed:
        return False
    return engine.retry_policy(definition.node(failed[-1].node_id)).max_attempts > 1
