"""Unit tests of the workflow engine: `jobsprint.executor.domain.engine.run` (pure, no I/O)."""

from __future__ import annotations

from typing import Any

import pytest
from jobsprint.common.definitions import Definition, parse
from jobsprint.executor.domain.engine import (
    FAILED,
    SKIPPED,
    SUCCEEDED,
    Outcome,
    RunContext,
    StepLimitExceeded,
    StepRecord,
)

from .engine_runs import catalogue, run

CATALOGUE = catalogue()

CTX = RunContext(
    execution_id="ex-1", workflow_id="wf-1", started_at="2024-01-01T00:00:00Z", input={"qty": 3, "price": 2.5}
)


def _definition(nodes: list[dict[str, Any]], edges: list[tuple[str, ...]], **extra: Any) -> Definition:
    """A definition parsed as the executor parses it; an edge is (from, to) or (from, to, output)."""
    raw_edges = [{"from": e[0], "to": e[1], **({"output": e[2]} if len(e) == 3 else {})} for e in edges]
    return parse(
        {"nodes": [{"id": "start", "type": "trigger.manual"}, *nodes], "edges": raw_edges, **extra},
        is_known_type=CATALOGUE.__contains__,
    )


def _set(node_id: str, values: dict[str, Any], **parameters: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "core.set", "parameters": {"values": values, **parameters}}


def _if(node_id: str, condition: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "core.if", "parameters": {"condition": condition}}


def _fail(node_id: str, message: str) -> dict[str, Any]:
    return {"id": node_id, "type": "core.fail", "parameters": {"message": message}}


def _noop(node_id: str) -> dict[str, Any]:
    return {"id": node_id, "type": "core.noop"}


def _run(
    definition: Definition,
    ctx: RunContext = CTX,
    completed: dict[str, StepRecord] | None = None,
    **limits: Any,
) -> tuple[Outcome, list[StepRecord]]:
    checkpointed: list[StepRecord] = []
    outcome = run(definition, ctx, completed=completed or {}, checkpoint=checkpointed.append, **limits)
    return outcome, checkpointed


def _statuses(steps: list[StepRecord]) -> dict[str, str]:
    return {s.node_id: s.status for s in steps}


# --- a straight line ---------------------------------------------------------------------------


def test_a_set_node_computes_a_field_and_its_output_is_the_workflow_output() -> None:
    definition = _definition(
        [_set("total", {"total": "{{ input.qty * input.price }}"})], [("start", "total")]
    )

    outcome, steps = _run(definition)

    assert outcome == Outcome(SUCCEEDED, {"qty": 3, "price": 2.5, "total": 7.5})
    assert [(s.node_id, s.status) for s in steps] == [("start", SUCCEEDED), ("total", SUCCEEDED)]
    assert steps[0].output == CTX.input
    assert all(s.attempts == 1 for s in steps)


def test_the_workflow_output_is_the_output_of_the_last_node_that_ran() -> None:
    definition = _definition(
        [
            _set("a", {"n": "{{ input.qty + 1 }}"}),
            _set("b", {"m": "{{ steps.a.output.n * 10 }}"}, keep_input=False),
        ],
        [("start", "a"), ("a", "b")],
    )

    outcome, steps = _run(definition)

    assert outcome.status == SUCCEEDED
    assert outcome.output == {"m": 40}
    assert [s.node_id for s in steps] == ["start", "a", "b"]


def test_keep_input_false_gives_the_values_alone() -> None:
    definition = _definition([_set("only", {"x": 1}, keep_input=False)], [("start", "only")])

    outcome, _ = _run(definition)

    assert outcome.output == {"x": 1}


def test_keep_input_may_itself_be_an_expression() -> None:
    definition = _definition([_set("only", {"x": 1}, keep_input="{{ input.qty > 5 }}")], [("start", "only")])

    assert _run(definition)[0].output == {"x": 1}


