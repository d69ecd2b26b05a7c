from __future__ import annotations

from jobsprint.common.db import schema_metadata
from jobsprint.common.envelope import data_keys_table
from jobsprint.common.outbox import outbox_table
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID

SCHEMA = "workflows"
metadata = schema_metadata(SCHEMA)

# One data key per workspace, stored only wrapped by the workflows service's master key (ADR-069).
data_keys = data_keys_table(metadata)

workflows = Table(
    "workflows",
    metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("workspace_id", UUID(as_uuid=False), nullable=False),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("tags", ARRAY(String(64)), nullable=False, server_default=text("'{}'")),
    Column("active", Boolean, nullable=False, server_default=text("false")),
    Column("current_version", Integer, nullable=False),
    # Raised by every change: the etag an update must name (optimistic concurrency).
    Column("revision", Integer, nullable=False, server_default=text("1")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # Soft delete: restorable until the retention period has passed, then purged.
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Column("trigger_type", String(64), nullable=False, server_default="trigger.manual"),
    # Kept while the workflow is a webhook workflow; the URL answers only while it is active. The
    # token is a bearer capability: looked up by its SHA-256, and kept sealed (AES-256-GCM under
    # the workspace's data key) only to be shown again; the HMAC signing secret is sealed too
    # (ADR-069).
    Column("webhook_token_hash", String(64), nullable=True, unique=True),
    Column("webhook_token_sealed", LargeBinary, nullable=True),
    Column("webhook_secret_sealed", LargeBinary, nullable=True),
    # The next cron tick while an active cron workflow; the schedulers' claim (see ADR-035).
    Column("next_fire_at", DateTime(timezone=True), nullable=True),
    Column("search", TSVECTOR, nullable=False, server_default=text("''::tsvector")),
    Index("ix_workflows_workspace_updated", "workspace_id", "updated_at"),
    Index("ix_workflows_search", "search", postgresql_using="gin"),
    Index("ix_workflows_tags", "tags", postgresql_using="gin"),
    Index("ix_workflows_next_fire_at", "next_fire_at", postgresql_where=text("next_fire_at IS NOT NULL")),
)

# Every save of a graph is a new immutable row; executions pin the version they ran.
workflow_versions = Table(
    "workflow_versions",
    metadata,
    Column(
        "workflow_id", UUID(as_uuid=False), ForeignKey(workflows.c.id, ondelete="CASCADE"), primary_key=True
    ),
    Column("version", Integer, primary_key=True),
    Column("definition", JSONB, nullable=False),
    Column("created_by", UUID(as_uuid=False), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("message", Text, nullable=False, server_default=""),
)

# One row per cron tick that started (or, missed, was accounted for) an execution. The primary
# key is what makes a tick fire once however many schedulers see it due (ADR-035).
cron_ticks = Table(
    "cron_ticks",
    metadata,
    Column(
        "workflow_id", UUID(as_uuid=False), ForeignKey(workflows.c.id, ondelete="CASCADE"), primary_key=True
    ),
    Column("scheduled_for", DateTime(timezone=True), primary_key=True),
    Column("workflow_version", Integer, nullable=False),
    Column("execution_id", UUID(as_uuid=False), nullable=True),
    Column("missed", Integer, nullable=False, server_default=text("0")),
    Column("fired_by", String(128), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

outbox = outbox_table(metadata)
