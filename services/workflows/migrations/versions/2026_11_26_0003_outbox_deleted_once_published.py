"""outbox rows are deleted once published: no `sent_at`, no partial index of unsent rows, no
unique index on `message_id` (ADR-050)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "workflows"


def upgrade() -> None:
    op.execute(f"DELETE FROM {SCHEMA}.outbox WHERE sent_at IS NOT NULL")
    op.drop_index("ix_outbox_unsent", table_name="outbox", schema=SCHEMA)
    op.drop_constraint("uq_outbox_message_id", "outbox", schema=SCHEMA, type_="unique")
    op.drop_column("outbox", "sent_at", schema=SCHEMA)


def downgrade() -> None:
    op.add_column("outbox", sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True), schema=SCHEMA)
    op.create_unique_constraint("uq_outbox_message_id", "outbox", ["message_id"], schema=SCHEMA)
    op.create_index(
        "ix_outbox_unsent", "outbox", ["id"], schema=SCHEMA, postgresql_where=sa.text("sent_at IS NULL")
    )
