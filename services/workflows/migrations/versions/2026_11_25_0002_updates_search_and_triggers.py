"""etags, soft delete, full-text search, webhook tokens, cron schedules and their ticks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "workflows"


def upgrade() -> None:
    add = lambda column: op.add_column("workflows", column, schema=SCHEMA)  # noqa: E731
    add(sa.Column("revision", sa.Integer(), server_default=sa.text("1"), nullable=False))
    add(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    add(sa.Column("trigger_type", sa.String(64), server_default="trigger.manual", nullable=False))
    add(sa.Column("webhook_token", sa.String(64), nullable=True))
    add(sa.Column("webhook_secret", sa.Text(), nullable=True))
    add(sa.Column("next_fire_at", sa.DateTime(timezone=True), nullable=True))
    add(sa.Column("search", postgresql.TSVECTOR(), server_default=sa.text("''::tsvector"), nullable=False))
    op.create_unique_constraint("uq_workflows_webhook_token", "workflows", ["webhook_token"], schema=SCHEMA)
    op.create_index("ix_workflows_search", "workflows", ["search"], postgresql_using="gin", schema=SCHEMA)
    op.create_index("ix_workflows_tags", "workflows", ["tags"], postgresql_using="gin", schema=SCHEMA)
    op.create_index(
        "ix_workflows_next_fire_at",
        "workflows",
        ["next_fire_at"],
        schema=SCHEMA,
        postgresql_where=sa.text("next_fire_at IS NOT NULL"),
    )
    op.add_column("workflow_versions", sa.Column("message", sa.Text(), server_default="", nullable=False), schema=SCHEMA)
    op.create_table(
        "cron_ticks",
        sa.Column("workflow_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("scheduled_for", sa.DateTime(timezone=True), nullable=False),
        sa.Column("workflow_version", sa.Integer(), nullable=False),
        sa.Column("execution_id", sa.UUID(as_uuid=False), nullable=True),
        sa.Column("missed", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("fired_by", sa.String(128), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workflow_id"],
            ["workflows.workflows.id"],
            name=op.f("fk_cron_ticks_workflow_id_workflows"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workflow_id", "scheduled_for", name=op.f("pk_cron_ticks")),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("cron_ticks", schema=SCHEMA)
    op.drop_column("workflow_versions", "message", schema=SCHEMA)
    op.drop_index("ix_workflows_next_fire_at", table_name="workflows", schema=SCHEMA)
    op.drop_index("ix_workflows_tags", table_name="workflows", schema=SCHEMA)
    op.drop_index("ix_workflows_search", table_name="workflows", schema=SCHEMA)
    op.drop_constraint("uq_workflows_webhook_token", "workflows", schema=SCHEMA)
    for column in ("search", "next_fire_at", "webhook_secret", "webhook_token", "trigger_type", "deleted_at", "revision"):
        op.drop_column("workflows", column, schema=SCHEMA)
