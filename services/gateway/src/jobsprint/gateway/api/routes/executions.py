"""Executions: read one with its steps."""

from __future__ import annotations

from fastapi import APIRouter
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.gateway.api import convert, models
from jobsprint.gateway.api.deps import CallerRpc, State
from jobsprint.gateway.openapi import errors

router = APIRouter(prefix="/executions", tags=["executions"])


@router.get("/{execution_id}", responses=errors(403, 404))
async def get_execution(execution_id: str, rpc: CallerRpc, state: State) -> models.ExecutionPublic:
    """Read one execution of the caller's workspace, with each step's output and error."""
    reply = await rpc(state.clients.executor.GetExecution, executor_pb2.GetExecutionRequest(id=execution_id))
    return convert.execution(reply.execution)
