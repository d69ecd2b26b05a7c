"""Unit tests of retries, waits, routing by switch, merges and limits in the engine (no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from jobsprint.common.definitions import Definition, parse
from jobsprint.executor.domain.engine import (
    FAILED,
    RETRY,
    SKIPPED,
    SUCCEEDED,
    WAIT,
    WAITING,
    Outcome,
    Resume,
    RetryPolicy,
    RunContext,
    StepRecord,
    retry_policy,
)
from jobsprint.executor.domain.nodes import NodeCall

from .engine_runs import catalogue, run

CATALOGUE = catalogue()

CTX = RunContext(execution_id="ex-1", workflow_id="wf-1", started_at="2026-01-01T00:00:00Z", input={"n": 1})
T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def _definition(nodes: list[dict[str, Any]], edges: list[tuple[str, ...]]) -> Definition:
    raw_edges = [{"from": e[0], "to": e[1], **({"output": e[2]} if len(e) == 3 else {})} for e in edges]
    return parse(
        {"nodes": [{"id": "start", "type": "trigger.manual"}, *nodes], "edges": raw_edges},
        is_known_type=CATALOGUE.__contains__,
    )


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


def _run(definition: Definition, *, completed=None, resume=None, clock=None, rand=lambda: 0.5, **kw: Any):
    steps: list[StepRecord] = []
    outcome = run(
        definition,
        CTX,
        completed=completed or {},
        checkpoint=steps.append,
        resume=resume,
        now=clock or Clock(),
        rand=rand,
        **kw,
    )
    return outcome, steps


def _flaky(retry: dict[str, Any] | None = None) -> Definition:
    """A node that always fails with kind `error`, which these policies name as retryable."""
    node: dict[str, Any] = {"id": "call", "type": "core.fail", "parameters": {"message": "down"}}
    if retry is not None:
        node["retry"] = {"retry_on": ["error"], **retry}
    return _definition([node], [("start", "call")])


# --- retries -----------------------------------------------------------------------------------


def test_a_retryable_failure_with_attempts_left_makes_the_execution_wait_for_the_next_attempt() -> None:
    clock = Clock()
    outcome, steps = _run(_flaky({"max_attempts": 3, "backoff_seconds": 2}), clock=clock, rand=lambda: 0.5)

    assert outcome.status == WAITING
    assert outcome.resume is not None
    assert (outcome.resume.node_id, outcome.resume.kind, outcome.resume.attempt) == ("call", RETRY, 2)
    assert outcome.resume.until == T0 + timedelta(seconds=1)  # 0.5 * 2 * 2^0
    assert outcome.error == "node 'call': down"
    assert [s.node_id for s in steps] == ["start"], "the failed attempt is not a checkpoint"


def test_the_resumed_run_counts_attempts_and_fails_once_they_are_exhausted() -> None:
    definition = _flaky({"max_attempts": 2, "backoff_seconds": 1})
    clock = Clock()
    first, steps = _run(definition, clock=clock)
    assert first.resume is not None
    clock.at = first.resume.until
    second, more = _run(definition, completed={s.node_id: s for s in steps}, resume=first.resume, clock=clock)

    assert second.status == FAILED
    assert more[-1].status == FAILED
    assert more[-1].attempts == 2
    assert more[-1].output == {"error": "node 'call': down", "kind": "error"}


def test_a_failure_of_a_kind_the_policy_does_not_name_is_not_retried() -> None:
    outcome, steps = _run(_flaky({"max_attempts": 5, "retry_on": ["http_5xx", "timeout"]}))

    assert outcome.status == FAILED
    assert steps[-1].attempts == 1


def test_retry_on_star_retries_any_failure_even_core_fail() -> None:
    definition = _definition(
        [{"id": "f", "type": "core.fail", "retry": {"max_attempts": 2, "retry_on": ["*"]}}], [("start", "f")]
    )
    outcome, _ = _run(definition)
    assert outcome.status == WAITING


def test_a_wake_up_before_the_retry_is_due_keeps_the_execution_waiting_without_running_the_node() -> None:
    definition = _flaky({"max_attempts": 3})
    clock = Clock()
    first, steps = _run(definition, clock=clock)
    assert first.resume is not None
    clock.at = first.resume.until - timedelta(seconds=0.4)
    again, more = _run(definition, completed={s.node_id: s for s in steps}, resume=first.resume, clock=clock)

    assert again.status == WAITING
    assert again.resume == first.resume
    assert more == []


def test_backoff_is_exponential_with_full_jitter_and_capped() -> None:
    policy = RetryPolicy(max_attempts=10, backoff_seconds=1, max_backoff_seconds=5)

    assert [policy.delay(n, lambda: 1.0) for n in (1, 2, 3, 4)] == [1, 2, 4, 5]
    assert policy.delay(3, lambda: 0.0) == 0
    assert policy.delay(3, lambda: 0.25) == 1


def test_a_malformed_retry_policy_is_refused_with_the_node_named() -> None:
    definition = _flaky({"max_attempts": 0})
    with pytest.raises(ValueError, match=r"'call'.*max_attempts"):
        retry_policy(definition.node("call"))
    with pytest.raises(ValueError, match="unknown retry field"):
        retry_policy(_flaky({"tries": 3}).node("call"))


def test_the_idempotency_key_names_execution_node_and_attempt() -> None:
    assert NodeCall("ex", "pay", 3, 10).idempotency_key == "ex:pay:3"


# --- waits -------------------------------------------------------------------------------------


def _waiting(parameters: dict[str, Any]) -> Definition:
    return _definition(
        [
            {"id": "pause", "type": "core.wait", "parameters": parameters},
            {"id": "after", "type": "core.set", "parameters": {"values": {"done": True}}},
        ],
        [("start", "pause"), ("pause", "after")],
    )


def test_a_wait_suspends_the_execution_until_its_time_then_passes_the_data_on() -> None:
    definition = _waiting({"seconds": 3})
    first, steps = _run(definition, clock=lambda: datetime.now(UTC))
    assert first.status == WAITING
    assert first.resume is not None and first.resume.kind == WAIT
    assert timedelta(seconds=2.5) < first.resume.until - datetime.now(UTC) <= timedelta(seconds=3)

    clock = Clock()
    clock.at = first.resume.until
    second, more = _run(definition, completed={s.node_id: s for s in steps}, resume=first.resume, clock=clock)
    assert second == Outcome(SUCCEEDED, {"n": 1, "done": True})
    assert [(s.node_id, s.status) for s in more] == [("pause", SUCCEEDED), ("after", SUCCEEDED)]


def test_a_wait_until_a_past_time_does_not_wait() -> None:
    outcome, _ = _run(_waiting({"until": "2000-01-01T00:00:00Z"}), clock=lambda: datetime.now(UTC))
    assert outcome.status == SUCCEEDED


def test_a_wait_needs_exactly_one_of_seconds_and_until() -> None:
    outcome, _ = _run(_waiting({}))
    assert outcome.status == FAILED
    assert "exactly one of `seconds`" in outcome.error


# --- switch and merge --------------------------------------------------------------------------


def _switch_definition() -> Definition:
    return _definition(
        [
            {
                "id": "route",
                "type": "core.switch",
                "parameters": {"value": "{{ input.kind }}", "cases": {"a": "alpha", "b": "beta"}},
            },
            {"id": "on_a", "type": "core.set", "parameters": {"values": {"got": "a"}}},
            {"id": "on_b", "type": "core.set", "parameters": {"values": {"got": "b"}}},
            {"id": "other", "type": "core.set", "parameters": {"values": {"got": "other"}}},
        ],
        [("start", "route"), ("route", "on_a", "a"), ("route", "on_b", "b"), ("route", "other", "default")],
    )


@pytest.mark.parametrize(("kind", "taken"), [("alpha", "on_a"), ("beta", "on_b"), ("gamma", "other")])
def test_a_switch_routes_to_the_matching_case_and_skips_the_others(kind: str, taken: str) -> None:
    steps: list[StepRecord] = []
    ctx = RunContext("ex", "wf", "2026-01-01T00:00:00Z", {"kind": kind})
    outcome = run(_switch_definition(), ctx, completed={}, checkpoint=steps.append)

    statuses = {s.node_id: s.status for s in steps}
    assert outcome.status == SUCCEEDED
    assert statuses[taken] == SUCCEEDED
    assert [n for n in ("on_a", "on_b", "other") if statuses[n] == SKIPPED] == sorted(
        {"on_a", "on_b", "other"} - {taken}
    )


def _diamond(mode: str, condition: str) -> Definition:
    return _definition(
        [
            {
                "id": "left",
                "type": "core.set",
                "parameters": {"values": {"side": "left"}, "keep_input": False},
            },
            {"id": "check", "type": "core.if", "parameters": {"condition": condition}},
            {
                "id": "right",
                "type": "core.set",
                "parameters": {"values": {"side": "right"}, "keep_input": False},
            },
            {"id": "join", "type": "core.merge", "parameters": {"mode": mode}},
        ],
        [
            ("start", "left"),
            ("start", "check"),
            ("check", "right", "true"),
            ("left", "join"),
            ("right", "join"),
        ],
    )


def test_merge_all_outputs_every_input_by_node_once_all_arrived() -> None:
    outcome, _ = _run(_diamond("all", "{{ true }}"))
    assert outcome == Outcome(SUCCEEDED, {"left": {"side": "left"}, "right": {"side": "right"}})


def test_merge_all_is_skipped_when_a_branch_never_arrives() -> None:
    outcome, steps = _run(_diamond("all", "{{ false }}"))
    assert {s.node_id: s.status for s in steps}["join"] == SKIPPED
    assert outcome.status == SUCCEEDED


def test_merge_any_passes_on_the_first_input_that_arrived() -> None:
    outcome, _ = _run(_diamond("any", "{{ false }}"))
    assert outcome == Outcome(SUCCEEDED, {"side": "left"})


# --- limits ------------------------------------------------------------------------------------


def test_an_execution_past_its_maximum_duration_fails_with_a_clear_error() -> None:
    outcome, steps = _run(_waiting({"seconds": 0}), deadline=T0 - timedelta(seconds=1))
    assert outcome.status == FAILED
    assert "maximum duration" in outcome.error
    assert steps == []


def test_a_resume_token_survives_its_json_round_trip() -> None:
    resume = Resume("n", RETRY, 2, T0, "boom")
    assert Resume.from_json(resume.to_json()) == resume


# --- durability points -------------------------------------------------------------------------


def test_only_nodes_that_act_outside_the_execution_are_marked_as_having_side_effects() -> None:
    assert {t for t, node in CATALOGUE.items() if node.side_effects} == {"core.http_request"}


def test_every_step_before_a_side_effect_is_handed_over_before_the_side_effect_runs() -> None:
    definition = _definition(
        [
            {"id": "a", "type": "core.set", "parameters": {"values": {"x": 1}}},
            {"id": "call", "type": "core.http_request", "parameters": {"url": "not a url"}},
        ],
        [("start", "a"), ("a", "call")],
    )
    log: list[str] = []
    run(
        definition,
        CTX,
        completed={},
        checkpoint=lambda step: log.append(step.node_id),
        before_side_effect=lambda: log.append("<flush>"),
    )
    assert log == ["start", "a", "<flush>", "call"]
