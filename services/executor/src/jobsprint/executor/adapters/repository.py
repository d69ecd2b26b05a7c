"""Executions, steps, events and dead letters in the executor's schema, behind the executions port
(`service/ports.py`). Nothing here commits: the unit of work owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from jobsprint.common import db, messaging, outbox
from jobsprint.common import events as cloud_events
from jobsprint.executor.adapters import lineage, slots, vitals
from jobsprint.executor.adapters.orm import dead_letters, execution_events, executions, steps
from jobsprint.executor.adapters.orm import outbox as outbox_table
from jobsprint.executor.domain.engine import StepRecord
from jobsprint.executor.domain.executions import ExecutionFilter, FenceLost, LeaseBusy, Stuck
from jobsprint.executor.service.ports import ExecutionRepository
from sqlalchemy import (
    Column,
    ColumnElement,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

# Built once, given its values at execution (SQLAlchemy compiles once per set of columns given).
_INSERT_ANY = insert(executions)
_INSERT_EXECUTION_ONCE = (
    pg_insert(executions)
    .on_conflict_do_nothing(
        index_elements=[executions.c.workspace_id, executions.c.idempotency_key],
        index_where=executions.c.idempotency_key.isnot(None),
    )
    .returning(executions.c.id)
)


# Summary columns: a page of executions carries no input, output, definition or steps.
SUMMARY: tuple[Column[Any], ...] = (
    executions.c.id,
    executions.c.workspace_id,
    executions.c.workflow_id,
    executions.c.workflow_version,
    executions.c.status,
    executions.c.error,
    executions.c.created_at,
    executions.c.started_at,
    executions.c.finished_at,
    executions.c.retry_of,
    executions.c.parent_id,
    executions.c.error_of,
)


# A transaction's events (execution id, type, data) from one JSON array, in the order given.
_EVENTS = """
    e AS (
        SELECT CAST(doc ->> 'execution_id' AS uuid) AS execution_id, doc ->> 'type' AS type,
               doc -> 'data' AS data, ord
        FROM jsonb_array_elements(CAST(:events AS jsonb)) WITH ORDINALITY AS e(doc, ord)
    )"""
# The `numbered` events kept in their executions' histories.
_HISTORY = """history AS (
        INSERT INTO executor.execution_events (execution_id, seq, type, data)
        SELECT execution_id, seq, type, data FROM numbered
    )"""


def _numbered(under: str) -> str:
    """The events `e` of the executions the CTE `under` returns (`id`, and `base`: the number
    before their first), numbered from `base + 1` in the order given, each with a new id."""
    return f"""numbered AS (
        SELECT e.execution_id, e.type, e.data, e.ord, gen_random_uuid()::text AS event_id,
               {under}.base + row_number() OVER (PARTITION BY e.execution_id ORDER BY e.ord) AS seq
        FROM e JOIN {under} ON {under}.id = e.execution_id
    )"""


# Numbers a batch of events of one or more executions: raising each execution's `event_seq` by its
# count locks its row until the transaction ends, so numbers follow commit order and no two
# transactions take the same one.
_NUMBERED_EVENTS = f"""{_EVENTS}, counted AS (
        SELECT execution_id, count(*) AS n FROM e GROUP BY execution_id
    ), bump AS (
        UPDATE executor.executions x SET event_seq = x.event_seq + counted.n
        FROM counted WHERE x.id = counted.execution_id
        RETURNING x.id, x.event_seq - counted.n AS base
    ), {_numbered("bump")}, {_HISTORY}"""

# The other messages given (`pending_*`), then each `numbered` event as its CloudEvents envelope
# (the form `events.cloud_event` writes; a test holds the two alike), queued in the outbox.
_SENT = f"""others AS (
        {outbox.insert_pending_sql(outbox_table, "pending_")}
    ), published AS (
        INSERT INTO executor.outbox (message_id, exchange, routing_key, headers, body)
        SELECT event_id, CAST(:exchange AS text), type, CAST(:pending_headers AS jsonb), convert_to(json_build_object(
            'specversion', '1.0',
            'id', event_id,
            'source', CAST(:source AS text),
            'type', CAST(:type_prefix AS text) || type,
            'subject', execution_id::text,
            'time', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
            'datacontenttype', 'application/json',
            'data', data,
            'sequence', lpad(seq::text, CAST(:sequence_digits AS int), '0')
        )::text, 'UTF8')
        FROM numbered ORDER BY ord
    )"""
# Each event numbered, kept and queued, after the other messages, and the relay notified: one
# round trip for everything a transaction sends (ADR-050). Run on the driver: it runs in every
# transaction a run commits.
_QUEUE_EVENTS = db.driver_sql(f"WITH {_NUMBERED_EVENTS}, {_SENT} SELECT pg_notify(:channel, '')")


def _step_rows(batch: list[tuple[StepRecord, int]]) -> list[dict[str, Any]]:
    """Checkpoints as the rows of `:steps`."""
    return [
        {
            "node_id": step.node_id,
            "seq": seq,
            "node_type": step.node_type,
            "status": step.status,
            "port": step.port,
            "output": step.output,
            "error": step.error,
            "attempts": step.attempts,
            "started_at": step.started_at.isoformat() if step.started_at else None,
            "finished_at": step.finished_at.isoformat() if step.finished_at else None,
        }
        for step, seq in batch
    ]


def _event_parameters(events: Sequence[tuple[str, str, Any]]) -> dict[str, str]:
    # One JSON document rather than arrays: one parameter to send, written by orjson in C.
    return {
        "events": db.json_text(
            [
                {"execution_id": execution_id, "type": type_, "data": data}
                for execution_id, type_, data in events
            ]
        )
    }


_LIST_STEPS = select(steps).where(steps.c.execution_id == bindparam("execution_id")).order_by(steps.c.seq)


def _take_over_statement(*, woken: bool) -> str:
    """Take the execution over, in one statement run on the driver (the worker runs it for every
    run message, ADR-050): not while another worker's take-over holds the row (skipped, not waited
    for: it may hold it for a whole run, ADR-051), nor while another worker's lease lasts (ADR-054)."""
    takeable = "x.status IN ('queued', 'running')"
    if woken:
        takeable = f"({takeable} OR (x.status = 'waiting' AND x.resume->>'token' = :wake))"
    columns = ", ".join(f"x.{column.name}" for column in executions.c if column.name != "definition")
    return db.driver_sql(
        f"""
        UPDATE executor.executions x
        SET fence = x.fence + 1, status = 'running', started_at = coalesce(x.started_at, now()),
            leased_until = now() + make_interval(secs => :lease_seconds)
        WHERE x.id = (
            SELECT id FROM executor.executions WHERE id = CAST(:execution_id AS uuid) FOR UPDATE SKIP LOCKED
          )
          AND {takeable}
          AND (x.leased_until IS NULL OR x.leased_until < now())
        RETURNING {columns},
          -- As text: the worker parses it through a cache keyed by it (`service/definitions.py`).
          CAST(x.definition AS text) AS definition,
          -- now() is the transaction's start, so this is true only when this statement set it.
          x.started_at = now() AS first_start
        """
    )


