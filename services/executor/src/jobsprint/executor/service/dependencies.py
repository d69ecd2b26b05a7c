"""What one process's use cases are handed: built once by `bootstrap`, read by the entrypoints,
which pass each use case the parts it names in its signature."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from jobsprint.executor.domain import engine
from jobsprint.executor.domain.nodes import NodeCatalogue
from jobsprint.executor.domain.sandboxing import Sandbox
from jobsprint.executor.domain.subworkflows import WorkflowResolver
from jobsprint.executor.service.definitions import Definitions
from jobsprint.executor.service.ports import ExecutorUnitOfWork, Leases


@dataclass(frozen=True)
class RunLimits:
    """What bounds one run (EXECUTOR_MAX_STEPS and the others)."""

    max_steps: int = 1000
    max_output_bytes: int = 1024 * 1024
    default_timeout_seconds: float = engine.DEFAULT_TIMEOUT_SECONDS
    max_duration_seconds: float = 24 * 3600.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Dependencies:
    uow: Callable[[], ExecutorUnitOfWork]  # a new unit of work for each call
    # Reads of one statement each, outside a transaction (no BEGIN or ROLLBACK around them).
    reads: Callable[[], ExecutorUnitOfWork]
    leases: Leases
    catalogue: NodeCatalogue
    definitions: Definitions
    sandbox: Sandbox | None
    limits: RunLimits = RunLimits()
    # The workflows service, for the definitions of error workflows (subworkflow nodes hold their own).
    workflows: WorkflowResolver | None = None
    # Threads for nodes that wait on I/O, so independent branches overlap (None: one at a time).
    branch_pool: Executor | None = None
    # Label the execution counters with the workflow id (EXECUTOR_METRICS_PER_WORKFLOW, ADR-076).
    metrics_per_workflow: bool = False
    # What the storage raises when it is away (the worker hands its message back and waits).
    storage_errors: tuple[type[Exception], ...] = ()
    # The worker's clock: a step's start and its end both come from it.
    clock: Callable[[], datetime] = field(default=_utc_now)

    def workflow_label(self, workflow_id: str) -> str:
        return workflow_id if self.metrics_per_workflow else ""
