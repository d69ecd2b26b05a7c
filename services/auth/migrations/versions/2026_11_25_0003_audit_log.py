"""audit log, partitioned by month, append-only

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 19:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE auth.audit_log (
            id uuid NOT NULL,
            occurred_at timestamptz NOT NULL,
            workspace_id uuid NOT NULL,
            actor_id varchar(64) NOT NULL,
            actor_kind varchar(16) NOT NULL,
            action varchar(128) NOT NULL,
            resource_id varchar(200) NOT NULL DEFAULT '',
            outcome varchar(16) NOT NULL,
            source varchar(128) NOT NULL,
            details jsonb NOT NULL DEFAULT '{}'::jsonb,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT pk_audit_log PRIMARY KEY (occurred_at, id)
        ) PARTITION BY RANGE (occurred_at)
        """
    )
    op.execute("CREATE INDEX ix_audit_log_workspace_time ON auth.audit_log (workspace_id, occurred_at DESC, id DESC)")
    # Monthly partitions from `start` for `months` months; safe to call again (cron, start-up).
    op.execute(
        """
        CREATE FUNCTION auth.ensure_audit_partitions(start timestamptz, months int) RETURNS void
        LANGUAGE plpgsql AS $$
        DECLARE
            first date := date_trunc('month', start AT TIME ZONE 'UTC')::date;
            lower_bound date;
            name text;
        BEGIN
            FOR i IN 0 .. months - 1 LOOP
                lower_bound := (first + make_interval(months => i))::date;
                name := 'audit_log_' || to_char(lower_bound, 'YYYY_MM');
                EXECUTE format(
                    'CREATE TABLE IF NOT EXISTS auth.%I PARTITION OF auth.audit_log '
                    'FOR VALUES FROM (%L) TO (%L)',
                    name,
                    lower_bound::timestamp AT TIME ZONE 'UTC',
                    (lower_bound + interval '1 month')::timestamp AT TIME ZONE 'UTC'
                );
            END LOOP;
        END $$
        """
    )
    op.execute("SELECT auth.ensure_audit_partitions(now() - interval '1 month', 5)")
    # Append-only: no row is ever changed or deleted. Retention drops whole old partitions.
    op.execute(
        """
        CREATE FUNCTION auth.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON auth.audit_log "
        "FOR EACH ROW EXECUTE FUNCTION auth.refuse_audit_change()"
    )


def downgrade() -> None:
    op.execute("DROP TABLE auth.audit_log")
    op.execute("DROP FUNCTION auth.refuse_audit_change()")
    op.execute("DROP FUNCTION auth.ensure_audit_partitions(timestamptz, int)")
