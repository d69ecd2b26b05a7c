"""What the services' migrations share: the body of every `migrations/env.py` (online migrations
into the service's schema), and the operations more than one service's revisions perform."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy import MetaData, create_engine, pool
from sqlalchemy.dialects.postgresql import JSONB


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


# --- the transactional outbox (jobsprint.common.outbox) -----------------------------------------
#
# Written out here, not built from `outbox.outbox_table`: a migration must go on doing what it did
# when it was applied, whatever the table's Python definition becomes later. A change to the
# outbox is a new helper (create_outbox_v2, or an alter_… step) used by a new revision, never an
# edit of this one. tests/integration/test_outbox_migration.py checks that it creates exactly
# the outbox the relay's table definition expects, and the one each service's revisions produced.


def create_outbox(schema: str) -> None:
    """In a new revision: `<schema>.outbox`, as `outbox.outbox_table` describes it (rows deleted
    once published, ADR-050)."""
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("message_id", sa.String(length=36), nullable=False),
        sa.Column("exchange", sa.String(length=255), nullable=False),
        sa.Column("routing_key", sa.String(length=255), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column(
            "headers", JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
        sa.Column("priority", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        schema=schema,
    )


def drop_outbox(schema: str) -> None:
    """The downgrade of `create_outbox`."""
    op.drop_table("outbox", schema=schema)
