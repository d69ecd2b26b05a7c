"""A unit of work's one statement run alone (ADR-111): when nothing ran before it in the session,
`db.last_of_transaction` runs it on a pooled connection in autocommit, so Postgres commits it as
it ends, with no BEGIN before it; when the session's transaction has begun, it is part of it. The
connection goes back to the pool as it came (not autocommitting), and a broken one is dropped."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from jobsprint.common import db
from sqlalchemy import Engine, literal, select, text
from sqlalchemy.orm import Session

from .conftest import ADMIN_URL

pytestmark = pytest.mark.integration

# In a transaction Postgres began for this statement alone, the transaction's time is the
# statement's; after a BEGIN sent on its own they differ by that round trip at least.
ALONE = "SELECT now() = statement_timestamp(), pg_backend_pid()"


@pytest.fixture
def pool(it_env: dict[str, str]) -> Iterator[tuple[Engine, str]]:
    """A pool of one connection, and a table of this test's own: (engine, table)."""
    table = f"alone_{uuid.uuid4().hex[:8]}"
    engine = db.make_engine(ADMIN_URL, pool_size=1, ping_idle_after=None)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE TABLE {table} (n int PRIMARY KEY)")
    yield engine, table
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE {table}")
    engine.dispose()


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_a_statement_with_nothing_before_it_is_its_own_transaction(pool: tuple[Engine, str]) -> None:
    engine, table = pool
    with Session(engine) as session:
        assert db.last_of_transaction(session, ALONE, {})[0] is True
        assert db.last_of_transaction(session, f"INSERT INTO {table} VALUES (1) RETURNING n", {}) == (1,)
        assert not session.in_transaction()
        session.rollback()  # nothing to undo: Postgres committed it as it ended
    assert _count(engine, table) == 1


def test_after_another_statement_it_is_part_of_the_session_s_transaction(pool: tuple[Engine, str]) -> None:
    engine, table = pool
    with Session(engine) as session:
        session.execute(text("SELECT 1"))
        assert db.last_of_transaction(session, ALONE, {})[0] is False
        assert db.last_of_transaction(session, f"INSERT INTO {table} VALUES (2) RETURNING n", {}) == (2,)
        session.rollback()
    assert _count(engine, table) == 0


def test_the_connection_goes_back_to_the_pool_as_it_came(pool: tuple[Engine, str]) -> None:
    engine, table = pool
    insert = f"INSERT INTO {table} VALUES (%(n)s) RETURNING n"
    with Session(engine) as session:
        pid = db.last_of_transaction(session, ALONE, {})[1]
        db.last_of_transaction(session, insert, {"n": 3})
        with pytest.raises(psycopg.errors.UniqueViolation):
            db.last_of_transaction(session, insert, {"n": 3})
    with Session(engine) as session:  # the same connection (a pool of one), transactional again
        session.execute(text(f"INSERT INTO {table} VALUES (4)"))
        assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid
        session.rollback()
    assert _count(engine, table) == 1


def test_a_connection_that_broke_is_dropped_and_the_next_one_is_new(pool: tuple[Engine, str]) -> None:
    engine, _table = pool
    with Session(engine) as session:
        pid = db.last_of_transaction(session, ALONE, {})[1]
    with psycopg.connect(db.libpq_url(ADMIN_URL), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with Session(engine) as session, pytest.raises(psycopg.OperationalError):
        db.last_of_transaction(session, ALONE, {})
    with Session(engine) as session:
        alone, again = db.last_of_transaction(session, ALONE, {})
    assert alone is True and again != pid


def _prepared(engine: Engine) -> list[str]:
    with Session(engine) as session:  # the pool's one connection
        names = [row[0] for row in _driver(session).execute("SELECT name FROM pg_prepared_statements")]
        session.commit()
    return names


def _driver(session: Session) -> psycopg.Connection[Any]:
    driver = session.connection().connection.driver_connection
    assert driver is not None
    return driver


def test_a_health_probe_and_a_read_alone_keep_the_connection_s_prepared_statements(
    pool: tuple[Engine, str],
) -> None:
    """psycopg answers a ROLLBACK by dropping every statement the connection prepared (DEALLOCATE
    ALL); a periodic read that ended in one made the hot statements parse and plan again."""
    engine, table = pool
    with Session(engine) as session:
        _driver(session).execute(f"SELECT count(*) FROM {table} WHERE n > %s", (0,), prepare=True)
        session.commit()
    assert len(_prepared(engine)) == 1
    assert db.reachable(engine) is None
    assert db.read_alone(engine, db.DriverRead.of(select(literal(1).label("one")))).one == 1
    assert len(_prepared(engine)) == 1
    with engine.connect() as connection:  # what the probe did before: a transaction, rolled back
        connection.exec_driver_sql("SELECT 1")
    assert _prepared(engine) == []
