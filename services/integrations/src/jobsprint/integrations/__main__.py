import sys

from jobsprint.common import service
from jobsprint.integrations import bootstrap, handlers
from jobsprint.integrations.config import Settings


def serve(settings: Settings) -> None:
    ctx = bootstrap.build_context(settings)
    relay = bootstrap.build_relay(settings, ctx)
    relay.start()
    bootstrap.build_server(settings, ctx).serve_until_signalled(on_stop=relay.stop)


def rotate_master_key(settings: Settings) -> None:
    """Rewrap every workspace's data key with INTEGRATIONS_MASTER_KEY_CURRENT, while serving."""
    report = handlers.rotate_master_key(bootstrap.build_context(settings))
    print(
        f"rotate-master-key: {report.rewrapped} data keys rewrapped with {settings.master_key_current!r}, "
        f"{report.already_current} already were; retire the old master key once every replica runs "
        "with the new ring"
    )
    if report.unreadable:
        print(
            f"rotate-master-key: {len(report.unreadable)} data keys are wrapped by a master key that is not "
            f"in INTEGRATIONS_MASTER_KEYS (workspaces {', '.join(report.unreadable)}); put that key back "
            "in the ring and run again",
            file=sys.stderr,
        )
        sys.exit(1)


service.main(
    name="integrations",
    settings_factory=Settings,
    commands={"serve": serve, "rotate-master-key": rotate_master_key},
    alembic_ini=service.service_root(__file__) / "alembic.ini",
)
