import logging

from jobsprint.common import service
from jobsprint.executor import bootstrap, handlers
from jobsprint.executor.config import Settings
from jobsprint.executor.entrypoints import worker


def serve(settings: Settings) -> None:
    """The gRPC API, with the outbox relay that publishes what it commits."""
    ctx = bootstrap.build_context(settings)
    relay = bootstrap.build_relay(settings, ctx)
    relay.start()
    bootstrap.build_server(settings, ctx).serve_until_signalled(on_stop=relay.stop)


def work(settings: Settings) -> None:
    """A worker: consumes the run queue and advances executions."""
    worker.run(
        bootstrap.build_context(settings), amqp_url=settings.amqp_url, prefetch=settings.worker_prefetch
    )


def prune(settings: Settings) -> None:
    """Delete executions finished more than EXECUTOR_RETENTION_DAYS ago (run it daily)."""
    deleted = handlers.prune(bootstrap.build_context(settings), older_than_days=settings.retention_days)
    logging.getLogger("executor").info(
        "pruned %d executions older than %d days", deleted, settings.retention_days
    )


service.main(
    name="executor",
    settings_factory=Settings,
    commands={"serve": serve, "worker": work, "prune": prune},
    alembic_ini=service.service_root(__file__) / "alembic.ini",
)
