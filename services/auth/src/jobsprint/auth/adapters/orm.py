from __future__ import annotations

from jobsprint.common.db import schema_metadata
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

SCHEMA = "auth"
metadata = schema_metadata(SCHEMA)

workspaces = Table(
    "workspaces",
    metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # Overrides of the gateway's rate limits by name (`rate_limit_per_minute`, ...); {}: defaults.
    Column("limits", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
)

users = Table(
    "users",
    metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

memberships = Table(
    "memberships",
    metadata,
    Column(
        "workspace_id", UUID(as_uuid=False), ForeignKey(workspaces.c.id, ondelete="CASCADE"), primary_key=True
    ),
    Column("user_id", UUID(as_uuid=False), ForeignKey(users.c.id, ondelete="CASCADE"), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("token_hash", String(64), nullable=False),
    Column("family_id", UUID(as_uuid=False), nullable=False, index=True),
    Column("user_id", UUID(as_uuid=False), ForeignKey(users.c.id, ondelete="CASCADE"), nullable=False),
    Column(
        "workspace_id", UUID(as_uuid=False), ForeignKey(workspaces.c.id, ondelete="CASCADE"), nullable=False
    ),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("token_hash"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column(
        "workspace_id",
        UUID(as_uuid=False),
        ForeignKey(workspaces.c.id, ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("name", String(200), nullable=False),
    Column("scopes", ARRAY(String(16)), nullable=False),
    # SHA-256 of the key's 256-bit random secret: unguessable input needs no slow hash.
    Column("secret_hash", String(64), nullable=False),
    Column("prefix", String(16), nullable=False),
    # A key never does more than its creator's CURRENT role allows (ADR-068).
    Column("created_by", UUID(as_uuid=False), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    # Bumped when the creator's role changes; the session id of the key's tokens carries it.
    Column("grant_generation", Integer, nullable=False, server_default="0"),
    Index("ix_api_keys_workspace_id_created_by", "workspace_id", "created_by"),
)

# The revocation list's truth (Redis holds a cache of it, `jobsprint.common.revocation`): a token
# id (`kind` token: logout) or a session id (`kind` session) rejected until `expires_at`.
revocations = Table(
    "revocations",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("id", String(200), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)
