"""subworkflow children, error-workflow runs, per-workflow concurrency limits

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    columns = (
        sa.Column("parent_id", sa.UUID(as_uuid=False), nullable=True),
        sa.Column("parent_wake", sa.String(length=36), nullable=True),
        sa.Column("depth", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("error_of", sa.UUID(as_uuid=False), nullable=True),
        sa.Column("max_concurrency", sa.Integer(), nullable=True),
        sa.Column("parked", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    for column in columns:
        op.add_column("executions", column, schema="executor")
    op.create_index(
        "ix_executions_parent", "executions", ["parent_id"], schema="executor",
        postgresql_where=sa.text("parent_id IS NOT NULL"),
    )
    op.create_index(
        "ix_executions_limited_active", "executions", ["workflow_id"], schema="executor",
        postgresql_where=sa.text(
            "max_concurrency IS NOT NULL AND NOT parked AND status IN ('queued', 'running', 'waiting')"
        ),
    )
    op.create_index(
        "ix_executions_parked", "executions", ["workflow_id", "created_at"], schema="executor",
        postgresql_where=sa.text("parked"),
    )


def downgrade() -> None:
    for index in ("ix_executions_parked", "ix_executions_limited_active", "ix_executions_parent"):
        op.drop_index(index, table_name="executions", schema="executor")
    for column in ("parked", "max_concurrency", "error_of", "depth", "parent_wake", "parent_id"):
        op.drop_column("executions", column, schema="executor")
