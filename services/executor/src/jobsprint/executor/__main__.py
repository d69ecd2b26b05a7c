from jobsprint.common import service
from jobsprint.executor import bootstrap
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


service.main(
    name="executor",
    settings_factory=Settings,
    commands={"serve": serve, "worker": work},
    alembic_ini=service.service_root(__file__) / "alembic.ini",
)
