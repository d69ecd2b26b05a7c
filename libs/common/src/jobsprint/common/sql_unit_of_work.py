"""The unit of work over a SQLAlchemy session factory: one session (one transaction) per `with`
block, the outbox rows of the messages published in it written in that transaction just before
it commits. A service subclasses it, together with its own abstract unit of work, and makes its
repositories over the session in `_open`; repositories never commit."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from jobsprint.common import outbox
from jobsprint.common.unit_of_work import AbstractUnitOfWork, OutboxMessage
from sqlalchemy import Table
from sqlalchemy.orm import Session, sessionmaker


class SqlAlchemyUnitOfWork(AbstractUnitOfWork):
    def __init__(self, sessions: sessionmaker[Session], *, outbox_table: Table | None = None) -> None:
        """`outbox_table`: the service's outbox (`outbox.outbox_table`), needed to `publish`."""
        super().__init__()
        self._sessions = sessions
        self._outbox = outbox_table
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its `with` block")
        return self._session

    def __enter__(self) -> Self:
        self._session = self._sessions()
        self._open(self._session)
        return super().__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            super().__exit__(exc_type, exc, traceback)
        finally:
            self.session.close()
            self._session = None

    def _open(self, session: Session) -> None:
        """Make the service's repositories over `session` (a subclass's one hook)."""

    def _commit(self, messages: list[OutboxMessage]) -> None:
        if messages:
            if self._outbox is None:
                raise RuntimeError("this unit of work has no outbox table to publish through")
            outbox.enqueue_many(
                self.session,
                self._outbox,
                [outbox.Pending(m.exchange, m.routing_key, m.body, m.priority) for m in messages],
            )
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
