"""Redis clients that give up quickly: Redis is on the path of every request (revocation, rate
limits), and redis-py's default retry (three attempts with backoff, about 4 s against a dead
server) would turn an outage into multi-second stalls before the fail-closed or fallback
behaviour (docs/security.md) takes over."""

from __future__ import annotations

import redis
import redis.asyncio as aioredis
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

TIMEOUT_SECONDS = 1.0


def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
        retry=Retry(ExponentialBackoff(cap=0.1, base=0.02), retries=1),
    )


def async_client(url: str) -> aioredis.Redis:
    return aioredis.Redis.from_url(
        url,
        socket_timeout=TIMEOUT_SECONDS,
        socket_connect_timeout=TIMEOUT_SECONDS,
        retry=AsyncRetry(ExponentialBackoff(cap=0.1, base=0.02), retries=1),
    )


def live_events_prefix(client: redis.Redis | aioredis.Redis) -> str:
    """The prefix of the pub/sub channels live execution events ring on, one per execution
    (ADR-053): the executor's outbox relay publishes, the gateways subscribe. Channels are
    server-wide, not per database, so the database index keeps instances apart."""
    db = client.connection_pool.connection_kwargs.get("db", 0)
    return f"jobsprint:{db}:execution-events:"


def finished_channel(client: redis.Redis | aioredis.Redis) -> str:
    """The pub/sub channel a worker rings an execution's id on once its end is committed, where
    the gateways answering callers that wait for a run listen (ADR-104). Only a wake-up: the
    waiter reads the execution from the executor."""
    return live_events_prefix(client) + "finished"