def test_set_values_override_fields_of_the_incoming_data() -> None:
    definition = _definition([_set("over", {"qty": "{{ input.qty * 2 }}"})], [("start", "over")])

    assert _run(definition)[0].output == {"qty": 6, "price": 2.5}


def test_a_trigger_alone_outputs_the_input() -> None:
    outcome, steps = _run(_definition([], []))

    assert outcome == Outcome(SUCCEEDED, CTX.input)
    assert len(steps) == 1


def test_expressions_see_the_execution_context() -> None:
    definition = _definition(
        [
            _set(
                "meta",
                {"id": "{{ execution.id }}", "wf": "run of {{ execution.workflow_id }}"},
                keep_input=False,
            )
        ],
        [("start", "meta")],
    )

    assert _run(definition)[0].output == {"id": "ex-1", "wf": "run of wf-1"}


# --- branching ---------------------------------------------------------------------------------


def _branching(**extra: Any) -> Definition:
    return _definition(
        [
            _if("big", "{{ input.qty > 2 }}"),
            _set("yes", {"route": "big"}, keep_input=False),
            _set("yes_more", {"route": "big, again"}, keep_input=False),
            _set("no", {"route": "small"}, keep_input=False),
        ],
        [("start", "big"), ("big", "yes", "true"), ("yes", "yes_more"), ("big", "no", "false")],
        **extra,
    )


def test_if_routes_true_and_records_the_false_branch_as_skipped() -> None:
    outcome, steps = _run(_branching())

    assert _statuses(steps) == {
        "start": SUCCEEDED,
        "big": SUCCEEDED,
        "yes": SUCCEEDED,
        "yes_more": SUCCEEDED,
        "no": SKIPPED,
    }
    assert next(s for s in steps if s.node_id == "big").port == "true"
    assert outcome == Outcome(SUCCEEDED, {"route": "big, again"})


def test_if_routes_false_and_records_every_node_of_the_true_branch_as_skipped() -> None:
    ctx = RunContext("ex-2", "wf-1", "2024-01-01T00:00:00Z", {"qty": 1})

    outcome, steps = _run(_branching(), ctx)

    assert _statuses(steps) == {
        "start": SUCCEEDED,
        "big": SUCCEEDED,
        "yes": SKIPPED,
        "yes_more": SKIPPED,
        "no": SUCCEEDED,
    }
    assert next(s for s in steps if s.node_id == "big").port == "false"
    assert outcome == Outcome(SUCCEEDED, {"route": "small"})


def test_a_skipped_step_has_no_output_and_no_attempts() -> None:
    _, steps = _run(_branching())

    skipped = next(s for s in steps if s.node_id == "no")
    assert (skipped.output, skipped.port, skipped.attempts) == (None, None, 0)


def test_branches_join_again_at_a_node_fed_by_both() -> None:
    definition = _definition(
        [
            _if("big", "{{ input.qty > 2 }}"),
            _set("yes", {"route": "big"}),
            _set("no", {"route": "small"}),
            _noop("join"),
        ],
        [("start", "big"), ("big", "yes", "true"), ("big", "no", "false"), ("yes", "join"), ("no", "join")],
    )

    outcome, steps = _run(definition)

    assert _statuses(steps)["join"] == SUCCEEDED
    assert outcome.output == {"qty": 3, "price": 2.5, "route": "big"}


def test_an_if_whose_condition_is_not_a_boolean_fails_the_execution() -> None:
    definition = _definition([_if("check", "{{ input.qty }}")], [("start", "check")])

    outcome, _ = _run(definition)

    assert outcome.status == FAILED
    assert "node 'check'" in outcome.error
    assert "true or false" in outcome.error


# --- failure and error routing -----------------------------------------------------------------


def test_core_fail_fails_the_execution_with_its_message() -> None:
    definition = _definition(
        [_fail("stop", "out of stock: {{ input.qty }} left"), _noop("after")],
        [("start", "stop"), ("stop", "after")],
    )

    outcome, steps = _run(definition)

    assert outcome.status == FAILED
    assert outcome.output is None
    assert outcome.error == "node 'stop': out of stock: 3 left"
    assert [s.node_id for s in steps] == ["start", "stop"]
    failed = steps[-1]
    assert (failed.status, failed.port, failed.error) == (FAILED, "error", outcome.error)
    assert failed.output == {"error": outcome.error, "kind": "error"}


