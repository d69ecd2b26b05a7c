"""credentials, per-workspace data keys and AI usage

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_keys",
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("master_kid", sa.String(length=64), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_data_keys")),
        schema="integrations",
    )
    op.create_table(
        "credentials",
        sa.Column("id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("config", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("secret_fields", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("secret_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
        sa.UniqueConstraint("workspace_id", "name", name="uq_credentials_workspace_name"),
        schema="integrations",
    )
    op.create_index(
        "ix_credentials_workspace_type", "credentials", ["workspace_id", "type"], schema="integrations"
    )
    op.create_table(
        "ai_usage",
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("prompt_tokens", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("completion_tokens", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "month", name=op.f("pk_ai_usage")),
        schema="integrations",
    )


def downgrade() -> None:
    op.drop_table("ai_usage", schema="integrations")
    op.drop_index("ix_credentials_workspace_type", table_name="credentials", schema="integrations")
    op.drop_table("credentials", schema="integrations")
    op.drop_table("data_keys", schema="integrations")
