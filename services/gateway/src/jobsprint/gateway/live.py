"""Live execution events for SSE streams, across gateway replicas (ADR-043, ADR-053).

The executor's outbox relay rings each execution event, numbered in its execution's history, on
the Redis pub/sub channel of its execution. A replica subscribes (the hub, one Redis connection
per process) only to the channels of executions it has streams for. Redis only wakes streams
up: the executor's numbered history is the truth, so a lost ring delays a stream, never changes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import redis.asyncio as aioredis
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.common import events, redis_clients, retrying
from prometheus_client import Gauge

log = logging.getLogger(__name__)

FINAL_TYPES = frozenset({"execution.finished", "execution.cancelled"})
# Each stream's own buffer; a stream that falls this far behind reads the rest from the executor.
STREAM_BUFFER = 1000
CHANGE_LATENCY_SECONDS = 0.05

STREAMS = Gauge("jobsprint_sse_streams", "Open execution event streams in this gateway process")


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


@dataclass(frozen=True)
class LiveEvent:
    """One event of an execution's history, as a stream sends it."""

    execution_id: str
    sequence: int
    type: str
    time: str
    data: Any

    @property
    def final(self) -> bool:
        return self.type in FINAL_TYPES

    def public(self) -> dict[str, Any]:
        return {
            "execution_id": self.execution_id,
            "sequence": self.sequence,
            "type": self.type,
            "time": self.time,
            "data": self.data,
        }

    @classmethod
    def from_message(cls, message: executor_pb2.ExecutionEvent) -> LiveEvent:
        return cls(
            execution_id=message.execution_id,
            sequence=message.sequence,
            type=message.type,
            time=_utc(message.time.ToDatetime(tzinfo=UTC)),
            data=orjson.loads(message.data) if message.data else None,
        )

    @classmethod
    def from_envelope(cls, raw: bytes) -> LiveEvent | None:
        """A published CloudEvent; None when it is not a numbered execution event."""
        try:
            envelope = orjson.loads(raw)
            sequence = events.sequence_of(envelope)
            type_ = str(envelope["type"]).removeprefix(events.TYPE_PREFIX)
            stamp = _utc(datetime.fromisoformat(envelope["time"]))
            subject = str(envelope["subject"])
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
            return None
        if sequence is None:
            return None
        return cls(execution_id=subject, sequence=sequence, type=type_, time=stamp, data=envelope.get("data"))


class EventHub:
    """Redis pub/sub → the streams of this process: one connection, a channel per watched execution."""

    def __init__(self, redis_url: str) -> None:
        # No socket timeout: a subscriber waits for messages; health checks find a dead connection.
        self._client = aioredis.Redis.from_url(
            redis_url, socket_connect_timeout=1.0, health_check_interval=15
        )
        self._pubsub = self._client.pubsub()
        self._prefix = redis_clients.live_events_prefix(self._client)
        self._streams: dict[str, set[asyncio.Queue[LiveEvent]]] = {}
        self._confirmed: dict[str, asyncio.Event] = {}
        # (un)subscriptions, carried out by the reader: redis-py's PubSub is not safe to write to
        # from one task while another reads from it (replies went missing in testing).
        self._changes: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._read_forever(), name="execution-event-hub")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with contextlib.suppress(Exception):
            await self._pubsub.aclose()
        await self._client.aclose()

    @contextlib.asynccontextmanager
    async def subscribe(self, execution_id: str) -> AsyncIterator[asyncio.Queue[LiveEvent]]:
        """A queue of the execution's live events while the block runs. On entry the channel is
        subscribed (confirmed by Redis, or given up on after a second: streams also poll)."""
        channel = self._prefix + execution_id
        queue: asyncio.Queue[LiveEvent] = asyncio.Queue(maxsize=STREAM_BUFFER)
        streams = self._streams.setdefault(execution_id, set())
        first = not streams
        streams.add(queue)
        STREAMS.inc()
        try:
            if first:
                self._confirmed[channel] = asyncio.Event()
                self._changes.put_nowait(("subscribe", channel))
            confirmed = self._confirmed.get(channel)
            if confirmed is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(confirmed.wait(), timeout=1.0)
            yield queue
        finally:
            STREAMS.dec()
            streams.discard(queue)
            if not streams:
                self._streams.pop(execution_id, None)
                self._confirmed.pop(channel, None)
                self._changes.put_nowait(("unsubscribe", channel))

    def _deliver(self, channel: str, data: bytes) -> None:
        event = LiveEvent.from_envelope(data)
        if event is None:
            return
        for queue in self._streams.get(channel.removeprefix(self._prefix), ()):
            # A full queue drops the event: its stream sees the gap and reads it from the executor.
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(event)

    async def _read_forever(self) -> None:
        idle_channel = self._prefix + "hub"
        redis_outage = retrying.Outage("Redis (live execution events)", log=log)
        while True:
            try:
                if not self._pubsub.subscribed:
                    # get_message needs a subscription; this one keeps the connection while no stream is open.
                    await self._pubsub.subscribe(idle_channel)
                while not self._changes.empty():
                    change, channel = self._changes.get_nowait()
                    if change == "subscribe" and channel.removeprefix(self._prefix) in self._streams:
                        await self._pubsub.subscribe(channel)
                    elif change == "unsubscribe" and channel.removeprefix(self._prefix) not in self._streams:
                        await self._pubsub.unsubscribe(channel)
                # Short: a new stream's subscription waits for the next turn of this loop.
                message = await self._pubsub.get_message(timeout=CHANGE_LATENCY_SECONDS)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # Streams go on meanwhile: they poll the executor for what they miss.
                redis_outage.failed(exc)
                await asyncio.sleep(redis_outage.next_wait())
                continue
            redis_outage.recovered()
            if message is None:
                continue
            channel = (
                message["channel"].decode() if isinstance(message["channel"], bytes) else message["channel"]
            )
            if message["type"] == "subscribe":
                confirmed = self._confirmed.get(channel)
                if confirmed is not None:
                    confirmed.set()
            elif message["type"] == "message":
                self._deliver(channel, message["data"])
