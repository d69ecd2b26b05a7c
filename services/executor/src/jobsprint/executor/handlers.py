"""Executor use cases: start an execution (state and its run message in one transaction), read
one, advance one (the worker's job), cancel one, retry one, list and replay dead letters, prune."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from jobsprint.common import db, definitions, messaging, paging
from jobsprint.common import expressions as common_expressions
from jobsprint.common.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    Unavailable,
)
from jobsprint.common.tokens import Principal
from jobsprint.executor import concurrency, followups, messages, metrics
from jobsprint.executor.adapters import repository
from jobsprint.executor.adapters.lease import Leases
from jobsprint.executor.domain import engine, expressions, integration_nodes, subworkflows
from jobsprint.executor.domain.nodes import CATALOGUE
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
MAX_IDEMPOTENCY_KEY = 200


@dataclass
class ExecutorContext:
    sessions: sessionmaker[Session]
    leases: Leases
    max_steps: int
    max_output_bytes: int
    default_timeout_seconds: float = engine.DEFAULT_TIMEOUT_SECONDS
    max_duration_seconds: float = 24 * 3600.0
    # The workflows service, for the definitions of error workflows (subworkflow nodes hold their own).
    workflows: subworkflows.WorkflowResolver | None = None
    # Threads for nodes that wait on I/O, so independent branches overlap (None: one at a time).
    branch_pool: Executor | None = None
    # Label the execution counters with the workflow id (EXECUTOR_METRICS_PER_WORKFLOW, ADR-076).
    metrics_per_workflow: bool = False
    # The worker's clock: a step's start and end both come from it.
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def workflow_label(self, workflow_id: str) -> str:
        return workflow_id if self.metrics_per_workflow else ""


def start_execution(
    ctx: ExecutorContext,
    *,
    principal: Principal,
    workflow_id: str,
    workflow_version: int,
    definition: bytes,
    input_: bytes,
    request: bytes = b"",
    priority: int = 0,
    idempotency_key: str = "",
) -> str:
    """The new execution's id; with an `idempotency_key` the workspace already used, the id of
    the execution that key started, and nothing new is started or queued."""
    if len(idempotency_key) > MAX_IDEMPOTENCY_KEY:
        raise InvalidArgument(
            f"the idempotency key is longer than {MAX_IDEMPOTENCY_KEY} characters",
            [FieldViolation("idempotency_key", f"at most {MAX_IDEMPOTENCY_KEY} characters")],
        )
    try:
        raw_definition, parsed = _checked_definition(definition)
        run_input = orjson.loads(input_) if input_ else {}
        run_request = orjson.loads(request) if request else None
    except orjson.JSONDecodeError as exc:
        raise InvalidArgument(f"definition and input must be JSON: {exc}") from exc
    if not 0 <= priority <= messaging.MAX_PRIORITY:
        raise InvalidArgument(f"priority must be between 0 and {messaging.MAX_PRIORITY}, not {priority}")
    execution_id = str(uuid.uuid4())
    limit = parsed.settings.max_concurrency
    values = {
        "id": execution_id,
        "workspace_id": principal.workspace_id,
        "workflow_id": workflow_id,
        "workflow_version": workflow_version,
        "status": "queued",
        "priority": priority,
        "max_concurrency": limit,
    }
    with ctx.sessions.begin() as session:
        values["parked"] = parked = not concurrency.admits(session, workflow_id=workflow_id, limit=limit)
        if idempotency_key:
            inserted = repository.insert_execution_once(
                session,
                **values,
                definition=raw_definition,
                input=run_input,
                request=run_request,
                idempotency_key=idempotency_key,
            )
            if inserted is None:
                return _earlier_start(session, principal, workflow_id, idempotency_key)
        else:
            # The documents as sent (checked above), not serialised again.
            repository.insert_started(
                session,
                **values,
                definition=definition.decode(),
                input=input_.decode() if input_ else "{}",
                request=request.decode() if request else None,
            )
        # A parked execution gets its run message when a slot frees (ADR-034).
        messages.emit(
            session,
            "execution.queued",
            execution_id,
            {"workflow_id": workflow_id, "status": "queued"},
            also=[] if parked else [messages.run_pending(execution_id, priority=priority)],
        )
    return execution_id


def _earlier_start(session: Session, principal: Principal, workflow_id: str, key: str) -> str:
    earlier = repository.execution_by_idempotency_key(session, workspace_id=principal.workspace_id, key=key)
    if earlier is None:  # the row that conflicted was deleted (pruned) in between
        raise Unavailable(f"idempotency key {key!r} was just released; retry")
    if earlier.workflow_id != workflow_id:
        raise AlreadyExists(
            f"idempotency key {key!r} already started execution {earlier.id} of another workflow; "
            "use a key per workflow"
        )
    log.info("start with idempotency key %r repeated: execution %s already exists", key, earlier.id)
    return str(earlier.id)


def get_execution(ctx: ExecutorContext, *, principal: Principal, execution_id: str) -> tuple[Any, list[Any]]:
    try:
        uuid.UUID(execution_id)
    except ValueError as exc:
        raise NotFound(f"no execution {execution_id!r} in this workspace") from exc
    with ctx.sessions() as session:
        execution = repository.get_execution(session, execution_id, workspace_id=principal.workspace_id)
        if execution is None:
            raise NotFound(f"no execution {execution_id!r} in this workspace")
        return execution, repository.list_steps(session, execution_id)


STATUSES = ("queued", "running", "waiting", "succeeded", "failed", "cancelled")
ORDERS = {
    "created_at desc": ("created_at", True),
    "created_at": ("created_at", False),
    "finished_at desc": ("finished_at", True),
    "finished_at": ("finished_at", False),
}
MAX_BATCH = 100


def list_executions(
    ctx: ExecutorContext,
    *,
    principal: Principal,
    filters: repository.ExecutionFilter,
    order_by: str,
    page_size: int,
    page_token: str,
) -> tuple[list[Any], str]:
    """One page of the caller's workspace's executions (summaries), and the next page's token."""
    order = " ".join(order_by.lower().split()) or "created_at desc"
    if order not in ORDERS:
        raise InvalidArgument(
            f"cannot order executions by {order_by!r}",
            [FieldViolation("order_by", f"one of: {', '.join(ORDERS)}")],
        )
    unknown = sorted(set(filters.statuses) - set(STATUSES))
    if unknown:
        raise InvalidArgument(
            f"unknown status {', '.join(map(repr, unknown))}",
            [FieldViolation("status", f"each one of: {', '.join(STATUSES)}")],
        )
    if filters.workflow_id and not _canonical_id(filters.workflow_id):
        raise InvalidArgument(
            f"workflow_id {filters.workflow_id!r} is not a workflow id",
            [FieldViolation("workflow_id", "a UUID")],
        )
    size = paging.page_size(page_size)
    # The token holds the filters it was made for: one used with others is refused, not misapplied.
    fingerprint = orjson.dumps(
        [
            filters.workflow_id,
            sorted(filters.statuses),
            *(
                str(value)
                for value in (
                    filters.created_after,
                    filters.created_before,
                    filters.started_after,
                    filters.started_before,
                    filters.finished_after,
                    filters.finished_before,
                )
            ),
            order,
        ]
    ).decode()
    after = paging.decode(page_token, query=fingerprint)
    position: tuple[datetime, str] | None = None
    if after is not None:
        try:
            position = (datetime.fromisoformat(after[0]), str(uuid.UUID(after[1])))
        except (IndexError, TypeError, ValueError) as exc:
            raise InvalidArgument(
                "page_token is not a token this API returned",
                [FieldViolation("page_token", "not a page token")],
            ) from exc
    column, descending = ORDERS[order]
    scoped = replace(filters, workspace_id=principal.workspace_id)
    with ctx.sessions() as session:
        rows = repository.list_executions(
            session, scoped, order_column=column, descending=descending, after=position, limit=size + 1
        )
    next_token = ""
    if len(rows) > size:
        last = rows[size - 1]
        next_token = paging.encode(query=fingerprint, after=[getattr(last, column).isoformat(), last.id])
    return rows[:size], next_token


