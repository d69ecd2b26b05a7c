import sys

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


def rotate_master_key(settings: Settings) -> None:
    """Rewrap every workspace's data key with WORKFLOWS_MASTER_KEY_CURRENT, while serving."""
    ctx = bootstrap.build_context(settings)
    report = ctx.data_keys.rewrap_all(ctx.sessions)
    print(
        f"rotate-master-key: {report.rewrapped} data keys rewrapped with {settings.master_key_current!r}, "
        f"{report.already_current} already were; retire the old master key once every replica runs "
        "with the new ring"
    )
    if report.unreadable:
        print(
            f"rotate-master-key: {len(report.unreadable)} data keys are wrapped by a master key that is not "
            f"in WORKFLOWS_MASTER_KEYS (workspaces {', '.join(report.unreadable)}); put that key back "
            "in the ring and run again",
            file=sys.stderr,
        )
        sys.exit(1)


service.main(
    name="workflows",
    settings_factory=Settings,
    commands={"serve": serve, "rotate-master-key": rotate_master_key},
    alembic_ini=service.service_root(__file__) / "alembic.ini",
    # Migration 0004 seals the webhook secrets and tokens stored before ADR-069 with this ring.
    migration_attributes=lambda settings: {"master_key_ring": settings.master_key_ring()},
)
