"""Executions: list with filters, read one with its steps, read many by id, and follow one live
(Server-Sent Events)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Literal

import grpc
from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.common.tokens import Principal
from jobsprint.gateway.api import convert, models, paging
from jobsprint.gateway.api.deps import CallerRpc, CurrentPrincipal, State
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.api.waiting import TERMINAL
from jobsprint.gateway.live import LiveEvent
from jobsprint.gateway.openapi import errors, headers, merge
from jobsprint.gateway.problems import Problem
from jobsprint.gateway.rpc import Rpc

log = logging.getLogger(__name__)

router = APIRouter(prefix="/executions", tags=["executions"], route_class=DocumentRoute)

Order = Literal["created_at desc", "created_at", "finished_at desc", "finished_at"]
# Tells EventSource clients how long to wait before reconnecting (milliseconds).
RECONNECT_MS = 2000
EVENTS_PAGE = 500
# Empty (start from the beginning) or an event's sequence number.
LAST_EVENT_ID_PATTERN = "^[0-9]{0,18}$"


@router.get("", responses=merge(headers(200, "Link", required=False), errors(403)))
async def list_executions(
    rpc: CallerRpc,
    request: Request,
    response: Response,
    workflow_id: Annotated[
        str | None,
        Query(max_length=64, description="Only this workflow's runs.", json_schema_extra={"format": "uuid"}),
    ] = None,
    status: Annotated[
        list[models.ExecutionStatus] | None, Query(description="Only these statuses (repeatable).")
    ] = None,
    created_after: Annotated[
        models.DateTime | None, Query(description="Created at or after (RFC 3339 with an offset).")
    ] = None,
    created_before: Annotated[models.DateTime | None, Query(description="Created before.")] = None,
    started_after: Annotated[models.DateTime | None, Query(description="Started at or after.")] = None,
    started_before: Annotated[models.DateTime | None, Query(description="Started before.")] = None,
    finished_after: Annotated[models.DateTime | None, Query(description="Finished at or after.")] = None,
    finished_before: Annotated[models.DateTime | None, Query(description="Finished before.")] = None,
    order_by: Annotated[
        Order,
        Query(description="Newest first by default; ordering by `finished_at` lists finished runs only."),
    ] = "created_at desc",
    limit: paging.Limit = 50,
    cursor: paging.Cursor = None,
) -> models.ExecutionsPage:
    """Page the workspace's executions, newest first, filtered by workflow, status and time ranges."""
    reply = await paging.page(
        rpc(
            executor_pb2.ListExecutionsRequest(
                page_size=limit,
                page_token=cursor or "",
                workflow_id=workflow_id or "",
                statuses=status or [],
                created_after=convert.timestamp(created_after),
                created_before=convert.timestamp(created_before),
                started_after=convert.timestamp(started_after),
                started_before=convert.timestamp(started_before),
                finished_after=convert.timestamp(finished_after),
                finished_before=convert.timestamp(finished_before),
                order_by=order_by,
            ),
        )
    )
    return models.ExecutionsPage(
        items=[convert.execution_summary(e) for e in reply.executions],
        next_cursor=paging.next_cursor(request, response, reply.next_page_token),
    )


@router.post(":batchGet", responses=errors(403))
async def batch_get_executions(body: models.BatchGetRequest, rpc: CallerRpc) -> models.ExecutionsBatch:
    """Read up to 100 executions with their steps in one call; ids not in your workspace are listed
    in `not_found` (another workspace's look exactly like unknown ones)."""
    reply = await rpc(executor_pb2.BatchGetExecutionsRequest(ids=body.ids))
    return models.ExecutionsBatch(
        items=[convert.execution(e) for e in reply.executions], not_found=list(reply.missing_ids)
    )


@router.get("/{execution_id}", responses=errors(403, 404))
async def get_execution(execution_id: str, rpc: CallerRpc) -> models.ExecutionPublic:
    """Read one execution of the caller's workspace, with each step's output and error."""
    reply = await rpc(executor_pb2.GetExecutionRequest(id=execution_id))
    return convert.execution(reply.execution)


@dataclass
class Watch:
    """A stream about to start: who watches what, from where, and the first page of history."""

    principal: Principal
    rpc: Rpc
    execution_id: str
    after: int
    first: executor_pb2.ListExecutionEventsResponse


async def _events_after(rpc: Rpc, execution_id: str, after: int) -> executor_pb2.ListExecutionEventsResponse:
    return await rpc(
        executor_pb2.ListExecutionEventsRequest(
            execution_id=execution_id, after_sequence=after, page_size=EVENTS_PAGE
        ),
    )


async def _watch(
    execution_id: str,
    principal: CurrentPrincipal,
    rpc: CallerRpc,
    last_event_id: Annotated[
        str | None,
        Header(
            alias="Last-Event-ID",
            description="Resume after this event (its `id`); EventSource sends it when it reconnects. "
            "Anything but a sequence number is refused (400).",
            json_schema_extra={"pattern": LAST_EVENT_ID_PATTERN},
        ),
    ] = None,
) -> Watch:
    after = 0
    if last_event_id is not None and last_event_id.strip():
        raw = last_event_id.strip()
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise Problem(
                400,
                "Last-Event-ID must be the id of an event of this stream (a non-negative whole number)",
                title="Invalid Last-Event-ID",
            )
        after = int(raw)
    # Also the access check: another workspace's execution is 404 before anything streams.
    first = await _events_after(rpc, execution_id, after)
    return Watch(principal=principal, rpc=rpc, execution_id=execution_id, after=after, first=first)


