"""Live execution events for SSE streams, across gateway replicas (ADR-043, ADR-053).

The executor's outbox relay rings the newest execution event of each batch it publishes, numbered
in its execution's history, on the Redis pub/sub channel of its execution (a stream that sees the
sequence jump reads the events in between from the history). A replica subscribes (the hub, one
Redis connection per process) only to the channels of executions it has streams for. Redis only
wakes streams up: the executor's numbered history is the truth, so a lost ring delays a stream,
never changes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
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
# Execution ends rung lately, kept for the callers that start waiting just after (a few seconds' worth).
RECENT_RINGS = 4096
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


@dataclass(frozen=True)
class Rung:
    """An execution's end as a worker rang it (ADR-104): with its status, output (as JSON text)
    and error when the ring carried them (`complete`), its id alone otherwise."""

    execution_id: str
    status: str = ""
    output: bytes | None = None
    error: str = ""

    @property
    def complete(self) -> bool:
        return bool(self.status)

    @classmethod
    def from_payload(cls, data: bytes) -> Rung:
        payload = orjson.loads(data)
        if "status" not in payload:
            return cls(str(payload["id"]))
        return cls(
            str(payload["id"]),
            status=str(payload["status"]),
            # A copy of exactly its length: orjson's own bytes keep its 4 KiB write buffer, and the
            # hub keeps RECENT_RINGS of these (16 MB under load, ADR-103).
            output=bytes(memoryview(orjson.dumps(payload.get("output")))),
            error=str(payload.get("error") or ""),
        )


class Waiter:
    """One caller waiting on an execution's end: `event` is set when it is rung."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.rung: Rung | None = None

    def ring(self, rung: Rung) -> None:
        self.rung = rung
        self.event.set()


class EventHub:
    """Redis pub/sub → the streams of this process: one connection, a channel per watched
    execution; and the channel every worker rings an execution's id on once its end is committed
    (`finished`, ADR-104), always subscribed, for the callers waiting on a run's answer."""

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
        self._finished_channel = redis_clients.finished_channel(self._client)
        self._finishes: dict[str, list[Waiter]] = {}
        self._recent: OrderedDict[str, Rung] = OrderedDict()
        # Whether the finished channel is subscribed now: while not, waiters poll as before.
        self.rings = False

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

    @contextlib.contextmanager
    def finish_of(self, execution_id: str) -> Iterator[Waiter]:
        """A waiter told of `execution_id`'s end when a worker rings it while the block runs, or
        rang it a moment before (the last RECENT_RINGS rings are kept): a run may end before its
        caller starts to wait."""
        waiter = Waiter()
        rung = self._recent.get(execution_id)
        if rung is not None:
            waiter.ring(rung)
        waiters = self._finishes.setdefault(execution_id, [])
        waiters.append(waiter)
        try:
            yield waiter
        finally:
            waiters.remove(waiter)
            if not waiters:
                del self._finishes[execution_id]

    def _finished(self, data: bytes) -> None:
        try:
            rung = Rung.from_payload(data)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            log.warning("an execution's end was rung with a payload that is not one: %r", data[:80])
            return
        self._recent[rung.execution_id] = rung
        if len(self._recent) > RECENT_RINGS:
            self._recent.popitem(last=False)
        for waiter in self._finishes.get(rung.execution_id, ()):
            waiter.ring(rung)

    def _deliver(self, channel: str, data: bytes) -> None:
        event = LiveEvent.from_envelope(data)
        if event is None:
            return
        for queue in self._streams.get(channel.removeprefix(self._prefix), ()):
            # A full queue drops the event: its stream sees the gap and reads it from the executor.
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(event)

    async def _read_forever(self) -> None:
        redis_outage = retrying.Outage("Redis (live execution events)", log=log)
        while True:
            try:
                if not self._pubsub.subscribed:
                    # Always subscribed: it also keeps the connection while no stream is open.
                    await self._pubsub.subscribe(self._finished_channel)
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
                # Streams and waiters go on meanwhile: they poll the executor for what they miss.
                self.rings = False
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
                if channel == self._finished_channel:
                    self.rings = True
                confirmed = self._confirmed.get(channel)
                if confirmed is not None:
                    confirmed.set()
            elif message["type"] == "message":
                if channel == self._finished_channel:
                    self._finished(message["data"])
                else:
                    self._deliver(channel, message["data"])
