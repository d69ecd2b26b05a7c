"""waiting executions (resume), retries of executions, dead letters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "executions", sa.Column("resume", postgresql.JSONB(astext_type=sa.Text()), nullable=True), schema="executor"
    )
    op.add_column("executions", sa.Column("retry_of", sa.UUID(as_uuid=False), nullable=True), schema="executor")
    op.create_index(
        "ix_executions_finished", "executions", ["finished_at"], schema="executor",
        postgresql_where=sa.text("finished_at IS NOT NULL"),
    )
    op.create_table(
        "dead_letters",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("execution_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("error", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("replayed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replay_execution_id", sa.UUID(as_uuid=False), nullable=True),
        sa.ForeignKeyConstraint(
            ["execution_id"], ["executor.executions.id"], name=op.f("fk_dead_letters_execution_id_executions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_letters")),
        schema="executor",
    )
    op.create_index(
        "ix_dead_letters_workspace_created", "dead_letters", ["workspace_id", "created_at"], schema="executor"
    )


def downgrade() -> None:
    op.drop_index("ix_dead_letters_workspace_created", table_name="dead_letters", schema="executor")
    op.drop_table("dead_letters", schema="executor")
    op.drop_index("ix_executions_finished", table_name="executions", schema="executor")
    op.drop_column("executions", "retry_of", schema="executor")
    op.drop_column("executions", "resume", schema="executor")
