from __future__ import annotations

from jobsprint.common.db import schema_metadata
from jobsprint.common.outbox import outbox_table
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

SCHEMA = "executor"
metadata = schema_metadata(SCHEMA)

executions = Table(
    "executions",
    metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("workspace_id", UUID(as_uuid=False), nullable=False),
    Column("workflow_id", UUID(as_uuid=False), nullable=False),
    Column("workflow_version", Integer, nullable=False),
    Column("definition", JSONB, nullable=False),
    Column("status", String(16), nullable=False),
    Column("input", JSONB, nullable=False),
    # A webhook run's request (method, headers, query): `request` in expressions.
    Column("request", JSONB, nullable=True),
    Column("output", JSONB, nullable=True),
    Column("error", Text, nullable=False, server_default=""),
    # Raised by every worker that takes the execution over; writes carrying an older value are refused.
    Column("fence", BigInteger, nullable=False, server_default=text("0")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("started_at", DateTime(timezone=True), nullable=True),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    # Where a waiting execution goes on (engine.Resume as JSON); null unless status is waiting.
    Column("resume", JSONB, nullable=True),
    # The execution this one retries, when it was started by a retry or a dead-letter replay.
    Column("retry_of", UUID(as_uuid=False), nullable=True),
    # RabbitMQ message priority (0-10) of its run message, its wake-ups and its retries.
    Column("priority", SmallInteger, nullable=False, server_default=text("0")),
    # The caller's key for "start this at most once" (StartExecution.idempotency_key), per workspace.
    Column("idempotency_key", String(200), nullable=True),
    # A subworkflow's execution: the execution that called it, and the wake-up token its end
    # sends back (ADR-033). `depth` counts the calls above it (0: started by a trigger).
    Column("parent_id", UUID(as_uuid=False), nullable=True),
    Column("parent_wake", String(36), nullable=True),
    Column("depth", SmallInteger, nullable=False, server_default=text("0")),
    # An error workflow's execution: the failed execution it was started for (ADR-033).
    Column("error_of", UUID(as_uuid=False), nullable=True),
    # The workflow's `max_concurrency` when this execution counts against it; `parked` while it
    # waits, queued, for a slot (ADR-034).
    Column("max_concurrency", Integer, nullable=True),
    Column("parked", Boolean, nullable=False, server_default=text("false")),
    # The sequence number of its latest event (execution_events.seq); raised under the row's lock.
    Column("event_seq", BigInteger, nullable=False, server_default=text("0")),
    # Until when the worker that took it over holds it (ADR-054); NULL once it let go.
    Column("leased_until", DateTime(timezone=True), nullable=True),
    # Keyset pages of a workspace's executions (ADR-038's scheme), newest or oldest first.
    Index("ix_executions_workspace_created_id", "workspace_id", "created_at", "id"),
    Index("ix_executions_workspace_workflow_created", "workspace_id", "workflow_id", "created_at", "id"),
    Index(
        "ix_executions_workspace_finished",
        "workspace_id",
        "finished_at",
        "id",
        postgresql_where=text("finished_at IS NOT NULL"),
    ),
    Index(
        "uq_executions_workspace_idempotency_key",
        "workspace_id",
        "idempotency_key",
        unique=True,
        postgresql_where=text("idempotency_key IS NOT NULL"),
    ),
    Index("ix_executions_finished", "finished_at", postgresql_where=text("finished_at IS NOT NULL")),
    Index("ix_executions_parent", "parent_id", postgresql_where=text("parent_id IS NOT NULL")),
    Index(
        "ix_executions_limited_active",
        "workflow_id",
        postgresql_where=text(
            "max_concurrency IS NOT NULL AND NOT parked AND status IN ('queued', 'running', 'waiting')"
        ),
    ),
    Index("ix_executions_parked", "workflow_id", "created_at", postgresql_where=text("parked")),
    # The working set: what the vitals gauges and `jobsprint doctor` read (ADR-076).
    Index("ix_executions_unfinished", "status", "created_at", postgresql_where=text("finished_at IS NULL")),
)

steps = Table(
    "steps",
    metadata,
    Column(
        "execution_id", UUID(as_uuid=False), ForeignKey(executions.c.id, ondelete="CASCADE"), primary_key=True
    ),
    Column("node_id", String(64), primary_key=True),
    Column("node_type", String(128), nullable=False),
    Column("status", String(16), nullable=False),
    Column("port", String(64), nullable=True),
    Column("output", JSONB, nullable=True),
    Column("error", Text, nullable=False, server_default=""),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("seq", Integer, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)

# Each execution's history as numbered events (1, 2, 3, ... in commit order), written in the
# transaction that publishes them: what live updates replay and resume from (ADR-043).
execution_events = Table(
    "execution_events",
    metadata,
    Column(
        "execution_id", UUID(as_uuid=False), ForeignKey(executions.c.id, ondelete="CASCADE"), primary_key=True
    ),
    Column("seq", BigInteger, primary_key=True),
    Column("type", String(64), nullable=False),
    Column("data", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Executions that failed after exhausting their retries, or whose run message a worker could not
# handle: listable and replayable through the API. A run message no worker could even decode
# (`malformed`) names no execution and so no workspace: both are null, only an instance operator
# lists it, and it keeps what the message was instead (ADR-102).
dead_letters = Table(
    "dead_letters",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column(
        "execution_id", UUID(as_uuid=False), ForeignKey(executions.c.id, ondelete="CASCADE"), nullable=True
    ),
    Column("workspace_id", UUID(as_uuid=False), nullable=True),
    Column("reason", String(32), nullable=False),
    Column("error", Text, nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("replayed_at", DateTime(timezone=True), nullable=True),
    Column("replay_execution_id", UUID(as_uuid=False), nullable=True),
    # Malformed messages only: the AMQP message id (or a hash of the body) a redelivered copy shares.
    Column("message_key", String(200), nullable=True),
    Column("message_id", String(255), nullable=True),
    Column("routing_key", String(255), nullable=True),
    Column("size_bytes", Integer, nullable=True),
    Column("preview", Text, nullable=True),
    CheckConstraint(
        "(execution_id IS NULL AND workspace_id IS NULL AND reason = 'malformed')"
        " OR (execution_id IS NOT NULL AND workspace_id IS NOT NULL AND reason <> 'malformed')",
        name="instance_letters_are_malformed",
    ),
    Index("ix_dead_letters_workspace_created", "workspace_id", "created_at"),
    Index("ux_dead_letters_message_key", "message_key", unique=True),
    Index("ix_dead_letters_instance", "id", postgresql_where=text("workspace_id IS NULL")),
)

outbox = outbox_table(metadata)
