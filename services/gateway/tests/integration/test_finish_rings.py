"""A caller waiting on a run's answer is woken by the worker's ring on Redis (ADR-104): answered
from the ring without reading the execution, even when the ring came just before it started
waiting; and, when Redis is away, by polling the executor as before."""

from __future__ import annotations

import asyncio
import time
import uuid

import orjson
import pytest
import redis
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.common import redis_clients
from jobsprint.gateway.api import waiting
from jobsprint.gateway.live import EventHub, Rung

pytestmark = pytest.mark.integration


def _ring(redis_url: str, payload: dict) -> None:
    """What the executor's finish bell does once an execution's end commits."""
    client = redis.Redis.from_url(redis_url)
    try:
        client.publish(redis_clients.finished_channel(client), orjson.dumps(payload))
    finally:
        client.close()


class ExecutorReads:
    """The executor's GetExecution as the waiter sees it: answers `status` (and counts reads)."""

    def __init__(self, status: str = "running") -> None:
        self.status = status
        self.reads = 0

    def extend(self, seconds: float) -> None:
        pass

    async def __call__(self, request: executor_pb2.GetExecutionRequest) -> executor_pb2.GetExecutionResponse:
        self.reads += 1
        return executor_pb2.GetExecutionResponse(
            execution=executor_pb2.Execution(id=request.id, status=self.status, output=b'{"read": true}')
        )


async def _hub(redis_url: str) -> EventHub:
    hub = EventHub(redis_url)
    await hub.start()
    deadline = time.monotonic() + 10
    while not hub.rings:
        assert time.monotonic() < deadline, "the hub never subscribed to the finished channel"
        await asyncio.sleep(0.01)
    return hub


def test_a_waiting_caller_is_answered_from_the_ring_without_reading_the_execution(it_env):
    redis_url = it_env["JOBSPRINT_REDIS_URL"]
    execution_id = str(uuid.uuid4())

    async def scenario() -> tuple[object, int, float]:
        hub = await _hub(redis_url)
        reads = ExecutorReads()
        try:
            waiting_for = asyncio.create_task(
                waiting.finished_answer(reads, hub, execution_id=execution_id, seconds=10)  # type: ignore[arg-type]
            )
            await asyncio.sleep(0.05)
            rung_at = time.monotonic()
            payload = {"id": execution_id, "status": "succeeded", "output": {"c": 6}, "error": ""}
            await asyncio.to_thread(_ring, redis_url, payload)
            answer = await waiting_for
            return answer, reads.reads, time.monotonic() - rung_at
        finally:
            await hub.close()

    answer, reads, after = asyncio.run(scenario())
    assert answer == Rung(execution_id, status="succeeded", output=b'{"c":6}', error="")
    assert reads == 0
    assert after < 0.5  # woken by the ring, not by the one-second poll


def test_an_end_rung_just_before_the_caller_waits_is_not_missed(it_env):
    redis_url = it_env["JOBSPRINT_REDIS_URL"]
    execution_id = str(uuid.uuid4())

    async def scenario() -> tuple[object, int]:
        hub = await _hub(redis_url)
        reads = ExecutorReads()
        try:
            payload = {"id": execution_id, "status": "failed", "output": None, "error": "boom"}
            await asyncio.to_thread(_ring, redis_url, payload)
            await asyncio.sleep(0.2)  # the hub has it before anyone waits
            answer = await asyncio.wait_for(
                waiting.finished_answer(reads, hub, execution_id=execution_id, seconds=10),  # type: ignore[arg-type]
                timeout=0.5,
            )
            return answer, reads.reads
        finally:
            await hub.close()

    answer, reads = asyncio.run(scenario())
    assert answer == Rung(execution_id, status="failed", output=b"null", error="boom")
    assert reads == 0


def test_a_ring_with_the_id_alone_wakes_the_caller_to_read_the_execution(it_env):
    redis_url = it_env["JOBSPRINT_REDIS_URL"]
    execution_id = str(uuid.uuid4())

    async def scenario() -> tuple[object, int]:
        hub = await _hub(redis_url)
        reads = ExecutorReads()
        try:
            waiting_for = asyncio.create_task(
                waiting.finished_answer(reads, hub, execution_id=execution_id, seconds=10)  # type: ignore[arg-type]
            )
            await asyncio.sleep(0.05)
            reads.status = "succeeded"
            await asyncio.to_thread(_ring, redis_url, {"id": execution_id})
            return await asyncio.wait_for(waiting_for, timeout=0.5), reads.reads
        finally:
            await hub.close()

    answer, reads = asyncio.run(scenario())
    assert isinstance(answer, executor_pb2.Execution) and answer.status == "succeeded"
    assert reads == 1


def test_without_redis_the_caller_polls_the_executor_until_the_run_ends():
    execution_id = str(uuid.uuid4())

    async def scenario() -> tuple[object, int, object]:
        hub = EventHub("redis://127.0.0.1:1/0")  # nothing listens: the hub never rings
        await hub.start()
        reads = ExecutorReads()
        try:

            async def finish_later() -> None:
                await asyncio.sleep(0.15)
                reads.status = "succeeded"

            asyncio.get_running_loop().create_task(finish_later())
            answer = await waiting.finished_answer(reads, hub, execution_id=execution_id, seconds=5)  # type: ignore[arg-type]
            late = await waiting.finished_answer(reads, hub, execution_id=str(uuid.uuid4()), seconds=0.1)  # type: ignore[arg-type]
            return answer, reads.reads, late
        finally:
            await hub.close()

    answer, reads, late = asyncio.run(scenario())
    assert isinstance(answer, executor_pb2.Execution) and answer.status == "succeeded"
    assert 2 <= reads <= 8  # 20 ms doubling to 250 ms: a few reads, not a busy loop
    assert late is not None  # that one had "ended" too (the fake answers succeeded from now on)
