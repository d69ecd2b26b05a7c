"""a partial index of the executions not yet finished: what the vitals gauges and `jobsprint
doctor` read every few seconds, at the cost of the working set rather than the history (ADR-076)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_executions_unfinished",
        "executions",
        ["status", "created_at"],
        schema="executor",
        postgresql_where=sa.text("finished_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_executions_unfinished", table_name="executions", schema="executor")
