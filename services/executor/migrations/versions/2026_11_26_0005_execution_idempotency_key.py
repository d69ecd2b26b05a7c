"""execution idempotency key

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "executions", sa.Column("idempotency_key", sa.String(200), nullable=True), schema="executor"
    )
    # Built without blocking the inserts of running services: executions is the busiest table.
    with op.get_context().autocommit_block():
        op.create_index(
            "uq_executions_workspace_idempotency_key",
            "executions",
            ["workspace_id", "idempotency_key"],
            unique=True,
            schema="executor",
            postgresql_where=sa.text("idempotency_key IS NOT NULL"),
            postgresql_concurrently=True,
            if_not_exists=True,
        )


def downgrade() -> None:
    op.drop_index("uq_executions_workspace_idempotency_key", table_name="executions", schema="executor")
    op.drop_column("executions", "idempotency_key", schema="executor")