# Built once each: the worker takes an execution over for every run message.
_TAKE_OVER = {woken: _take_over_statement(woken=woken) for woken in (False, True)}


_COMMITTED_STATE = select(executions.c.status, executions.c.resume["token"].astext.label("token")).where(
    executions.c.id == bindparam("execution_id")
)


_FENCE = select(executions.c.fence).where(executions.c.id == bindparam("execution_id")).with_for_update()


_CURRENT_FENCE = select(executions.c.fence).where(executions.c.id == bindparam("execution_id"))


# Several checkpoints in one statement (one row each from a JSON array), compiled once, under the
# fence: the execution's row is locked, and nothing is written unless the fence is still this
# worker's (then every checkpoint comes back in RETURNING).
def _upsert_steps(under: str) -> str:
    """The checkpoints of `:steps` (a JSON array), each under the execution id of the CTE `under`."""
    return f"""
    INSERT INTO executor.steps AS s
        (execution_id, node_id, seq, node_type, status, port, output, error, attempts, started_at,
         finished_at)
    SELECT {under}.id, node_id, seq, node_type, status, port, output, error, attempts,
           coalesce(started_at, finished_at, now()), coalesce(finished_at, now())
    FROM {under}, jsonb_to_recordset(CAST(:steps AS jsonb)) AS b(
        node_id text, seq int, node_type text, status text, port text, output jsonb, error text,
        attempts int, started_at timestamptz, finished_at timestamptz)
    ON CONFLICT (execution_id, node_id) DO UPDATE SET
        node_type = excluded.node_type, status = excluded.status, port = excluded.port,
        output = excluded.output, error = excluded.error, attempts = excluded.attempts,
        finished_at = excluded.finished_at"""


