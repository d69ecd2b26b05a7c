"""The worker process: takes run messages from `executor.run` and advances their executions.

A message is acked only after the execution's final state is committed; a worker killed at
any point leaves its message unacked, RabbitMQ redelivers it, and the next worker resumes
after the last checkpoint.
"""

from __future__ import annotations

import logging
import signal
import time
import uuid
from dataclasses import dataclass, field

import orjson
from jobsprint.common import messaging, retrying, tracing
from jobsprint.executor.domain.executions import FenceLost, LeaseBusy
from jobsprint.executor.domain.subworkflows import ResolveFailure
from jobsprint.executor.service import dead_letters, followups, running
from jobsprint.executor.service.dependencies import Dependencies
from prometheus_client import Counter, Histogram

log = logging.getLogger(__name__)

MESSAGES = Counter("jobsprint_worker_messages_total", "Run messages handled", ["outcome"])
RUN_SECONDS = Histogram("jobsprint_worker_execution_seconds", "Time to advance one execution")
# Another worker holds the execution (a duplicate message): its run ends, or its lease lapses,
# within the lease's TTL. Contention, not an outage: a short fixed pause, no backoff.
BUSY_BACKOFF_SECONDS = 0.5


@dataclass
class Outages:
    """What a worker waits for when it hands a message back: backing off longer the longer it is
    away (`retrying`), and saying so once per outage rather than once per message."""

    storage: retrying.Outage = field(
        default_factory=lambda: retrying.Outage("Postgres (advancing executions)", log=log)
    )
    error_workflows: retrying.Outage = field(
        default_factory=lambda: retrying.Outage(
            "the workflows service or Postgres (starting error workflows)", log=log
        )
    )


def handle_delivery(deps: Dependencies, delivery: messaging.Delivery, outages: Outages | None = None) -> str:
    # In the trace of the request that queued the message (its outbox row kept the context).
    with tracing.span_from("executor.run", delivery.headers, tracing.CONSUMER):
        return _handle(deps, delivery, outages or Outages())


def _handle(deps: Dependencies, delivery: messaging.Delivery, outages: Outages) -> str:
    try:
        body = orjson.loads(delivery.body)
        execution_id = str(uuid.UUID(body["execution_id"]))
        wake = body.get("wake")
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        return _dead_letter_malformed(deps, delivery, exc, outages.storage)
    if body.get("start") == "error_workflow":
        return _start_error_workflow(
            deps, execution_id, failed_node=str(body.get("failed_node") or ""), outage=outages.error_workflows
        )
    started = time.perf_counter()
    try:
        running.advance(deps, execution_id, wake=wake if isinstance(wake, str) else None)
    except LeaseBusy as busy:
        if wake is None:
            # A second copy of a run message (a redelivery, a requeue by the sweep or `doctor
            # --fix`): the worker holding the run ends it, and if that worker dies its lease
            # lapses and the sweep queues the run again (ADR-091). Nothing to hand back (ADR-105).
            MESSAGES.labels("duplicate").inc()
            return messaging.Outcome.ACK
        # A wake-up's token is consumed once: it must reach the run once its holder lets go.
        log.info("%s; requeueing", busy)
        time.sleep(BUSY_BACKOFF_SECONDS)
        MESSAGES.labels("busy").inc()
        return messaging.Outcome.REQUEUE
    except FenceLost as lost:
        log.warning("%s; leaving it to that worker", lost)
        MESSAGES.labels("fence_lost").inc()
        return messaging.Outcome.ACK
    except deps.storage_errors as exc:
        return _hand_back(outages.storage, exc, "storage_error")
    except Exception as exc:
        log.exception("advancing %s failed unexpectedly: dead-lettering", execution_id)
        MESSAGES.labels("error").inc()
        try:
            dead_letters.record_unhandled(
                deps.uow(), deps.definitions, execution_id, f"{type(exc).__name__}: {exc}"
            )
        except deps.storage_errors:
            log.warning("could not record the dead letter of %s", execution_id)
        return messaging.Outcome.DEAD_LETTER
    outages.storage.recovered()
    RUN_SECONDS.observe(time.perf_counter() - started)
    MESSAGES.labels("done").inc()
    return messaging.Outcome.ACK


def _dead_letter_malformed(
    deps: Dependencies, delivery: messaging.Delivery, error: Exception, outage: retrying.Outage
) -> str:
    """A run message no worker can decode goes to the dead-letter queue, once, and only once a
    letter of no workspace records it (ADR-102): with Postgres away it is handed back, as every
    message is then, rather than dead-lettered unrecorded."""
    try:
        dead_letters.record_malformed(
            deps.uow(),
            body=delivery.body,
            message_id=delivery.message_id,
            routing_key=delivery.routing_key,
            error=f"undecodable run message ({type(error).__name__}: {error})",
        )
    except deps.storage_errors as exc:
        return _hand_back(outage, exc, "storage_error")
    outage.recovered()
    log.error("malformed run message %s (%d bytes): dead-lettering", delivery.message_id, len(delivery.body))
    MESSAGES.labels("malformed").inc()
    return messaging.Outcome.DEAD_LETTER


def _hand_back(outage: retrying.Outage, exc: Exception, outcome: str) -> str:
    """A message handed back while what it needs is away: the outage noted (logged once), the
    worker backing off before it takes the next."""
    outage.failed(exc)
    time.sleep(outage.next_wait())
    MESSAGES.labels(outcome).inc()
    return messaging.Outcome.REQUEUE


def run(deps: Dependencies, *, amqp_url: str, prefetch: int) -> None:
    stopping = False

    def _stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        log.info("signal %s: finishing the current message, then stopping", signum)
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    log.info("worker consuming %s (prefetch %d)", messaging.RUN_QUEUE, prefetch)
    outages = Outages()
    messaging.consume_forever(
        amqp_url,
        queue=messaging.RUN_QUEUE,
        handle=lambda delivery: handle_delivery(deps, delivery, outages),
        prefetch=prefetch,
        should_stop=lambda: stopping,
    )


def _start_error_workflow(
    deps: Dependencies, execution_id: str, *, failed_node: str, outage: retrying.Outage
) -> str:
    """A failed execution's request for its error workflow (ADR-033): retried while the workflows
    service or storage is away, acked once the run exists (or cannot exist)."""
    retried: tuple[type[Exception], ...] = (ResolveFailure, *deps.storage_errors)
    try:
        if deps.workflows is None:
            raise RuntimeError("this process has no workflows client to start error workflows with")
        started = followups.start_error_workflow(
            deps.uow(),
            deps.workflows,
            deps.catalogue,
            failed_execution_id=execution_id,
            failed_node=failed_node,
        )
    except retried as exc:
        return _hand_back(outage, exc, "error_workflow_retry")
    except Exception:
        log.exception("starting the error workflow of %s failed unexpectedly: dead-lettering", execution_id)
        MESSAGES.labels("error").inc()
        return messaging.Outcome.DEAD_LETTER
    outage.recovered()
    if started:
        log.info("execution %s failed: error workflow execution %s", execution_id, started)
    MESSAGES.labels("error_workflow").inc()
    return messaging.Outcome.ACK
