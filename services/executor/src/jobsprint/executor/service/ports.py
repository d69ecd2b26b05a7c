"""The ports the executor's use cases depend on. Adapters implement them (`adapters/`), unit
tests fake them by subclassing (`tests/unit/fakes.py`); no use case knows which it has.

Rows come back as the adapter has them (a SQLAlchemy row, a fake's record): objects with the
columns of `executor.executions`, `steps`, `execution_events` and `dead_letters` as attributes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Self

from jobsprint.common.unit_of_work import AbstractUnitOfWork
from jobsprint.executor.domain.engine import StepRecord
from jobsprint.executor.domain.executions import ExecutionFilter, Stuck


class ExecutionRepository(ABC):
    """Executions, their steps, events and dead letters, in one transaction. Never commits.
    Methods that take a `fence` write nothing unless it is still the execution's (FenceLost)."""

    # --- starting ------------------------------------------------------------------------------
    @abstractmethod
    def insert(self, **values: Any) -> None:
        """An execution with any of its columns (a retry, a called workflow's run)."""

    @abstractmethod
    def insert_started(self, *, definition: str, input: str, request: str | None, **values: Any) -> None:
        """An execution StartExecution started (the hot path); the documents as JSON text."""

    @abstractmethod
    def insert_once(self, **values: Any) -> bool:
        """Insert unless an execution conflicts: the same id (one derived from what started it)
        or, with an `idempotency_key`, the same key in the workspace. Whether it was inserted."""

    @abstractmethod
    def by_idempotency_key(self, *, workspace_id: str, key: str) -> Any | None:
        """The id and workflow_id of the execution `key` started in the workspace."""

    # --- reading -------------------------------------------------------------------------------
    @abstractmethod
    def get(self, execution_id: str, *, workspace_id: str | None = None) -> Any | None: ...

    @abstractmethod
    def get_many(self, ids: Sequence[str], *, workspace_id: str) -> list[Any]:
        """The workspace's executions among `ids`, in any order."""

    @abstractmethod
    def exists(self, execution_id: str) -> bool: ...

    @abstractmethod
    def child_state(self, execution_id: str) -> Any | None:
        """Status, output and error of an execution (the child a parent waits for)."""

    @abstractmethod
    def list_page(
        self,
        filters: ExecutionFilter,
        *,
        order_column: str,
        descending: bool,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Any]:
        """One keyset page of summaries (no input, output or definition)."""

    @abstractmethod
    def steps(self, execution_id: str) -> list[Any]:
        """The execution's checkpoints in the order they were written."""

    @abstractmethod
    def steps_of(self, execution_ids: Sequence[str]) -> dict[str, list[Any]]: ...

    @abstractmethod
    def events(self, execution_id: str, *, after: int, limit: int) -> list[Any]:
        """The execution's events numbered above `after`, in order."""

    # --- running -------------------------------------------------------------------------------
    @abstractmethod
    def take_over(self, execution_id: str, *, wake: str | None, lease_seconds: float) -> Any | None:
        """Take the execution over (raise its fence, mark it running) with its lease, answering
        it as it now is plus `first_start`; None when it is finished or waits for another wake-up.
        Raises LeaseBusy while another worker holds it. Holds its row until the transaction ends."""

    @abstractmethod
    def fence_moved(self, execution_id: str, fence: int) -> bool:
        """Whether the fence is no longer `fence` (cancelled, taken over), read without a lock."""

    @abstractmethod
    def save_steps(self, execution_id: str, fence: int, batch: list[tuple[StepRecord, int]]) -> bool:
        """Checkpoint steps (each with its seq) under the fence; whether it checked the fence."""

    @abstractmethod
    def finish(
        self,
        execution_id: str,
        fence: int,
        *,
        status: str,
        output: Any,
        error: str,
        fence_checked: bool = False,
    ) -> None: ...

    @abstractmethod
    def end(
        self,
        execution_id: str,
        fence: int,
        batch: list[tuple[StepRecord, int]],
        *,
        status: str,
        output: Any,
        error: str,
    ) -> None:
        """Checkpoint `batch` and end the execution under the fence, with the transaction's events
        (FenceLost when the fence moved, by the commit at the latest). Nothing else in the
        transaction may write or read the execution after this."""

    @abstractmethod
    def suspend(
        self, execution_id: str, fence: int, *, resume: dict[str, Any], fence_checked: bool = False
    ) -> None: ...

    @abstractmethod
    def copy_steps(self, *, source: str, target: str, skip: Sequence[str] = ()) -> None: ...

    # --- control -------------------------------------------------------------------------------
    @abstractmethod
    def cancel(self, execution_id: str, *, workspace_id: str) -> tuple[str, str] | None:
        """Cancel a live execution (raising its fence); the status it had and its workflow."""

    @abstractmethod
    def cancel_descendants(self, root_id: str) -> list[Any]:
        """Cancel every live execution `root_id` called, directly or not; them as they were."""

    @abstractmethod
    def fail_unfinished(self, execution_id: str, *, error: str) -> Any | None:
        """End a live execution `failed` (fence raised); the row as it is now, or None."""

    # --- concurrency slots (ADR-034) -----------------------------------------------------------
    @abstractmethod
    def lock_slots(self, workflow_id: str) -> None:
        """Hold the workflow's slot lock until the transaction ends."""

    @abstractmethod
    def slots_held(self, workflow_id: str) -> int: ...

    @abstractmethod
    def next_parked(self, workflow_id: str) -> Any | None:
        """id, priority, max_concurrency of the parked execution to admit next."""

    @abstractmethod
    def unpark(self, execution_id: str) -> None: ...

    # --- dead letters and maintenance ----------------------------------------------------------
    @abstractmethod
    def add_dead_letter(self, *, execution_id: str, workspace_id: str, reason: str, error: str) -> None: ...

    @abstractmethod
    def dead_letters(self, *, workspace_id: str, before_id: int | None, limit: int) -> list[Any]:
        """Newest first; `before_id` is the last id of the previous page."""

    @abstractmethod
    def add_malformed_letter(
        self,
        *,
        message_key: str,
        message_id: str | None,
        routing_key: str,
        size_bytes: int,
        preview: str,
        error: str,
    ) -> bool:
        """A letter of no workspace for a run message no worker could decode; whether it is new
        (a redelivered copy, the same `message_key`, adds none)."""

    @abstractmethod
    def instance_dead_letters(self, *, before_id: int | None, limit: int) -> list[Any]:
        """The letters of no workspace (malformed messages), newest first."""

    @abstractmethod
    def instance_dead_letter(self, dead_letter_id: int) -> Any | None: ...

    @abstractmethod
    def discard_instance_dead_letter(self, dead_letter_id: int) -> bool:
        """Delete a letter of no workspace; whether there was one."""

    @abstractmethod
    def claim_dead_letter(self, dead_letter_id: int, *, workspace_id: str) -> Any | None: ...

    @abstractmethod
    def mark_replayed(self, dead_letter_id: int, *, replay_execution_id: str) -> None: ...

    @abstractmethod
    def prune_finished(self, *, older_than_days: int) -> int:
        """Delete a batch of executions finished before the cut-off; how many."""

    @abstractmethod
    def stuck(self, *, after_seconds: float, run_queue_ready: int | None) -> list[Stuck]:
        """Unfinished executions that nothing will move (ADR-076)."""

    @abstractmethod
    def requeue(self, stuck: list[Stuck]) -> list[str]:
        """Queue a run message again for each that still is; the ids queued."""


class ExecutorUnitOfWork(AbstractUnitOfWork):
    """One use case's transaction over the executor's schema. Besides messages (`publish`), it
    gathers execution events (`event`): at commit each execution's are numbered after its last
    one, kept in its history and published, with the messages, in one statement (ADR-043, ADR-048)."""

    executions: ExecutionRepository

    def __init__(self) -> None:
        super().__init__()
        self.pending_events: list[tuple[str, str, dict[str, Any]]] = []

    def __enter__(self) -> Self:
        self.pending_events = []
        return super().__enter__()

    def event(self, execution_id: str, type_: str, data: dict[str, Any]) -> None:
        """Add an event to the execution's history and publish it, if this unit commits."""
        self.pending_events.append((execution_id, type_, data))


class Leases(ABC):
    """The execution leases one worker process holds (ADR-054), renewed in the background."""

    ttl_seconds: float

    @abstractmethod
    def held(self, execution_id: str, fence: int) -> None:
        """Renew this execution's lease (taken with `fence`) until `let_go`."""

    @abstractmethod
    def let_go(self, execution_id: str, *, released: bool) -> None:
        """Stop renewing; unless the run's last write `released` it, clear it now."""
