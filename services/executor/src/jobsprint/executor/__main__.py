import json
import logging

from jobsprint.common import service
from jobsprint.executor import bootstrap, handlers, vitals
from jobsprint.executor.config import Settings
from jobsprint.executor.entrypoints import worker


def serve(settings: Settings) -> None:
    """The gRPC API, with the outbox relay that publishes what it commits."""
    ctx = bootstrap.build_context(settings)
    relay = bootstrap.build_relay(settings, ctx)
    relay.start()
    collector = bootstrap.build_vitals(settings, ctx)
    collector.start()
    # A worker that stopped renewing its leases (killed, frozen) loses its executions to another.
    lapsed = bootstrap.build_lapsed_leases(settings, ctx)
    lapsed.start()

    def stop() -> None:
        lapsed.stop()
        collector.stop()
        relay.stop()

    bootstrap.build_server(settings, ctx).serve_until_signalled(on_stop=stop)


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


def requeue_stuck(settings: Settings) -> None:
    """Queue a run message again for every stuck execution (ADR-076): the repair `jobsprint doctor
    --fix` applies, for a deployment (`kubectl exec deploy/...-executor -- python -m
    jobsprint.executor requeue-stuck`). Prints what it queued as JSON."""
    ctx = bootstrap.build_context(settings)
    with ctx.sessions.begin() as session:
        stuck = vitals.stuck_executions(
            session, after_seconds=settings.stuck_after_seconds, run_queue_ready=None
        )
        queued = vitals.requeue(session, stuck)
    print(json.dumps({"stuck": len(stuck), "requeued": queued}))


service.main(
    name="executor",
    settings_factory=Settings,
    commands={"serve": serve, "worker": work, "prune": prune, "requeue-stuck": requeue_stuck},
    alembic_ini=service.service_root(__file__) / "alembic.ini",
)
