"""Unit tests of concurrent branches in the engine: which nodes overlap, what each one sees, and
that checkpoints and the side-effect barrier (ADR-031) hold as they do one node at a time."""

from __future__ import annotations

import random
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from jobsprint.common.definitions import Definition, parse
from jobsprint.executor.domain.engine import (
    FAILED,
    SKIPPED,
    SUCCEEDED,
    WAITING,
    Outcome,
    RunContext,
    StepLimitExceeded,
    StepRecord,
    plan,
    referenced_steps,
)
from jobsprint.executor.domain.nodes import NodeCall, NodeFailure, NodeResult, NodeType

from .engine_runs import catalogue, run

CATALOGUE = catalogue()

CTX = RunContext(execution_id="ex-1", workflow_id="wf-1", started_at="2026-01-01T00:00:00Z", input={"n": 1})
Runner = Callable[[Mapping[str, Any], Any, NodeCall], NodeResult]


@pytest.fixture
def node_types(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Adds test node types to a catalogue of this test's own (the module's, for this test)."""
    monkeypatch.setattr(sys.modules[__name__], "CATALOGUE", catalogue())

    def add(name: str, runner: Runner, *, side_effects: bool = False) -> None:
        CATALOGUE.add(
            NodeType(name, "test", {}, runner, side_effects=side_effects, io_bound=not side_effects)
        )

    return add


@pytest.fixture(scope="module")
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(8) as executor:
        yield executor


def _definition(nodes: list[dict[str, Any]], edges: list[tuple[str, ...]]) -> Definition:
    raw_edges = [{"from": e[0], "to": e[1], **({"output": e[2]} if len(e) == 3 else {})} for e in edges]
    return parse(
        {"nodes": [{"id": "start", "type": "trigger.manual"}, *nodes], "edges": raw_edges},
        is_known_type=CATALOGUE.__contains__,
    )


def _run(definition: Definition, **kw: Any) -> tuple[Outcome, list[StepRecord]]:
    steps: list[StepRecord] = []
    outcome = run(
        definition, CTX, catalogue=CATALOGUE, completed=kw.pop("completed", {}), checkpoint=steps.append, **kw
    )
    return outcome, steps


def _fan_out(kind: str, *, count: int = 2, join: bool = True) -> Definition:
    """start → b0 … b<count-1> (each `kind`) → join (a merge of all)."""
    nodes = [{"id": f"b{i}", "type": kind, "parameters": {"value": i}} for i in range(count)]
    edges: list[tuple[str, ...]] = [("start", f"b{i}") for i in range(count)]
    if join:
        nodes.append({"id": "join", "type": "core.merge"})
        edges += [(f"b{i}", "join") for i in range(count)]
    return _definition(nodes, edges)


# --- which nodes overlap -----------------------------------------------------------------------


def test_two_independent_blocking_branches_run_at_the_same_time(node_types, pool) -> None:
    meeting = threading.Barrier(2, timeout=5)

    def rendezvous(parameters: Mapping[str, Any], data: Any, call: NodeCall) -> NodeResult:
        try:
            meeting.wait()  # returns only once the other branch is running too
        except threading.BrokenBarrierError as exc:
            raise NodeFailure("the other branch never ran alongside this one") from exc
        return NodeResult({"branch": parameters["value"]})

    node_types("test.rendezvous", rendezvous)

    outcome, _ = _run(_fan_out("test.rendezvous"), pool=pool)

    assert outcome.status == SUCCEEDED, outcome.error
    assert outcome.output == {"b0": {"branch": 0}, "b1": {"branch": 1}}


def test_without_a_pool_nodes_run_one_after_the_other_in_topological_order(node_types) -> None:
    seen: list[str] = []
    active = [0]

    def tracked(parameters: Mapping[str, Any], data: Any, call: NodeCall) -> NodeResult:
        active[0] += 1
        assert active[0] == 1
        seen.append(call.node_id)
        time.sleep(0.01)
        active[0] -= 1
        return NodeResult(parameters["value"])

    node_types("test.tracked", tracked)

    outcome, steps = _run(_fan_out("test.tracked", count=4))

    assert outcome.status == SUCCEEDED
    assert seen == ["b0", "b1", "b2", "b3"]
    assert [s.node_id for s in steps] == ["start", "b0", "b1", "b2", "b3", "join"]


def test_branches_of_different_lengths_overlap_and_a_fast_branch_goes_on_without_the_slow_one(
    node_types, pool
) -> None:
    events: list[tuple[str, float]] = []
    lock = threading.Lock()

    def slow(parameters: Mapping[str, Any], data: Any, call: NodeCall) -> NodeResult:
        with lock:
            events.append((f"{call.node_id}:start", time.monotonic()))
        time.sleep(float(parameters["seconds"]))
        with lock:
            events.append((f"{call.node_id}:end", time.monotonic()))
        return NodeResult(call.node_id)

    node_types("test.slow", slow)
    definition = _definition(
        [
            {"id": "long", "type": "test.slow", "parameters": {"seconds": 0.6}},
            {"id": "short1", "type": "test.slow", "parameters": {"seconds": 0.1}},
            {"id": "short2", "type": "test.slow", "parameters": {"seconds": 0.1}},
        ],
        [("start", "long"), ("start", "short1"), ("short1", "short2")],
    )

    outcome, _ = _run(definition, pool=pool)

    at = dict(events)
    assert outcome.status == SUCCEEDED
    # short2 follows short1 while `long` is still running.
    assert at["short2:start"] < at["long:end"]


# --- determinism -------------------------------------------------------------------------------


def test_step_records_are_the_same_whatever_the_timing(node_types, pool) -> None:
    def jittery(parameters: Mapping[str, Any], data: Any, call: NodeCall) -> NodeResult:
        time.sleep(random.uniform(0, 0.02))
        return NodeResult({"from": call.node_id, "got": data})

    node_types("test.jittery", jittery)
    definition = _definition(
        [
            {"id": "a", "type": "test.jittery"},
            {"id": "b", "type": "test.jittery"},
            {"id": "c", "type": "test.jittery"},
            {
                "id": "a2",
                "type": "core.set",
                "parameters": {"values": {"b_saw": "{{ steps.b.output.from }}"}},
            },
            {"id": "both", "type": "core.merge"},
            {"id": "any", "type": "core.merge", "parameters": {"mode": "any"}},
        ],
        [
            ("start", "a"),
            ("start", "b"),
            ("start", "c"),
            ("a", "a2"),
            ("a2", "both"),
            ("c", "both"),
            ("b", "any"),
            ("c", "any"),
        ],
    )

    def records(steps: list[StepRecord]) -> dict[str, tuple[Any, ...]]:
        return {s.node_id: (s.status, s.output, s.port, s.error, s.attempts) for s in steps}

    reference_outcome, reference = _run(definition)
    for _ in range(10):
        outcome, steps = _run(definition, pool=pool)
        assert outcome == reference_outcome
        assert records(steps) == records(reference)
    outputs = {s.node_id: s.output for s in reference}
    assert outputs["both"] == {
        "a2": {"from": "a", "got": {"n": 1}, "b_saw": "b"},
        "c": {"from": "c", "got": {"n": 1}},
    }
    assert outputs["any"] == reference_outcome.output == {"from": "b", "got": {"n": 1}}


def test_a_node_that_reads_another_branch_waits_for_it(node_types, pool) -> None:
    def slow(parameters: Mapping[str, Any], data: Any, call: NodeCall) -> NodeResult:
        time.sleep(0.2)
        return NodeResult({"x": 42})

    node_types("test.slow_x", slow)
    definition = _definition(
        [
            {"id": "far", "type": "test.slow_x"},
            {"id": "near", "type": "core.set", "parameters": {"values": {"x": "{{ steps.far.output.x }}"}}},
        ],
        [("start", "far"), ("start", "near")],
    )

    outcome, _ = _run(definition, pool=pool)

    assert outcome.status == SUCCEEDED, outcome.error
    assert outcome.output == {"n": 1, "x": 42}


def test_a_node_never_sees_a_later_node_even_when_it_has_already_finished(node_types, pool) -> None:
    node_types("test.quick", lambda parameters, data, call: NodeResult({"y": 1}))
    definition = _definition(
        [
            # `early` comes first in topological order, so run one at a time `late` has not run yet.
            {"id": "early", "type": "core.set", "parameters": {"values": {"y": "{{ steps.late.output.y }}"}}},
            {"id": "late", "type": "test.quick"},
        ],
        [("start", "early"), ("start", "late")],
    )

    sequential, _ = _run(definition)
    concurrent, _ = _run(definition, pool=pool)

    assert sequential.status == concurrent.status == FAILED
    assert sequential.error == concurrent.error
    assert "late" in concurrent.error


def test_referenced_steps_reads_dotted_and_bracketed_names_and_gives_up_on_computed_ones() -> None:
    assert referenced_steps({"v": "{{ steps.a.output.x + steps['b'].output.y }}"}) == {"a", "b"}
    assert referenced_steps({"v": {"deep": ["{{ has(steps.c) }}"]}}) == {"c"}
    assert referenced_steps({"v": "{{ input.steps.a }}", "w": "plain steps.z"}) == set()
    assert referenced_steps({"v": "{{ steps[input.name].output }}"}) is None
    assert referenced_steps({"v": "{{ size(steps) }}"}) is None


def test_a_computed_reference_to_steps_waits_for_every_earlier_node() -> None:
    definition = _definition(
        [
            {"id": "a", "type": "core.noop"},
            {"id": "b", "type": "core.noop"},
            {"id": "dyn", "type": "core.set", "parameters": {"values": {"v": "{{ steps[input.k] }}"}}},
        ],
        [("start", "a"), ("start", "b"), ("start", "dyn")],
    )

    assert plan(definition).deps["dyn"] == {"start", "a", "b"}


# --- checkpoints and the side-effect barrier ---------------------------------------------------


def test_every_step_before_a_side_effect_is_flushed_before_it_runs(node_types, pool) -> None:
    log: list[tuple[str, str]] = []
    lock = threading.Lock()

    def effect(parameters: Mapping[str, Any], data: Any, call: NodeCall) -> NodeResult:
        with lock:
            log.append(("run", call.node_id))
        time.sleep(0.05)
        return NodeResult(call.node_id)

    node_types("test.effect", effect, side_effects=True)
    definition = _definition(
        [
            {"id": "prep1", "type": "core.set", "parameters": {"values": {"p": 1}}},
            {"id": "prep2", "type": "core.set", "parameters": {"values": {"p": 2}}},
            {"id": "e1", "type": "test.effect"},
            {"id": "e2", "type": "test.effect"},
            {"id": "after", "type": "test.effect"},
        ],
        [
            ("start", "prep1"),
            ("start", "prep2"),
            ("prep1", "e1"),
            ("prep2", "e2"),
            ("e1", "after"),
            ("e2", "after"),
        ],
    )
    durable: set[str] = set()
    buffered: list[str] = []

    def checkpoint(step: StepRecord) -> None:
        with lock:
            buffered.append(step.node_id)

    def flush() -> None:
        with lock:
            durable.update(buffered)
            buffered.clear()
            log.append(("flush", ",".join(sorted(durable))))

    outcome = run(
        definition,
        CTX,
        catalogue=CATALOGUE,
        completed={},
        checkpoint=checkpoint,
        before_side_effect=flush,
        pool=pool,
    )

    assert outcome.status == SUCCEEDED
    deps = plan(definition).deps
    for position, (what, node_id) in enumerate(log):
        if what == "run":
            flushed = [entry for kind, entry in log[:position] if kind == "flush"]
            assert flushed, f"{node_id} ran before any flush"
            assert deps[node_id] <= set(flushed[-1].split(",")), (
                f"{node_id} ran before its inputs were durable"
            )


def test_a_failure_stops_new_nodes_but_the_running_ones_finish_and_are_checkpointed(node_types, pool) -> None:
    def slow(parameters: Mapping[str, Any], data: Any, call: NodeCall) -> NodeResult:
        time.sleep(0.3)
        return NodeResult("slow done")

    def broken(parameters: Mapping[str, Any], data: Any, call: NodeCall) -> NodeResult:
        raise NodeFailure("broken")

    node_types("test.slow_ok", slow)
    node_types("test.broken", broken)
    definition = _definition(
        [
            {"id": "slow", "type": "test.slow_ok"},
            {"id": "bad", "type": "test.broken"},
            {"id": "after_slow", "type": "core.noop"},
        ],
        [("start", "slow"), ("start", "bad"), ("slow", "after_slow")],
    )

    outcome, steps = _run(definition, pool=pool)

    statuses = {s.node_id: s.status for s in steps}
    assert outcome.status == FAILED
    assert (outcome.failed_node, outcome.error) == ("bad", "node 'bad': broken")
    assert statuses == {"start": SUCCEEDED, "slow": SUCCEEDED, "bad": FAILED}


def test_a_wait_in_one_branch_suspends_once_the_running_branch_is_checkpointed(node_types, pool) -> None:
    def slow(parameters: Mapping[str, Any], data: Any, call: NodeCall) -> NodeResult:
        time.sleep(0.2)
        return NodeResult("slow done")

    node_types("test.slow_w", slow)
    definition = _definition(
        [
            {"id": "slow", "type": "test.slow_w"},
            {"id": "pause", "type": "core.wait", "parameters": {"seconds": 60}},
            {"id": "after_slow", "type": "core.noop"},
        ],
        [("start", "slow"), ("start", "pause"), ("slow", "after_slow")],
    )

    outcome, steps = _run(definition, pool=pool)

    assert outcome.status == WAITING
    assert outcome.resume is not None and outcome.resume.node_id == "pause"
    assert {s.node_id for s in steps} == {"start", "slow"}


def test_the_step_limit_counts_nodes_that_are_still_running(node_types, pool) -> None:
    def nap(parameters, data, call) -> NodeResult:
        time.sleep(0.05)
        return NodeResult(1)

    node_types("test.nap", nap)

    with pytest.raises(StepLimitExceeded, match="3 steps"):
        _run(_fan_out("test.nap", count=4, join=False), pool=pool, max_steps=3)


def test_skipped_branches_are_recorded_skipped_with_a_pool(node_types, pool) -> None:
    node_types("test.one", lambda parameters, data, call: NodeResult(1))
    definition = _definition(
        [
            {"id": "check", "type": "core.if", "parameters": {"condition": "{{ input.n > 5 }}"}},
            {"id": "yes", "type": "test.one"},
            {"id": "no", "type": "test.one"},
            {"id": "other", "type": "test.one"},
        ],
        [("start", "check"), ("check", "yes", "true"), ("check", "no", "false"), ("start", "other")],
    )

    outcome, steps = _run(definition, pool=pool)

    assert outcome.status == SUCCEEDED
    assert {s.node_id: s.status for s in steps} == {
        "start": SUCCEEDED,
        "check": SUCCEEDED,
        "yes": SKIPPED,
        "no": SUCCEEDED,
        "other": SUCCEEDED,
    }
