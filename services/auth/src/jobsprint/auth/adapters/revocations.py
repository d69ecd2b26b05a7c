"""The revocation list, durable: each entry is written to Postgres (the truth) and then to Redis
(where the gateway and every service check it, `jobsprint.common.revocation`). `keep_loaded`
loads the list into Redis again whenever Redis has lost it (restarted without persistence,
flushed), so a revoked token stays refused whatever Redis's own persistence setting."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime

import redis
from jobsprint.auth.adapters.orm import revocations
from jobsprint.auth.service.ports import RevocationStore
from jobsprint.common import revocation
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.dialects.postgresql import insert

log = logging.getLogger(__name__)

# How often the auth service looks whether Redis still holds the list: how long a restarted
# Redis answers "cannot check" (503) before the list is back.
CHECK_INTERVAL_SECONDS = 0.5


class DurableRevocations(RevocationStore):
    def __init__(self, engine: Engine, client: redis.Redis) -> None:
        self.engine = engine
        self.client = client

    def revoke_token(self, token_id: str, *, expires_at: int) -> None:
        self._record(revocation.TOKEN, [token_id], expires_at + 5)
        revocation.revoke(self.client, token_id=token_id, expires_at=expires_at)

    def revoke_sessions(self, session_ids: Sequence[str], *, ttl_seconds: int) -> None:
        """Reject every token of these sessions for `ttl_seconds` (their tokens' lifetime)."""
        if not session_ids:
            return
        self._record(revocation.SESSION, session_ids, int(time.time()) + max(1, ttl_seconds))
        revocation.revoke_sessions(self.client, session_ids=list(session_ids), ttl_seconds=ttl_seconds)

    def _record(self, kind: str, identifiers: Sequence[str], expires_at: int) -> None:
        # Postgres first: once the call has answered, the entry survives whatever Redis loses.
        until = datetime.fromtimestamp(expires_at, UTC)
        statement = insert(revocations).values(
            [{"kind": kind, "id": i, "expires_at": until} for i in identifiers]
        )
        statement = statement.on_conflict_do_update(
            index_elements=[revocations.c.kind, revocations.c.id],
            set_={"expires_at": func.greatest(revocations.c.expires_at, statement.excluded.expires_at)},
        )
        with self.engine.begin() as connection:
            connection.execute(statement)

    def load(self) -> int:
        """Every live entry into Redis, then the list marked loaded; expired rows deleted."""
        with self.engine.begin() as connection:
            connection.execute(delete(revocations).where(revocations.c.expires_at <= func.now()))
            rows = connection.execute(
                select(revocations.c.kind, revocations.c.id, revocations.c.expires_at)
            ).all()
        return revocation.load(self.client, ((r.kind, r.id, int(r.expires_at.timestamp())) for r in rows))

    def load_if_lost(self) -> bool:
        """Load the list when Redis does not hold it; whether it did."""
        if revocation.is_loaded(self.client):
            return False
        count = self.load()
        log.warning(
            "the revocation list was not in Redis (first start, or Redis restarted or was flushed): loaded %d entries",
            count,
        )
        return True

    def keep_loaded(self, stopping: threading.Event, *, interval: float = CHECK_INTERVAL_SECONDS) -> None:
        """Until `stopping`: look every `interval` seconds, load the list when it is lost. Redis or
        Postgres down: tried again at the next look, with one log line per outage."""
        failing = False
        while not stopping.is_set():
            try:
                self.load_if_lost()
            except Exception as exc:
                if not failing:
                    log.warning("cannot check or load the revocation list (retrying): %s", exc)
                failing = True
            else:
                if failing:
                    log.info("the revocation list is checked again")
                failing = False
            stopping.wait(interval)
