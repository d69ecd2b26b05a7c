"""Execution leases in Postgres: one worker advances an execution at a time (ADR-054).

A worker takes the lease in the statement that takes the execution over (it sets
`executions.leased_until` and raises the fence), and lets go in the statement that ends or
suspends the run, so a lease costs no round trip of its own. While a run lasts, one thread per
worker process renews the leases it holds every third of their lifetime; a killed worker's lease
lapses after `EXECUTOR_LEASE_TTL_SECONDS`, and the execution's redelivered message is taken then.

Correctness rests on the fence, as before: every checkpoint carries the fence of the take-over,
so a worker whose lease lapsed (a long pause) cannot overwrite its successor.

A worker that stops without closing its broker connection (frozen by SIGSTOP, a VM paused, a
network cut to the broker but not to Postgres) keeps its run message unacknowledged until the
broker gives up on the connection — a minute or more. `vitals.LapsedLeases` does not wait for
that: in the executor API, it finds running executions whose lease lapsed and queues a run
message again through the outbox (again while none is taken over), so another worker takes the execution over within about
twice the lease's lifetime (issue 18). The run messages it holds and never started are handed on
by the same sweep (ADR-101).
"""

from __future__ import annotations

import logging
import threading
import time

from jobsprint.common import retrying
from jobsprint.executor.domain.executions import LeaseBusy
from jobsprint.executor.service.ports import Leases as LeasesPort
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)
__all__ = ["LeaseBusy", "Leases"]

# The leases still this worker's, renewed; rows another transaction holds locked are skipped
# (this worker's own take-over, still open, holds a fresh lease anyway).
_RENEW = text(
    """
    UPDATE executor.executions x SET leased_until = now() + make_interval(secs => :ttl)
    FROM unnest(CAST(:ids AS uuid[]), CAST(:fences AS bigint[])) AS h(id, fence)
    WHERE x.id = h.id AND x.fence = h.fence AND x.leased_until IS NOT NULL
      AND x.id IN (SELECT id FROM executor.executions WHERE id = ANY(CAST(:ids AS uuid[]))
                   FOR UPDATE SKIP LOCKED)
    """
)
_RELEASE = text(
    "UPDATE executor.executions SET leased_until = NULL"
    " WHERE id = CAST(:id AS uuid) AND fence = :fence AND leased_until IS NOT NULL"
)


class Leases(LeasesPort):
    """The leases one worker process holds, renewed together by one background thread."""

    def __init__(self, engine: Engine, *, ttl_seconds: int) -> None:
        self._engine = engine
        self.ttl_seconds = ttl_seconds
        self._held: dict[str, int] = {}  # execution id → the fence it was taken with
        self._lock = threading.Lock()
        self._renewer: threading.Thread | None = None

    def held(self, execution_id: str, fence: int) -> None:
        """Renew this execution's lease (taken with `fence`) until `let_go`."""
        with self._lock:
            self._held[execution_id] = fence
            if self._renewer is None:
                self._renewer = threading.Thread(
                    target=self._renew_forever, name="lease-renewer", daemon=True
                )
                self._renewer.start()

    def let_go(self, execution_id: str, *, released: bool) -> None:
        """Stop renewing; unless the run's last statement `released` it, clear the lease now
        (a run that failed half-way), so the execution's next message is taken at once."""
        with self._lock:
            fence = self._held.pop(execution_id, None)
        if released or fence is None:
            return
        try:
            with self._engine.begin() as connection:
                connection.execute(_RELEASE, {"id": execution_id, "fence": fence})
        except DBAPIError as exc:
            log.warning("could not release the lease of %s (%s); it lapses on its own", execution_id, exc)

    def renew(self) -> None:
        with self._lock:
            held = dict(self._held)
        if not held:
            return
        with self._engine.begin() as connection:
            connection.execute(
                _RENEW, {"ttl": self.ttl_seconds, "ids": list(held), "fences": list(held.values())}
            )

    def _renew_forever(self) -> None:
        # Renewals keep their pace whatever happens (a lease renewed late lapses): no backoff, but
        # an outage is logged once, not every third of a TTL.
        outage = retrying.Outage("Postgres (renewing execution leases)", log=log)
        while True:
            time.sleep(self.ttl_seconds / 3)
            try:
                self.renew()
            except Exception as exc:  # the renewer must outlive any one failure
                outage.failed(exc, unexpected=not isinstance(exc, DBAPIError))
                continue
            outage.recovered()
