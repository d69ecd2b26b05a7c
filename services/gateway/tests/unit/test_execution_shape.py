"""The execution's public shape comes from the executor's message in one place (`convert`): every
field of the message reaches the public body (but the workspace, which the caller's token
already says), and a listed execution is the same minus input, output and steps."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.gateway.api import convert, models

PRIVATE = {"workspace_id"}


def _stamp(second: int) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(datetime(2026, 1, 1, 0, 0, second, tzinfo=UTC))
    return stamp


def full_execution() -> executor_pb2.Execution:
    """Every field set to a value of its own."""
    return executor_pb2.Execution(
        id="e1",
        workspace_id="w1",
        workflow_id="f1",
        workflow_version=3,
        status="failed",
        input=b'{"in": 1}',
        output=b'{"out": 2}',
        error="boom",
        steps=[
            executor_pb2.Step(
                node_id="n",
                node_type="core.fail",
                status="failed",
                output=b"3",
                error="boom",
                attempts=2,
                start_time=_stamp(4),
                finish_time=_stamp(5),
            )
        ],
        create_time=_stamp(1),
        start_time=_stamp(2),
        finish_time=_stamp(3),
        retry_of="e0",
        parent_id="p1",
        error_of="x1",
    )


def test_every_field_of_the_executors_message_reaches_the_public_body() -> None:
    whole = convert.execution(full_execution()).model_dump()
    for field in executor_pb2.Execution.DESCRIPTOR.fields:
        if field.name in PRIVATE:
            continue
        changed = full_execution()
        if field.name == "status":
            changed.status = "succeeded"  # it always has one of the statuses
        else:
            changed.ClearField(field.name)
        assert convert.execution(changed).model_dump() != whole, f"{field.name} is dropped on the way"


def test_a_listed_execution_is_the_full_one_without_input_output_and_steps() -> None:
    message = full_execution()
    summary = convert.execution_summary(message).model_dump()
    full = convert.execution(message).model_dump()
    assert set(full) - set(summary) == {"input", "output", "steps"}
    assert summary == {name: full[name] for name in summary}
    assert set(models.ExecutionSummary.model_fields) < set(models.ExecutionPublic.model_fields)