def test_a_failing_node_with_an_error_edge_routes_to_the_error_branch_and_succeeds() -> None:
    definition = _definition(
        [
            _fail("risky", "boom"),
            _set("normal", {"path": "normal"}, keep_input=False),
            _set("handler", {"handled": "{{ input.qty }}"}),
        ],
        [("start", "risky"), ("risky", "normal"), ("risky", "handler", "error")],
    )

    outcome, steps = _run(definition)

    assert _statuses(steps) == {"start": SUCCEEDED, "risky": FAILED, "normal": SKIPPED, "handler": SUCCEEDED}
    assert outcome == Outcome(SUCCEEDED, {"error": "node 'risky': boom", "kind": "error", "handled": 3})


def test_the_error_branch_is_skipped_when_the_node_succeeds() -> None:
    definition = _definition(
        [
            _set("safe", {"ok": True}, keep_input=False),
            _set("handler", {"handled": True}, keep_input=False),
            _noop("normal"),
        ],
        [("start", "safe"), ("safe", "handler", "error"), ("safe", "normal")],
    )

    outcome, steps = _run(definition)

    assert _statuses(steps) == {
        "start": SUCCEEDED,
        "safe": SUCCEEDED,
        "handler": SKIPPED,
        "normal": SUCCEEDED,
    }
    assert outcome == Outcome(SUCCEEDED, {"ok": True})


def test_an_expression_error_fails_the_execution_naming_node_and_parameter() -> None:
    definition = _definition(
        [_set("calc", {"total": "{{ input.missing * 2 }}"}), _noop("after")],
        [("start", "calc"), ("calc", "after")],
    )

    outcome, steps = _run(definition)

    assert outcome.status == FAILED
    assert "node 'calc'" in outcome.error
    assert "parameter 'values.total'" in outcome.error
    assert "missing" in outcome.error
    assert [s.node_id for s in steps] == ["start", "calc"]


def test_an_expression_error_routed_by_an_error_edge_reaches_the_handler() -> None:
    definition = _definition(
        [_set("calc", {"total": "{{ input.nope }}"}), _set("handler", {"ok": True})],
        [("start", "calc"), ("calc", "handler", "error")],
    )

    outcome, _ = _run(definition)

    assert outcome.status == SUCCEEDED
    assert outcome.output["ok"] is True
    assert "node 'calc'" in outcome.output["error"]


def test_an_unsupported_node_type_fails_the_step() -> None:
    definition = parse(
        {
            "nodes": [{"id": "start", "type": "trigger.manual"}, {"id": "x", "type": "core.teleport"}],
            "edges": [{"from": "start", "to": "x"}],
        }
    )

    outcome, _ = _run(definition)

    assert outcome.status == FAILED
    assert "core.teleport" in outcome.error


# --- the output node ---------------------------------------------------------------------------


def test_the_output_field_picks_the_output_node() -> None:
    definition = _definition(
        [_set("a", {"from": "a"}, keep_input=False), _set("b", {"from": "b"}, keep_input=False)],
        [("start", "a"), ("a", "b")],
        output="a",
    )

    assert _run(definition)[0] == Outcome(SUCCEEDED, {"from": "a"})


def test_an_output_node_that_was_skipped_gives_no_output() -> None:
    outcome, _ = _run(_branching(output="no"))

    assert outcome == Outcome(SUCCEEDED, None)


# --- resuming ----------------------------------------------------------------------------------


def _three_steps() -> Definition:
    return _definition(
        [
            _set("a", {"n": "{{ input.qty + 1 }}"}, keep_input=False),
            _set("b", {"n": "{{ steps.a.output.n * 2 }}"}, keep_input=False),
            _set("c", {"n": "{{ steps.b.output.n + input.qty }}"}, keep_input=False),
        ],
        [("start", "a"), ("a", "b"), ("b", "c")],
    )


