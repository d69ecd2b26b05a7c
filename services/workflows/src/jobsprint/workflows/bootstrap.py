"""The composition root of the workflows service: the one place concrete adapters are chosen and
wired into the use cases' dependencies. Tests and benchmarks call `wire` with their own parts;
`start` is what `python -m jobsprint.workflows` serves (and `python -m jobsprint.node` hosts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from jobsprint.common import db, messaging, redis_clients, service
from jobsprint.common.audit import OutboxAuditSink
from jobsprint.common.envelope import MasterKeyRing, WorkspaceKeys
from jobsprint.common.grpc_inprocess import ProcessServers
from jobsprint.common.grpc_server import GrpcServer
from jobsprint.common.grpc_server import build_server as build_grpc_server
from jobsprint.common.outbox import OutboxRelay
from jobsprint.common.tokens import KeyRing
from jobsprint.workflows.adapters.executor_client import ExecutorClient
from jobsprint.workflows.adapters.integrations_client import IntegrationsClient
from jobsprint.workflows.adapters.orm import outbox
from jobsprint.workflows.adapters.repository import SqlWebhookTargets
from jobsprint.workflows.adapters.unit_of_work import SqlUnitOfWork
from jobsprint.workflows.config import Settings
from jobsprint.workflows.entrypoints import grpc_api
from jobsprint.workflows.entrypoints.scheduler import Scheduler
from jobsprint.workflows.service.checks import DefinitionChecks
from jobsprint.workflows.service.dependencies import Dependencies
from jobsprint.workflows.service.ports import Executor, Integrations
from jobsprint.workflows.service.webhooks import WebhookIngress
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError


def database(settings: Settings) -> Engine:
    return db.make_engine(settings.database_url, pool_size=settings.db_pool_size)


def wire(
    *,
    engine: Engine,
    executor: Executor,
    integrations: Integrations,
    master_keys: MasterKeyRing,
    key_ring: KeyRing | None,
    max_definition_bytes: int,
    redacted_headers: tuple[str, ...] = (),
    trash_retention: timedelta = timedelta(days=30),
    cron_grace: timedelta = timedelta(seconds=60),
) -> Dependencies:
    """The use cases' dependencies over `engine`, with every other part given explicitly."""
    sessions = db.make_session_factory(engine)
    keys = WorkspaceKeys(master_keys)
    return Dependencies(
        uow=lambda: SqlUnitOfWork(sessions),
        keys=keys,
        executor=executor,
        integrations=integrations,
        checks=DefinitionChecks(executor, integrations, max_definition_bytes),
        ingress=WebhookIngress(
            SqlWebhookTargets(sessions), keys, executor, key_ring, redacted_headers=redacted_headers
        ),
        key_ring=key_ring,
        trash_retention=trash_retention,
        cron_grace=cron_grace,
    )


def dependencies(settings: Settings, engine: Engine, local: ProcessServers | None = None) -> Dependencies:
    key_ring = settings.key_ring()
    return wire(
        engine=engine,
        executor=ExecutorClient(
            settings.executor_target, catalogue_ttl=settings.node_types_ttl_seconds, local=local
        ),
        integrations=IntegrationsClient(
            settings.integrations_target,
            key_ring=key_ring,
            catalogue_ttl=settings.node_types_ttl_seconds,
            deadline_seconds=settings.integrations_deadline_seconds,
            local=local,
        ),
        master_keys=settings.master_key_ring(),
        key_ring=key_ring,
        max_definition_bytes=settings.max_definition_bytes,
        redacted_headers=tuple(settings.webhook_redacted_headers),
        trash_retention=timedelta(days=settings.trash_retention_days),
        cron_grace=timedelta(seconds=settings.cron_grace_seconds),
    )


def build_relay(settings: Settings, engine: Engine) -> OutboxRelay:
    return OutboxRelay(
        engine=engine,
        table=outbox,
        listen_url=db.libpq_url(settings.database_url),
        publisher_factory=lambda: messaging.Publisher(settings.amqp_url),
    )


def build_scheduler(settings: Settings, deps: Dependencies) -> Scheduler | None:
    if not settings.scheduler_enabled:
        return None
    return Scheduler(deps, poll_seconds=settings.scheduler_poll_seconds, outages=(DBAPIError,))


def build_server(settings: Settings, deps: Dependencies, engine: Engine) -> GrpcServer:
    return build_grpc_server(
        settings,
        bindings=[grpc_api.binding(deps)],
        database=engine,
        policy=grpc_api.POLICY,
        revocations=redis_clients.client(settings.redis_url),
        audit_sink=OutboxAuditSink(engine=engine, table=outbox, source="/jobsprint/workflows"),
        # The gateway calls it for an anonymous caller, with a service token of no workspace: its
        # audit record would name no workspace, and the audit log (per workspace) cannot keep it.
        # The execution it starts (trigger `webhook`, in the workflow's workspace) is the record.
        unaudited_methods=("TriggerWebhook",),
    )


def start(settings: Settings, local: ProcessServers | None = None) -> Callable[[], None]:
    """Serve gRPC, relay the outbox and fire cron ticks; returns what stops them."""
    engine = database(settings)
    deps = dependencies(settings, engine, local)
    relay = build_relay(settings, engine)
    scheduler = build_scheduler(settings, deps)
    relay.start()
    if scheduler is not None:
        scheduler.start()
    server = build_server(settings, deps, engine)
    server.start(local)

    def stop() -> None:
        server.stop(service.STOP_GRACE_SECONDS)
        if scheduler is not None:
            scheduler.stop()
        relay.stop()

    return stop
