"""Execution control: cancel, retry, and the dead-letter list with replay."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.common.access import Action
from jobsprint.gateway.api import convert, models, paging
from jobsprint.gateway.api.deps import CallerRpc
from jobsprint.gateway.api.models import Input
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.idempotency import idempotent
from jobsprint.gateway.openapi import errors, headers, merge
from pydantic import BaseModel, Field

router = APIRouter(tags=["executions"], route_class=DocumentRoute)


class RetryRequest(Input):
    from_: Literal["failed", "start"] = Field(
        "failed",
        alias="from",
        description="`failed`: reuse the outputs before the failed step; `start`: run every step again.",
    )


class MalformedMessagePublic(BaseModel):
    """What a dead letter keeps of a run message no worker could decode (ADR-102)."""

    message_id: str | None = Field(None, description="The AMQP message id; null when it had none.")
    routing_key: str
    size_bytes: int
    preview: str = Field(
        description="The body's first 256 bytes as text: undecodable bytes and control characters"
        " escaped (`\\xff`), `…` when cut."
    )


class DeadLetterPublic(BaseModel):
    id: int
    execution_id: str | None = Field(description="Null for a malformed message, which names no execution.")
    workspace_id: str | None = Field(
        None, description="Null for a malformed message, which belongs to no workspace."
    )
    reason: Literal["retries_exhausted", "unhandled_error", "malformed"]
    error: str
    created_at: datetime | None = None
    replayed_at: datetime | None = None
    replay_execution_id: str | None = None
    message: MalformedMessagePublic | None = Field(
        None, description="Set for a malformed message only (`scope=instance`)."
    )


class DeadLetterList(BaseModel):
    items: list[DeadLetterPublic]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page.")


class ReplayAccepted(BaseModel):
    execution_id: str


@router.post(
    "/executions/{execution_id}/cancel",
    responses=errors(403, 404, 409, e409="The execution has already finished."),
)
async def cancel_execution(execution_id: str, rpc: CallerRpc) -> models.ExecutionPublic:
    """Cancel a queued, running or waiting execution; a running step finishes, no further step starts."""
    reply = await rpc(executor_pb2.CancelExecutionRequest(id=execution_id))
    return convert.execution(reply.execution)


@router.post(
    "/executions/{execution_id}/retry",
    status_code=status.HTTP_202_ACCEPTED,
    responses=errors(403, 404, 409, e409="Only a failed or cancelled execution can be retried."),
    dependencies=[idempotent(Action.RUN)],
)
async def retry_execution(
    execution_id: str, rpc: CallerRpc, body: RetryRequest | None = None
) -> models.ExecutionPublic:
    """Start a new execution retrying a failed or cancelled one, from its failed step or from the start."""
    reply = await rpc(
        executor_pb2.RetryExecutionRequest(
            id=execution_id, from_start=body is not None and body.from_ == "start"
        ),
    )
    return convert.execution(reply.execution)


@router.get(
    "/dead-letters",
    tags=["dead letters"],
    responses=merge(
        headers(200, "Link", required=False),
        errors(
            403,
            e403="Your role or your API key's scopes do not allow this; `scope=instance` needs an"
            " instance operator (`AUTH_OPERATOR_EMAILS`).",
        ),
    ),
)
async def list_dead_letters(
    rpc: CallerRpc,
    request: Request,
    response: Response,
    limit: int = Query(100, ge=1, le=500, description="Page size."),
    cursor: paging.Cursor = None,
    scope: Literal["workspace", "instance"] = Query(
        "workspace",
        description="`workspace`: the caller's workspace's dead letters. `instance`: the run messages"
        " no worker could decode, which belong to no workspace; an instance operator's only.",
    ),
) -> DeadLetterList:
    """Executions that exhausted their retries or that no worker could handle, newest first."""
    reply = await paging.page(
        rpc(
            executor_pb2.ListDeadLettersRequest(page_size=limit, page_token=cursor or "", scope=scope),
        )
    )
    return DeadLetterList(
        next_cursor=paging.next_cursor(request, response, reply.next_page_token),
        items=[_dead_letter(letter) for letter in reply.dead_letters],
    )


def _dead_letter(letter: executor_pb2.DeadLetter) -> DeadLetterPublic:
    message = None
    if letter.HasField("message"):
        message = MalformedMessagePublic(
            message_id=letter.message.message_id or None,
            routing_key=letter.message.routing_key,
            size_bytes=letter.message.size_bytes,
            preview=letter.message.preview,
        )
    return DeadLetterPublic(
        id=letter.id,
        execution_id=letter.execution_id or None,
        workspace_id=letter.workspace_id or None,
        reason=letter.reason,  # type: ignore[arg-type]
        error=letter.error,
        created_at=convert._time(letter, "create_time"),
        replayed_at=convert._time(letter, "replay_time"),
        replay_execution_id=letter.replay_execution_id or None,
        message=message,
    )


@router.post(
    "/dead-letters/{dead_letter_id}/replay",
    status_code=status.HTTP_202_ACCEPTED,
    tags=["dead letters"],
    responses=errors(
        403,
        404,
        409,
        e409="The dead letter was already replayed, or it is a malformed message, which names no"
        " execution to replay.",
    ),
    dependencies=[idempotent(Action.RUN)],
)
async def replay_dead_letter(
    dead_letter_id: Annotated[int, Path(ge=1, le=2**63 - 1)], rpc: CallerRpc
) -> ReplayAccepted:
    """Retry the dead letter's execution from its failed step (or queue it again if it never finished)."""
    reply = await rpc(executor_pb2.ReplayDeadLetterRequest(id=dead_letter_id))
    return ReplayAccepted(execution_id=reply.execution_id)


@router.delete(
    "/dead-letters/{dead_letter_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["dead letters"],
    responses=errors(
        403,
        404,
        e403="Only an instance operator (`AUTH_OPERATOR_EMAILS`) discards a dead letter.",
        e404="No malformed message's dead letter with this id (a workspace's letters are replayed, not discarded).",
    ),
)
async def delete_dead_letter(
    dead_letter_id: Annotated[int, Path(ge=1, le=2**63 - 1)], rpc: CallerRpc
) -> Response:
    """Discard a malformed message's dead letter once read; the message stays in `executor.run.dlq`."""
    await rpc(executor_pb2.DeleteDeadLetterRequest(id=dead_letter_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