def batch_get_executions(
    ctx: ExecutorContext, *, principal: Principal, execution_ids: list[str]
) -> tuple[list[tuple[Any, list[Any]]], list[str]]:
    """The caller's executions among the ids, in request order and each once, with their steps;
    and the ids that name none of them (malformed, unknown or another workspace's: all alike)."""
    if len(execution_ids) > MAX_BATCH:
        raise InvalidArgument(
            f"at most {MAX_BATCH} ids per batch, not {len(execution_ids)}",
            [FieldViolation("ids", f"at most {MAX_BATCH}")],
        )
    wanted = list(dict.fromkeys(execution_ids))
    canonical = {i: _canonical_id(i) for i in wanted}
    valid = [c for c in canonical.values() if c]
    with ctx.sessions() as session:
        found = {
            row.id: row
            for row in repository.get_executions(session, valid, workspace_id=principal.workspace_id)
        }
        steps = repository.list_steps_of(session, list(found))
    return (
        [(found[canonical[i]], steps[canonical[i]]) for i in wanted if canonical[i] in found],
        [i for i in wanted if canonical[i] not in found],
    )


def list_execution_events(
    ctx: ExecutorContext, *, principal: Principal, execution_id: str, after: int, limit: int
) -> tuple[list[Any], str, bool]:
    """The execution's events numbered above `after`, its status read before them, and whether
    more events follow. A final status with nothing more means the history is complete."""
    if after < 0:
        raise InvalidArgument(
            "after_sequence must not be negative", [FieldViolation("after_sequence", ">= 0")]
        )
    size = paging.page_size(limit, default=500, maximum=1000)
    _valid_id(execution_id, "execution")
    with ctx.sessions() as session:
        execution = repository.get_execution(session, execution_id, workspace_id=principal.workspace_id)
        if execution is None:
            raise NotFound(f"no execution {execution_id!r} in this workspace")
        # Read after the status: every event committed before a final status is among these.
        rows = repository.list_events(session, execution_id, after=after, limit=size + 1)
    return rows[:size], execution.status, len(rows) > size


