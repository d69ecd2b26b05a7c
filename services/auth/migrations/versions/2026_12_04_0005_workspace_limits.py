"""workspace limits: a workspace's overrides of the gateway's rate limits

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "workspaces",
        sa.Column("limits", postgresql.JSONB(), server_default=sa.text("'{}'::jsonb"), nullable=False),
        schema="auth",
    )


def downgrade() -> None:
    op.drop_column("workspaces", "limits", schema="auth")
