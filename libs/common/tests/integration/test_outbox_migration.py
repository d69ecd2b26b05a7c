"""The outbox migration helper (`migrations.create_outbox`) against real Postgres: it creates the
table the relay's definition expects (`outbox.outbox_table`), and exactly the outbox that each
service's own revisions produced, so a service created with the helper and one upgraded through
its history hold the same table."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from jobsprint.common import migrations, outbox
from sqlalchemy import Engine, MetaData, create_engine, inspect, text

from .conftest import ADMIN_URL

pytestmark = pytest.mark.integration

SERVICES_WITH_AN_OUTBOX = ("executor", "workflows", "integrations")


@pytest.fixture
def engine(it_env: dict[str, str]) -> Iterator[Engine]:
    engine = create_engine(ADMIN_URL)
    yield engine
    engine.dispose()


@pytest.fixture
def helper_schema(engine: Engine) -> Iterator[str]:
    """A schema holding only what `migrations.create_outbox` makes, run as a revision runs it."""
    schema = f"outbox_helper_{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        with Operations.context(MigrationContext.configure(connection)):
            migrations.create_outbox(schema)
    yield schema
    with engine.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')


def described(engine: Engine, schema: str) -> dict[str, Any]:
    """The outbox table of `schema` as Postgres has it, with the schema's name taken out."""
    inspector = inspect(engine)

    def plain(value: Any) -> str:
        return re.sub(rf"\b{re.escape(schema)}\.", "", str(value))

    with engine.connect() as connection:
        indexes = connection.execute(
            text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = :s AND tablename = 'outbox'"),
            {"s": schema},
        ).all()
        constraints = connection.execute(
            text(
                "SELECT conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                "WHERE n.nspname = :s AND t.relname = 'outbox'"
            ),
            {"s": schema},
        ).all()
    return {
        "columns": [
            (c["name"], str(c["type"]), c["nullable"], plain(c["default"]))
            for c in inspector.get_columns("outbox", schema=schema)
        ],
        "indexes": sorted((name, plain(definition)) for name, definition in indexes),
        "constraints": sorted((name, plain(definition)) for name, definition in constraints),
    }


def test_the_helper_creates_the_table_the_relay_expects(engine: Engine, helper_schema: str) -> None:
    expected = MetaData(schema=helper_schema)
    outbox.outbox_table(expected)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_schemas": True,
                "include_name": lambda name, type_, _parents: type_ != "schema" or name == helper_schema,
            },
        )
        differences = compare_metadata(context, expected)
    assert differences == []


@pytest.mark.parametrize("service", SERVICES_WITH_AN_OUTBOX)
def test_the_helper_creates_the_outbox_each_services_revisions_produced(
    engine: Engine, helper_schema: str, service: str
) -> None:
    migrated = described(engine, service)
    assert migrated["columns"], f"{service} has no outbox: were its migrations applied?"
    assert described(engine, helper_schema) == migrated
