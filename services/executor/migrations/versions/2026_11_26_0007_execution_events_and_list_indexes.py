"""execution event log (numbered per execution) and keyset indexes for listing executions

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A constant default: no table rewrite (PostgreSQL 11+).
    op.add_column(
        "executions",
        sa.Column("event_seq", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        schema="executor",
    )
    op.create_table(
        "execution_events",
        sa.Column("execution_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["execution_id"], ["executor.executions.id"],
            name=op.f("fk_execution_events_execution_id_executions"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("execution_id", "seq", name=op.f("pk_execution_events")),
        schema="executor",
    )
    # Keyset pages over a busy table: built without blocking writes. None of these columns is
    # updated by a running execution except finished_at (once, by the update that finishes it).
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_executions_workspace_created_id", "executions", ["workspace_id", "created_at", "id"],
            schema="executor", postgresql_concurrently=True, if_not_exists=True,
        )
        op.create_index(
            "ix_executions_workspace_workflow_created", "executions",
            ["workspace_id", "workflow_id", "created_at", "id"],
            schema="executor", postgresql_concurrently=True, if_not_exists=True,
        )
        op.create_index(
            "ix_executions_workspace_finished", "executions", ["workspace_id", "finished_at", "id"],
            schema="executor", postgresql_concurrently=True, if_not_exists=True,
            postgresql_where=sa.text("finished_at IS NOT NULL"),
        )
        # Its prefix of the first new index.
        op.drop_index(
            "ix_executions_workspace_created", table_name="executions", schema="executor",
            postgresql_concurrently=True, if_exists=True,
        )


def downgrade() -> None:
    op.create_index("ix_executions_workspace_created", "executions", ["workspace_id", "created_at"], schema="executor")
    op.drop_index("ix_executions_workspace_finished", table_name="executions", schema="executor")
    op.drop_index("ix_executions_workspace_workflow_created", table_name="executions", schema="executor")
    op.drop_index("ix_executions_workspace_created_id", table_name="executions", schema="executor")
    op.drop_table("execution_events", schema="executor")
    op.drop_column("executions", "event_seq", schema="executor")
