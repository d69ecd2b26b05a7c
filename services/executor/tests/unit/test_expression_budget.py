"""Issue 13, item 1: an expression's time and memory budget holds, during evaluation.

Costly expressions run in sandbox processes (`adapters/sandbox.py`, real child processes:
they are what is under test), cheap ones in this process; a budget exceeded fails the step with
kind `expression_budget`; the node's `timeout_seconds` bounds its expressions; a run told to stop
stops mid-expression. ADR-056."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from jobsprint.common.definitions import Definition, parse
from jobsprint.executor.adapters import sandbox
from jobsprint.executor.domain import engine, expressions
from jobsprint.executor.domain.expressions import (
    Budget,
    BudgetExceeded,
    ExpressionError,
    runs_inline,
    to_cel,
)
from jobsprint.executor.domain.nodes import NodeFailure, NodeType
from jobsprint.executor.domain.sandboxing import Limits

from .engine_runs import SANDBOX, catalogue, run

CATALOGUE = catalogue()
# The sandbox `evaluate` uses: the tests' own, or a fixture's for one test.
CURRENT = {"sandbox": SANDBOX}


def evaluate(source: str, scope: dict[str, Any], *, parameter: str = "") -> Any:
    """`expressions.evaluate` with the sandbox of the test."""
    return expressions.evaluate(source, scope, parameter=parameter, budget=Budget(sandbox=CURRENT["sandbox"]))


pytestmark = pytest.mark.security

NESTED_EIGHT_DEEP = (
    "input.L.all(a, input.L.all(b, input.L.all(c, input.L.all(d, input.L.all(e, input.L.all(f,"
    " input.L.all(g, input.L.all(h, true))))))))"
)
THREE_DEEP = "input.L.all(a, input.L.all(b, input.L.all(c, true)))"
MEMORY_BLOW_UP = "input.L.map(a, input.L.map(b, input.L.map(c, input.s + input.s)))"


def _scope(**values: Any) -> dict[str, Any]:
    return {"input": to_cel(values)}


def _rss_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def _sandbox(monkeypatch: pytest.MonkeyPatch, limits: Limits) -> Iterator[sandbox.SandboxPool]:
    pool = sandbox.SandboxPool(limits)
    monkeypatch.setitem(CURRENT, "sandbox", pool)
    yield pool
    pool.close()


@pytest.fixture
def tight(monkeypatch: pytest.MonkeyPatch) -> Iterator[sandbox.SandboxPool]:
    """A sandbox with small limits: half a second, 64 MiB, one process."""
    yield from _sandbox(monkeypatch, Limits(timeout_seconds=0.5, memory_bytes=64 * 2**20, processes=1))


@pytest.fixture
def little_memory(monkeypatch: pytest.MonkeyPatch) -> Iterator[sandbox.SandboxPool]:
    """A sandbox with 64 MiB and all the time it could want: only memory can stop it."""
    yield from _sandbox(monkeypatch, Limits(timeout_seconds=60, memory_bytes=64 * 2**20, processes=1))


# --- the budget -----------------------------------------------------------------------------------


def test_eight_deep_nested_macros_fail_at_once_without_running() -> None:
    with pytest.raises(ExpressionError, match="nested 8 deep; at most 3") as excinfo:
        evaluate(NESTED_EIGHT_DEEP, _scope(L=list(range(10))), parameter="values.x")

    assert excinfo.value.parameter == "values.x"


def test_a_costly_expression_is_stopped_at_its_time_budget(tight: sandbox.SandboxPool) -> None:
    with pytest.raises(BudgetExceeded) as excinfo:
        evaluate(THREE_DEEP, _scope(L=list(range(1000))), parameter="values.x")

    error = excinfo.value
    assert (error.kind, error.limit) == ("expression_budget", "time")
    assert "input.L.all(a" in str(error)
    assert "in parameter 'values.x'" in str(error)
    assert "time budget of 0.5s (EXECUTOR_EXPRESSION_TIMEOUT_SECONDS)" in str(error)


def test_the_memory_blow_up_is_stopped_at_the_memory_budget_outside_this_process(
    little_memory: sandbox.SandboxPool,
) -> None:
    before = _rss_bytes()

    with pytest.raises(BudgetExceeded) as excinfo:
        # 1,000 strings of 200 KB: 200 MB, against a budget of 64 MiB.
        evaluate(MEMORY_BLOW_UP, _scope(L=list(range(10)), s="x" * 100_000), parameter="body")

    assert excinfo.value.limit == "memory"
    assert "memory budget of 64 MiB (EXECUTOR_EXPRESSION_MEMORY_MIB)" in str(excinfo.value)
    assert _rss_bytes() - before < 32 * 2**20


def test_the_sandbox_is_replaced_after_a_kill_and_evaluates_again(tight: sandbox.SandboxPool) -> None:
    with pytest.raises(BudgetExceeded):
        evaluate(THREE_DEEP, _scope(L=list(range(1000))))

    assert evaluate("input.L.map(x, x * 2)", _scope(L=[1, 2])) == [2, 4]


def test_an_evaluation_error_in_the_sandbox_is_an_expression_error_and_keeps_the_process(
    tight: sandbox.SandboxPool,
) -> None:
    with pytest.raises(ExpressionError) as excinfo:
        evaluate("input.L.map(x, x.missing)", _scope(L=[{"a": 1}]), parameter="p")

    assert excinfo.value.kind == "expression"
    assert evaluate("input.L.exists(x, x == 1)", _scope(L=[1])) is True


# --- where an expression runs ------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "input.qty * input.unit_price",
        "input.first + ' ' + input.last",
        "has(input.x) ? input.x : 'none'",
        "size(input.items) > 2 && input.name.startsWith('A')",
        "steps.fetch.output.total > 100",
        "timestamp(input.at).getFullYear()",
    ],
)
def test_cheap_expressions_run_in_this_process(source: str) -> None:
    assert runs_inline(source)


@pytest.mark.parametrize(
    "source",
    [
        "input.items.map(x, x * 2)",
        # The parser's references show neither `map` nor an unused iteration variable.
        "input.L.map(a, input.L.map(b, input.s + input.s))",
        "input.L.map // a comment between\n(a, a)",
        'r"\\" + input.L.map(a, a) + "x"',
        "input.s.matches('a+')",
        " + ".join(["input.s"] * 10),  # nine concatenations
        "[" + ", ".join(["input.s"] * 17) + "]",  # seventeen references
    ],
)
def test_macros_regexes_and_many_concatenations_go_to_the_sandbox(source: str) -> None:
    assert not runs_inline(source)


@pytest.mark.parametrize(
    "source",
    [
        "input.items.map(x, x * 2)",
        "input.items.filter(x, x > 1.5)",
        "timestamp('2024-01-01T00:00:00Z')",
        "duration('90s')",
        "{'a': input.items, 'b': input.items.exists(x, x == 2)}",
        "b'abc'",
        "input.items.map(x, x / 4)",
    ],
)
def test_the_sandbox_answers_exactly_what_this_process_would(source: str) -> None:
    scope = _scope(items=[1, 2, 3])

    assert evaluate(source, scope) == expressions.evaluate_here(source, scope)


# --- in the engine -----------------------------------------------------------------------------

CTX = engine.RunContext("ex-1", "wf-1", "2024-01-01T00:00:00Z", {"L": list(range(1000))})


def _definition(node: dict[str, Any], known: Any = CATALOGUE) -> Definition:
    return parse(
        {
            "nodes": [{"id": "start", "type": "trigger.manual"}, node],
            "edges": [{"from": "start", "to": node["id"]}],
        },
        is_known_type=known.__contains__,
    )


def test_a_nodes_timeout_bounds_its_expressions() -> None:
    definition = _definition(
        {
            "id": "compute",
            "type": "core.set",
            "timeout_seconds": 0.3,
            "parameters": {"values": {"x": "{{ " + THREE_DEEP + " }}"}},
        }
    )
    steps: list[engine.StepRecord] = []

    outcome = run(definition, CTX, completed={}, checkpoint=steps.append)

    assert outcome.status == engine.FAILED
    assert steps[-1].output["kind"] == "expression_budget"
    assert "exceeded the node's timeout of 0.3s (timeout_seconds)" in steps[-1].error


def test_a_run_told_to_stop_stops_in_the_middle_of_an_expression() -> None:
    definition = _definition(
        {"id": "compute", "type": "core.set", "parameters": {"values": {"x": "{{ " + THREE_DEEP + " }}"}}}
    )
    asked: list[bool] = []

    def should_stop() -> bool:
        asked.append(True)
        return len(asked) >= 2

    with pytest.raises(expressions.Interrupted):
        run(definition, CTX, completed={}, checkpoint=lambda _step: None, should_stop=should_stop)

    assert len(asked) == 2


def test_steps_before_a_sandboxed_expression_are_made_durable_first() -> None:
    definition = parse(
        {
            "nodes": [
                {"id": "start", "type": "trigger.manual"},
                {"id": "cheap", "type": "core.set", "parameters": {"values": {"n": "{{ size(input.L) }}"}}},
                {
                    "id": "macro",
                    "type": "core.set",
                    "parameters": {"values": {"m": "{{ input.L.exists(x, x == 3) }}"}},
                },
            ],
            "edges": [{"from": "start", "to": "cheap"}, {"from": "cheap", "to": "macro"}],
        },
        is_known_type=CATALOGUE.__contains__,
    )
    events: list[str] = []

    outcome = run(
        definition,
        CTX,
        completed={},
        checkpoint=lambda step: events.append(step.node_id),
        before_side_effect=lambda: events.append("durable"),
    )

    assert outcome.status == engine.SUCCEEDED
    assert events == ["start", "cheap", "durable", "macro"]


def _boom(_parameters: Any, _data: Any, _call: Any) -> Any:
    raise RuntimeError("a bug in a node")


def test_anything_a_node_raises_fails_its_step_not_the_run_loop() -> None:
    with_boom = catalogue(NodeType("test.boom", "raises", {}, _boom))
    definition = _definition({"id": "boom", "type": "test.boom"}, with_boom)
    steps: list[engine.StepRecord] = []

    outcome = run(definition, CTX, catalogue=with_boom, completed={}, checkpoint=steps.append)

    assert outcome.status == engine.FAILED
    assert steps[-1].status == engine.FAILED
    assert steps[-1].output == {
        "error": "node 'boom': failed unexpectedly: RuntimeError: a bug in a node",
        "kind": "error",
    }


def test_a_node_failure_is_still_its_own_kind() -> None:
    def fails(_parameters: Any, _data: Any, _call: Any) -> Any:
        raise NodeFailure("said so", kind="network")

    with_fails = catalogue(NodeType("test.fails", "fails", {}, fails))
    steps: list[engine.StepRecord] = []

    run(
        _definition({"id": "f", "type": "test.fails"}, with_fails),
        CTX,
        catalogue=with_fails,
        completed={},
        checkpoint=steps.append,
    )

    assert steps[-1].output["kind"] == "network"


def test_a_sandbox_started_from_a_thread_that_ended_keeps_serving(tight: sandbox.SandboxPool) -> None:
    # The parent-death signal follows the thread that started a child: the pool starts its
    # children from a thread of its own, so a request thread that ends takes none with it.
    worker = threading.Thread(target=lambda: evaluate("input.L.exists(x, x == 1)", _scope(L=[1])))
    worker.start()
    worker.join()
    time.sleep(0.2)

    assert evaluate("input.L.exists(x, x == 2)", _scope(L=[2])) is True


def test_a_sandbox_killed_while_idle_is_replaced_without_failing_the_expression(
    tight: sandbox.SandboxPool,
) -> None:
    assert evaluate("input.L.exists(x, x == 1)", _scope(L=[1])) is True
    idle = tight._idle[0]
    os.kill(idle.process.pid, signal.SIGKILL)
    idle.process.wait()

    assert evaluate("input.L.exists(x, x == 1)", _scope(L=[1])) is True
