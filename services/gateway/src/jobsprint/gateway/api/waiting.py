"""Waiting for an execution to finish, for `?wait=true` runs and `wait`-mode webhooks."""

from __future__ import annotations

import asyncio
import time

from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.gateway.rpc import Rpc

TERMINAL = frozenset({"succeeded", "failed", "cancelled"})


async def finished_execution(rpc: Rpc, *, execution_id: str, seconds: float) -> executor_pb2.Execution | None:
    """The execution once it is final, or None when `seconds` pass first. The request's time
    budget grows by the wait, so each poll still has the whole budget's worth of deadline."""
    rpc.extend(seconds)
    deadline = time.monotonic() + seconds
    delay = 0.02
    while time.monotonic() < deadline:
        execution = (await rpc(executor_pb2.GetExecutionRequest(id=execution_id))).execution
        if execution.status in TERMINAL:
            return execution
        await asyncio.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 2, 0.25)
    return None
