"""Execution events fanned out across gateway replicas: RabbitMQ (one shared queue, any replica's
relay) → Redis pub/sub → the hub of every replica with a stream for that execution."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from jobsprint.common import events, messaging
from jobsprint.gateway.live import STREAMS, EventHub, EventRelay, LiveEvent, declare_queue

pytestmark = pytest.mark.integration


def _publish(amqp_url: str, execution_id: str, sequence: int, type_: str = "step.succeeded") -> None:
    publisher = messaging.Publisher(amqp_url, declare=declare_queue)
    try:
        publisher.publish(
            messaging.OutgoingMessage(
                exchange=messaging.EVENTS_EXCHANGE,
                routing_key=type_,
                body=events.cloud_event(
                    type_=type_,
                    source="/test",
                    subject=execution_id,
                    data={"node_id": f"n{sequence}"},
                    sequence=sequence,
                    time=datetime(2026, 1, 1, tzinfo=UTC),
                ),
                message_id=str(uuid.uuid4()),
                headers={},
                mandatory=False,
            )
        )
    finally:
        publisher.close()


async def _next(queue: asyncio.Queue[LiveEvent], timeout: float = 20.0) -> LiveEvent:
    return await asyncio.wait_for(queue.get(), timeout=timeout)


def test_two_replicas_streaming_one_execution_both_get_each_event_relayed_by_either(it_env):
    amqp_url, redis_url = it_env["JOBSPRINT_AMQP_URL"], it_env["JOBSPRINT_REDIS_URL"]
    watched, unwatched = str(uuid.uuid4()), str(uuid.uuid4())

    async def scenario() -> tuple[list[LiveEvent], list[LiveEvent], bool]:
        # Two replicas: each a hub; only the first runs a relay, so the second's events all cross over.
        first, second = EventHub(redis_url), EventHub(redis_url)
        relay = EventRelay(amqp_url=amqp_url, redis_url=redis_url)
        await first.start()
        await second.start()
        relay.start()
        try:
            async with (
                first.subscribe(watched) as a,
                second.subscribe(watched) as b,
                second.subscribe(str(uuid.uuid4())) as elsewhere,
            ):
                # The relay's queue may not be bound yet: publish until the first event arrives.
                got_first: list[LiveEvent] = []
                for _attempt in range(50):
                    await asyncio.to_thread(_publish, amqp_url, watched, 1)
                    try:
                        got_first.append(await _next(a, timeout=0.5))
                        break
                    except TimeoutError:
                        continue
                await asyncio.to_thread(_publish, amqp_url, unwatched, 7)
                await asyncio.to_thread(_publish, amqp_url, watched, 2, "execution.finished")
                seen_a = [*got_first, *[e for e in [await _next(a)] if e.sequence != 1]]
                while seen_a[-1].sequence != 2:
                    seen_a.append(await _next(a))
                seen_b = [await _next(b)]
                while seen_b[-1].sequence != 2:
                    seen_b.append(await _next(b))
                return seen_a, seen_b, elsewhere.empty()
        finally:
            await asyncio.to_thread(relay.stop)
            await first.close()
            await second.close()

    seen_a, seen_b, elsewhere_empty = asyncio.run(scenario())
    for seen in (seen_a, seen_b):
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
