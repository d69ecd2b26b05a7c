"""The cron scheduler: a thread in every workflows-service process that fires due ticks.

Every replica runs one; they need no leader because each tick is claimed in Postgres (ADR-035).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import UTC, datetime

from jobsprint.common import retrying
from jobsprint.common.errors import DomainError
from jobsprint.workflows.service import cron, trash
from jobsprint.workflows.service.dependencies import Dependencies

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 3600.0


class Scheduler:
    def __init__(
        self, deps: Dependencies, *, poll_seconds: float, outages: tuple[type[Exception], ...] = ()
    ) -> None:
        """`outages`: the errors of an outage the loop waits out (the database driver's), besides
        domain errors; any other is logged as unexpected."""
        self._deps = deps
        self._outages = (*outages, DomainError)
        self._poll = poll_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="cron-scheduler", daemon=True)
        self.name = f"{socket.gethostname()}:{os.getpid()}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        purged_at = 0.0
        # Logged once per outage; while it lasts the polls back off (a tick fires late, never twice).
        outage = retrying.Outage("the scheduler's Postgres or executor", log=log)
        while not self._stop.is_set():
            try:
                d = self._deps
                cron.fire_due_schedules(
                    d.uow,
                    d.executor,
                    d.key_ring,
                    now=datetime.now(UTC),
                    fired_by=self.name,
                    grace=d.cron_grace,
                )
                if time.monotonic() - purged_at > PURGE_EVERY_SECONDS:
                    purged = trash.purge_deleted(d.uow(), now=datetime.now(UTC), retention=d.trash_retention)
                    purged_at = time.monotonic()
                    if purged:
                        log.info("purged %d workflows deleted longer ago than the retention period", purged)
            except Exception as exc:
                outage.failed(exc, unexpected=not isinstance(exc, self._outages))
                self._stop.wait(max(self._poll, outage.next_wait()))
                continue
            outage.recovered()
            self._stop.wait(self._poll)
