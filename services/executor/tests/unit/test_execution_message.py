"""The execution as the executor's API answers it: one mapping, listed (no input, output, steps)
or whole."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from jobsprint.executor.entrypoints.grpc_api import execution_message

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ROW = SimpleNamespace(
    id="e1",
    workspace_id="w1",
    workflow_id="f1",
    workflow_version=2,
    status="succeeded",
    input={"a": 1},
    output={"b": 2},
    error="",
    created_at=NOW,
    started_at=NOW,
    finished_at=None,
    retry_of=None,
    parent_id="p1",
    error_of=None,
)
STEP = SimpleNamespace(
    node_id="n",
    node_type="core.noop",
    status="succeeded",
    output={"c": 3},
    error="",
    attempts=1,
    started_at=NOW,
    finished_at=NOW,
)


def test_a_listed_execution_carries_no_input_output_or_steps() -> None:
    listed = execution_message(ROW)
    assert (listed.input, listed.output, list(listed.steps)) == (b"", b"", [])
    assert (listed.id, listed.parent_id, listed.retry_of) == ("e1", "p1", "")
    assert listed.HasField("start_time") and not listed.HasField("finish_time")


def test_a_whole_execution_is_the_listed_one_with_input_output_and_steps() -> None:
    whole = execution_message(ROW, [STEP])
    assert (whole.input, whole.output) == (b'{"a":1}', b'{"b":2}')
    assert [(s.node_id, s.output, s.attempts) for s in whole.steps] == [("n", b'{"c":3}', 1)]
    whole.ClearField("input")
    whole.ClearField("output")
    whole.ClearField("steps")
    assert whole == execution_message(ROW)
