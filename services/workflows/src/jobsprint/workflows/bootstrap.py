"""The composition root: the one place the workflows service's concrete adapters are chosen."""

from __future__ import annotations

from datetime import timedelta

from jobsprint.common import db, envelope, messaging, redis_clients
from jobsprint.common.audit import OutboxAuditSink
from jobsprint.common.grpc_server import GrpcServer
from jobsprint.common.grpc_server import build_server as build_grpc_server
from jobsprint.common.outbox import OutboxRelay
from jobsprint.workflows.adapters.executor_client import ExecutorClient
from jobsprint.workflows.adapters.integrations_client import IntegrationsClient
from jobsprint.workflows.adapters.orm import data_keys, outbox
from jobsprint.workflows.config import Settings
from jobsprint.workflows.entrypoints import grpc_api
from jobsprint.workflows.entrypoints.scheduler import Scheduler
from jobsprint.workflows.handlers import WorkflowsContext


def build_context(settings: Settings) -> WorkflowsContext:
    key_ring = settings.key_ring()
    return WorkflowsContext(
        sessions=db.make_session_factory(db.make_engine(settings.database_url)),
        executor=ExecutorClient(settings.executor_target, catalogue_ttl=settings.node_types_ttl_seconds),
        integrations=IntegrationsClient(
            settings.integrations_target,
            key_ring=key_ring,
            catalogue_ttl=settings.node_types_ttl_seconds,
            deadline_seconds=settings.integrations_deadline_seconds,
        ),
        max_definition_bytes=settings.max_definition_bytes,
        data_keys=envelope.DataKeys(settings.master_key_ring(), data_keys),
        key_ring=key_ring,
        redacted_headers=tuple(settings.webhook_redacted_headers),
        trash_retention=timedelta(days=settings.trash_retention_days),
        cron_grace=timedelta(seconds=settings.cron_grace_seconds),
    )


def build_relay(settings: Settings, ctx: WorkflowsContext) -> OutboxRelay:
    return OutboxRelay(
        engine=ctx.sessions.kw["bind"],
        table=outbox,
        listen_url=db.libpq_url(settings.database_url),
        publisher_factory=lambda: messaging.Publisher(settings.amqp_url),
    )


def build_scheduler(settings: Settings, ctx: WorkflowsContext) -> Scheduler | None:
    if not settings.scheduler_enabled:
        return None
    return Scheduler(ctx, poll_seconds=settings.scheduler_poll_seconds)


def build_server(settings: Settings, ctx: WorkflowsContext) -> GrpcServer:
    return build_grpc_server(
        settings,
        bindings=[grpc_api.binding(ctx)],
        database=ctx.sessions.kw["bind"],
        policy=grpc_api.POLICY,
        revocations=redis_clients.client(settings.redis_url),
        audit_sink=OutboxAuditSink(
            engine=ctx.sessions.kw["bind"], table=outbox, source="/jobsprint/workflows"
        ),
        # The gateway calls it for an anonymous caller, with a service token of no workspace: its
        # audit record would name no workspace, and the audit log (per workspace) cannot keep it.
        # The execution it starts (trigger `webhook`, in the workflow's workspace) is the record.
        unaudited_methods=("TriggerWebhook",),
    )
