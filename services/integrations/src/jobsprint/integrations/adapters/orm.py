from __future__ import annotations

from jobsprint.common.db import schema_metadata
from jobsprint.common.envelope import data_keys_table
from jobsprint.common.outbox import outbox_table
from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Index,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

SCHEMA = "integrations"
metadata = schema_metadata(SCHEMA)

# One data key per workspace, stored only wrapped by a master key (ADR-045).
data_keys = data_keys_table(metadata)

credentials = Table(
    "credentials",
    metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("workspace_id", UUID(as_uuid=False), nullable=False),
    Column("name", String(200), nullable=False),
    Column("type", String(64), nullable=False),
    Column("config", JSONB, nullable=False),
    Column("secret_fields", JSONB, nullable=False),
    # AES-256-GCM under the workspace's data key, associated data = workspace and credential id.
    Column("secret_ciphertext", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("workspace_id", "name", name="uq_credentials_workspace_name"),
    Index("ix_credentials_workspace_type", "workspace_id", "type"),
)

# AI tokens used per workspace and calendar month, for the budget.
ai_usage = Table(
    "ai_usage",
    metadata,
    Column("workspace_id", UUID(as_uuid=False), primary_key=True),
    Column("month", Date, primary_key=True),
    Column("prompt_tokens", BigInteger, nullable=False, server_default="0"),
    Column("completion_tokens", BigInteger, nullable=False, server_default="0"),
)

# Audit records (ADR-029) leave through the outbox like every other service's events.
outbox = outbox_table(metadata)
