"""Database engines, sessions, and the Alembic runner each service's migrations go through."""

from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import psycopg
from psycopg.rows import namedtuple_row
from sqlalchemy import Connection, Engine, MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import psycopg as postgresql_psycopg
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def schema_metadata(schema: str) -> MetaData:
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


# A pooled connection unused for longer than this is pinged before it is handed out.
PING_IDLE_AFTER_SECONDS = 1.0


def make_engine(
    url: str, *, pool_size: int = 10, ping_idle_after: float | None = PING_IDLE_AFTER_SECONDS
) -> Engine:
    """A pooled engine of `pool_size` connections kept open (a service passes its
    `db_pool_size`: as many as the threads that use it at once, so none is opened and closed per
    call under load), and as many again opened for a burst and closed after it. A connection is
    pinged before use only when it has been idle for `ping_idle_after` seconds (None: never): a
    ping on every checkout is a round trip per transaction, while the connections of a busy
    service are seconds old at most. A connection that died in between (Postgres restarted)
    fails its statement once; SQLAlchemy then invalidates the pool, and the gRPC servers answer
    UNAVAILABLE, which callers retry (`grpc_server`). The pool is LIFO, so under light load the
    same few connections stay warm.

    JSON columns are read with orjson, as every service writes them: a number beyond 64 bits
    (JSONB writes `1e30` back as `1000000000000000000000000000000`) is read as the double it
    came in as, not as an integer that no JSON writer downstream can serialise."""
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_use_lifo=True,
        json_serializer=json_text,
        json_deserializer=orjson.loads,
    )
    if ping_idle_after is not None:
        _ping_when_idle(engine, ping_idle_after)
    return engine


def json_text(value: Any) -> str:
    """JSON for a JSON(B) parameter: orjson, or Python's json for what orjson refuses (an integer
    beyond 64 bits)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value)


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    @event.listens_for(engine, "checkin")
    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("checked_in_at")
        if since is None or time.monotonic() - since < idle_seconds:
            return  # new, or in use moments ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            # The pool discards this connection and checks out another (SQLAlchemy's documented
            # pessimistic disconnect handling).
            raise DisconnectionError(f"pooled connection is dead: {exc}") from exc


def is_connection_lost(exc: BaseException) -> bool:
    """Whether a database error means the connection was lost (and the pool invalidated): the
    statement did not run, or its transaction did not commit, unless the loss hit the COMMIT."""
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


# SQLSTATEs of a server that is going away or not yet accepting connections (class 57P: operator
# intervention; class 08: connection exception).
_UNAVAILABLE_STATES = frozenset({"57P01", "57P02", "57P03"})


def is_database_unavailable(exc: BaseException) -> bool:
    """Whether a database error means the database cannot be reached right now, so that the same
    call may succeed later: a lost connection (`is_connection_lost`), a new connection refused or
    timed out (Postgres stopped or restarting: psycopg's OperationalError carries no SQLSTATE
    then), or the server shutting down or starting up (57P01-57P03, class 08). A failed statement
    (a constraint, a statement timeout) is not: its SQLSTATE says what failed."""
    if is_connection_lost(exc):
        return True
    cause = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(cause, psycopg.OperationalError):
        return False
    state = cause.sqlstate
    return state is None or state.startswith("08") or state in _UNAVAILABLE_STATES


def reachable(engine: Engine) -> str | None:
    """None when `engine`'s database answers a trivial statement on a pooled connection, else
    why not (a health probe: `grpc_server.GrpcServer`'s `probe`)."""
    try:
        with _alone(engine) as driver:  # no transaction, so no ROLLBACK (`read_alone`)
            driver.execute("SELECT 1")
    except Exception as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
        return f"the database is unreachable: {reason}"
    return None


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@functools.cache
def _autocommit(engine: Engine) -> Engine:
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def reading(sessions: sessionmaker[Session]) -> Session:
    """A session whose statements each run on their own, outside a transaction: a read of one
    statement costs one round trip (no BEGIN before it, no ROLLBACK after). For reads that need
    no snapshot shared by several statements; it must not write."""
    return Session(_autocommit(sessions.kw["bind"]), expire_on_commit=False)


def libpq_url(sqlalchemy_url: str) -> str:
    """The plain libpq form of a SQLAlchemy URL (for psycopg connections such as LISTEN)."""
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)


def upgrade(
    *, alembic_ini: Path, database_url: str, revision: str = "head", attributes: dict[str, Any] | None = None
) -> None:
    """Apply migrations; `attributes` reach them as `op.get_context().config.attributes` (what a
    data migration needs besides the database, such as a master key ring)."""
    # Imported here: Alembic is needed by the `migrate` command only, not by a serving process.
    from alembic import command
    from alembic.config import Config

    config = Config(str(alembic_ini))
    config.set_main_option("script_location", str(alembic_ini.parent / "migrations"))
    config.attributes["database_url"] = database_url
    config.attributes.update(attributes or {})
    command.upgrade(config, revision)


