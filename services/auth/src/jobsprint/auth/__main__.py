import threading

from jobsprint.auth import bootstrap
from jobsprint.auth.config import Settings
from jobsprint.common import service


def serve(settings: Settings) -> None:
    ctx = bootstrap.build_context(settings)
    consumer = bootstrap.build_audit_consumer(settings, ctx)
    consumer.start()
    # Redis restarted empty: the revocation list is loaded from Postgres again within a second.
    stopping = threading.Event()
    threading.Thread(
        target=ctx.revocations.keep_loaded, args=(stopping,), name="revocations", daemon=True
    ).start()

    def stop() -> None:
        stopping.set()
        consumer.stop()

    bootstrap.build_server(settings, ctx).serve_until_signalled(on_stop=stop)


service.main(
    name="auth",
    settings_factory=Settings,
    commands={"serve": serve},
    alembic_ini=service.service_root(__file__) / "alembic.ini",
)