UPSERT_STEPS = db.driver_sql(
    f"""
    WITH fenced AS (
        SELECT id FROM executor.executions WHERE id = CAST(:execution_id AS uuid) AND fence = :fence
        FOR UPDATE
    )
    {_upsert_steps("fenced")}
    RETURNING 1
    """
)


# An execution's end, on the driver (the worker's hot path). `output` is JSON text: `null` when
# there is none, as the JSONB column stores a None.
_FINISH = db.driver_sql(
    """
    UPDATE executor.executions
    SET status = :status, output = CAST(:output AS jsonb), error = :error,
        finished_at = now(), resume = NULL, leased_until = NULL
    WHERE id = CAST(:execution_id AS uuid)
    """
)


# A run's end in one statement (the worker's hot path, ADR-110): its last checkpoints, its end
# and the transaction's events (numbered after its last one by the same update), kept and queued
# with the other messages, all under the fence — nothing is written unless the fence is still
# this worker's, and then `written` is 1. The execution's row changes once, not twice.
_END_AND_QUEUE_EVENTS = db.driver_sql(
    f"""
    WITH {_EVENTS}, ended AS (
        UPDATE executor.executions x
        SET status = :status, output = CAST(:output AS jsonb), error = :error, finished_at = now(),
            resume = NULL, leased_until = NULL, event_seq = x.event_seq + (SELECT count(*) FROM e)
        WHERE x.id = CAST(:execution_id AS uuid) AND x.fence = :fence
        RETURNING x.id, x.event_seq - (SELECT count(*) FROM e) AS base
    ), saved AS ({_upsert_steps("ended")}
    ), {_numbered("ended")}, {_HISTORY}, {_SENT}
    SELECT (SELECT count(*) FROM ended) AS written, pg_notify(:channel, '')
    """
)

# A start in one statement (every webhook call, ADR-110): the new execution with its events
# (numbered from 1, its `event_seq` written with it), queued with the other messages.
_START_AND_QUEUE_EVENTS = db.driver_sql(
    f"""
    WITH {_EVENTS}, started AS (
        INSERT INTO executor.executions (id, workspace_id, workflow_id, workflow_version, definition,
            status, input, request, priority, max_concurrency, parked, event_seq)
        VALUES (CAST(:id AS uuid), CAST(:workspace_id AS uuid), CAST(:workflow_id AS uuid),
            :workflow_version, CAST(:definition AS jsonb), :status, CAST(:input AS jsonb),
            CAST(:request AS jsonb), :priority, :max_concurrency, :parked, (SELECT count(*) FROM e))
        RETURNING id, 0 AS base
    ), {_numbered("started")}, {_HISTORY}, {_SENT}
    SELECT (SELECT count(*) FROM started) AS written, pg_notify(:channel, '')
    """
)