class _Progress:
    """Where a stream is: the last event sent, and whether the history is complete."""

    def __init__(self, after: int) -> None:
        self.last = after
        self.done = False

    def take(self, event: LiveEvent) -> ServerSentEvent | None:
        """The SSE for the next event in order; None for one already sent."""
        if event.sequence <= self.last or self.done:
            return None
        self.last = event.sequence
        self.done = event.final
        return ServerSentEvent(id=str(event.sequence), event=event.type, data=event.public())


async def _catch_up(
    watch: Watch,
    progress: _Progress,
    reply: executor_pb2.ListExecutionEventsResponse | None,
) -> AsyncIterator[ServerSentEvent]:
    """Every event after the last one sent, from the executor's history, page by page."""
    while not progress.done:
        if reply is None:
            # A stream outlives its request's time budget: each later read gets a budget of its own.
            rpc = watch.rpc.starting_now()
            reply = await _events_after(rpc, watch.execution_id, progress.last)
        for message in reply.events:
            sent = progress.take(LiveEvent.from_message(message))
            if sent is not None:
                yield sent
        if not reply.more:
            # A final status read before these events: nothing can follow (also ends the streams
            # of executions older than the numbered history, which have no final event in it).
            progress.done = progress.done or reply.status in TERMINAL
            return
        reply = None


@router.get(
    "/{execution_id}/events",
    response_class=EventSourceResponse,
    responses=merge(
        {
            200: {
                "description": "`text/event-stream`: each event's `id` is its sequence number, `event` its "
                "type, `data` an ExecutionEventPublic as JSON; `: keep-alive` comments while idle. The "
                "stream ends after the execution's final event (or after `GATEWAY_SSE_MAX_SECONDS`, or "
                "when the token expires: reconnect with `Last-Event-ID`).",
            }
        },
        errors(400, 403, 404, e400="`Last-Event-ID` is not the id of an event."),
    ),
)
async def execution_events(
    watch: Annotated[Watch, Depends(_watch)], state: State
) -> AsyncIterable[models.ExecutionEventPublic]:
    """Follow an execution live as Server-Sent Events: what already happened (after `Last-Event-ID`),
    then each new event as it happens, until the execution is final."""
    # FastAPI documents the annotation's item type as each event's `data`; what is yielded is the
    # ServerSentEvent that carries it with its id and type, which the annotation cannot say.
    async for sent in _events(watch, state):
        yield sent  # type: ignore[misc]


async def _events(watch: Watch, state: State) -> AsyncIterator[ServerSentEvent]:
    settings = state.settings
    progress = _Progress(watch.after)
    yield ServerSentEvent(comment=f"execution {watch.execution_id}", retry=RECONNECT_MS)
    try:
        async for sent in _catch_up(watch, progress, watch.first):
            yield sent
        if progress.done:
            return
        async with state.events.subscribe(watch.execution_id) as live:
            # Subscribed: whatever committed since the first read is fetched once, the rest arrives.
            async for sent in _catch_up(watch, progress, None):
                yield sent
            loop = asyncio.get_running_loop()
            now = loop.time()
            # Never past the token's expiry: a stream does not outlive its credential.
            remaining = min(settings.sse_max_seconds, watch.principal.expires_at - time.time())
            deadline = now + max(0.0, remaining)
            next_heartbeat = now + settings.sse_heartbeat_seconds
            next_poll = now + settings.sse_poll_seconds
            while not progress.done and now < deadline:
                try:
                    event: LiveEvent | None = await asyncio.wait_for(
                        live.get(), timeout=max(0.0, min(next_heartbeat, next_poll, deadline) - now)
                    )
                except TimeoutError:
                    event = None
                now = loop.time()
                if event is not None:
                    next_poll = now + settings.sse_poll_seconds
                    if event.sequence > progress.last + 1:
                        # A gap (a message lost or overtaken): the history has what is missing.
                        async for sent in _catch_up(watch, progress, None):
                            yield sent
                        next_heartbeat = now + settings.sse_heartbeat_seconds
                        continue
                    sent_now = progress.take(event)
                    if sent_now is not None:
                        yield sent_now
                        next_heartbeat = now + settings.sse_heartbeat_seconds
                    continue
                if now >= next_poll:
                    async for sent in _catch_up(watch, progress, None):
                        yield sent
                    next_poll = now + settings.sse_poll_seconds
                if now >= next_heartbeat and not progress.done:
                    yield ServerSentEvent(comment="keep-alive")
                    next_heartbeat = now + settings.sse_heartbeat_seconds
    except grpc.aio.AioRpcError as exc:
        # Mid-stream, an answer can no longer be an HTTP error: the stream ends, and the client
        # reconnects with Last-Event-ID (and a fresh token if that was the trouble).
        log.info("event stream of %s ended: %s %s", watch.execution_id, exc.code().name, exc.details())
