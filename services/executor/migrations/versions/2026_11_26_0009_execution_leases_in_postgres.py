"""execution leases in Postgres: `executions.leased_until` (ADR-054)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable, no default: adding it rewrites nothing, and every execution starts unleased.
    op.add_column(
        "executions", sa.Column("leased_until", sa.DateTime(timezone=True), nullable=True), schema="executor"
    )


def downgrade() -> None:
    op.drop_column("executions", "leased_until", schema="executor")
