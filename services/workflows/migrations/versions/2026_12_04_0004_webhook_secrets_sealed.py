"""webhook signing secrets and tokens at rest: a data key per workspace (wrapped by the workflows
service's master key), tokens looked up by their SHA-256 and kept only sealed, signing secrets
sealed; existing rows are converted (ADR-069)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 10:00:00
"""

import hashlib
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from jobsprint.common import envelope

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "workflows"
# Frozen here as they were when this migration was written: the handlers' purposes.
TOKEN, SIGNING_SECRET = "webhook-token", "webhook-secret"


def _ring() -> envelope.MasterKeyRing:
    ring = op.get_context().config.attributes.get("master_key_ring")
    if ring is None:
        raise RuntimeError(
            "this migration seals stored webhook secrets and tokens with the workflows master key: run it "
            "with `python -m jobsprint.workflows migrate` (which reads WORKFLOWS_MASTER_KEYS)"
        )
    return ring  # type: ignore[no-any-return]


def _data_keys(bind: Any, ring: envelope.MasterKeyRing) -> dict[str, bytes]:
    """Every workspace's data key, unwrapped (made for those that have none when asked)."""
    rows = bind.execute(sa.text(f"SELECT workspace_id, master_kid, wrapped_key FROM {SCHEMA}.data_keys")).all()
    return {str(r.workspace_id): ring.unwrap(str(r.workspace_id), r.master_kid, r.wrapped_key) for r in rows}


def upgrade() -> None:
    op.create_table(
        "data_keys",
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("master_kid", sa.String(64), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_data_keys")),
        schema=SCHEMA,
    )
    add = lambda column: op.add_column("workflows", column, schema=SCHEMA)  # noqa: E731
    add(sa.Column("webhook_token_hash", sa.String(64), nullable=True))
    add(sa.Column("webhook_token_sealed", sa.LargeBinary(), nullable=True))
    add(sa.Column("webhook_secret_sealed", sa.LargeBinary(), nullable=True))

    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            f"SELECT id, workspace_id, webhook_token, webhook_secret FROM {SCHEMA}.workflows "
            "WHERE webhook_token IS NOT NULL OR webhook_secret IS NOT NULL"
        )
    ).all()
    if rows:
        ring = _ring()
        keys: dict[str, bytes] = {}
        for row in rows:
            workspace_id, workflow_id = str(row.workspace_id), str(row.id)
            if workspace_id not in keys:
                keys[workspace_id] = envelope.new_data_key()
                kid, wrapped = ring.wrap(workspace_id, keys[workspace_id])
                bind.execute(
                    sa.text(
                        f"INSERT INTO {SCHEMA}.data_keys (workspace_id, master_kid, wrapped_key) "
                        "VALUES (:workspace_id, :kid, :wrapped)"
                    ),
                    {"workspace_id": workspace_id, "kid": kid, "wrapped": wrapped},
                )

            def sealed(purpose: str, value: str | None, workspace_id: str = workspace_id, workflow_id: str = workflow_id) -> bytes | None:
                if value is None:
                    return None
                binding = envelope.Binding(purpose, workspace_id, workflow_id)
                return envelope.seal(keys[workspace_id], value.encode(), binding=binding)

            bind.execute(
                sa.text(
                    f"UPDATE {SCHEMA}.workflows SET webhook_token_hash = :digest, webhook_token_sealed = :token, "
                    "webhook_secret_sealed = :secret WHERE id = :id"
                ),
                {
                    "id": workflow_id,
                    "digest": hashlib.sha256(row.webhook_token.encode()).hexdigest() if row.webhook_token else None,
                    "token": sealed(TOKEN, row.webhook_token),
                    "secret": sealed(SIGNING_SECRET, row.webhook_secret),
                },
            )

    op.create_unique_constraint(
        "uq_workflows_webhook_token_hash", "workflows", ["webhook_token_hash"], schema=SCHEMA
    )
    op.drop_constraint("uq_workflows_webhook_token", "workflows", schema=SCHEMA)
    op.drop_column("workflows", "webhook_token", schema=SCHEMA)
    op.drop_column("workflows", "webhook_secret", schema=SCHEMA)


def downgrade() -> None:
    add = lambda column: op.add_column("workflows", column, schema=SCHEMA)  # noqa: E731
    add(sa.Column("webhook_token", sa.String(64), nullable=True))
    add(sa.Column("webhook_secret", sa.Text(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            f"SELECT id, workspace_id, webhook_token_sealed, webhook_secret_sealed FROM {SCHEMA}.workflows "
            "WHERE webhook_token_sealed IS NOT NULL OR webhook_secret_sealed IS NOT NULL"
        )
    ).all()
    if rows:
        keys = _data_keys(bind, _ring())
        for row in rows:
            workspace_id, workflow_id = str(row.workspace_id), str(row.id)

            def opened(purpose: str, blob: bytes | None, workspace_id: str = workspace_id, workflow_id: str = workflow_id) -> str | None:
                if blob is None:
                    return None
                binding = envelope.Binding(purpose, workspace_id, workflow_id)
                return envelope.open_sealed(keys[workspace_id], blob, binding=binding).decode()

            bind.execute(
                sa.text(
                    f"UPDATE {SCHEMA}.workflows SET webhook_token = :token, webhook_secret = :secret WHERE id = :id"
                ),
                {
                    "id": workflow_id,
                    "token": opened(TOKEN, row.webhook_token_sealed),
                    "secret": opened(SIGNING_SECRET, row.webhook_secret_sealed),
                },
            )
    op.create_unique_constraint("uq_workflows_webhook_token", "workflows", ["webhook_token"], schema=SCHEMA)
    op.drop_constraint("uq_workflows_webhook_token_hash", "workflows", schema=SCHEMA)
    op.drop_column("workflows", "webhook_token_hash", schema=SCHEMA)
    op.drop_column("workflows", "webhook_token_sealed", schema=SCHEMA)
    op.drop_column("workflows", "webhook_secret_sealed", schema=SCHEMA)
    op.drop_table("data_keys", schema=SCHEMA)
