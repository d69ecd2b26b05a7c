"""Fakes of the executor's ports for use-case unit tests. Each subclasses its port, so a port that
changes breaks its fake here rather than a test passing against an old shape. The fake
repository keeps rows as the SQL one returns them (objects with the table's columns as
attributes) and applies the same rules: the fence, the lease, the statuses a statement may
change."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from jobsprint.common.fakes import FakeUnitOfWork
from jobsprint.common.unit_of_work import OutboxMessage
from jobsprint.executor.domain.engine import StepRecord
from jobsprint.executor.domain.executions import LIVE, ExecutionFilter, FenceLost, LeaseBusy, Stuck
from jobsprint.executor.domain.nodes import NodeCatalogue, built_in_catalogue
from jobsprint.executor.service.definitions import Definitions
from jobsprint.executor.service.dependencies import Dependencies, RunLimits
from jobsprint.executor.service.ports import ExecutionRepository, ExecutorUnitOfWork, Leases

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class Clock:
    """Time that moves only when asked: `tick` seconds each time it is read."""

    def __init__(self, start: datetime = T0, tick: float = 0.001) -> None:
        self.now = start
        self.tick = timedelta(seconds=tick)

    def __call__(self) -> datetime:
        self.now += self.tick
        return self.now

    def __deepcopy__(self, memo: dict[int, Any]) -> Clock:
        return self  # time is not part of what a rollback undoes


@dataclass
class ExecutionRow:
    id: str
    workspace_id: str
    workflow_id: str
    workflow_version: int
    definition: Any
    status: str
    input: Any = None
    request: Any = None
    output: Any = None
    error: str = ""
    priority: int = 0
    max_concurrency: int | None = None
    parked: bool = False
    idempotency_key: str | None = None
    retry_of: str | None = None
    parent_id: str | None = None
    parent_wake: str | None = None
    error_of: str | None = None
    depth: int = 0
    fence: int = 0
    resume: dict[str, Any] | None = None
    leased_until: datetime | None = None
    created_at: datetime = T0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    first_start: bool = False


@dataclass
class StepRow:
    execution_id: str
    node_id: str
    seq: int
    node_type: str
    status: str
    port: str | None
    output: Any
    error: str
    attempts: int
    started_at: datetime | None
    finished_at: datetime | None


@dataclass
class EventRow:
    execution_id: str
    seq: int
    type: str
    data: dict[str, Any]
    created_at: datetime


@dataclass
class DeadLetterRow:
    id: int
    execution_id: str | None
    workspace_id: str | None
    reason: str
    error: str
    created_at: datetime
    replayed_at: datetime | None = None
    replay_execution_id: str | None = None
    message_key: str | None = None
    message_id: str | None = None
    routing_key: str | None = None
    size_bytes: int | None = None
    preview: str | None = None


class FakeExecutionRepository(ExecutionRepository):
    """Executions, steps, events and dead letters in dicts; `now` is the database's clock."""

    def __init__(self, now: Clock) -> None:
        self.now = now
        self.rows: dict[str, ExecutionRow] = {}
        self.step_rows: dict[str, dict[str, StepRow]] = {}
        self.event_rows: dict[str, list[EventRow]] = {}
        self.letters: dict[int, DeadLetterRow] = {}
        self._letter_ids = itertools.count(1)

    # --- starting ------------------------------------------------------------------------------
    def insert(self, **values: Any) -> None:
        self.rows[values["id"]] = ExecutionRow(**values, created_at=self.now())

    def insert_started(self, *, definition: str, input: str, request: str | None, **values: Any) -> None:
        self.insert(
            **values,
            definition=orjson.loads(definition),
            input=orjson.loads(input),
            request=orjson.loads(request) if request else None,
        )

    def insert_once(self, **values: Any) -> bool:
        key = values.get("idempotency_key")
        taken = values["id"] in self.rows or (
            key and self.by_idempotency_key(workspace_id=values["workspace_id"], key=key) is not None
        )
        if not taken:
            self.insert(**values)
        return not taken

    def by_idempotency_key(self, *, workspace_id: str, key: str) -> ExecutionRow | None:
        return next(
            (r for r in self.rows.values() if r.workspace_id == workspace_id and r.idempotency_key == key),
            None,
        )

    # --- reading -------------------------------------------------------------------------------
    def get(self, execution_id: str, *, workspace_id: str | None = None) -> ExecutionRow | None:
        row = self.rows.get(execution_id)
        if row is None or (workspace_id is not None and row.workspace_id != workspace_id):
            return None
        return replace(row)

    def get_many(self, ids: Sequence[str], *, workspace_id: str) -> list[ExecutionRow]:
        return [row for i in ids if (row := self.get(i, workspace_id=workspace_id)) is not None]

    def exists(self, execution_id: str) -> bool:
        return execution_id in self.rows

    def child_state(self, execution_id: str) -> ExecutionRow | None:
        return self.get(execution_id)

    def list_page(
        self,
        filters: ExecutionFilter,
        *,
        order_column: str,
        descending: bool,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> list[ExecutionRow]:
        found = [
            r
            for r in self.rows.values()
            if r.workspace_id == filters.workspace_id
            and (not filters.workflow_id or r.workflow_id == filters.workflow_id)
            and (not filters.statuses or r.status in filters.statuses)
            and getattr(r, order_column) is not None
        ]
        found.sort(key=lambda r: (getattr(r, order_column), r.id), reverse=descending)
        if after is not None:
            found = [r for r in found if self._beyond((getattr(r, order_column), r.id), after, descending)]
        return [replace(r) for r in found[:limit]]

    @staticmethod
    def _beyond(key: tuple[datetime, str], after: tuple[datetime, str], descending: bool) -> bool:
        return key < after if descending else key > after

    def steps(self, execution_id: str) -> list[StepRow]:
        return sorted(self.step_rows.get(execution_id, {}).values(), key=lambda s: s.seq)

    def steps_of(self, execution_ids: Sequence[str]) -> dict[str, list[StepRow]]:
        return {i: self.steps(i) for i in execution_ids}

    def events(self, execution_id: str, *, after: int, limit: int) -> list[EventRow]:
        return [e for e in self.event_rows.get(execution_id, []) if e.seq > after][:limit]

    # --- running -------------------------------------------------------------------------------
    def take_over(self, execution_id: str, *, wake: str | None, lease_seconds: float) -> ExecutionRow | None:
        row = self.rows.get(execution_id)
        if row is None:
            return None
        takeable = row.status in ("queued", "running") or (
            wake is not None and row.status == "waiting" and (row.resume or {}).get("token") == wake
        )
        if not takeable:
            return None
        now = self.now()
        if row.leased_until is not None and row.leased_until >= now:
            raise LeaseBusy(f"execution {execution_id} is leased by another worker")
        first = row.started_at is None
        row.fence += 1
        row.status = "running"
        row.started_at = row.started_at or now
        row.leased_until = now + timedelta(seconds=lease_seconds)
        return replace(row, first_start=first)

    def _check_fence(self, execution_id: str, fence: int) -> ExecutionRow:
        row = self.rows.get(execution_id)
        if row is None or row.fence != fence:
            raise FenceLost(f"execution {execution_id} is now advanced by another worker")
        return row

    def fence_moved(self, execution_id: str, fence: int) -> bool:
        row = self.rows.get(execution_id)
        return row is None or row.fence != fence

    def save_steps(self, execution_id: str, fence: int, batch: list[tuple[StepRecord, int]]) -> bool:
        if not batch:
            return False
        self._check_fence(execution_id, fence)
        saved = self.step_rows.setdefault(execution_id, {})
        for step, seq in batch:
            now = self.now()
            earlier = saved.get(step.node_id)
            saved[step.node_id] = StepRow(
                execution_id,
                step.node_id,
                earlier.seq if earlier else seq,
                step.node_type,
                step.status,
                step.port,
                step.output,
                step.error,
                step.attempts,
                earlier.started_at if earlier else (step.started_at or step.finished_at or now),
                step.finished_at or now,
            )
        return True

    def finish(
        self,
        execution_id: str,
        fence: int,
        *,
        status: str,
        output: Any,
        error: str,
        fence_checked: bool = False,
    ) -> None:
        row = self._check_fence(execution_id, fence)
        row.status, row.output, row.error = status, output, error
        row.finished_at, row.resume, row.leased_until = self.now(), None, None

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
        self.save_steps(execution_id, fence, batch)
        self.finish(execution_id, fence, status=status, output=output, error=error)

    def suspend(
        self, execution_id: str, fence: int, *, resume: dict[str, Any], fence_checked: bool = False
    ) -> None:
        row = self._check_fence(execution_id, fence)
        row.status, row.resume, row.leased_until = "waiting", resume, None

    def copy_steps(self, *, source: str, target: str, skip: Sequence[str] = ()) -> None:
        self.step_rows[target] = {
            node_id: replace(step, execution_id=target)
            for node_id, step in self.step_rows.get(source, {}).items()
            if node_id not in skip
        }

    # --- control -------------------------------------------------------------------------------
    def _end(self, row: ExecutionRow, status: str, error: str) -> None:
        row.status, row.error, row.fence = status, error, row.fence + 1
        row.resume, row.finished_at, row.leased_until = None, self.now(), None

    def cancel(self, execution_id: str, *, workspace_id: str) -> tuple[str, str] | None:
        row = self.rows.get(execution_id)
        if row is None or row.workspace_id != workspace_id or row.status not in LIVE:
            return None
        before = row.status
        self._end(row, "cancelled", "cancelled")
        return before, row.workflow_id

    def cancel_descendants(self, root_id: str) -> list[ExecutionRow]:
        found: list[ExecutionRow] = []
        parents = {root_id}
        while True:
            children = [r for r in self.rows.values() if r.parent_id in parents and r.status in LIVE]
            if not children:
                break
            found.extend(replace(c) for c in children)
            for child in children:
                self._end(
                    child, "cancelled", f"cancelled: the execution that called it ({root_id}) was cancelled"
                )
            parents = {c.id for c in children}
        return found

    def fail_unfinished(self, execution_id: str, *, error: str) -> ExecutionRow | None:
        row = self.rows.get(execution_id)
        if row is None or row.status not in LIVE:
            return None
        self._end(row, "failed", error)
        row.parked = False
        return replace(row)

    # --- concurrency slots ---------------------------------------------------------------------
    def lock_slots(self, workflow_id: str) -> None:
        """One test thread: nothing to wait for."""

    def slots_held(self, workflow_id: str) -> int:
        return sum(
            1
            for r in self.rows.values()
            if r.workflow_id == workflow_id
            and r.max_concurrency is not None
            and not r.parked
            and r.status in LIVE
        )

    def next_parked(self, workflow_id: str) -> ExecutionRow | None:
        parked = [
            r
            for r in self.rows.values()
            if r.workflow_id == workflow_id and r.parked and r.status == "queued"
        ]
        parked.sort(key=lambda r: (-r.priority, r.created_at, r.id))
        return replace(parked[0]) if parked else None

    def unpark(self, execution_id: str) -> None:
        self.rows[execution_id].parked = False

    # --- dead letters and maintenance ----------------------------------------------------------
    def add_dead_letter(self, *, execution_id: str, workspace_id: str, reason: str, error: str) -> None:
        letter_id = next(self._letter_ids)
        self.letters[letter_id] = DeadLetterRow(
            letter_id, execution_id, workspace_id, reason, error, self.now()
        )

    def dead_letters(self, *, workspace_id: str, before_id: int | None, limit: int) -> list[DeadLetterRow]:
        found = [
            replace(d)
            for d in sorted(self.letters.values(), key=lambda d: -d.id)
            if d.workspace_id == workspace_id and (before_id is None or d.id < before_id)
        ]
        return found[:limit]

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
        if any(d.message_key == message_key for d in self.letters.values()):
            return False
        letter_id = next(self._letter_ids)
        self.letters[letter_id] = DeadLetterRow(
            letter_id,
            None,
            None,
            "malformed",
            error,
            self.now(),
            message_key=message_key,
            message_id=message_id,
            routing_key=routing_key,
            size_bytes=size_bytes,
            preview=preview,
        )
        return True

    def instance_dead_letters(self, *, before_id: int | None, limit: int) -> list[DeadLetterRow]:
        found = [
            replace(d)
            for d in sorted(self.letters.values(), key=lambda d: -d.id)
            if d.workspace_id is None and (before_id is None or d.id < before_id)
        ]
        return found[:limit]

    def instance_dead_letter(self, dead_letter_id: int) -> DeadLetterRow | None:
        letter = self.letters.get(dead_letter_id)
        return replace(letter) if letter is not None and letter.workspace_id is None else None

    def discard_instance_dead_letter(self, dead_letter_id: int) -> bool:
        letter = self.letters.get(dead_letter_id)
        if letter is None or letter.workspace_id is not None:
            return False
        del self.letters[dead_letter_id]
        return True

    def claim_dead_letter(self, dead_letter_id: int, *, workspace_id: str) -> DeadLetterRow | None:
        letter = self.letters.get(dead_letter_id)
        return replace(letter) if letter is not None and letter.workspace_id == workspace_id else None

    def mark_replayed(self, dead_letter_id: int, *, replay_execution_id: str) -> None:
        letter = self.letters[dead_letter_id]
        letter.replayed_at, letter.replay_execution_id = self.now(), replay_execution_id

    def prune_finished(self, *, older_than_days: int) -> int:
        cut = self.now() - timedelta(days=older_than_days)
        doomed = [i for i, r in self.rows.items() if r.finished_at is not None and r.finished_at < cut]
        for execution_id in doomed:
            del self.rows[execution_id]
            self.step_rows.pop(execution_id, None)
            self.event_rows.pop(execution_id, None)
        return len(doomed)

    def stuck(self, *, after_seconds: float, run_queue_ready: int | None) -> list[Stuck]:
        cut = self.now() - timedelta(seconds=after_seconds)
        return [
            Stuck(r.id, r.workspace_id, r.workflow_id, r.status, "lease_lapsed", r.leased_until)
            for r in self.rows.values()
            if r.status == "running" and r.leased_until is not None and r.leased_until < cut
        ]

    def requeue(self, stuck: list[Stuck]) -> list[str]:
        return [s.id for s in stuck if s.reason != "dead_lettered"]

    # --- what a commit adds (the SQL does it in the statement that queues the outbox) ----------
    def keep_events(self, events: list[tuple[str, str, dict[str, Any]]]) -> None:
        for execution_id, type_, data in events:
            if execution_id in self.rows:
                history = self.event_rows.setdefault(execution_id, [])
                history.append(EventRow(execution_id, len(history) + 1, type_, data, self.now()))


class FakeExecutorUnitOfWork(FakeUnitOfWork, ExecutorUnitOfWork):
    executions: FakeExecutionRepository

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.executions = self.track(FakeExecutionRepository(clock))
        # Every event committed, in order (execution id, type, data), as the outbox would send them.
        self.events_published: list[tuple[str, str, dict[str, Any]]] = []

    def _commit(self, messages: list[OutboxMessage]) -> None:
        events, self.pending_events = self.pending_events, []
        self.executions.keep_events(events)
        self.events_published.extend(events)
        super()._commit(messages)


class FakeLeases(Leases):
    def __init__(self, ttl_seconds: float = 30) -> None:
        self.ttl_seconds = ttl_seconds
        self.holding: dict[str, int] = {}
        self.let_go_of: list[tuple[str, bool]] = []

    def held(self, execution_id: str, fence: int) -> None:
        self.holding[execution_id] = fence

    def let_go(self, execution_id: str, *, released: bool) -> None:
        self.holding.pop(execution_id, None)
        self.let_go_of.append((execution_id, released))


@dataclass
class Service:
    """One fake database and the dependencies over it, as bootstrap would wire them."""

    uow: FakeExecutorUnitOfWork
    leases: FakeLeases
    clock: Clock
    deps: Dependencies = field(init=False)
    catalogue: NodeCatalogue = field(default_factory=built_in_catalogue)

    def __post_init__(self) -> None:
        self.deps = Dependencies(
            uow=lambda: self.uow,
            reads=lambda: self.uow,
            leases=self.leases,
            catalogue=self.catalogue,
            definitions=Definitions(self.catalogue),
            sandbox=None,
            limits=RunLimits(max_steps=100, max_output_bytes=64 * 1024),
            clock=self.clock,
        )


def service(catalogue: NodeCatalogue | None = None) -> Service:
    clock = Clock()
    return Service(
        FakeExecutorUnitOfWork(clock), FakeLeases(), clock, catalogue=catalogue or built_in_catalogue()
    )