class SqlExecutionRepository(ExecutionRepository):
    """The executions port over one SQLAlchemy session (the unit of work's)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        # What `finish` wrote in this transaction, by execution id: (status, output, error), for
        # the bell rung once it commits (ADR-104).
        self.ended: dict[str, tuple[str, Any, str]] = {}
        # What `insert_started` or `end` left for the commit's statement (ADR-110): the statement
        # and its own parameters.
        self._at_commit: tuple[str, dict[str, Any]] | None = None

    def insert(self, **values: Any) -> None:
        """Insert an execution with any of its columns (a retry, a called workflow's run)."""
        self._session.execute(_INSERT_ANY, values)

    def insert_started(self, *, definition: str, input: str, request: str | None, **values: Any) -> None:
        """Insert an execution StartExecution started (the hot path): `definition`, `input` and
        `request` are JSON text, checked already. Written at the commit with the transaction's
        events in one statement (ADR-110): nothing in between may read it."""
        self._write_at_commit(
            _START_AND_QUEUE_EVENTS,
            {**values, "definition": definition, "input": input, "request": request},
        )

    def _insert_keyed(self, **values: Any) -> Row[*tuple[Any, ...]] | None:
        """Insert an execution that carries an idempotency key; None (and nothing inserted) when the
        workspace already has one with that key. A concurrent insert with the same key waits on the
        unique index until the first commits, then finds it."""
        return self._session.execute(_INSERT_EXECUTION_ONCE, values).first()

    def by_idempotency_key(self, *, workspace_id: str, key: str) -> Row[*tuple[Any, ...]] | None:
        return self._session.execute(
            select(executions.c.id, executions.c.workflow_id).where(
                executions.c.workspace_id == workspace_id, executions.c.idempotency_key == key
            )
        ).first()

    def get(self, execution_id: str, *, workspace_id: str | None = None) -> Row[Any] | None:
        query = select(executions).where(executions.c.id == execution_id)
        if workspace_id is not None:
            query = query.where(executions.c.workspace_id == workspace_id)
        return self._session.execute(query).first()

    def get_many(self, ids: Sequence[str], *, workspace_id: str) -> list[Row[Any]]:
        """The executions of the workspace among `ids` (any order); other workspaces' ids match nothing."""
        if not ids:
            return []
        return list(
            self._session.execute(
                select(executions).where(executions.c.id.in_(ids), executions.c.workspace_id == workspace_id)
            ).all()
        )

    def steps_of(self, execution_ids: Sequence[str]) -> dict[str, list[Row[Any]]]:
        """The steps of several executions in one query, each execution's in checkpoint order."""
        found: dict[str, list[Row[Any]]] = {execution_id: [] for execution_id in execution_ids}
        if execution_ids:
            rows = self._session.execute(
                select(steps)
                .where(steps.c.execution_id.in_(execution_ids))
                .order_by(steps.c.execution_id, steps.c.seq)
            ).all()
            for row in rows:
                found[row.execution_id].append(row)
        return found

    def list_page(
        self,
        filters: ExecutionFilter,
        *,
        order_column: str,
        descending: bool,
        after: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Row[Any]]:
        """One keyset page, served by (workspace_id[, workflow_id], created_at|finished_at, id) indexes."""
        conditions: list[ColumnElement[bool]] = [executions.c.workspace_id == filters.workspace_id]
        if filters.workflow_id:
            conditions.append(executions.c.workflow_id == filters.workflow_id)
        if filters.statuses:
            conditions.append(executions.c.status.in_(filters.statuses))
        for column, lower, upper in (
            (executions.c.created_at, filters.created_after, filters.created_before),
            (executions.c.started_at, filters.started_after, filters.started_before),
            (executions.c.finished_at, filters.finished_after, filters.finished_before),
        ):
            if lower is not None:
                conditions.append(column >= lower)
            if upper is not None:
                conditions.append(column < upper)
        key = executions.c[order_column]
        if order_column == "finished_at":
            conditions.append(key.isnot(None))
        if after is not None:
            position = tuple_(key, executions.c.id)
            last = tuple_(after[0], cast(literal(after[1]), UUID(as_uuid=False)))
            conditions.append(position < last if descending else position > last)
        ordering = (key.desc(), executions.c.id.desc()) if descending else (key.asc(), executions.c.id.asc())
        return list(
            self._session.execute(select(*SUMMARY).where(*conditions).order_by(*ordering).limit(limit)).all()
        )

    def queue_events(
        self,
        events: Sequence[tuple[str, str, Any]],
        *,
        others: Sequence[outbox.Pending],
        source: str,
    ) -> None:
        """Add events (execution id, type, JSON-ready data) to their executions' histories, each
        execution's numbered after its last one in the order given, and publish each (through the
        outbox, after `others`) with its number and time, in one statement. An event of an
        execution that does not exist is neither kept nor published. After `end`, the same
        statement writes the end (FenceLost when the fence moved: then nothing is written)."""
        parameters = {
            **_event_parameters(events),
            **outbox.pending_parameters(others, "pending_"),
            "exchange": messaging.EVENTS_EXCHANGE,
            "source": source,
            "type_prefix": cloud_events.TYPE_PREFIX,
            "sequence_digits": cloud_events.SEQUENCE_DIGITS,
            "channel": outbox.notify_channel(outbox_table.schema or "public"),
        }
        if self._at_commit is None:
            db.last_of_transaction(self._session, _QUEUE_EVENTS, parameters)
            return
        (statement, own), self._at_commit = self._at_commit, None
        execution_id = str(own.get("execution_id") or own["id"])
        if any(str(event[0]) != execution_id for event in events):
            raise ValueError(
                f"this transaction writes execution {execution_id} at its commit: its events only"
            )
        # A start without a concurrency limit ran nothing before it: then it runs alone (ADR-111).
        written = db.last_of_transaction(self._session, statement, {**parameters, **own})
        if written[0] != 1:  # the end's fence moved (a start always writes its row, or raises)
            raise FenceLost(f"execution {execution_id} is now advanced by another worker")

    def events(self, execution_id: str, *, after: int, limit: int) -> list[Row[Any]]:
        return list(
            self._session.execute(
                select(execution_events)
                .where(execution_events.c.execution_id == execution_id, execution_events.c.seq > after)
                .order_by(execution_events.c.seq)
                .limit(limit)
            ).all()
        )

    def steps(self, execution_id: str) -> list[Row[Any]]:
        return list(self._session.execute(_LIST_STEPS, {"execution_id": execution_id}).all())

    def take_over(self, execution_id: str, *, wake: str | None, lease_seconds: float) -> Row[Any] | None:
        """Take the execution over and its lease for `lease_seconds`, in one round trip, answering
        the execution as it now is (its definition as JSON text), plus `first_start`.

        A waiting execution is taken only by the wake-up carrying its resume token; a finished one,
        or a waiting one woken by a stale message, gives None. Raises LeaseBusy while another worker
        holds it."""
        parameters: dict[str, Any] = {"execution_id": execution_id, "lease_seconds": lease_seconds}
        if wake is not None:
            parameters["wake"] = wake
        taken = db.first_on_driver(self._session, _TAKE_OVER[wake is not None], parameters)
        if taken is None and self._held_elsewhere(execution_id, wake):
            raise LeaseBusy(f"execution {execution_id} is leased by another worker")
        return taken

    def _held_elsewhere(self, execution_id: str, wake: str | None) -> bool:
        """Whether an execution the take-over did not take would have been taken but for another
        worker: its committed state is takeable, so a lease or an open take-over holds it."""
        state = self._session.execute(_COMMITTED_STATE, {"execution_id": execution_id}).first()
        if state is None:
            return False
        return state.status in ("queued", "running") or (
            state.status == "waiting" and wake is not None and state.token == wake
        )

    def _check_fence(self, execution_id: str, fence: int) -> None:
        held = self._session.execute(_FENCE, {"execution_id": execution_id}).scalar()
        if held != fence:
            raise FenceLost(f"execution {execution_id} is now advanced by another worker")

    def fence_moved(self, execution_id: str, fence: int) -> bool:
        """Whether the execution's fence is no longer `fence` (cancelled, taken over, or deleted);
        read without a lock, for a run to notice while it computes."""
        return self._session.execute(_CURRENT_FENCE, {"execution_id": execution_id}).scalar() != fence

    def save_steps(self, execution_id: str, fence: int, batch: list[tuple[StepRecord, int]]) -> bool:
        """Checkpoint several steps (each with its seq) in one statement that checks the fence.
        Returns whether it checked the fence (and so holds the execution's row locked)."""
        if not batch:
            return False
        rows = _step_rows(batch)
        saved = db.execute_on_driver(
            self._session,
            UPSERT_STEPS,
            {"execution_id": execution_id, "fence": fence, "steps": db.json_text(rows)},
        ).fetchall()
        if len(saved) != len(rows):
            raise FenceLost(f"execution {execution_id} is now advanced by another worker")
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
        """`fence_checked`: this transaction already holds the row locked under the fence."""
        if not fence_checked:
            self._check_fence(execution_id, fence)
        db.execute_on_driver(
            self._session,
            _FINISH,
            {"execution_id": execution_id, "status": status, "output": db.json_text(output), "error": error},
        )
        self.ended[str(execution_id)] = (status, output, error)

    @property
    def writes_at_commit(self) -> bool:
        """Whether a start or an end waits for the commit's statement (`queue_events`)."""
        return self._at_commit is not None

    def _write_at_commit(self, statement: str, parameters: dict[str, Any]) -> None:
        if self._at_commit is not None:
            raise ValueError("one start or end is written at a commit, not two")
        self._at_commit = (statement, parameters)

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
        """Checkpoint `batch` and end the execution under the fence, written at the commit with
        the transaction's events in one statement (the worker's hot path, ADR-110). Nothing else
        in the transaction may write or read the execution after this."""
        self._write_at_commit(
            _END_AND_QUEUE_EVENTS,
            {
                "execution_id": str(execution_id),
                "fence": fence,
                "steps": db.json_text(_step_rows(batch)),
                "status": status,
                "output": db.json_text(output),
                "error": error,
            },
        )
        self.ended[str(execution_id)] = (status, output, error)

    def suspend(
        self, execution_id: str, fence: int, *, resume: dict[str, Any], fence_checked: bool = False
    ) -> None:
        """Mark the execution waiting until `resume` says; its worker lets go of it."""
        if not fence_checked:
            self._check_fence(execution_id, fence)
        self._session.execute(
            update(executions)
            .where(executions.c.id == execution_id)
            .values(status="waiting", resume=resume, leased_until=None)
        )

    def cancel(self, execution_id: str, *, workspace_id: str) -> tuple[str, str] | None:
        """Cancel a queued, running or waiting execution; raising the fence stops a worker mid-run.
        Returns the status it had and its workflow, or None when there was nothing to cancel."""
        before = (
            select(executions.c.status, executions.c.workflow_id)
            .where(executions.c.id == execution_id, executions.c.workspace_id == workspace_id)
            .with_for_update()
        )
        row = self._session.execute(before).first()
        if row is None or row.status not in ("queued", "running", "waiting"):
            return None
        self._session.execute(
            update(executions)
            .where(executions.c.id == execution_id)
            .values(
                status="cancelled",
                fence=executions.c.fence + 1,
                resume=None,
                error="cancelled",
                finished_at=func.now(),
            )
        )
        return str(row.status), str(row.workflow_id)

    def fail_unfinished(self, execution_id: str, *, error: str) -> Row[Any] | None:
        """End an execution that no worker can advance (its run message was dead-lettered): `failed`
        with `error`, the fence raised so a straggling worker's writes are refused. Returns the row
        as it is now, or None when it had already ended."""
        return self._session.execute(
            update(executions)
            .where(executions.c.id == execution_id, executions.c.status.in_(("queued", "running", "waiting")))
            .values(
                status="failed",
                fence=executions.c.fence + 1,
                resume=None,
                error=error,
                finished_at=func.now(),
                leased_until=None,
                parked=False,
            )
            .returning(*executions.c)
        ).first()

    def copy_steps(self, *, source: str, target: str, skip: Sequence[str] = ()) -> None:
        """Copy the checkpoints of `source`, except those of the nodes in `skip`, into `target` (a retry)."""
        columns = [c for c in steps.c if c.name != "execution_id"]
        condition = steps.c.execution_id == source
        if skip:
            condition = and_(condition, steps.c.node_id.not_in(list(skip)))
        self._session.execute(
            insert(steps).from_select(
                ["execution_id", *[c.name for c in columns]],
                select(cast(literal(target), steps.c.execution_id.type), *columns).where(condition),
            )
        )

    def add_dead_letter(self, *, execution_id: str, workspace_id: str, reason: str, error: str) -> None:
        self._session.execute(
            insert(dead_letters).values(
                execution_id=execution_id, workspace_id=workspace_id, reason=reason, error=error
            )
        )

    def dead_letters(self, *, workspace_id: str, before_id: int | None, limit: int) -> list[Row[Any]]:
        """Newest first; `before_id` is the last id of the previous page."""
        return self._letters(dead_letters.c.workspace_id == workspace_id, before_id=before_id, limit=limit)

    def _letters(self, owned: ColumnElement[bool], *, before_id: int | None, limit: int) -> list[Row[Any]]:
        conditions = [owned] if before_id is None else [owned, dead_letters.c.id < before_id]
        return list(
            self._session.execute(
                select(dead_letters).where(*conditions).order_by(dead_letters.c.id.desc()).limit(limit)
            ).all()
        )

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
        """Whether the row is new: a redelivered copy (the same `message_key`) adds none."""
        result = self._session.execute(
            pg_insert(dead_letters)
            .values(
                reason="malformed",
                error=error,
                message_key=message_key,
                message_id=message_id,
                routing_key=routing_key,
                size_bytes=size_bytes,
                preview=preview,
            )
            .on_conflict_do_nothing(index_elements=[dead_letters.c.message_key])
            .returning(dead_letters.c.id)
        )
        return result.first() is not None

    def instance_dead_letters(self, *, before_id: int | None, limit: int) -> list[Row[Any]]:
        """The letters of no workspace (malformed messages), newest first."""
        return self._letters(dead_letters.c.workspace_id.is_(None), before_id=before_id, limit=limit)

    def instance_dead_letter(self, dead_letter_id: int) -> Row[Any] | None:
        return self._session.execute(
            select(dead_letters).where(
                dead_letters.c.id == dead_letter_id, dead_letters.c.workspace_id.is_(None)
            )
        ).first()

    def discard_instance_dead_letter(self, dead_letter_id: int) -> bool:
        result = self._session.execute(
            delete(dead_letters).where(
                dead_letters.c.id == dead_letter_id, dead_letters.c.workspace_id.is_(None)
            )
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def claim_dead_letter(self, dead_letter_id: int, *, workspace_id: str) -> Row[Any] | None:
        return self._session.execute(
            select(dead_letters)
            .where(dead_letters.c.id == dead_letter_id, dead_letters.c.workspace_id == workspace_id)
            .with_for_update()
        ).first()

    def mark_replayed(self, dead_letter_id: int, *, replay_execution_id: str) -> None:
        self._session.execute(
            update(dead_letters)
            .where(dead_letters.c.id == dead_letter_id)
            .values(replayed_at=func.now(), replay_execution_id=replay_execution_id)
        )

    def prune_finished(self, *, older_than_days: int, batch: int = 1000) -> int:
        """Delete up to `batch` executions (steps and dead letters cascade) finished before the cut-off."""
        doomed = (
            select(executions.c.id)
            .where(executions.c.finished_at < func.now() - text(f"interval '{int(older_than_days)} days'"))
            .limit(batch)
            .scalar_subquery()
        )
        result = self._session.execute(delete(executions).where(executions.c.id.in_(doomed)))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def insert_once(self, **values: Any) -> bool:
        if values.get("idempotency_key"):
            return self._insert_keyed(**values) is not None
        return lineage.insert_once(self._session, **values)

    def exists(self, execution_id: str) -> bool:
        return lineage.exists(self._session, execution_id)

    def child_state(self, execution_id: str) -> Row[Any] | None:
        return lineage.state(self._session, execution_id)

    def cancel_descendants(self, root_id: str) -> list[Row[Any]]:
        return lineage.cancel_descendants(self._session, root_id)

    def lock_slots(self, workflow_id: str) -> None:
        slots.lock(self._session, workflow_id)

    def slots_held(self, workflow_id: str) -> int:
        return slots.held(self._session, workflow_id)

    def next_parked(self, workflow_id: str) -> Row[Any] | None:
        return slots.next_parked(self._session, workflow_id)

    def unpark(self, execution_id: str) -> None:
        slots.unpark(self._session, execution_id)

    def stuck(self, *, after_seconds: float, run_queue_ready: int | None) -> list[Stuck]:
        return vitals.stuck_executions(
            self._session, after_seconds=after_seconds, run_queue_ready=run_queue_ready
        )

    def requeue(self, stuck: list[Stuck]) -> list[str]:
        return vitals.requeue(self._session, stuck)
