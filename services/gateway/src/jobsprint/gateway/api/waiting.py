"""Waiting for an execution to finish, for `?wait=true` runs and `wait`-mode webhooks.

The worker that commits an execution's end rings it on Redis, with its status and output when
they are small (ADR-104); the hub of this process hands the ring to the waiter, which answers
from it without reading the execution. The ring is only a head start: without it (Redis away,
the hub not yet subscribed) the waiter polls, backing off from 20 ms to 250 ms; with it, it
still reads the execution every second in case a ring went missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.gateway.live import EventHub, Rung
from jobsprint.gateway.rpc import Rpc

TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
FIRST_POLL_SECONDS = 0.02
LAST_POLL_SECONDS = 0.25
# While the hub hears rings: how long a waiter trusts them before reading the execution anyway.
RUNG_POLL_SECONDS = 1.0


async def finished_execution(
    rpc: Rpc, hub: EventHub, *, execution_id: str, seconds: float
) -> executor_pb2.Execution | None:
    """The execution (with its steps) once it is final, or None when `seconds` pass first."""
    ended = await _wait(rpc, hub, execution_id=execution_id, seconds=seconds, rung_will_do=False)
    assert not isinstance(ended, Rung)
    return ended


async def finished_answer(
    rpc: Rpc, hub: EventHub, *, execution_id: str, seconds: float
) -> Rung | executor_pb2.Execution | None:
    """The execution's end once it is final: as rung when the ring carried it (no read), else
    as read; None when `seconds` pass first."""
    return await _wait(rpc, hub, execution_id=execution_id, seconds=seconds, rung_will_do=True)


async def _wait(
    rpc: Rpc, hub: EventHub, *, execution_id: str, seconds: float, rung_will_do: bool
) -> Rung | executor_pb2.Execution | None:
    # The request's time budget grows by the wait, so each read still has a whole budget's deadline.
    rpc.extend(seconds)
    deadline = time.monotonic() + seconds
    delay = FIRST_POLL_SECONDS
    with hub.finish_of(execution_id) as waiter:
        # Heard rings since before the run started: its end, even if already past, is rung.
        read = not hub.rings
        while True:
            rung = waiter.rung
            if rung is not None and rung.complete and rung_will_do:
                return rung
            if read or rung is not None:
                execution = (await rpc(executor_pb2.GetExecutionRequest(id=execution_id))).execution
                if execution.status in TERMINAL:
                    return execution
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            waiter.event.clear()
            waiter.rung = None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    waiter.event.wait(), timeout=min(RUNG_POLL_SECONDS if hub.rings else delay, left)
                )
            read = not waiter.event.is_set()
            delay = min(delay * 2, LAST_POLL_SECONDS)
