from jobsprint.common import service
from jobsprint.workflows import bootstrap
from jobsprint.workflows.config import Settings


def serve(settings: Settings) -> None:
    ctx = bootstrap.build_context(settings)
    relay = bootstrap.build_relay(settings, ctx)
    scheduler = bootstrap.build_scheduler(settings, ctx)
    relay.start()
    if scheduler is not None:
        scheduler.start()

    def stop() -> None:
        if scheduler is not None:
            scheduler.stop()
        relay.stop()

    bootstrap.build_server(settings, ctx).serve_until_signalled(on_stop=stop)


service.main(
    name="workflows",
    settings_factory=Settings,
    commands={"serve": serve},
    alembic_ini=service.service_root(__file__) / "alembic.ini",
)
