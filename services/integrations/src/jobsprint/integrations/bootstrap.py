"""The composition root of the integrations service: the one place concrete adapters are chosen."""

from __future__ import annotations

import functools

import redis
from jobsprint.common import db, messaging, outbound, redis_clients
from jobsprint.common.audit import OutboxAuditSink
from jobsprint.common.grpc_server import GrpcServer
from jobsprint.common.grpc_server import build_server as build_grpc_server
from jobsprint.common.outbox import OutboxRelay
from jobsprint.integrations.adapters.orm import outbox
from jobsprint.integrations.adapters.stores import RedisCache, TokenBudget
from jobsprint.integrations.config import Settings
from jobsprint.integrations.connectors.registry import connectors
from jobsprint.integrations.domain.connector import Limits
from jobsprint.integrations.entrypoints import grpc_api
from jobsprint.integrations.handlers import IntegrationsContext


def redis_client(settings: Settings) -> redis.Redis:
    return redis_clients.client(settings.redis_url)


def limits(settings: Settings) -> Limits:
    return Limits(
        http_timeout_seconds=settings.http_timeout_seconds,
        http_max_response_bytes=settings.http_max_response_bytes,
        http_max_redirects=settings.http_max_redirects,
        smtp_timeout_seconds=settings.smtp_timeout_seconds,
        ai_timeout_seconds=settings.ai_timeout_seconds,
        ai_cache_ttl_seconds=settings.ai_cache_ttl_seconds,
        mcp_timeout_seconds=settings.mcp_timeout_seconds,
    )


def build_context(settings: Settings) -> IntegrationsContext:
    sessions = db.make_session_factory(db.make_engine(settings.database_url))
    policy = settings.outbound_policy()
    return IntegrationsContext(
        sessions=sessions,
        master_keys=settings.master_key_ring(),
        policy=policy,
        limits=limits(settings),
        cache=RedisCache(redis_client(settings)),
        budget=TokenBudget(sessions, monthly_tokens=settings.ai_monthly_token_budget),
        connectors=connectors(),
        http=functools.partial(outbound.client, policy),
        max_concurrent_actions=settings.max_concurrent_actions,
    )


def build_server(settings: Settings, ctx: IntegrationsContext) -> GrpcServer:
    return build_grpc_server(
        settings,
        bindings=[grpc_api.binding(ctx)],
        revocations=redis_client(settings),
        audit_sink=OutboxAuditSink(
            engine=ctx.sessions.kw["bind"], table=outbox, source="/jobsprint/integrations"
        ),
    )


def build_relay(settings: Settings, ctx: IntegrationsContext) -> OutboxRelay:
    return OutboxRelay(
        engine=ctx.sessions.kw["bind"],
        table=outbox,
        listen_url=db.libpq_url(settings.database_url),
        publisher_factory=lambda: messaging.Publisher(settings.amqp_url),
    )
