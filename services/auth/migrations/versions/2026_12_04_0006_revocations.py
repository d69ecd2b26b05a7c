"""revocations: the revocation list kept in Postgres, so that a Redis restarted empty is loaded again

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "revocations",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "id", name="pk_revocations"),
        schema="auth",
    )
    op.create_index("ix_revocations_expires_at", "revocations", ["expires_at"], schema="auth")


def downgrade() -> None:
    op.drop_table("revocations", schema="auth")