_DIALECT = postgresql_psycopg.dialect()
_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")


def driver_sql(statement: str) -> str:
    """A statement written with SQLAlchemy's `:name` parameters, in psycopg's `%(name)s` form."""
    return _BIND.sub(r"%(\1)s", statement.replace("%", "%%"))


@dataclass(frozen=True)
class DriverRead:
    """A Core SELECT compiled once, at import, to psycopg's SQL text, with the values it binds
    itself (its literals); `read_on_driver` runs it."""

    sql: str
    bound: dict[str, Any]

    @classmethod
    def of(cls, statement: Any) -> DriverRead:
        compiled = statement.compile(dialect=_DIALECT)
        return cls(compiled.string, {k: v for k, v in compiled.params.items() if v is not None})


@contextmanager
def _alone(engine: Engine) -> Iterator[psycopg.Connection[Any]]:
    """A pooled psycopg connection in autocommit mode, past SQLAlchemy's Connection and Session:
    each statement run on it is a transaction of its own, which Postgres commits as the
    statement ends, with no BEGIN and no COMMIT round trip (ADR-111). The pool's checkout events
    (the ping of an idle connection) still run; a connection left broken is discarded, not
    returned to the pool."""
    pooled = engine.raw_connection()
    driver = pooled.driver_connection
    assert driver is not None, "a checked-out connection has its driver connection"
    try:
        driver.autocommit = True
        try:
            yield driver
        finally:
            if not driver.broken:
                driver.autocommit = False  # idle again: a statement alone leaves no transaction
    except BaseException:
        if driver.broken or driver.closed:
            pooled.invalidate()
        raise
    finally:
        pooled.close()


def read_on_driver(sessions: sessionmaker[Session], statement: DriverRead, parameters: dict[str, Any]) -> Any:
    """The first row (a named tuple) of one read, or None: on a pooled connection outside a
    transaction (as `reading`) and past SQLAlchemy's statement machinery (as `execute_on_driver`).
    For the hot path's few fixed reads only."""
    return read_alone(sessions.kw["bind"], statement, parameters)


def read_alone(engine: Engine, statement: DriverRead, parameters: dict[str, Any] | None = None) -> Any:
    """`read_on_driver` on an engine: the first row (a named tuple) or None, read on a pooled
    connection outside a transaction (`_alone`). Also for periodic reads (a health probe, a
    lag gauge): a read in a transaction ends with a ROLLBACK, and psycopg answers a ROLLBACK by
    dropping every statement the connection had prepared (`DEALLOCATE ALL`), so the hot
    statements on it were parsed and planned again (ADR-111)."""
    with _alone(engine) as driver:
        cursor = driver.cursor(row_factory=namedtuple_row)
        return cursor.execute(statement.sql, {**statement.bound, **(parameters or {})}).fetchone()


def last_of_transaction(session: Session, statement: str, parameters: dict[str, Any]) -> Any:
    """The first row (a tuple) of a `driver_sql` statement, the last a unit of work runs before
    it commits, or None. In the session's transaction when one has begun; when nothing ran
    before it, the statement is the whole transaction and runs alone on a pooled connection
    (`_alone`), committed by Postgres as it ends, atomic as any one statement is: two round trips
    and SQLAlchemy's transaction bookkeeping fewer (ADR-111). The session's commit then has
    nothing to do."""
    engine = session.get_bind()
    if session.in_transaction() or not isinstance(engine, Engine):  # bound to a test's connection
        return _driver(session).execute(statement, parameters).fetchone()
    with _alone(engine) as driver:
        return driver.execute(statement, parameters).fetchone()


def fetch_on_driver(connection: Connection, statement: DriverRead) -> list[Any]:
    """Every row (named tuples) of a `DriverRead` statement, in the transaction of a SQLAlchemy
    Core `connection`, past SQLAlchemy's statement machinery."""
    driver = connection.connection.driver_connection
    assert driver is not None, "a checked-out connection has its driver connection"
    return driver.cursor(row_factory=namedtuple_row).execute(statement.sql, statement.bound).fetchall()


def _driver(session: Session) -> Any:
    """The psycopg connection under the session's, in its transaction."""
    driver = session.connection().connection.driver_connection
    assert driver is not None, "a checked-out connection has its driver connection"
    return driver


def execute_on_driver(session: Session, statement: str, parameters: dict[str, Any]) -> Any:
    """Run a `driver_sql` statement on the session's connection, in its transaction, past
    SQLAlchemy's statement machinery (≈ 0.06 ms of CPU a statement): for the hot path's few
    fixed statements only. Returns psycopg's cursor."""
    return _driver(session).execute(statement, parameters)


def first_on_driver(session: Session, statement: str, parameters: dict[str, Any]) -> Any:
    """The first row (a named tuple) of a `driver_sql` statement run as `execute_on_driver` runs
    it, or None: for the hot path's few fixed statements whose answer is read by name."""
    return _driver(session).cursor(row_factory=namedtuple_row).execute(statement, parameters).fetchone()
