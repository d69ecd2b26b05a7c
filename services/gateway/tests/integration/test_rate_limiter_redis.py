"""The rate limiter against the integration instance's real Redis, and without one."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from jobsprint.common import redis_clients
from jobsprint.gateway.ratelimit import RateLimiter

pytestmark = pytest.mark.integration


def test_two_limiters_on_separate_connections_share_one_window(it_env):
    async def scenario() -> list[bool]:
        first = RateLimiter(redis_clients.async_client(it_env["JOBSPRINT_REDIS_URL"]))
        second = RateLimiter(redis_clients.async_client(it_env["JOBSPRINT_REDIS_URL"]))
        key = uuid.uuid4().hex
        results = []
        for limiter in (first, second, first, second):
            results.append((await limiter.check(scope="it", key=key, limit=3)).allowed)
        return results

    assert asyncio.run(scenario()) == [True, True, True, False]


def test_concurrent_checks_never_admit_more_than_the_limit(it_env):
    async def scenario() -> int:
        limiter = RateLimiter(redis_clients.async_client(it_env["JOBSPRINT_REDIS_URL"]))
        key = uuid.uuid4().hex
        decisions = await asyncio.gather(*(limiter.check(scope="it", key=key, limit=5) for _ in range(40)))
        return sum(d.allowed for d in decisions)

    assert asyncio.run(scenario()) == 5


def test_recorded_failures_close_the_window_that_a_look_reads_and_clear_opens_it(it_env):
    async def scenario() -> list[bool]:
        limiter = RateLimiter(redis_clients.async_client(it_env["JOBSPRINT_REDIS_URL"]))
        key = uuid.uuid4().hex
        seen = []
        for _ in range(3):
            seen.append(
                (await limiter.check(scope="f", key=key, limit=2, window_seconds=60, record=False)).allowed
            )
            await limiter.record(scope="f", key=key, limit=2, window_seconds=60)
        await limiter.clear(scope="f", key=key)
        seen.append(
            (await limiter.check(scope="f", key=key, limit=2, window_seconds=60, record=False)).allowed
        )
        return seen

    assert asyncio.run(scenario()) == [True, True, False, True]


def test_the_limiter_decides_in_process_when_redis_is_unreachable():
    async def scenario() -> list[bool]:
        limiter = RateLimiter(redis_clients.async_client("redis://127.0.0.1:1/0"))
        return [(await limiter.check(scope="t", key="k", limit=2)).allowed for _ in range(3)]

    assert asyncio.run(scenario()) == [True, True, False]