def _canonical_id(value: str) -> str:
    """The id as Postgres prints a UUID; empty when it is not one."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


def advance(ctx: ExecutorContext, execution_id: str, *, wake: str | None = None) -> None:
    """Run an execution from its last checkpoint until it ends or waits. Safe to call twice for
    one id; raises LeaseBusy while another worker is advancing it (ADR-054). `wake` is the token of the
    delayed message that woke a waiting execution; a waiting execution ignores any other."""
    writes = _Writes(ctx.sessions)
    try:
        _run_taken(ctx, execution_id, wake, writes)
    finally:
        writes.close()  # first: an open take-over holds the row a release would wait for
        if writes.leased:
            ctx.leases.let_go(execution_id, released=writes.released)


class _Writes:
    """A run's transactions. The first takes the execution over and is not committed on its own:
    it commits with the first checkpoints (before the first node that waits on the outside world)
    or with the end, whichever comes first (ADR-051). Each collects what it sends in `out`."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self.session: Session | None = None
        self.out = messages.Outgoing()
        self.took_over = True  # the open transaction holds the row locked under the new fence
        self.leased = False  # the take-over took the lease (ADR-054)
        self.released = False  # the run's last transaction, which lets go of it, committed
        self.open()

    def open(self) -> tuple[Session, messages.Outgoing]:
        if self.session is None:
            self.session = self._sessions()
            self.session.begin()
            self.out = messages.Outgoing()
        return self.session, self.out

    def commit(self) -> None:
        assert self.session is not None
        messages.send_all(self.session, self.out)
        self.session.commit()
        self.close()
        self.took_over = False

    def close(self) -> None:
        """Roll back what is not committed (a run that failed before its first write)."""
        if self.session is not None:
            self.session.close()
            self.session = None


