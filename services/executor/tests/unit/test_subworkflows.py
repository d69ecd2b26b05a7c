"""Unit tests of `core.subworkflow` in the engine: starting the called workflow, waiting for it
without a worker, going on with its output, its failure, and the depth limit (no I/O: the
workflows service is a fake resolver)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

import pytest
from jobsprint.common.definitions import Definition, parse
from jobsprint.executor.domain import subworkflows
from jobsprint.executor.domain.engine import (
    CANCELLED,
    FAILED,
    RETRY,
    SUBWORKFLOW,
    SUCCEEDED,
    WAITING,
    ChildResult,
    Outcome,
    Resume,
    RunContext,
    StepRecord,
)
from jobsprint.executor.domain.nodes import NodeCall, NodeFailure
from jobsprint.executor.domain.subworkflows import ResolvedWorkflow, ResolveFailure

from .engine_runs import catalogue, run

CATALOGUE = catalogue()
CHILD_ID = "7d1c4f0e-93a4-4c52-8f0a-2d9b1f6e3a21"
CHILD_DEFINITION = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {"id": "double", "type": "core.set", "parameters": {"values": {"n": "{{ input.n * 2 }}"}}},
    ],
    "edges": [{"from": "start", "to": "double"}],
}
CTX = RunContext("parent-1", "wf-parent", "2026-01-01T00:00:00Z", {"n": 4}, workspace_id="ws-1", depth=0)
T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


class FakeWorkflows:
    """The workflows service as the node sees it: versions by workflow id, calls recorded."""

    def __init__(self) -> None:
        first = {"nodes": [{"id": "start", "type": "trigger.manual"}], "edges": []}
        self.versions: dict[str, dict[int, Any]] = {CHILD_ID: {1: first, 2: CHILD_DEFINITION}}
        self.calls: list[tuple[str, str, int | None]] = []
        self.unavailable = False

    def resolve(self, *, workspace_id: str, workflow_id: str, version: int | None) -> ResolvedWorkflow:
        self.calls.append((workspace_id, workflow_id, version))
        if self.unavailable:
            raise ResolveFailure("the workflows service did not answer", retryable=True)
        known = self.versions.get(workflow_id)
        if known is None:
            raise ResolveFailure(f"workflow {workflow_id}: no workflow in this workspace", retryable=False)
        chosen = max(known) if version is None else version
        if chosen not in known:
            raise ResolveFailure(f"workflow {workflow_id} has no version {version}", retryable=False)
        return ResolvedWorkflow(workflow_id, chosen, known[chosen])


@pytest.fixture
def workflows(monkeypatch: pytest.MonkeyPatch) -> FakeWorkflows:
    """The workflows service, bound into a catalogue of this test's own (the module's, for this test)."""
    fake = FakeWorkflows()
    monkeypatch.setattr(sys.modules[__name__], "CATALOGUE", catalogue())
    subworkflows.register(CATALOGUE, fake, max_depth=3)
    return fake


def _definition(
    call_parameters: dict[str, Any], *, error_edge: bool = False, retry: Any = None
) -> Definition:
    call: dict[str, Any] = {"id": "call", "type": "core.subworkflow", "parameters": call_parameters}
    if retry is not None:
        call["retry"] = retry
    nodes = [
        {"id": "start", "type": "trigger.manual"},
        call,
        {"id": "after", "type": "core.set", "parameters": {"values": {"after": True}}},
        {"id": "handler", "type": "core.set", "parameters": {"values": {"handled": True}}},
    ]
    edges = [{"from": "start", "to": "call"}, {"from": "call", "to": "after"}]
    if error_edge:
        edges.append({"from": "call", "to": "handler", "output": "error"})
    return parse({"nodes": nodes, "edges": edges}, is_known_type=CATALOGUE.__contains__)


def _run(definition: Definition, *, ctx: RunContext = CTX, **kw: Any) -> tuple[Outcome, list[StepRecord]]:
    steps: list[StepRecord] = []
    outcome = run(
        definition,
        ctx,
        catalogue=CATALOGUE,
        completed=kw.pop("completed", {}),
        checkpoint=steps.append,
        now=lambda: T0,
        **kw,
    )
    return outcome, steps


def _started(workflows: FakeWorkflows, **parameters: Any) -> tuple[Definition, Outcome, list[StepRecord]]:
    definition = _definition({"workflow_id": CHILD_ID, **parameters})
    outcome, steps = _run(definition)
    return definition, outcome, steps


def test_the_step_starts_the_called_workflow_and_the_execution_waits_for_it(workflows) -> None:
    _, outcome, steps = _started(workflows)

    assert outcome.status == WAITING
    assert outcome.resume is not None and outcome.child is not None
    assert (outcome.resume.node_id, outcome.resume.kind, outcome.resume.attempt) == ("call", SUBWORKFLOW, 1)
    assert outcome.resume.child_id == outcome.child.execution_id
    assert outcome.child.execution_id == subworkflows.child_execution_id("parent-1", "call", 1)
    assert (outcome.child.workflow_id, outcome.child.workflow_version) == (CHILD_ID, 2)
    assert outcome.child.definition == CHILD_DEFINITION
    assert outcome.child.input == {"n": 4}, "without `input` the child gets the incoming data"
    assert [s.node_id for s in steps] == ["start"]
    assert workflows.calls == [("ws-1", CHILD_ID, None)]


def test_input_and_a_pinned_version_are_passed_on_with_expressions_evaluated(workflows) -> None:
    _d, outcome, _ = _started(workflows, version=1, input={"m": "{{ input.n + 1 }}", "fixed": "x"})

    assert outcome.child is not None
    assert (outcome.child.workflow_version, outcome.child.input) == (1, {"m": 5, "fixed": "x"})
    assert workflows.calls[-1] == ("ws-1", CHILD_ID, 1)


def test_the_called_workflows_output_becomes_the_steps_output_and_the_run_goes_on(workflows) -> None:
    definition, first, steps = _started(workflows)
    assert first.resume is not None

    outcome, more = _run(
        definition,
        completed={s.node_id: s for s in steps},
        resume=first.resume,
        child=ChildResult(SUCCEEDED, {"n": 8}),
    )

    assert outcome == Outcome(SUCCEEDED, {"n": 8, "after": True})
    call = next(s for s in more if s.node_id == "call")
    assert (call.status, call.output, call.attempts) == (SUCCEEDED, {"n": 8}, 1)


@pytest.mark.parametrize("status", [FAILED, CANCELLED])
def test_a_failed_or_cancelled_child_fails_the_step_and_the_execution(workflows, status: str) -> None:
    definition, first, steps = _started(workflows)
    assert first.resume is not None

    outcome, more = _run(
        definition,
        completed={s.node_id: s for s in steps},
        resume=first.resume,
        child=ChildResult(status, None, "node 'x': boom"),
    )

    assert outcome.status == FAILED
    assert outcome.failed_node == "call"
    assert first.resume.child_id in outcome.error and status in outcome.error and "boom" in outcome.error
    assert more[-1].output["kind"] == "subworkflow"


def test_a_childs_failure_is_routed_by_an_error_edge(workflows) -> None:
    definition = _definition({"workflow_id": CHILD_ID}, error_edge=True)
    first, steps = _run(definition)
    assert first.resume is not None

    outcome, _ = _run(
        definition,
        completed={s.node_id: s for s in steps},
        resume=first.resume,
        child=ChildResult(FAILED, None, "nope"),
    )

    assert outcome.status == SUCCEEDED
    assert outcome.output["handled"] is True
    assert outcome.output["kind"] == "subworkflow"


def test_a_childs_failure_retried_by_policy_starts_a_new_child_on_the_next_attempt(workflows) -> None:
    definition = _definition(
        {"workflow_id": CHILD_ID}, retry={"max_attempts": 2, "retry_on": ["subworkflow"]}
    )
    first, steps = _run(definition)
    assert first.resume is not None

    retry, _ = _run(
        definition,
        completed={s.node_id: s for s in steps},
        resume=first.resume,
        child=ChildResult(FAILED),
        rand=lambda: 0.0,  # no backoff: the next attempt is due at once
    )
    assert retry.resume is not None and retry.resume.kind == RETRY
    second, _ = _run(definition, completed={s.node_id: s for s in steps}, resume=retry.resume)

    assert second.child is not None
    assert second.child.execution_id == subworkflows.child_execution_id("parent-1", "call", 2)
    assert second.child.execution_id != first.resume.child_id


def test_a_wake_up_before_the_child_has_finished_keeps_waiting_with_the_same_token(workflows) -> None:
    definition, first, steps = _started(workflows)
    assert first.resume is not None

    again, more = _run(
        definition, completed={s.node_id: s for s in steps}, resume=first.resume, child=ChildResult("running")
    )

    assert again == Outcome(WAITING, None, "", resume=first.resume)
    assert again.child is None, "the child is not started a second time"
    assert more == []


def test_the_depth_limit_fails_the_step_that_would_nest_too_deep(workflows) -> None:
    deep = RunContext("parent-9", "wf", "2026-01-01T00:00:00Z", {}, workspace_id="ws-1", depth=3)

    outcome, _ = _run(_definition({"workflow_id": CHILD_ID}), ctx=deep)

    assert outcome.status == FAILED
    assert "at most 3 deep" in outcome.error
    assert "call itself" in outcome.error
    assert workflows.calls == [], "nothing is resolved past the limit"


def test_one_level_below_the_limit_may_still_call(workflows) -> None:
    ctx = RunContext("parent-8", "wf", "2026-01-01T00:00:00Z", {}, workspace_id="ws-1", depth=2)

    outcome, _ = _run(_definition({"workflow_id": CHILD_ID}), ctx=ctx)

    assert outcome.status == WAITING


def test_an_unknown_workflow_fails_the_step_permanently(workflows) -> None:
    outcome, _ = _run(_definition({"workflow_id": "00000000-0000-4000-8000-000000000000"}))

    assert outcome.status == FAILED
    assert "no workflow in this workspace" in outcome.error


def test_an_unavailable_workflows_service_is_retried_by_the_default_policy(workflows) -> None:
    workflows.unavailable = True
    definition = _definition({"workflow_id": CHILD_ID}, retry={"max_attempts": 3})

    outcome, _ = _run(definition)

    assert outcome.status == WAITING
    assert outcome.resume is not None and outcome.resume.kind == RETRY


def test_a_called_workflow_this_executor_cannot_run_fails_the_step(workflows) -> None:
    workflows.versions[CHILD_ID][3] = {
        "nodes": [{"id": "start", "type": "trigger.manual"}, {"id": "x", "type": "core.teleport"}],
        "edges": [{"from": "start", "to": "x"}],
    }

    outcome, _ = _run(_definition({"workflow_id": CHILD_ID}))

    assert outcome.status == FAILED
    assert "core.teleport" in outcome.error


def test_a_workflow_id_that_is_not_a_uuid_fails_the_step(workflows) -> None:
    outcome, _ = _run(_definition({"workflow_id": "{{ 'not-a-uuid' }}"}))

    assert outcome.status == FAILED
    assert "must be the id (a UUID)" in outcome.error


def test_child_ids_are_derived_from_execution_node_and_attempt() -> None:
    first = subworkflows.child_execution_id("ex", "call", 1)

    assert first == subworkflows.child_execution_id("ex", "call", 1)
    assert first != subworkflows.child_execution_id("ex", "call", 2)
    assert first != subworkflows.child_execution_id("ex", "other", 1)
    assert subworkflows.error_execution_id("ex") != first


def test_the_resume_of_a_subworkflow_survives_json() -> None:
    resume = Resume("call", SUBWORKFLOW, 1, T0, child_id=CHILD_ID)

    assert Resume.from_json(resume.to_json()) == resume


def test_a_bad_version_parameter_fails_the_step(workflows) -> None:
    node = CATALOGUE[subworkflows.TYPE]

    with pytest.raises(NodeFailure, match="version"):
        node.run({"workflow_id": CHILD_ID, "version": 0}, {}, NodeCall("ex", "call", 1, 10, "ws-1"))
