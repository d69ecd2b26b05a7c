"""instance-level dead letters: a run message no worker could decode names no execution and no
workspace, so its row has neither (both null, reason `malformed`) and keeps what the message
was: its AMQP message id, routing key, size and a bounded preview of its body; `message_key`
(the message id, or a hash of the body) makes a redelivered copy one row (issue 18, ADR-102)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 01:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column("dead_letters", "execution_id", nullable=True, schema="executor")
    op.alter_column("dead_letters", "workspace_id", nullable=True, schema="executor")
    op.add_column("dead_letters", sa.Column("message_key", sa.String(length=200), nullable=True), schema="executor")
    op.add_column("dead_letters", sa.Column("message_id", sa.String(length=255), nullable=True), schema="executor")
    op.add_column("dead_letters", sa.Column("routing_key", sa.String(length=255), nullable=True), schema="executor")
    op.add_column("dead_letters", sa.Column("size_bytes", sa.Integer(), nullable=True), schema="executor")
    op.add_column("dead_letters", sa.Column("preview", sa.Text(), nullable=True), schema="executor")
    # A letter belongs to an execution (and its workspace) unless it is a malformed message, which
    # belongs to neither: no row can drift into a workspace's list, or out of it, by accident.
    op.create_check_constraint(
        "ck_dead_letters_instance_letters_are_malformed",
        "dead_letters",
        "(execution_id IS NULL AND workspace_id IS NULL AND reason = 'malformed')"
        " OR (execution_id IS NOT NULL AND workspace_id IS NOT NULL AND reason <> 'malformed')",
        schema="executor",
    )
    op.create_index(
        "ux_dead_letters_message_key", "dead_letters", ["message_key"], unique=True, schema="executor"
    )
    op.create_index(
        "ix_dead_letters_instance",
        "dead_letters",
        ["id"],
        schema="executor",
        postgresql_where=sa.text("workspace_id IS NULL"),
    )


def downgrade() -> None:
    op.execute("DELETE FROM executor.dead_letters WHERE workspace_id IS NULL")
    op.drop_index("ix_dead_letters_instance", table_name="dead_letters", schema="executor")
    op.drop_index("ux_dead_letters_message_key", table_name="dead_letters", schema="executor")
    op.drop_constraint("ck_dead_letters_instance_letters_are_malformed", "dead_letters", type_="check", schema="executor")
    for column in ("preview", "size_bytes", "routing_key", "message_id", "message_key"):
        op.drop_column("dead_letters", column, schema="executor")
    op.alter_column("dead_letters", "workspace_id", nullable=False, schema="executor")
    op.alter_column("dead_letters", "execution_id", nullable=False, schema="executor")
