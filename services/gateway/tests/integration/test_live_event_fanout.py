"""Execution events fanned out across gateway replicas: rung on an execution's Redis pub/sub
channel (by the executor's outbox relay, ADR-053) → the hub of every replica with a stream for it."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
import redis
from jobsprint.common import events, redis_clients
from jobsprint.gateway.live import STREAMS, EventHub, LiveEvent

pytestmark = pytest.mark.integration


def _ring(redis_url: str, execution_id: str, sequence: int, type_: str = "step.succeeded") -> None:
    """What the executor's relay does with a published event."""
    client = redis.Redis.from_url(redis_url)
    try:
        client.publish(
            redis_clients.live_events_prefix(client) + execution_id,
            events.cloud_event(
                type_=type_,
                source="/test",
                subject=execution_id,
                data={"node_id": f"n{sequence}"},
                sequence=sequence,
                time=datetime(2026, 1, 1, tzinfo=UTC),
            ),
        )
    finally:
        client.close()


async def _next(queue: asyncio.Queue[LiveEvent], timeout: float = 20.0) -> LiveEvent:
    return await asyncio.wait_for(queue.get(), timeout=timeout)


def test_two_replicas_streaming_one_execution_both_get_each_event_rung_for_it(it_env):
    redis_url = it_env["JOBSPRINT_REDIS_URL"]
    watched, unwatched = str(uuid.uuid4()), str(uuid.uuid4())

    async def scenario() -> tuple[list[LiveEvent], list[LiveEvent], bool]:
        first, second = EventHub(redis_url), EventHub(redis_url)
        await first.start()
        await second.start()
        try:
            async with (
                first.subscribe(watched) as a,
                second.subscribe(watched) as b,
                second.subscribe(str(uuid.uuid4())) as elsewhere,
            ):
                # Subscribed (confirmed by Redis) on entry: the first ring reaches both.
                await asyncio.to_thread(_ring, redis_url, watched, 1)
                await asyncio.to_thread(_ring, redis_url, unwatched, 7)
                await asyncio.to_thread(_ring, redis_url, watched, 2, "execution.finished")
                seen_a = [await _next(a), await _next(a)]
                seen_b = [await _next(b), await _next(b)]
                return seen_a, seen_b, elsewhere.empty()
        finally:
            await first.close()
            await second.close()

    seen_a, seen_b, elsewhere_empty = asyncio.run(scenario())
    for seen in (seen_a, seen_b):
        assert [e.sequence for e in seen] == [1, 2]
        assert {e.execution_id for e in seen} == {watched}
        assert seen[-1] == LiveEvent(
            execution_id=watched,
            sequence=2,
            type="execution.finished",
            time="2026-01-01T00:00:00+00:00",
            data={"node_id": "n2"},
        )
        assert seen[-1].final
    assert elsewhere_empty  # another execution's stream got nothing


def test_a_stream_of_an_execution_nobody_publishes_for_stays_quiet_and_unsubscribes(it_env):
    async def scenario() -> tuple[bool, float, int, float]:
        hub = EventHub(it_env["JOBSPRINT_REDIS_URL"])
        await hub.start()
        before = STREAMS._value.get()
        try:
            async with hub.subscribe(str(uuid.uuid4())) as queue:
                await asyncio.sleep(0.3)
                quiet, during = queue.empty(), STREAMS._value.get() - before
            return quiet, during, len(hub._streams), STREAMS._value.get() - before
        finally:
            await hub.close()

    assert asyncio.run(scenario()) == (True, 1, 0, 0)
