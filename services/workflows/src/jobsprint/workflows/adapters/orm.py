from __future__ import annotations

from jobsprint.common.db import schema_metadata
from jobsprint.common.outbox import outbox_table
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

SCHEMA = "workflows"
metadata = schema_metadata(SCHEMA)

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
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_workflows_workspace_updated", "workspace_id", "updated_at"),
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
)

outbox = outbox_table(metadata)
