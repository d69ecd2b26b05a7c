"""Database engines, sessions, and the Alembic runner each service's migrations go through."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import Engine, MetaData, create_engine
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


def make_engine(url: str, *, pool_size: int = 10, pre_ping: bool = True) -> Engine:
    """`pre_ping` costs a round trip per checkout; a hot path that already retries on
    DBAPIError (the executor's workers) turns it off and lets a dead connection fail once.

    JSON columns are read with orjson, as every service writes them: a number beyond 64 bits
    (JSONB writes `1e30` back as `1000000000000000000000000000000`) is read as the double it
    came in as, not as an integer that no JSON writer downstream can serialise."""
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=pre_ping,
        json_deserializer=orjson.loads,
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def libpq_url(sqlalchemy_url: str) -> str:
    """The plain libpq form of a SQLAlchemy URL (for psycopg connections such as LISTEN)."""
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)


def upgrade(*, alembic_ini: Path, database_url: str, revision: str = "head") -> None:
    # Imported here: Alembic is needed by the `migrate` command only, not by a serving process.
    from alembic import command
    from alembic.config import Config

    config = Config(str(alembic_ini))
    config.set_main_option("script_location", str(alembic_ini.parent / "migrations"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, revision)
