"""The composition root: the one place the auth service's concrete adapters are chosen."""

from __future__ import annotations

import argon2
from jobsprint.auth import handlers
from jobsprint.auth.config import Settings
from jobsprint.auth.entrypoints import grpc_api
from jobsprint.auth.entrypoints.audit_consumer import AuditConsumer
from jobsprint.auth.handlers import AuthContext
from jobsprint.common import audit, db, redis_clients
from jobsprint.common.grpc_server import GrpcServer
from jobsprint.common.grpc_server import build_server as build_grpc_server


def build_context(settings: Settings, *, hasher: argon2.PasswordHasher | None = None) -> AuthContext:
    return AuthContext(
        sessions=db.make_session_factory(db.make_engine(settings.database_url)),
        key_ring=settings.key_ring(),
        # OWASP's argon2id baseline: m=19 MiB, t=2, p=1.
        hasher=hasher or argon2.PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1),
        redis=redis_clients.client(settings.redis_url),
        access_token_ttl=settings.access_token_ttl_seconds,
        session_ttl=settings.session_ttl_seconds,
        api_key_token_ttl=settings.api_key_token_ttl_seconds,
    )


class AuditSink:
    """Audit records of the auth service's own calls go straight into its table."""

    source = handlers.AUDIT_SOURCE

    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    def __call__(self, record: audit.AuditRecord) -> None:
        handlers.write_audit(self._ctx, record)


def build_audit_consumer(settings: Settings, ctx: AuthContext) -> AuditConsumer:
    return AuditConsumer(engine=ctx.sessions.kw["bind"], amqp_url=settings.amqp_url)


def build_server(settings: Settings, ctx: AuthContext) -> GrpcServer:
    return build_grpc_server(
        settings,
        bindings=[grpc_api.binding(ctx)],
        database=ctx.sessions.kw["bind"],
        revocations=ctx.redis,
        public_methods=grpc_api.PUBLIC_METHODS,
        policy=grpc_api.POLICY,
        audit_sink=AuditSink(ctx),
    )
