"""Executions: read one with its steps."""

from __future__ import annotations

from fastapi import APIRouter
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.gateway.api import convert, models
from jobsprint.gateway.api.deps import CurrentPrincipal, State, rpc_metadata

router = APIRouter(prefix="/executions", tags=["executions"])


@router.get("/{execution_id}")
async def get_execution(
    execution_id: str, principal: CurrentPrincipal, state: State
) -> models.ExecutionPublic:
    """Read one execution of the caller's workspace, with each step's output and error."""
    reply = await state.clients.executor.GetExecution(
        executor_pb2.GetExecutionRequest(id=execution_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return convert.execution(reply.execution)
