"""What the `limits` library would cost as the gateway's rate limiter (ADR-097). Not a dependency;
run against a Redis of your own or the machine's (it touches only keys under `bench-limiter`):

    uv run --with 'limits[async-redis]==5.8.0' python tools/bench_limiter.py

Per check, on one asyncio connection to Redis: the gateway's `RateLimiter.check` (one Lua script
that drops what left the window, counts, admits and records, and answers the reset time the
RateLimit-* headers need) against `limits`' moving window (`hit`; `hit` then `get_window_stats`,
which the headers need) and its sliding-window counter. Medians of five rounds.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from collections.abc import Awaitable, Callable

import limits
import redis.asyncio as aioredis
from jobsprint.gateway.ratelimit import RateLimiter
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter, SlidingWindowCounterRateLimiter

CHECKS = 3000
ROUNDS = 5
KEYS = 50
REDIS_URL = f"redis://127.0.0.1:{os.environ.get('JOBSPRINT_REDIS_PORT', '6379')}/0"


async def forget_keys(client: aioredis.Redis) -> None:
    async for key in client.scan_iter(match="*bench-limiter*"):
        await client.delete(key)


async def main() -> None:
    client = aioredis.Redis.from_url(REDIS_URL)
    ours = RateLimiter(client)
    storage = RedisStorage("async+" + REDIS_URL)
    moving = MovingWindowRateLimiter(storage)
    counter = SlidingWindowCounterRateLimiter(storage)
    item = limits.parse("1000000/minute")

    async def ours_check(i: int) -> None:
        await ours.check(scope="bench-limiter", key=f"k{i % KEYS}", limit=1_000_000)

    async def moving_hit(i: int) -> None:
        await moving.hit(item, "bench-limiter", f"k{i % KEYS}")

    async def moving_hit_and_stats(i: int) -> None:
        await moving.hit(item, "bench-limiter", f"k{i % KEYS}")
        await moving.get_window_stats(item, "bench-limiter", f"k{i % KEYS}")

    async def counter_hit(i: int) -> None:
        await counter.hit(item, "bench-limiter", f"k{i % KEYS}")

    cases: dict[str, Callable[[int], Awaitable[None]]] = {
        "ours: RateLimiter.check": ours_check,
        "limits MovingWindow: hit": moving_hit,
        "limits MovingWindow: hit + get_window_stats": moving_hit_and_stats,
        "limits SlidingWindowCounter: hit": counter_hit,
    }
    figures: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    try:
        for _ in range(ROUNDS):
            for name, check in cases.items():
                await forget_keys(client)
                for i in range(200):
                    await check(i)
                wall, cpu = time.perf_counter(), time.process_time()
                for i in range(CHECKS):
                    await check(i)
                figures[name].append(
                    ((time.perf_counter() - wall) / CHECKS * 1e6, (time.process_time() - cpu) / CHECKS * 1e6)
                )
    finally:
        await forget_keys(client)
        await client.aclose()
    print(f"limits {limits.__version__}; per check, medians of {ROUNDS} rounds of {CHECKS}:")
    for name, rounds in figures.items():
        wall = statistics.median(r[0] for r in rounds)
        cpu = statistics.median(r[1] for r in rounds)
        print(f"  {name:<46} wall {wall:5.0f} µs   CPU {cpu:5.0f} µs")


if __name__ == "__main__":
    asyncio.run(main())
