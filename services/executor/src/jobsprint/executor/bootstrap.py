"""The composition root of the executor: the one place concrete adapters are chosen and wired into
the use cases' dependencies. Tests and tools call `wire` with their own parts; `start` (served),
`work`, `prune` and `requeue_stuck` are what `python -m jobsprint.executor` runs."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING

import redis
from jobsprint.common import db, messaging, outbound, redis_clients, service
from jobsprint.common.audit import OutboxAuditSink
from jobsprint.common.outbox import OutboxRelay
from jobsprint.executor.adapters.http_requests import HttpRequester
from jobsprint.executor.adapters.integrations_client import IntegrationsClient, install_nodes
from jobsprint.executor.adapters.lease import Leases
from jobsprint.executor.adapters.live import Ended, FinishBell, LiveEventBell
from jobsprint.executor.adapters.orm import outbox
from jobsprint.executor.adapters.sandbox import SandboxPool
from jobsprint.executor.adapters.unit_of_work import SqlUnitOfWork
from jobsprint.executor.adapters.vitals import LapsedLeases, RunQueueReady, VitalsCollector
from jobsprint.executor.adapters.workflows_client import WorkflowsClient
from jobsprint.executor.config import Settings
from jobsprint.executor.domain import nodes, subworkflows
from jobsprint.executor.domain.nodes import NodeCatalogue, NodeRunner
from jobsprint.executor.domain.sandboxing import Sandbox
from jobsprint.executor.entrypoints import worker
from jobsprint.executor.service import maintenance
from jobsprint.executor.service.definitions import Definitions
from jobsprint.executor.service.dependencies import Dependencies, RunLimits
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from jobsprint.common.grpc_inprocess import ProcessServers
    from jobsprint.common.grpc_server import GrpcServer

log = logging.getLogger("executor")


def redis_client(settings: Settings) -> redis.Redis:
    return redis_clients.client(settings.redis_url)


def database(settings: Settings) -> Engine:
    return db.make_engine(settings.database_url, pool_size=settings.db_pool_size)


def http_requester(settings: Settings) -> HttpRequester:
    """`core.http_request`'s one pooled client, through the SSRF guard with the operator's policy."""
    return HttpRequester(
        outbound.client(settings.outbound_policy(), timeout=settings.http_timeout_seconds, max_redirects=0),
        max_response_bytes=settings.http_max_response_bytes,
        max_seconds=settings.http_timeout_seconds,
    )


def wire(
    *,
    engine: Engine,
    sandbox: Sandbox | None,
    http_requests: NodeRunner | None = None,
    workflows: subworkflows.WorkflowResolver | None = None,
    catalogue: NodeCatalogue | None = None,
    limits: RunLimits | None = None,
    lease_ttl_seconds: int = 30,
    max_subworkflow_depth: int = subworkflows.DEFAULT_MAX_DEPTH,
    branch_pool: Executor | None = None,
    metrics_per_workflow: bool = False,
    clock: Callable[[], datetime] | None = None,
    on_ended: Callable[[list[Ended]], None] | None = None,
) -> Dependencies:
    """The use cases' dependencies over `engine`, with every other part given explicitly. The
    node catalogue (the built-in one unless given) gets `core.http_request` bound to
    `http_requests`, and `core.subworkflow` to `workflows`, when they are given."""
    sessions = db.make_session_factory(engine)
    catalogue = catalogue if catalogue is not None else nodes.built_in_catalogue()
    if http_requests is not None:
        nodes.bind_http_requests(catalogue, http_requests)
    if workflows is not None:
        subworkflows.register(catalogue, workflows, max_depth=max_subworkflow_depth)
    optional = {"clock": clock} if clock is not None else {}
    return Dependencies(
        uow=lambda: SqlUnitOfWork(sessions, on_ended=on_ended),
        reads=lambda: SqlUnitOfWork(lambda: db.reading(sessions)),
        leases=Leases(engine, ttl_seconds=lease_ttl_seconds),
        catalogue=catalogue,
        definitions=Definitions(catalogue),
        sandbox=sandbox,
        limits=limits or RunLimits(),
        workflows=workflows,
        branch_pool=branch_pool,
        metrics_per_workflow=metrics_per_workflow,
        storage_errors=(DBAPIError,),
        **optional,
    )


def dependencies(settings: Settings, engine: Engine, local: ProcessServers | None = None) -> Dependencies:
    catalogue = nodes.built_in_catalogue()
    integrations = IntegrationsClient(
        settings.integrations_target,
        key_ring=settings.key_ring(),
        deadline_seconds=settings.integrations_deadline_seconds,
    )
    install_nodes(catalogue, integrations)
    return wire(
        engine=engine,
        sandbox=SandboxPool(settings.sandbox_limits()),
        http_requests=http_requester(settings),
        workflows=WorkflowsClient(
            settings.workflows_target,
            key_ring=settings.key_ring(),
            deadline_seconds=settings.workflows_deadline_seconds,
            local=local,
        ),
        catalogue=catalogue,
        limits=RunLimits(
            max_steps=settings.max_steps,
            max_output_bytes=settings.max_output_bytes,
            default_timeout_seconds=settings.default_node_timeout_seconds,
            max_duration_seconds=settings.max_duration_seconds,
        ),
        lease_ttl_seconds=settings.lease_ttl_seconds,
        max_subworkflow_depth=settings.max_subworkflow_depth,
        # Threads start on first use, so the API process, which runs no nodes, starts none.
        branch_pool=(
            ThreadPoolExecutor(settings.branch_concurrency, thread_name_prefix="branch")
            if settings.branch_concurrency > 1
            else None
        ),
        metrics_per_workflow=settings.metrics_per_workflow,
        # Callers waiting on a run are woken the moment its end commits (ADR-104).
        on_ended=FinishBell(redis_client(settings)),
    )


def build_vitals(settings: Settings, engine: Engine) -> VitalsCollector:
    return VitalsCollector(
        engine=engine,
        amqp_url=settings.amqp_url,
        redis_client=redis_client(settings),
        interval_seconds=settings.vitals_interval_seconds,
        stuck_after_seconds=settings.stuck_after_seconds,
    )


def build_relay(settings: Settings, engine: Engine) -> OutboxRelay:
    return OutboxRelay(
        engine=engine,
        table=outbox,
        listen_url=db.libpq_url(settings.database_url),
        publisher_factory=lambda: messaging.Publisher(settings.amqp_url),
        poll_interval=settings.relay_poll_seconds,
        # Live streams wake on Redis pub/sub, rung straight from here (ADR-053).
        on_published=LiveEventBell(redis_client(settings)),
    )


def build_server(settings: Settings, deps: Dependencies, engine: Engine) -> GrpcServer:
    # The gRPC server side (servicer, interceptors, access policy: 1.5 MB) is imported here, not
    # with this module: `work` runs none of it, and a worker is the program there are most of
    # (ADR-103).
    from jobsprint.common.grpc_server import build_server as build_grpc_server
    from jobsprint.executor.entrypoints import grpc_api

    return build_grpc_server(
        settings,
        bindings=[grpc_api.binding(deps)],
        database=engine,
        revocations=redis_client(settings),
        policy=grpc_api.POLICY,
        audit_sink=OutboxAuditSink(engine=engine, table=outbox, source="/jobsprint/executor"),
        # Services call it for an action they audited themselves (run, webhook, cron tick, retry);
        # the execution row records the run. Auditing the hop too doubled the cost of a run.
        # EvaluateExpression changes nothing: there is nothing to audit.
        unaudited_methods=("StartExecution", "EvaluateExpression"),
    )


def build_lapsed_leases(settings: Settings, engine: Engine) -> LapsedLeases:
    return LapsedLeases(
        engine, ttl_seconds=settings.lease_ttl_seconds, run_queue_ready=RunQueueReady(settings.amqp_url)
    )


def start(settings: Settings, local: ProcessServers | None = None) -> Callable[[], None]:
    """The gRPC API, with the outbox relay that publishes what it commits and the vitals;
    returns what stops them."""
    engine = database(settings)
    relay = build_relay(settings, engine)
    relay.start()
    # The periodic sweeps get a pool of their own: their transactions often end in a ROLLBACK
    # (nothing to do), and psycopg answers one by dropping the statements the connection had
    # prepared, which the hot path's would then parse and plan again (ADR-111).
    background = db.make_engine(settings.database_url, pool_size=2)
    collector = build_vitals(settings, background)
    collector.start()
    # A worker that stopped renewing its leases (killed, frozen) loses its executions to another,
    # and so do the ones it was handed and never started (frozen with its prefetch window full).
    lapsed = build_lapsed_leases(settings, background)
    lapsed.start()
    server = build_server(settings, dependencies(settings, engine, local), engine)
    server.start(local)

    def stop() -> None:
        server.stop(service.STOP_GRACE_SECONDS)
        lapsed.stop()
        collector.stop()
        relay.stop()

    return stop


def work(settings: Settings) -> None:
    """A worker: consumes the run queue and advances executions."""
    worker.run(
        dependencies(settings, database(settings)),
        amqp_url=settings.amqp_url,
        prefetch=settings.worker_prefetch,
    )


def prune(settings: Settings) -> None:
    """Delete executions finished more than EXECUTOR_RETENTION_DAYS ago (run it daily)."""
    sessions = db.make_session_factory(database(settings))
    deleted = maintenance.prune(lambda: SqlUnitOfWork(sessions), older_than_days=settings.retention_days)
    log.info("pruned %d executions older than %d days", deleted, settings.retention_days)


def requeue_stuck(settings: Settings) -> None:
    """Queue a run message again for every stuck execution (ADR-076): the repair `jobsprint doctor
    --fix` applies, for a deployment (`kubectl exec deploy/...-executor -- python -m
    jobsprint.executor requeue-stuck`). Prints what it queued as JSON."""
    sessions = db.make_session_factory(database(settings))
    stuck, queued = maintenance.requeue_stuck(
        SqlUnitOfWork(sessions), after_seconds=settings.stuck_after_seconds
    )
    print(json.dumps({"stuck": len(stuck), "requeued": queued}))
