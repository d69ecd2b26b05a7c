"""Facts about a local stack the public API does not expose, read from its Postgres (ADR-075):
each schema read as its own service's role (the URLs `make up` gives the services), in read-only
transactions; the queries themselves belong to the service that owns the data
(`jobsprint.executor.adapters.vitals`) or are the plainest reads of its own bookkeeping (the outbox,
Alembic's version table, data-key dates)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

MIGRATED_SERVICES = ("auth", "workflows", "executor", "integrations")
OUTBOX_SCHEMAS = ("executor", "workflows", "integrations")


@contextmanager
def reading(url: str) -> Iterator[Connection]:
    """A connection whose transaction cannot write."""
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SET TRANSACTION READ ONLY"))
            yield connection
    finally:
        engine.dispose()


@contextmanager
def writing(url: str) -> Iterator[Connection]:
    """For `doctor --fix` only: a transaction committed when the block ends without error."""
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Migrations:
    service: str
    applied: str | None
    heads: tuple[str, ...]

    @property
    def pending(self) -> bool:
        return self.applied not in self.heads


def migration_heads(root: Path, service: str) -> tuple[str, ...]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config(str(root / "services" / service / "alembic.ini"))
    return tuple(ScriptDirectory.from_config(config).get_heads())


def applied_revision(connection: Connection, schema: str) -> str | None:
    exists = connection.execute(
        text("SELECT to_regclass(:name) IS NOT NULL"), {"name": f"{schema}.alembic_version"}
    ).scalar()
    if not exists:
        return None
    return connection.execute(text(f"SELECT version_num FROM {schema}.alembic_version")).scalar()


@dataclass(frozen=True)
class Outbox:
    schema: str
    rows: int
    oldest_age_seconds: float


def outbox(connection: Connection, schema: str) -> Outbox:
    row = connection.execute(
        text(
            f"SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM {schema}.outbox"
        )
    ).one()
    return Outbox(schema, int(row[0]), float(row[1]))


@dataclass(frozen=True)
class DataKeys:
    count: int
    oldest: datetime | None
    last_rotated: datetime | None
    master_kids: tuple[str, ...]


# The services that keep secrets under their own master key ring (ADR-045, ADR-069).
SEALING_SERVICES = ("integrations", "workflows")


def data_keys(connection: Connection, schema: str) -> DataKeys:
    row = connection.execute(
        text(
            "SELECT count(*), min(created_at), max(rotated_at),"
            " coalesce(array_agg(DISTINCT master_kid) FILTER (WHERE master_kid IS NOT NULL), '{}')"
            f" FROM {schema}.data_keys"
        )
    ).one()
    return DataKeys(int(row[0]), row[1], row[2], tuple(row[3]))


def dead_letters_recent(connection: Connection, *, hours: float = 1.0) -> tuple[int, int]:
    """Workspaces' dead letters not replayed: all of them, and those of the last `hours`."""
    row = connection.execute(
        text(
            "SELECT count(*), count(*) FILTER (WHERE created_at > now() - make_interval(secs => :s))"
            " FROM executor.dead_letters WHERE replayed_at IS NULL AND workspace_id IS NOT NULL"
        ),
        {"s": hours * 3600},
    ).one()
    return int(row[0]), int(row[1])


def malformed_letters(connection: Connection) -> int:
    """Letters of no workspace (run messages no worker could decode) not yet discarded (ADR-102)."""
    return int(
        connection.execute(
            text("SELECT count(*) FROM executor.dead_letters WHERE workspace_id IS NULL")
        ).scalar_one()
    )


def database_now(connection: Connection) -> datetime:
    return connection.execute(text("SELECT now()")).scalar_one()  # type: ignore[no-any-return]
