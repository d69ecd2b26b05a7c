"""api keys bounded by their creator's current role: a grant generation per key, and the keys of
members already removed revoked (and audited)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Bumped when the creator's role changes: tokens exchanged under the old role carry the old
    # generation in their session id, which is then revoked (ADR-068).
    op.add_column(
        "api_keys",
        sa.Column("grant_generation", sa.Integer(), server_default=sa.text("0"), nullable=False),
        schema="auth",
    )
    op.create_index(
        "ix_api_keys_workspace_id_created_by", "api_keys", ["workspace_id", "created_by"], schema="auth"
    )
    # Keys whose creator left the workspace before keys were bound to their creator.
    op.execute("SELECT auth.ensure_audit_partitions(now(), 1)")
    op.execute(
        """
        WITH revoked AS (
            UPDATE auth.api_keys AS k SET revoked_at = now()
            WHERE k.revoked_at IS NULL AND NOT EXISTS (
                SELECT 1 FROM auth.memberships AS m
                WHERE m.workspace_id = k.workspace_id AND m.user_id = k.created_by
            )
            RETURNING k.id, k.workspace_id, k.created_by
        )
        INSERT INTO auth.audit_log
            (id, occurred_at, workspace_id, actor_id, actor_kind, action, resource_id, outcome, source, details)
        SELECT gen_random_uuid(), now(), workspace_id, 'migration-0004', 'service', 'auth.revoke_api_key',
               id::text, 'success', '/jobsprint/auth',
               jsonb_build_object('reason', 'its creator is no longer a member', 'created_by', created_by::text)
        FROM revoked
        """
    )


def downgrade() -> None:
    op.drop_index("ix_api_keys_workspace_id_created_by", table_name="api_keys", schema="auth")
    op.drop_column("api_keys", "grant_generation", schema="auth")
