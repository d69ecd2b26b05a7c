"""Executor use cases: start an execution (state and its run message in one transaction), read
one, advance one (the worker's job), cancel one, retry one, list and replay dead letters, prune."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from jobsprint.common import definitions, events, messaging, outbox, paging
from jobsprint.common.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound
from jobsprint.common.tokens import Principal
from jobsprint.executor.adapters import repository
from jobsprint.executor.adapters.lease import Leases
from jobsprint.executor.adapters.orm import outbox as outbox_table
from jobsprint.executor.domain import engine, integration_nodes
from jobsprint.executor.domain.nodes import CATALOGUE
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
EVENT_SOURCE = "/jobsprint/executor"


@dataclass
class ExecutorContext:
    sessions: sessionmaker[Session]
    leases: Leases
    max_steps: int
    max_output_bytes: int
    default_timeout_seconds: float = engine.DEFAULT_TIMEOUT_SECONDS
    max_duration_seconds: float = 24 * 3600.0


def _emit(session: Session, type_: str, execution_id: str, data: dict[str, Any]) -> None:
    _emit_many(session, execution_id, [(type_, data)])


def _emit_many(session: Session, execution_id: str, batch: list[tuple[str, dict[str, Any]]]) -> None:
    """Append events to the execution's numbered history and publish them (outbox) in the
    caller's transaction; each CloudEvent carries its number as the `sequence` extension and the
    time its history holds, so a replayed event and a published one are the same."""
    numbers = repository.append_events(session, execution_id, batch)
    outbox.enqueue_many(
        session,
        outbox_table,
        [
            outbox.Pending(
                exchange=messaging.EVENTS_EXCHANGE,
                routing_key=type_,
                body=events.cloud_event(
                    type_=type_,
                    source=EVENT_SOURCE,
                    subject=execution_id,
                    data=data,
                    sequence=number,
                    time=time,
                ),
            )
            for (type_, data), (number, time) in zip(batch, numbers, strict=True)
        ],
    )


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
) -> str:
    try:
        raw_definition = orjson.loads(definition)
        run_input = orjson.loads(input_) if input_ else {}
        run_request = orjson.loads(request) if request else None
    except orjson.JSONDecodeError as exc:
        raise InvalidArgument(f"definition and input must be JSON: {exc}") from exc
    if not 0 <= priority <= messaging.MAX_PRIORITY:
        raise InvalidArgument(f"priority must be between 0 and {messaging.MAX_PRIORITY}, not {priority}")
    parsed = definitions.parse(raw_definition, is_known_type=CATALOGUE.__contains__)
    for node in parsed.nodes:
        try:
            engine.retry_policy(node)
        except ValueError as exc:
            raise InvalidArgument(str(exc)) from exc
    execution_id = str(uuid.uuid4())
    with ctx.sessions.begin() as session:
        repository.insert_execution(
            session,
            id=execution_id,
            workspace_id=principal.workspace_id,
            workflow_id=workflow_id,
            workflow_version=workflow_version,
            definition=raw_definition,
            status="queued",
            input=run_input,
            request=run_request,
            priority=priority,
        )
        _run_message(session, execution_id, priority)
        _emit(session, "execution.queued", execution_id, {"workflow_id": workflow_id, "status": "queued"})
    return execution_id


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


def _run_message(session: Session, execution_id: str, priority: int) -> None:
    outbox.enqueue(
        session,
        outbox_table,
        exchange=messaging.EXECUTIONS_EXCHANGE,
        routing_key=messaging.RUN_ROUTING_KEY,
        body=orjson.dumps({"execution_id": execution_id}),
        priority=priority,
    )


def advance(ctx: ExecutorContext, execution_id: str, *, wake: str | None = None) -> None:
    """Run an execution from its last checkpoint until it ends or waits. Safe to call twice for
    one id; raises LeaseBusy while another worker is advancing it. `wake` is the token of the
    delayed message that woke a waiting execution; a waiting execution ignores any other."""
    with ctx.leases.hold(execution_id):
        _advance_leased(ctx, execution_id, wake)


def _advance_leased(ctx: ExecutorContext, execution_id: str, wake: str | None) -> None:
    with ctx.sessions.begin() as session:
        execution = repository.take_over_row(session, execution_id, wake=wake)
        if execution is None:
            return  # finished, or waiting for a wake-up other than this (stale or duplicate) one
        fence = execution.fence
        if execution.first_start:
            _emit(session, "execution.started", execution_id, {"workflow_id": execution.workflow_id})
        done = {
            row.node_id: engine.StepRecord(
                row.node_id, row.node_type, row.status, row.output, row.port, row.error, row.attempts
            )
            for row in repository.list_steps(session, execution_id)
        }
    started = execution.started_at
    run_ctx = engine.RunContext(
        execution_id, execution.workflow_id, started.isoformat(), execution.input, execution.request or {}
    )
    seq = len(done)
    # Checkpoints are buffered and written in one transaction with their events: before a node
    # with side effects runs, and with the execution's final state (or its wait).
    buffered: list[tuple[engine.StepRecord, int]] = []

    def checkpoint(step: engine.StepRecord) -> None:
        nonlocal seq
        seq += 1
        buffered.append((step, seq))

    def write_buffered(session: Session, *also: tuple[str, dict[str, Any]]) -> bool:
        checked = repository.save_steps(session, execution_id, fence, buffered)
        _emit_many(
            session,
            execution_id,
            [
                *(
                    (
                        f"step.{step.status}",
                        {"node_id": step.node_id, "status": step.status, "attempts": step.attempts},
                    )
                    for step, _seq in buffered
                ),
                *also,
            ],
        )
        buffered.clear()
        return checked

    def flush() -> None:
        if buffered:
            with ctx.sessions.begin() as session:
                write_buffered(session)

    definition = _parse_cached(execution.definition)
    integration_nodes.enter_execution(workspace_id=execution.workspace_id, execution_id=execution_id)
    try:
        outcome = engine.run(
            definition,
            run_ctx,
            completed=done,
            checkpoint=checkpoint,
            before_side_effect=flush,
            resume=engine.Resume.from_json(execution.resume) if execution.resume else None,
            max_steps=ctx.max_steps,
            max_output_bytes=ctx.max_output_bytes,
            default_timeout_seconds=ctx.default_timeout_seconds,
            deadline=started + timedelta(seconds=ctx.max_duration_seconds),
        )
    except engine.StepLimitExceeded as exc:
        outcome = engine.Outcome(engine.FAILED, None, str(exc))
    with ctx.sessions.begin() as session:
        if outcome.status == engine.WAITING and outcome.resume is not None:
            checked = write_buffered(session)
            _suspend(
                session,
                execution_id,
                fence,
                outcome.resume,
                priority=execution.priority,
                fence_checked=checked,
            )
        else:
            finished = ("execution.finished", {"status": outcome.status, "error": outcome.error})
            checked = write_buffered(session, finished)
            repository.finish(
                session,
                execution_id,
                fence,
                status=outcome.status,
                output=outcome.output,
                error=outcome.error,
                fence_checked=checked,
            )
            if outcome.status == engine.FAILED and _exhausted_retries(definition, execution_id, session):
                repository.add_dead_letter(
                    session,
                    execution_id=execution_id,
                    workspace_id=execution.workspace_id,
                    reason="retries_exhausted",
                    error=outcome.error,
                )
    log.info("execution %s %s", execution_id, outcome.status)


def _suspend(
    session: Session,
    execution_id: str,
    fence: int,
    resume: engine.Resume,
    *,
    priority: int,
    fence_checked: bool,
) -> None:
    """Wait without a worker: the state and its delayed wake-up commit together."""
    repository.suspend(session, execution_id, fence, resume=resume.to_json(), fence_checked=fence_checked)
    remaining = (resume.until - datetime.now(UTC)).total_seconds()
    outbox.enqueue(
        session,
        outbox_table,
        exchange=messaging.DELAY_EXCHANGE,
        routing_key=messaging.delay_queue(messaging.delay_bucket(remaining)),
        body=orjson.dumps({"execution_id": execution_id, "wake": resume.token}),
        priority=priority,
    )
    _emit(
        session,
        "execution.waiting",
        execution_id,
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


def _parse_cached(raw: Any) -> definitions.Definition:
    """Parsed definitions by content: a workflow run many times is parsed once per worker."""
    key = orjson.dumps(raw, option=orjson.OPT_SORT_KEYS)
    parsed = _DEFINITIONS.get(key)
    if parsed is None:
        if len(_DEFINITIONS) > 512:
            _DEFINITIONS.clear()
        parsed = _DEFINITIONS[key] = definitions.parse(raw)
    return parsed


def cancel_execution(ctx: ExecutorContext, *, principal: Principal, execution_id: str) -> None:
    _valid_id(execution_id, "execution")
    with ctx.sessions.begin() as session:
        before = repository.cancel(session, execution_id, workspace_id=principal.workspace_id)
        if before is None:
            execution = repository.get_execution(session, execution_id, workspace_id=principal.workspace_id)
            if execution is None:
                raise NotFound(f"no execution {execution_id!r} in this workspace")
            raise FailedPrecondition(
                f"execution {execution_id} has already {execution.status}; only a queued, running or"
                " waiting execution can be cancelled"
            )
        _emit(session, "execution.cancelled", execution_id, {"status": "cancelled", "was": before})


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
    )
    if not from_start:
        steps = repository.list_steps(session, execution_id)
        failed = [s.seq for s in steps if s.status == engine.FAILED]
        # Reuse everything before the step that ended the run; a cancelled run has no failed step.
        cut = failed[-1] if failed else (steps[-1].seq + 1 if steps else 0)
        repository.copy_steps(session, source=execution_id, target=new_id, before_seq=cut)
    _run_message(session, new_id, old.priority)
    _emit(
        session,
        "execution.queued",
        new_id,
        {"workflow_id": old.workflow_id, "status": "queued", "retry_of": old.id, "from_start": from_start},
    )
    return new_id


def list_dead_letters(ctx: ExecutorContext, *, principal: Principal, limit: int) -> list[Any]:
    with ctx.sessions() as session:
        return repository.list_dead_letters(session, workspace_id=principal.workspace_id, limit=limit)


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
            _run_message(session, replay_id, execution.priority)
        repository.mark_replayed(session, dead_letter_id, replay_execution_id=replay_id)
        return replay_id


def record_unhandled(ctx: ExecutorContext, execution_id: str, error: str) -> None:
    """A worker could not handle this execution's run message: keep a dead letter to replay."""
    with ctx.sessions.begin() as session:
        execution = repository.get_execution(session, execution_id)
        if execution is None:
            return
        repository.add_dead_letter(
            session,
            execution_id=execution_id,
            workspace_id=execution.workspace_id,
            reason="unhandled_error",
            error=error[:4000],
        )


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