def _run_taken(ctx: ExecutorContext, execution_id: str, wake: str | None, writes: _Writes) -> None:
    session, out = writes.open()
    execution = repository.take_over_row(
        session, execution_id, wake=wake, lease_seconds=ctx.leases.ttl_seconds
    )
    if execution is None:
        return  # finished, or waiting for a wake-up other than this (stale or duplicate) one
    fence = execution.fence
    ctx.leases.held(execution_id, fence)
    writes.leased = True
    if execution.first_start:
        out.event(execution_id, "execution.started", {"workflow_id": execution.workflow_id})
        metrics.STARTED.labels(ctx.workflow_label(execution.workflow_id)).inc()
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
        for row in ([] if fresh else repository.list_steps(session, execution_id))
    }
    resume = engine.Resume.from_json(execution.resume) if execution.resume else None
    child = followups.child_result(session, resume)
    started = execution.started_at
    run_ctx = engine.RunContext(
        execution_id,
        execution.workflow_id,
        started.isoformat(),
        execution.input,
        execution.request or {},
        workspace_id=execution.workspace_id,
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
        finished = replace(step, finished_at=ctx.clock())
        buffered.append((finished, seq))
        metrics.observe_step(finished)

    def write_buffered() -> tuple[Session, messages.Outgoing, bool]:
        """The open transaction (opened if none is), with the buffered checkpoints and their
        events in it, and whether it holds the execution's row locked under the fence."""
        locked = writes.took_over
        session, out = writes.open()
        locked = repository.save_steps(session, execution_id, fence, buffered) or locked
        for step, _seq in buffered:
            out.event(
                execution_id,
                f"step.{step.status}",
                {"node_id": step.node_id, "status": step.status, "attempts": step.attempts},
            )
        buffered.clear()
        return session, out, locked

    def flush() -> None:
        if buffered or writes.session is not None:
            write_buffered()
            writes.commit()

    def should_stop() -> bool:
        # Asked only while an expression runs in a sandbox (ADR-056): a cancel raises the fence.
        with ctx.sessions() as probe:
            return repository.fence_moved(probe, execution_id, fence)

    definition = _parse_cached(execution.definition)
    integration_nodes.enter_execution(workspace_id=execution.workspace_id, execution_id=execution_id)
    try:
        outcome = engine.run(
            definition,
            run_ctx,
            completed=done,
            checkpoint=checkpoint,
            before_side_effect=flush,
            resume=resume,
            child=child,
            max_steps=ctx.max_steps,
            max_output_bytes=ctx.max_output_bytes,
            default_timeout_seconds=ctx.default_timeout_seconds,
            deadline=started + timedelta(seconds=ctx.max_duration_seconds),
            pool=ctx.branch_pool,
            should_stop=should_stop,
            now=ctx.clock,
        )
    except engine.StepLimitExceeded as exc:
        outcome = engine.Outcome(engine.FAILED, None, str(exc))
    except expressions.Interrupted as exc:
        raise repository.FenceLost(
            f"execution {execution_id} was cancelled or taken over while an expression ran"
        ) from exc
    # The steps' events, the final state's (or the wait's) and whatever that sets off are
    # numbered and queued together at the end of the transaction.
    session, out, checked = write_buffered()
    dead_lettered = False
    if outcome.status == engine.WAITING and outcome.resume is not None:
        _add_wait_messages(out, execution_id, outcome.resume, priority=execution.priority)
        # Without a worker: the state, its events and its delayed wake-up commit together.
        repository.suspend(
            session, execution_id, fence, resume=outcome.resume.to_json(), fence_checked=checked
        )
        if outcome.child is not None:
            followups.start_child(session, execution, outcome.child, wake=outcome.resume.token, out=out)
    else:
        out.event(execution_id, "execution.finished", {"status": outcome.status, "error": outcome.error})
        repository.finish(
            session,
            execution_id,
            fence,
            status=outcome.status,
            output=outcome.output,
            error=outcome.error,
            fence_checked=checked,
        )
        dead_lettered = outcome.status == engine.FAILED and _exhausted_retries(
            definition, execution_id, session
        )
        if dead_lettered:
            repository.add_dead_letter(
                session,
                execution_id=execution_id,
                workspace_id=execution.workspace_id,
                reason="retries_exhausted",
                error=outcome.error,
            )
        followups.on_finished(session, execution, outcome, definition.settings, out=out)
    writes.commit()
    writes.released = True  # finish and suspend clear the lease
    if outcome.status != engine.WAITING:
        metrics.FINISHED.labels(outcome.status, ctx.workflow_label(execution.workflow_id)).inc()
        if dead_lettered:
            metrics.DEAD_LETTERED.labels("retries_exhausted").inc()
    log.info("execution %s %s", execution_id, outcome.status)


def _add_wait_messages(
    out: messages.Outgoing, execution_id: str, resume: engine.Resume, *, priority: int
) -> None:
    """A waiting execution's `execution.waiting` event, and its delayed wake-up (none for a
    subworkflow call: the called workflow's end wakes it with the resume token, ADR-033)."""
    if resume.kind == engine.SUBWORKFLOW:
        out.event(
            execution_id,
            "execution.waiting",
            {
                "node_id": resume.node_id,
                "reason": resume.kind,
                "attempt": resume.attempt,
                "child": resume.child_id,
            },
        )
        return
    out.message(
        messages.wake_up_pending(execution_id, wake=resume.token, until=resume.until, priority=priority)
    )
    out.event(
        execution_id,
        "execution.waiting",
        {"node_id": resume.node_id, "reason": resume.kind, "attempt": resume.attempt, "until": resume.until},
    )


def _exhausted_retries(definition: definitions.Definition, execution_id: str, session: Session) -> bool:
    """True when the step that failed the execution was allowed more than one attempt."""
    steps = repository.list_steps(session, execution_id)
    failed = [s for s in steps if s.status == engine.FAILED]
    if not failed:
        return False
    node = definition.node(failed[-1].node_id)
    return engine.retry_policy(node).max_attempts > 1


_DEFINITIONS: dict[bytes, definitions.Definition] = {}
_CHECKED: dict[bytes, tuple[Any, definitions.Definition]] = {}


def _checked_definition(raw: bytes) -> tuple[Any, definitions.Definition]:
    """A definition as sent to StartExecution, parsed and checked, by its bytes: a workflow run
    many times (its pinned version's bytes do not change) is checked once per process."""
    checked = _CHECKED.get(raw)
    if checked is None:
        document = orjson.loads(raw)
        parsed = definitions.parse(document, is_known_type=CATALOGUE.__contains__)
        for node in parsed.nodes:
            try:
                engine.retry_policy(node)
            except ValueError as exc:
                raise InvalidArgument(str(exc)) from exc
        if len(_CHECKED) > 512:
            _CHECKED.clear()
        checked = _CHECKED[raw] = (document, parsed)
    return checked


def _parse_cached(raw: Any) -> definitions.Definition:
    """Parsed definitions by content (JSON text as Postgres prints it, or a parsed document): a
    workflow run many times is parsed once per worker."""
    key = raw.encode() if isinstance(raw, str) else orjson.dumps(raw, option=orjson.OPT_SORT_KEYS)
    parsed = _DEFINITIONS.get(key)
    if parsed is None:
        if len(_DEFINITIONS) > 512:
            _DEFINITIONS.clear()
        parsed = _DEFINITIONS[key] = definitions.parse(orjson.loads(key) if isinstance(raw, str) else raw)
    return parsed


def cancel_execution(ctx: ExecutorContext, *, principal: Principal, execution_id: str) -> None:
    _valid_id(execution_id, "execution")
    with ctx.sessions.begin() as session:
        cancelled = repository.cancel(session, execution_id, workspace_id=principal.workspace_id)
        if cancelled is None:
            execution = repository.get_execution(session, execution_id, workspace_id=principal.workspace_id)
            if execution is None:
                raise NotFound(f"no execution {execution_id!r} in this workspace")
            raise FailedPrecondition(
                f"execution {execution_id} has already {execution.status}; only a queued, running or"
                " waiting execution can be cancelled"
            )
        before, workflow_id = cancelled
        out = messages.Outgoing()
        out.event(execution_id, "execution.cancelled", {"status": "cancelled", "was": before})
        followups.on_cancelled(session, execution_id, out=out)
        messages.send_all(session, out)
    metrics.FINISHED.labels("cancelled", ctx.workflow_label(workflow_id)).inc()


def retry_execution(
    ctx: ExecutorContext, *, principal: Principal, execution_id: str, from_start: bool
) -> str:
    """Start a new execution that retries a failed or cancelled one: from its failed step (the
    checkpoints before it are reused) or from the start. Returns the new execution's id."""
    _valid_id(execution_id, "execution")
    with ctx.sessions.begin() as session:
        return _retry(session, principal.workspace_id, execution_id, from_start=from_start)


def _retry(session: Session, workspace_id: str, execution_id: str, *, from_start: bool) -> str:
    old = repository.get_execution(session, execution_id, workspace_id=workspace_id)
    if old is None:
        raise NotFound(f"no execution {execution_id!r} in this workspace")
    if old.status not in ("failed", "cancelled"):
        raise FailedPrecondition(
            f"execution {execution_id} is {old.status}; only a failed or cancelled execution can be retried"
        )
    new_id = str(uuid.uuid4())
    limit = _parse_cached(old.definition).settings.max_concurrency
    parked = not concurrency.admits(session, workflow_id=old.workflow_id, limit=limit)
    repository.insert_execution(
        session,
        id=new_id,
        workspace_id=old.workspace_id,
        workflow_id=old.workflow_id,
        workflow_version=old.workflow_version,
        definition=old.definition,
        status="queued",
        input=old.input,
        retry_of=old.id,
        priority=old.priority,
        max_concurrency=limit,
        parked=parked,
    )
    if not from_start:
        steps = repository.list_steps(session, execution_id)
        routes_errors = engine.plan(_parse_cached(old.definition)).routes_errors
        # Reuse every step but the failures that ended the run (branches that ran alongside a
        # failed one finished and are reused too); a cancelled run has no such failure.
        ended = [s.node_id for s in steps if s.status == engine.FAILED and s.node_id not in routes_errors]
        repository.copy_steps(session, source=execution_id, target=new_id, skip=ended)
    messages.emit(
        session,
        "execution.queued",
        new_id,
        {"workflow_id": old.workflow_id, "status": "queued", "retry_of": old.id, "from_start": from_start},
        also=[] if parked else [messages.run_pending(new_id, priority=old.priority)],
    )
    return new_id


DEAD_LETTERS_QUERY = "dead-letters"


def list_dead_letters(
    ctx: ExecutorContext, *, principal: Principal, page_size: int, page_token: str
) -> tuple[list[Any], str]:
    """A page of the workspace's dead letters, newest first, and the next page's token."""
    size = paging.page_size(page_size, default=100, maximum=500)
    after = paging.decode(page_token, query=DEAD_LETTERS_QUERY)
    if after is not None and not (len(after) == 1 and isinstance(after[0], int)):
        raise InvalidArgument(
            "page_token is not a token this API returned", [FieldViolation("page_token", "not a page token")]
        )
    with db.reading(ctx.sessions) as session:
        rows = repository.list_dead_letters(
            session,
            workspace_id=principal.workspace_id,
            before_id=after[0] if after else None,
            limit=size + 1,
        )
    token = paging.encode(query=DEAD_LETTERS_QUERY, after=[rows[size - 1].id]) if len(rows) > size else ""
    return rows[:size], token


def replay_dead_letter(ctx: ExecutorContext, *, principal: Principal, dead_letter_id: int) -> str:
    """Replay a dead letter: an execution that exhausted its retries is retried from its failed
    step (a new execution); one a worker could not handle is queued again as it is."""
    with ctx.sessions.begin() as session:
        letter = repository.claim_dead_letter(session, dead_letter_id, workspace_id=principal.workspace_id)
        if letter is None:
            raise NotFound(f"no dead letter {dead_letter_id} in this workspace")
        if letter.replayed_at is not None:
            raise FailedPrecondition(
                f"dead letter {dead_letter_id} was already replayed as execution {letter.replay_execution_id}"
            )
        execution = repository.get_execution(session, letter.execution_id)
        assert execution is not None  # dead letters cascade with their execution
        if execution.status in ("failed", "cancelled"):
            replay_id = _retry(session, principal.workspace_id, letter.execution_id, from_start=False)
        else:
            replay_id = letter.execution_id
            messages.run(session, replay_id, priority=execution.priority)
        repository.mark_replayed(session, dead_letter_id, replay_execution_id=replay_id)
        return replay_id


def record_unhandled(ctx: ExecutorContext, execution_id: str, error: str) -> None:
    """A worker could not handle this execution's run message, which goes to the dead-letter
    queue: keep a dead letter to replay, and end the execution `failed` saying so, in one
    transaction with its event and what its end sets off (a waiting caller is woken, a slot is
    freed, the error workflow starts). Nothing would advance it again: left `running`, it would
    say so for ever (issue 13, ADR-057)."""
    with ctx.sessions.begin() as session:
        execution = repository.get_execution(session, execution_id)
        if execution is None:
            return
        letter_error = error[:4000]
        repository.add_dead_letter(
            session,
            execution_id=execution_id,
            workspace_id=execution.workspace_id,
            reason="unhandled_error",
            error=letter_error,
        )
        metrics.DEAD_LETTERED.labels("unhandled_error").inc()
        message = f"dead-lettered: a worker could not handle this execution: {letter_error}"
        ended = repository.fail_unfinished(session, execution_id, error=message)
        if ended is None:
            return  # it had already ended: only the letter is new
        out = messages.Outgoing()
        out.event(
            execution_id, "execution.finished", {"status": "failed", "error": message, "dead_lettered": True}
        )
        try:
            settings = _parse_cached(execution.definition).settings
        except Exception:  # the definition may be what could not be handled
            settings = definitions.Settings()
        followups.on_finished(
            session, execution, engine.Outcome(engine.FAILED, None, message), settings, out=out
        )
        messages.send_all(session, out)


MAX_EVALUATED_VALUE = 64 * 1024


def evaluate_expression(*, value: str, scope: bytes) -> bytes:
    """What a run's rendering of the parameter `value` gives over the sample `scope` (JSON), as
    JSON: the same static check, the same sandbox and budget (ADR-058). Every failure is
    InvalidArgument on the field `value` (or `scope`)."""
    if len(value) > MAX_EVALUATED_VALUE:
        raise InvalidArgument(
            f"the value is longer than {MAX_EVALUATED_VALUE} characters",
            [FieldViolation("value", f"at most {MAX_EVALUATED_VALUE} characters")],
        )
    try:
        sample = orjson.loads(scope) if scope else {}
    except orjson.JSONDecodeError as exc:
        raise InvalidArgument(f"scope is not JSON: {exc}", [FieldViolation("scope", "not JSON")]) from exc
    if not isinstance(sample, dict):
        raise InvalidArgument("scope must be an object", [FieldViolation("scope", "must be an object")])
    try:
        names = expressions.sample_scope(sample)
    except ValueError as exc:
        raise InvalidArgument(str(exc), [FieldViolation("scope", str(exc))]) from exc
    problems = common_expressions.template_problems(value)
    if problems:
        raise InvalidArgument(problems[0], [FieldViolation("value", problem) for problem in problems])
    limits = expressions.sandbox().limits
    # The whole value gets one sandbox time limit (a run's node gets its timeout).
    budget = expressions.Budget(deadline=time.monotonic() + limits.timeout_seconds)
    try:
        result = expressions.render(value, names, budget=budget)
    except expressions.ExpressionError as exc:
        raise InvalidArgument(str(exc), [FieldViolation("value", str(exc))]) from exc
    return orjson.dumps(result)


def prune(ctx: ExecutorContext, *, older_than_days: int) -> int:
    """Delete executions finished more than `older_than_days` ago; returns how many."""
    total = 0
    while True:
        with ctx.sessions.begin() as session:
            deleted = repository.prune_finished(session, older_than_days=older_than_days)
        total += deleted
        if deleted == 0:
            return total


def _valid_id(value: str, what: str) -> None:
    try:
        uuid.UUID(value)
    except ValueError as exc:
        raise NotFound(f"no {what} {value!r} in this workspace") from exc


def start_error_workflow(ctx: ExecutorContext, execution_id: str, *, failed_node: str) -> str | None:
    """A failed execution's request to start its workflow's error workflow (ADR-033)."""
    if ctx.workflows is None:
        raise RuntimeError("this process has no workflows client to start error workflows with")
    return followups.start_error_workflow(
        sessions=ctx.sessions,
        resolver=ctx.workflows,
        failed_execution_id=execution_id,
        failed_node=failed_node,
    )
