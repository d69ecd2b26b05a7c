"""What the gateway does with each event on its invalidation queue."""

from __future__ import annotations

from typing import Any

import redis
import redis.asyncio as aioredis
import tenacity
from jobsprint.common import events, messaging
from jobsprint.gateway.cache import Key, ResponseCache
from jobsprint.gateway.invalidation import InvalidationFeed


class FakeRedis:
    def __init__(self, *, down: bool = False) -> None:
        self.evals: list[tuple[Any, ...]] = []
        self.down = down

    def eval(self, *args: Any) -> int:
        if self.down:
            raise redis.ConnectionError("down")
        self.evals.append(args)
        return 1

    def close(self) -> None:
        pass


def feed(fake: FakeRedis) -> tuple[InvalidationFeed, ResponseCache]:
    cache = ResponseCache(
        aioredis.Redis.from_url("redis://127.0.0.1:1/0"),
        local_ttl_seconds=60,
        local_max_entries=100,
        redis_ttl_seconds=60,
    )
    result = InvalidationFeed(
        cache, amqp_url="amqp://unused", redis_url="redis://127.0.0.1:1/0", wait=tenacity.wait_none()
    )
    result._redis = fake  # type: ignore[assignment]
    return result, cache


def delivery(type_: str, subject: str, workspace_id: str = "ws") -> messaging.Delivery:
    body = events.cloud_event(
        type_=type_, source="test", subject=subject, data={"workspace_id": workspace_id}
    )
    return messaging.Delivery(body=body, message_id=None, headers={}, redelivered=False)


def test_a_change_drops_the_workflow_in_process_and_in_redis() -> None:
    fake = FakeRedis()
    consumer, cache = feed(fake)
    key = Key("workflow", "ws", "w1")
    cache.local.put(key, b"old", generation=cache.local.generation(key), ttl_seconds=60)
    assert consumer.handle(delivery("workflow.updated", "w1")) == messaging.Outcome.ACK
    assert cache.local.get(key) is None
    assert fake.evals and fake.evals[0][2:4] == (key.value, key.generation)


def test_a_created_workflow_has_nothing_to_drop_and_other_messages_are_dropped() -> None:
    fake = FakeRedis()
    consumer, _cache = feed(fake)
    assert consumer.handle(delivery("workflow.created", "w2")) == messaging.Outcome.ACK
    junk = messaging.Delivery(body=b"not json", message_id=None, headers={}, redelivered=False)
    assert consumer.handle(junk) == messaging.Outcome.ACK
    assert consumer.handle(delivery("workflow.updated", "w3", workspace_id="")) == messaging.Outcome.ACK
    assert fake.evals == []


def test_without_redis_the_event_is_retried_and_the_in_process_copy_dropped_anyway() -> None:
    consumer, cache = feed(FakeRedis(down=True))
    key = Key("workflow", "ws", "w1")
    cache.local.put(key, b"old", generation=cache.local.generation(key), ttl_seconds=60)
    assert consumer.handle(delivery("workflow.deleted", "w1")) == messaging.Outcome.REQUEUE
    assert cache.local.get(key) is None
