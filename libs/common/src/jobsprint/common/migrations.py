"""The body of every service's `migrations/env.py`: online migrations into the service's schema."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData, create_engine, pool


def run(*, metadata: MetaData, schema: str) -> None:
    config = context.config
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: run migrations through `python -m jobsprint.<service> migrate`")
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table_schema=schema,
            include_schemas=False,
            # The version table is Alembic's own, never part of a service's metadata.
            include_name=lambda name, type_, _parents: not (type_ == "table" and name == "alembic_version"),
        )
        with context.begin_transaction():
            context.run_migrations()
