"""execution priority

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 19:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "executions",
        sa.Column("priority", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
        schema="executor",
    )


def downgrade() -> None:
    op.drop_column("executions", "priority", schema="executor")
