"""Workflow definitions: create, read, activate, deactivate, run."""

from __future__ import annotations

import asyncio
import time

import orjson
from fastapi import APIRouter, Query, Response, status
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.api.workflows.v1 import workflows_pb2
from jobsprint.gateway.api import convert, models
from jobsprint.gateway.api.deps import CurrentPrincipal, State, rpc_metadata

router = APIRouter(prefix="/workflows", tags=["workflows"])

TERMINAL = frozenset({"succeeded", "failed", "cancelled"})


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_workflow(
    body: models.WorkflowCreate, principal: CurrentPrincipal, state: State
) -> models.WorkflowPublic:
    """Validate a definition and store it as version 1."""
    reply = await state.clients.workflows.CreateWorkflow(
        workflows_pb2.CreateWorkflowRequest(
            name=body.name,
            description=body.description,
            tags=body.tags,
            definition=orjson.dumps(body.definition),
        ),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return convert.workflow(reply.workflow)


@router.get("/{workflow_id}")
async def get_workflow(workflow_id: str, principal: CurrentPrincipal, state: State) -> models.WorkflowPublic:
    """Read one workflow of the caller's workspace."""
    reply = await state.clients.workflows.GetWorkflow(
        workflows_pb2.GetWorkflowRequest(id=workflow_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return convert.workflow(reply.workflow)


@router.post("/{workflow_id}/activate")
async def activate_workflow(
    workflow_id: str, principal: CurrentPrincipal, state: State
) -> models.WorkflowPublic:
    """Let the workflow's webhook and schedule fire."""
    reply = await state.clients.workflows.ActivateWorkflow(
        workflows_pb2.ActivateWorkflowRequest(id=workflow_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return convert.workflow(reply.workflow)


@router.post("/{workflow_id}/deactivate")
async def deactivate_workflow(
    workflow_id: str, principal: CurrentPrincipal, state: State
) -> models.WorkflowPublic:
    """Stop the workflow's webhook and schedule."""
    reply = await state.clients.workflows.DeactivateWorkflow(
        workflows_pb2.DeactivateWorkflowRequest(id=workflow_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return convert.workflow(reply.workflow)


@router.post(
    "/{workflow_id}/run",
    status_code=status.HTTP_202_ACCEPTED,
    responses={200: {"model": models.RunFinished, "description": "With `?wait=true`: the finished run."}},
)
async def run_workflow(
    workflow_id: str,
    principal: CurrentPrincipal,
    state: State,
    response: Response,
    body: models.RunRequest | None = None,
    wait: bool = Query(False, description="Answer when the run has finished, with its output."),
) -> models.RunAccepted | models.RunFinished:
    """Start a run of the workflow's current version; with `?wait=true`, wait for its output."""
    metadata = rpc_metadata(principal)
    reply = await state.clients.workflows.RunWorkflow(
        workflows_pb2.RunWorkflowRequest(id=workflow_id, input=orjson.dumps(body.input if body else {})),
        metadata=metadata,
        timeout=state.settings.rpc_timeout_seconds,
    )
    accepted = models.RunAccepted(
        execution_id=reply.execution_id,
        workflow_id=workflow_id,
        workflow_version=reply.workflow_version,
        status=reply.status,  # type: ignore[arg-type]
    )
    response.headers["Location"] = f"/v1/executions/{reply.execution_id}"
    if not wait:
        return accepted
    deadline = time.monotonic() + state.settings.run_wait_seconds
    delay = 0.02
    while time.monotonic() < deadline:
        execution = (
            await state.clients.executor.GetExecution(
                executor_pb2.GetExecutionRequest(id=reply.execution_id),
                metadata=metadata,
                timeout=state.settings.rpc_timeout_seconds,
            )
        ).execution
        if execution.status in TERMINAL:
            response.status_code = status.HTTP_200_OK
            public = convert.execution(execution)
            return models.RunFinished(
                **accepted.model_dump(exclude={"status"}),
                status=public.status,
                output=public.output,
                error=public.error,
                steps=public.steps,
            )
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.25)
    return accepted
