"""The composition root: the one place the executor's concrete adapters are chosen."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import redis
from jobsprint.common import db, messaging, outbound, redis_clients
from jobsprint.common.audit import OutboxAuditSink
from jobsprint.common.grpc_server import GrpcServer
from jobsprint.common.grpc_server import build_server as build_grpc_server
from jobsprint.common.outbox import OutboxRelay
from jobsprint.executor.adapters import integrations_client, workflows_client
from jobsprint.executor.adapters.lease import Leases
from jobsprint.executor.adapters.live import LiveEventBell
from jobsprint.executor.adapters.orm import outbox
from jobsprint.executor.config import Settings
from jobsprint.executor.domain import expressions, nodes, subworkflows
from jobsprint.executor.domain.nodes import CATALOGUE
from jobsprint.executor.entrypoints import grpc_api
from jobsprint.executor.handlers import ExecutorContext
from jobsprint.executor.vitals import LapsedLeases, VitalsCollector


def redis_client(settings: Settings) -> redis.Redis:
    return redis_clients.client(settings.redis_url)


def http_requester(settings: Settings) -> nodes.HttpRequester:
    """`core.http_request`'s one pooled client, through the SSRF guard with the operator's policy."""
    return nodes.HttpRequester(
        outbound.client(settings.outbound_policy(), timeout=settings.http_timeout_seconds, max_redirects=0),
        max_response_bytes=settings.http_max_response_bytes,
        max_seconds=settings.http_timeout_seconds,
    )


def build_context(settings: Settings) -> ExecutorContext:
    nodes.bind_http_requests(CATALOGUE, http_requester(settings))
    expressions.use_sandbox(settings.sandbox_limits())
    integrations_client.install_nodes(CATALOGUE, settings)
    workflows = workflows_client.build(settings)
    subworkflows.register(CATALOGUE, workflows, max_depth=settings.max_subworkflow_depth)
    engine = db.make_engine(settings.database_url)
    return ExecutorContext(
        sessions=db.make_session_factory(engine),
        leases=Leases(engine, ttl_seconds=settings.lease_ttl_seconds),
        max_steps=settings.max_steps,
        max_output_bytes=settings.max_output_bytes,
        default_timeout_seconds=settings.default_node_timeout_seconds,
        max_duration_seconds=settings.max_duration_seconds,
        workflows=workflows,
        # Threads start on first use, so the API process, which runs no nodes, starts none.
        branch_pool=(
            ThreadPoolExecutor(settings.branch_concurrency, thread_name_prefix="branch")
            if settings.branch_concurrency > 1
            else None
        ),
        metrics_per_workflow=settings.metrics_per_workflow,
    )


def build_vitals(settings: Settings, ctx: ExecutorContext) -> VitalsCollector:
    return VitalsCollector(
        engine=ctx.sessions.kw["bind"],
        amqp_url=settings.amqp_url,
        redis_client=redis_client(settings),
        interval_seconds=settings.vitals_interval_seconds,
        stuck_after_seconds=settings.stuck_after_seconds,
    )


def build_lapsed_leases(settings: Settings, ctx: ExecutorContext) -> LapsedLeases:
    return LapsedLeases(ctx.sessions.kw["bind"], ttl_seconds=settings.lease_ttl_seconds)


def build_relay(settings: Settings, ctx: ExecutorContext) -> OutboxRelay:
    engine = ctx.sessions.kw["bind"]
    return OutboxRelay(
        engine=engine,
        table=outbox,
        listen_url=db.libpq_url(settings.database_url),
        publisher_factory=lambda: messaging.Publisher(settings.amqp_url),
        poll_interval=settings.relay_poll_seconds,
        # Live streams wake on Redis pub/sub, rung straight from here (ADR-053).
        on_published=LiveEventBell(redis_client(settings)),
    )


def build_server(settings: Settings, ctx: ExecutorContext) -> GrpcServer:
    return build_grpc_server(
        settings,
        bindings=[grpc_api.binding(ctx)],
        database=ctx.sessions.kw["bind"],
        revocations=redis_client(settings),
        policy=grpc_api.POLICY,
        audit_sink=OutboxAuditSink(
            engine=ctx.sessions.kw["bind"], table=outbox, source="/jobsprint/executor"
        ),
        # Services call it for an action they audited themselves (run, webhook, cron tick, retry);
        # the execution row records the run. Auditing the hop too doubled the cost of a run.
        # EvaluateExpression changes nothing: there is nothing to audit.
        unaudited_methods=("StartExecution", "EvaluateExpression"),
    )
