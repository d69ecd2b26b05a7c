"""The executor's unit of work over Postgres: a use case's writes, the events it adds to its
executions' histories and the messages it sends, committed together. Everything a transaction
sends goes out in one statement at the commit (ADR-048): the events numbered, kept and queued
in the outbox with the other messages, or the messages alone."""

from __future__ import annotations

from collections.abc import Callable

from jobsprint.common import outbox
from jobsprint.common.sql_unit_of_work import SqlAlchemyUnitOfWork
from jobsprint.common.unit_of_work import OutboxMessage
from jobsprint.executor.adapters.live import Ended
from jobsprint.executor.adapters.orm import outbox as outbox_table
from jobsprint.executor.adapters.repository import SqlExecutionRepository
from jobsprint.executor.service.ports import ExecutorUnitOfWork
from sqlalchemy.orm import Session, sessionmaker

EVENT_SOURCE = "/jobsprint/executor"
# The events that end an execution: a caller waiting on it is woken when one commits.
ENDS = frozenset({"execution.finished", "execution.cancelled"})


class SqlUnitOfWork(SqlAlchemyUnitOfWork, ExecutorUnitOfWork):
    """`sessions`: a session factory; `db.reading` over one gives reads without a transaction."""

    executions: SqlExecutionRepository

    def __init__(
        self,
        sessions: sessionmaker[Session] | Callable[[], Session],
        *,
        on_ended: Callable[[list[Ended]], None] | None = None,
    ) -> None:
        """After a commit, `on_ended` is told the executions it ended (finished or cancelled,
        with the status, output and error `finish` wrote, if it did): the bell that wakes the
        callers waiting on them (ADR-104). It must not raise: the waiters poll without it."""
        super().__init__(sessions, outbox_table=outbox_table)  # type: ignore[arg-type]
        self._on_ended = on_ended

    def _open(self, session: Session) -> None:
        self.executions = SqlExecutionRepository(session)

    def _commit(self, messages: list[OutboxMessage]) -> None:
        events, self.pending_events = self.pending_events, []
        pending = [outbox.Pending(m.exchange, m.routing_key, m.body, m.priority) for m in messages]
        if events or self.executions.writes_at_commit:
            # Ids read with plain SQL arrive as uuid.UUID.
            batch = [(str(execution_id), type_, data) for execution_id, type_, data in events]
            self.executions.queue_events(batch, others=pending, source=EVENT_SOURCE)
        else:
            outbox.enqueue_many(self.session, outbox_table, pending)
        self.session.commit()
        if self._on_ended is not None:
            ended = [
                Ended(str(execution_id), *self.executions.ended.get(str(execution_id), ("", None, "")))
                for execution_id, type_, _data in events
                if type_ in ENDS
            ]
            if ended:
                self._on_ended(ended)
