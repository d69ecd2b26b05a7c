"""The composition root of the integrations service: the one place concrete adapters are chosen
and wired into the use cases' dependencies. Tests and benchmarks call `wire` with their own
parts; `start` is what `python -m jobsprint.integrations` serves (and `python -m jobsprint.node`
hosts)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import redis
from jobsprint.common import db, messaging, outbound, redis_clients, service
from jobsprint.common.audit import OutboxAuditSink
from jobsprint.common.envelope import MasterKeyRing, WorkspaceKeys
from jobsprint.common.grpc_inprocess import ProcessServers
from jobsprint.common.grpc_server import GrpcServer
from jobsprint.common.grpc_server import build_server as build_grpc_server
from jobsprint.common.outbound import OutboundPolicy
from jobsprint.common.outbox import OutboxRelay
from jobsprint.integrations.adapters.connectors.base import Cache, TokenCache
from jobsprint.integrations.adapters.connectors.registry import ConnectorRegistry, ConnectorTools
from jobsprint.integrations.adapters.orm import outbox
from jobsprint.integrations.adapters.stores import RedisCache, TokenBudget
from jobsprint.integrations.adapters.unit_of_work import SqlUnitOfWork
from jobsprint.integrations.config import Settings
from jobsprint.integrations.domain.connector import Limits
from jobsprint.integrations.entrypoints import grpc_api
from jobsprint.integrations.service.dependencies import Dependencies
from jobsprint.integrations.service.invocation import ActionGates
from sqlalchemy import Engine


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


def database(settings: Settings) -> Engine:
    return db.make_engine(settings.database_url, pool_size=settings.db_pool_size)


def wire(
    *,
    engine: Engine,
    master_keys: MasterKeyRing,
    policy: OutboundPolicy,
    limits: Limits,
    cache: Cache,
    monthly_tokens: int,
    max_concurrent_actions: int = 8,
) -> Dependencies:
    """The use cases' dependencies over `engine`, with every other part given explicitly."""
    sessions = db.make_session_factory(engine)
    tools = ConnectorTools(
        policy=policy,
        limits=limits,
        http=functools.partial(outbound.client, policy),
        cache=cache,
        budget=TokenBudget(sessions, monthly_tokens=monthly_tokens),
        oauth2_tokens=TokenCache(),
    )
    return Dependencies(
        uow=lambda: SqlUnitOfWork(sessions),
        keys=WorkspaceKeys(master_keys),
        connectors=ConnectorRegistry(tools),
        # A call waits for a place as long as an HTTP action may take.
        gates=ActionGates(max_concurrent=max_concurrent_actions, wait_seconds=limits.http_timeout_seconds),
    )


def dependencies(settings: Settings, engine: Engine) -> Dependencies:
    return wire(
        engine=engine,
        master_keys=settings.master_key_ring(),
        policy=settings.outbound_policy(),
        limits=limits(settings),
        cache=RedisCache(redis_client(settings)),
        monthly_tokens=settings.ai_monthly_token_budget,
        max_concurrent_actions=settings.max_concurrent_actions,
    )


def build_server(settings: Settings, deps: Dependencies, engine: Engine) -> GrpcServer:
    return build_grpc_server(
        settings,
        bindings=[grpc_api.binding(deps)],
        database=engine,
        revocations=redis_client(settings),
        audit_sink=OutboxAuditSink(engine=engine, table=outbox, source="/jobsprint/integrations"),
    )


def build_relay(settings: Settings, engine: Engine) -> OutboxRelay:
    return OutboxRelay(
        engine=engine,
        table=outbox,
        listen_url=db.libpq_url(settings.database_url),
        publisher_factory=lambda: messaging.Publisher(settings.amqp_url),
    )


def start(settings: Settings, local: ProcessServers | None = None) -> Callable[[], None]:
    """Serve gRPC and relay the outbox; returns what stops them."""
    engine = database(settings)
    relay = build_relay(settings, engine)
    relay.start()
    server = build_server(settings, dependencies(settings, engine), engine)
    server.start(local)

    def stop() -> None:
        server.stop(service.STOP_GRACE_SECONDS)
        relay.stop()

    return stop
