"""ExecutorService over gRPC: translate messages to use-case calls and back, nothing else."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from google.protobuf.timestamp_pb2 import Timestamp
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common.access import Action, MethodPolicy
from jobsprint.common.grpc_server import ServiceBinding
from jobsprint.common.identity import current_principal
from jobsprint.common.wire import json_bytes, timestamp
from jobsprint.executor.domain.executions import ExecutionFilter
from jobsprint.executor.service import control, dead_letters, previews, reading, starting
from jobsprint.executor.service.dependencies import Dependencies


def _time(message: Any, name: str) -> datetime | None:
    if not message.HasField(name):
        return None
    stamp: Timestamp = getattr(message, name)
    return stamp.ToDatetime(tzinfo=UTC)


def dead_letter_message(letter: Any) -> executor_pb2.DeadLetter:
    message = None
    if letter.reason == "malformed":
        message = executor_pb2.MalformedMessage(
            message_id=letter.message_id or "",
            routing_key=letter.routing_key or "",
            size_bytes=letter.size_bytes or 0,
            preview=letter.preview or "",
        )
    return executor_pb2.DeadLetter(
        id=letter.id,
        execution_id=letter.execution_id or "",
        workspace_id=letter.workspace_id or "",
        reason=letter.reason,
        error=letter.error,
        create_time=timestamp(letter.created_at),
        replay_time=timestamp(letter.replayed_at),
        replay_execution_id=letter.replay_execution_id or "",
        message=message,
    )


def execution_message(execution: Any, steps: list[Any] | None = None) -> executor_pb2.Execution:
    """The execution as the API shows it; without `steps`, as it is listed (no input, output or
    steps)."""
    message = executor_pb2.Execution(
        id=execution.id,
        workspace_id=execution.workspace_id,
        workflow_id=execution.workflow_id,
        workflow_version=execution.workflow_version,
        status=execution.status,
        error=execution.error,
        create_time=timestamp(execution.created_at),
        start_time=timestamp(execution.started_at),
        finish_time=timestamp(execution.finished_at),
        retry_of=execution.retry_of or "",
        parent_id=execution.parent_id or "",
        error_of=execution.error_of or "",
    )
    if steps is not None:
        message.input = json_bytes(execution.input)
        message.output = json_bytes(execution.output)
        message.steps.extend(
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
        )
    return message


class ExecutorServicer(executor_pb2_grpc.ExecutorServiceServicer):
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def StartExecution(self, request, context):  # type: ignore[no-untyped-def]
        principal = current_principal()
        execution_id = starting.start_execution(
            self._deps.uow(),
            self._deps.definitions,
            principal=principal,
            workflow_id=request.workflow_id,
            workflow_version=request.workflow_version,
            definition=request.definition,
            input_=request.input,
            request=request.request,
            priority=request.priority,
            idempotency_key=request.idempotency_key,
        )
        if request.idempotency_key:
            # Perhaps a repeat: answer with the execution the key started, as it is now.
            execution, steps = reading.get_execution(
                self._deps.uow(), principal=principal, execution_id=execution_id
            )
            return executor_pb2.StartExecutionResponse(execution=execution_message(execution, steps))
        # Answered from what was just written: reading it back would cost a transaction.
        return executor_pb2.StartExecutionResponse(
            execution=executor_pb2.Execution(
                id=execution_id,
                workspace_id=principal.workspace_id,
                workflow_id=request.workflow_id,
                workflow_version=request.workflow_version,
                status="queued",
                input=request.input or b"{}",
                create_time=timestamp(datetime.now(UTC)),
            )
        )

    def GetExecution(self, request, context):  # type: ignore[no-untyped-def]
        execution, steps = reading.get_execution(
            self._deps.uow(), principal=current_principal(), execution_id=request.id
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
                for node in self._deps.catalogue.values()
            ]
        )

    def CancelExecution(self, request, context):  # type: ignore[no-untyped-def]
        principal = current_principal()
        control.cancel_execution(
            self._deps.uow(),
            principal=principal,
            execution_id=request.id,
            workflow_label=self._deps.metrics_per_workflow,
        )
        execution, steps = reading.get_execution(
            self._deps.uow(), principal=principal, execution_id=request.id
        )
        return executor_pb2.CancelExecutionResponse(execution=execution_message(execution, steps))

    def RetryExecution(self, request, context):  # type: ignore[no-untyped-def]
        principal = current_principal()
        new_id = starting.retry_execution(
            self._deps.uow(),
            self._deps.definitions,
            principal=principal,
            execution_id=request.id,
            from_start=request.from_start,
        )
        execution, steps = reading.get_execution(self._deps.uow(), principal=principal, execution_id=new_id)
        return executor_pb2.RetryExecutionResponse(execution=execution_message(execution, steps))

    def ListDeadLetters(self, request, context):  # type: ignore[no-untyped-def]
        letters, next_token = dead_letters.list_dead_letters(
            self._deps.reads(),
            principal=current_principal(),
            page_size=request.page_size,
            page_token=request.page_token,
            scope=request.scope or dead_letters.WORKSPACE,
        )
        return executor_pb2.ListDeadLettersResponse(
            next_page_token=next_token,
            dead_letters=[dead_letter_message(letter) for letter in letters],
        )

    def ReplayDeadLetter(self, request, context):  # type: ignore[no-untyped-def]
        execution_id = dead_letters.replay_dead_letter(
            self._deps.uow(), self._deps.definitions, principal=current_principal(), dead_letter_id=request.id
        )
        return executor_pb2.ReplayDeadLetterResponse(execution_id=execution_id)

    def DeleteDeadLetter(self, request, context):  # type: ignore[no-untyped-def]
        dead_letters.discard_dead_letter(
            self._deps.uow(), principal=current_principal(), dead_letter_id=request.id
        )
        return executor_pb2.DeleteDeadLetterResponse()

    def ListExecutions(self, request, context):  # type: ignore[no-untyped-def]
        rows, next_token = reading.list_executions(
            self._deps.uow(),
            principal=current_principal(),
            filters=ExecutionFilter(
                workspace_id="",
                workflow_id=request.workflow_id,
                statuses=tuple(request.statuses),
                created_after=_time(request, "created_after"),
                created_before=_time(request, "created_before"),
                started_after=_time(request, "started_after"),
                started_before=_time(request, "started_before"),
                finished_after=_time(request, "finished_after"),
                finished_before=_time(request, "finished_before"),
            ),
            order_by=request.order_by,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return executor_pb2.ListExecutionsResponse(
            executions=[execution_message(row) for row in rows], next_page_token=next_token
        )

    def BatchGetExecutions(self, request, context):  # type: ignore[no-untyped-def]
        found, missing = reading.batch_get_executions(
            self._deps.uow(), principal=current_principal(), execution_ids=list(request.ids)
        )
        return executor_pb2.BatchGetExecutionsResponse(
            executions=[execution_message(execution, steps) for execution, steps in found],
            missing_ids=missing,
        )

    def ListExecutionEvents(self, request, context):  # type: ignore[no-untyped-def]
        rows, status, more = reading.list_execution_events(
            self._deps.uow(),
            principal=current_principal(),
            execution_id=request.execution_id,
            after=request.after_sequence,
            limit=request.page_size,
        )
        return executor_pb2.ListExecutionEventsResponse(
            events=[
                executor_pb2.ExecutionEvent(
                    execution_id=row.execution_id,
                    sequence=row.seq,
                    type=row.type,
                    data=orjson.dumps(row.data),
                    time=timestamp(row.created_at),
                )
                for row in rows
            ],
            status=status,
            more=more,
        )

    def EvaluateExpression(self, request, context):  # type: ignore[no-untyped-def]
        return executor_pb2.EvaluateExpressionResponse(
            result=previews.evaluate_expression(self._deps.sandbox, value=request.value, scope=request.scope)
        )


# Everything else follows the method names (`access.classify`). Evaluating an expression over
# the caller's own sample data reads and changes nothing: any member may (the editor's preview).
# DeleteDeadLetter discards what belongs to no workspace: no role in the caller's workspace says
# anything about it; the use case lets only an instance operator (ADR-102).
POLICY = MethodPolicy(overrides={"EvaluateExpression": Action.SELF, "DeleteDeadLetter": Action.SELF})


def binding(deps: Dependencies) -> ServiceBinding:
    """The ExecutorService servicer over `deps`, ready for a GrpcServer."""
    return ServiceBinding(
        executor_pb2_grpc.add_ExecutorServiceServicer_to_server,
        ExecutorServicer(deps),
        executor_pb2.DESCRIPTOR.services_by_name["ExecutorService"].full_name,
    )