@pytest.mark.parametrize("already_done", [1, 2, 3, 4])
def test_resuming_skips_checkpointed_steps_and_gives_the_same_output(already_done: int) -> None:
    definition = _three_steps()
    first_outcome, first_steps = _run(definition)

    completed = {s.node_id: s for s in first_steps[:already_done]}
    resumed_outcome, resumed_steps = _run(definition, completed=completed)

    assert first_outcome == Outcome(SUCCEEDED, {"n": 11})
    assert resumed_outcome == first_outcome
    assert [s.node_id for s in resumed_steps] == [s.node_id for s in first_steps[already_done:]]


def test_resuming_uses_the_checkpointed_output_rather_than_running_the_node_again() -> None:
    definition = _three_steps()
    completed = {
        "start": StepRecord("start", "trigger.manual", SUCCEEDED, output=CTX.input, port="main", attempts=1),
        "a": StepRecord("a", "core.set", SUCCEEDED, output={"n": 100}, port="main", attempts=1),
    }

    outcome, steps = _run(definition, completed=completed)

    assert outcome.output == {"n": 203}
    assert [s.node_id for s in steps] == ["b", "c"]


def test_resuming_after_a_skipped_branch_keeps_it_skipped() -> None:
    definition = _branching()
    _, first_steps = _run(definition)
    completed = {s.node_id: s for s in first_steps if s.node_id in {"start", "big", "no"}}

    outcome, steps = _run(definition, completed=completed)

    assert [s.node_id for s in steps] == ["yes", "yes_more"]
    assert outcome == Outcome(SUCCEEDED, {"route": "big, again"})


def test_resuming_after_a_checkpointed_unrouted_failure_fails_again_without_running() -> None:
    definition = _three_steps()
    completed = {
        "start": StepRecord("start", "trigger.manual", SUCCEEDED, output=CTX.input, port="main", attempts=1),
        "a": StepRecord("a", "core.set", FAILED, output={"error": "x"}, port="error", error="node 'a': x"),
    }

    outcome, steps = _run(definition, completed=completed)

    assert outcome == Outcome(FAILED, None, "node 'a': x", failed_node="a")
    assert steps == []


# --- limits ------------------------------------------------------------------------------------


def test_more_steps_than_max_steps_raises_step_limit_exceeded() -> None:
    with pytest.raises(StepLimitExceeded, match="2 steps"):
        _run(_three_steps(), max_steps=2)


def test_exactly_max_steps_steps_is_allowed() -> None:
    outcome, steps = _run(_three_steps(), max_steps=4)

    assert outcome.status == SUCCEEDED
    assert len(steps) == 4


def test_completed_steps_count_towards_max_steps() -> None:
    definition = _three_steps()
    _, first_steps = _run(definition)
    completed = {s.node_id: s for s in first_steps[:3]}

    with pytest.raises(StepLimitExceeded):
        _run(definition, completed=completed, max_steps=3)


def test_an_output_over_max_output_bytes_fails_the_step() -> None:
    definition = _definition(
        [_set("big", {"blob": "x" * 200}, keep_input=False), _noop("after")],
        [("start", "big"), ("big", "after")],
    )

    outcome, steps = _run(definition, max_output_bytes=100)

    assert outcome.status == FAILED
    assert outcome.error == "node 'big': output larger than 100 bytes"
    assert steps[-1].node_id == "big"
    assert steps[-1].status == FAILED
    assert "x" * 200 not in repr(steps[-1].output)


def test_an_output_within_max_output_bytes_succeeds() -> None:
    definition = _definition([_set("small", {"blob": "x" * 50}, keep_input=False)], [("start", "small")])

    outcome, _ = _run(definition, max_output_bytes=100)

    assert outcome == Outcome(SUCCEEDED, {"blob": "x" * 50})
