"""the webhook request of an execution (`request` in expressions)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:10:00
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
    op.add_column(
        "executions", sa.Column("request", postgresql.JSONB(), nullable=True), schema="executor"
    )


def downgrade() -> None:
    op.drop_column("executions", "request", schema="executor")
