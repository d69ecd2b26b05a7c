"""The SQLAlchemy unit of work against real Postgres: a row and the outbox message announcing it
commit together or not at all."""

from __future__ import annotations

import pytest
from jobsprint.common import db
from jobsprint.common.sql_unit_of_work import SqlAlchemyUnitOfWork
from jobsprint.common.unit_of_work import OutboxMessage
from sqlalchemy import Column, String, Table, func, select
from sqlalchemy.orm import Session

pytestmark = pytest.mark.integration

MESSAGE = OutboxMessage("jobsprint.events", "note.added", b'{"note": "n"}', priority=3)


class NotesUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, engine, outbox: Table, notes: Table) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db.make_session_factory(engine), outbox_table=outbox)
        self._notes = notes

    def _open(self, session: Session) -> None:
        self.session_seen = session

    def add(self, text: str) -> None:
        self.session.execute(self._notes.insert().values(text=text))


@pytest.fixture
def tables(outbox_schema):  # type: ignore[no-untyped-def]
    engine, outbox = outbox_schema
    notes = Table("notes", outbox.metadata, Column("text", String, primary_key=True))
    notes.create(engine)
    return engine, outbox, notes


def _counts(engine, outbox: Table, notes: Table) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return (
            connection.execute(select(func.count()).select_from(notes)).scalar_one(),
            connection.execute(select(func.count()).select_from(outbox)).scalar_one(),
        )


def test_state_and_its_outbox_message_commit_together(tables) -> None:  # type: ignore[no-untyped-def]
    engine, outbox, notes = tables
    uow = NotesUnitOfWork(engine, outbox, notes)
    with uow:
        uow.add("kept")
        uow.publish(MESSAGE)
        uow.commit()
    with engine.connect() as connection:
        row = connection.execute(
            select(outbox.c.exchange, outbox.c.routing_key, outbox.c.body, outbox.c.priority)
        ).one()
    assert tuple(row) == ("jobsprint.events", "note.added", b'{"note": "n"}', 3)
    assert _counts(engine, outbox, notes) == (1, 1)


def test_a_failed_use_case_leaves_neither_state_nor_message(tables) -> None:  # type: ignore[no-untyped-def]
    engine, outbox, notes = tables
    uow = NotesUnitOfWork(engine, outbox, notes)
    with pytest.raises(RuntimeError), uow:
        uow.add("lost")
        uow.publish(MESSAGE)
        raise RuntimeError("the use case failed before committing")
    with uow:
        uow.add("also lost")  # left without commit
    assert _counts(engine, outbox, notes) == (0, 0)


def test_each_block_has_a_session_of_its_own_and_none_outside(tables) -> None:  # type: ignore[no-untyped-def]
    engine, outbox, notes = tables
    uow = NotesUnitOfWork(engine, outbox, notes)
    with uow:
        first = uow.session_seen
    with uow:
        assert uow.session_seen is not first
    with pytest.raises(RuntimeError, match="outside its `with` block"):
        uow.add("nowhere")


def test_publishing_without_an_outbox_table_fails_instead_of_dropping_the_message(tables) -> None:  # type: ignore[no-untyped-def]
    engine, _outbox, notes = tables
    uow = SqlAlchemyUnitOfWork(db.make_session_factory(engine))
    with pytest.raises(RuntimeError, match="no outbox table"), uow:
        uow.session.execute(notes.insert().values(text="x"))
        uow.publish(MESSAGE)
        uow.commit()
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(notes)).scalar_one() == 0
