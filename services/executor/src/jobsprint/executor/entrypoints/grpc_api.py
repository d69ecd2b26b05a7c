"""ExecutorService over gRPC: translate messages to handler calls and back, nothing else."""

from __future__ import annotations

from typing import Any

import orjson
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common.identity import current_principal
from jobsprint.common.wire import json_bytes, timestamp
from jobsprint.executor import handlers
from jobsprint.executor.domain.nodes import CATALOGUE


def execution_message(execution: Any, steps: list[Any]) -> executor_pb2.Execution:
    return executor_pb2.Execution(
        id=execution.id,
        workspace_id=execution.workspace_id,
        workflow_id=execution.workflow_id,
        workflow_version=execution.workflow_version,
        status=execution.status,
        input=json_bytes(execution.input),
        output=json_bytes(execution.output),
        error=execution.error,
        steps=[
            executor_pb2.Step(
                node_id=step.node_id,
                node_type=step.node_type,
                status=step.status,
                output=json_bytes(step.output),
                error=step.error,
                attempts=step.attempts,
                start_time=timestamp(step.started_at),
                finish_time=timestamp(step.finished_at),
            )
            for step in steps
        ],
        create_time=timestamp(execution.created_at),
        start_time=timestamp(execution.started_at),
        finish_time=timestamp(execution.finished_at),
    )


class ExecutorServicer(executor_pb2_grpc.ExecutorServiceServicer):
    def __init__(self, ctx: handlers.ExecutorContext) -> None:
        self._ctx = ctx

    def StartExecution(self, request, context):  # type: ignore[no-untyped-def]
        execution_id = handlers.start_execution(
            self._ctx,
            principal=current_principal(),
            workflow_id=request.workflow_id,
            workflow_version=request.workflow_version,
            definition=request.definition,
            input_=request.input,
            request=request.request,
        )
        execution, steps = handlers.get_execution(
            self._ctx, principal=current_principal(), execution_id=execution_id
        )
        return executor_pb2.StartExecutionResponse(execution=execution_message(execution, steps))

    def GetExecution(self, request, context):  # type: ignore[no-untyped-def]
        execution, steps = handlers.get_execution(
            self._ctx, principal=current_principal(), execution_id=request.id
        )
        return executor_pb2.GetExecutionResponse(execution=execution_message(execution, steps))

    def ListNodeTypes(self, request, context):  # type: ignore[no-untyped-def]
        return executor_pb2.ListNodeTypesResponse(
            node_types=[
                executor_pb2.NodeType(
                    type=node.type,
                    description=node.description,
                    parameters_schema=orjson.dumps(node.parameters_schema),
                    outputs=list(node.outputs),
                    trigger=node.trigger,
                )
                for node in CATALOGUE.values()
            ]
        )
