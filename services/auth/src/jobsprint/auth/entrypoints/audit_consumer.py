"""Stores the `audit.*` events every other service publishes, and keeps the audit log's monthly
partitions created ahead. Runs as threads of the auth service process."""

from __future__ import annotations

import logging
import threading
import time

from jobsprint.auth.service.ports import AuditLog
from jobsprint.common import audit, messaging, retrying
from jobsprint.common.errors import Unavailable

log = logging.getLogger(__name__)

MAINTENANCE_EVERY_SECONDS = 3600.0


class AuditConsumer:
    def __init__(self, *, audit_log: AuditLog, amqp_url: str, prefetch: int = 100) -> None:
        self._log = audit_log
        self._amqp_url = amqp_url
        self._prefetch = prefetch
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._storage = retrying.Outage("Postgres (storing audit records)", log=log)

    def handle(self, deliveries: list[messaging.Delivery]) -> str:
        """Store a batch of audit events in one statement; acked together once it committed."""
        records = []
        for delivery in deliveries:
            try:
                records.append(audit.from_event(delivery.body))
            except ValueError as exc:
                # The queue has no dead-letter exchange: a malformed message is dropped, loudly.
                log.error("dropping a message on %s that is not an audit event: %s", audit.AUDIT_QUEUE, exc)
        try:
            self._log.append_now(records)
        except Unavailable as exc:
            # Handed back to the broker after a backoff: the next batch will try again.
            self._storage.failed(exc)
            self._stop.wait(self._storage.next_wait())
            return messaging.Outcome.REQUEUE
        self._storage.recovered()
        return messaging.Outcome.ACK

    def maintain_partitions(self) -> None:
        self._log.ensure_partitions()

    def _consume(self) -> None:
        messaging.consume_batches_forever(
            self._amqp_url,
            queue=audit.AUDIT_QUEUE,
            handle_batch=self.handle,
            max_batch=self._prefetch,
            prefetch=self._prefetch,
            should_stop=self._stop.is_set,
            declare=messaging.declare_audit_queue,
        )

    def _maintain(self) -> None:
        while not self._stop.is_set():
            try:
                self.maintain_partitions()
            except Unavailable as exc:
                log.warning("audit partition maintenance failed (%s); retrying later", exc)
            self._stop.wait(MAINTENANCE_EVERY_SECONDS)

    def start(self) -> None:
        for target, name in ((self._consume, "audit-consumer"), (self._maintain, "audit-partitions")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
