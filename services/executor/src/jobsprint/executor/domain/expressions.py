"""`{{ … }}` expressions in node parameters, evaluated by CEL (ADR-017), never by `eval`, within a
time and memory budget that holds (ADR-056).

CEL cannot import, reach attributes of host objects, loop without bound or recurse, and it
always terminates. CEL does not mix int and double (`7 * 1.5` is an error there), so numbers
enter as doubles: every number in the scope, and every integer literal written in an
expression (except a literal list index such as `items[0]`). Results that are whole doubles
leave as integers, so `{{ input.qty * 2 }}` with qty 3 gives 6, as a person would expect.

Where an expression runs depends on what it can cost:
- in this process, when its cost is provably small: no comprehension macro and no function
  but the cheap ones (`SAFE_FUNCTIONS`), at most `MAX_INLINE_REFERENCES` references to the scope
  and `MAX_INLINE_CONCATENATIONS` `+`. Its result is then no larger than a few of the values it
  reads and its time linear in them. `{{ input.qty * input.unit_price }}` costs microseconds.
- in a sandbox process otherwise (a `sandboxing.Sandbox`: the pool of processes in `adapters/sandbox.py`), killed past its time limit
  (the sandbox's, or what is left of the node's timeout) or its memory limit.
Either way the result is the same JSON value.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from jobsprint.common.expressions import (
    MAX_EXPRESSION_LENGTH,
    SCOPE_NAMES,
    TEMPLATE,
    compile_cel,
    problem,
)
from jobsprint.executor.domain import sandboxing as sandboxes

__all__ = ["MAX_EXPRESSION_LENGTH", "TEMPLATE"]

MAX_RESULT_BYTES = 256 * 1024
# What an expression may do and still run in this process (see the module's docstring).
MAX_INLINE_REFERENCES = 16
MAX_INLINE_CONCATENATIONS = 8
SAFE_FUNCTIONS = frozenset(
    {
        # operators
        "_+_", "_-_", "_*_", "_/_", "_%_", "-_", "!_", "_&&_", "_||_", "_?_:_", "_[_]", "@in",
        "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_",
        # conversions and tests whose result is no larger than their argument
        "size", "contains", "startsWith", "endsWith", "int", "uint", "double", "string", "bytes",
        "bool", "dyn", "type", "timestamp", "duration",
        "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear",
        "getHours", "getMinutes", "getSeconds", "getMilliseconds",
    }
)  # fmt: skip
_SCOPE_REFERENCE = re.compile(r"(?<![\w.])(?:input|steps|execution|request)(?!\w)")
# Every name written before `(` (a call or a macro), comments allowed between, read in the raw
# source: a string that merely looks like a call sends an expression to the sandbox, harmlessly,
# and nothing the parser reads as a call can hide from it.
_CALLED = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\s|//[^\n]*)*\(")
_INLINE_CALLS = frozenset(name for name in SAFE_FUNCTIONS if name[0].isalpha()) | {"has"}

EXPRESSION = "expression"
EXPRESSION_BUDGET = "expression_budget"


@dataclass
class ExpressionError(Exception):
    """An expression that does not parse or evaluate; says which one, where, and why."""

    expression: str
    message: str
    parameter: str = ""
    # The failure kind a step failing on it gets (a retry policy's `retry_on` names kinds).
    kind: str = EXPRESSION

    def __str__(self) -> str:
        where = f" in parameter {self.parameter!r}" if self.parameter else ""
        shown = self.expression.strip()
        shown = shown if len(shown) <= 200 else shown[:197] + "..."
        return f"expression {{{{ {shown} }}}}{where}: {self.message}"


class BudgetExceeded(ExpressionError):
    """The evaluation passed its time or memory limit and was stopped there (`limit`)."""

    def __init__(self, expression: str, message: str, parameter: str = "", *, limit: str) -> None:
        super().__init__(expression, message, parameter, EXPRESSION_BUDGET)
        self.limit = limit


class Interrupted(Exception):
    """The run was told to stop (cancelled) while an expression was being evaluated."""


@dataclass(frozen=True)
class Budget:
    """What bounds the evaluations of one node's parameters: a deadline (monotonic clock: the
    node's timeout) and, asked while a long evaluation runs, whether the run must stop.
    `before_sandbox` runs before the first evaluation that goes to a sandbox (the engine makes
    earlier steps durable then, as before any node that may take long)."""

    deadline: float | None = None
    should_stop: Callable[[], bool] | None = None
    before_sandbox: Callable[[], None] | None = None
    timeout_seconds: float | None = None  # the node's, for the message
    # Where an expression that is not provably cheap is evaluated (the process's pool).
    sandbox: sandboxes.Sandbox | None = None


# --- converting values -------------------------------------------------------------------------


def to_cel(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): to_cel(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_cel(v) for v in value]
    return value


def from_cel(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {str(k): from_cel(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [from_cel(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


_PLAIN = (str, int, float, bool, type(None))


def _as_json(value: Any, source: str, parameter: str) -> Any:
    """The result as the JSON value it will be stored as (timestamps as RFC 3339 text, durations
    as text), refused above MAX_RESULT_BYTES."""
    if isinstance(value, _PLAIN) and not isinstance(value, str):
        return value
    if isinstance(value, str) and len(value) * 4 < MAX_RESULT_BYTES:
        return value
    encoded = orjson.dumps(value, default=str)
    if len(encoded) > MAX_RESULT_BYTES:
        raise ExpressionError(source, f"result larger than {MAX_RESULT_BYTES} bytes", parameter)
    return value if isinstance(value, str) else orjson.loads(encoded)


# --- compiling and evaluating ------------------------------------------------------------------


@dataclass(frozen=True)
class _Compiled:
    program: Any
    # The scope names it reads; whether it runs here (True) or in a sandbox.
    names: frozenset[str]
    inline: bool


@lru_cache(maxsize=4096)
def _compiled(source: str) -> _Compiled:
    reason = problem(source)
    if reason is not None:
        raise ExpressionError(source, reason)
    program = compile_cel(source)
    references = program.references()
    names = frozenset(references["variables"])
    # The parser's references do not show macros (`L.map(a, x)` reports neither `map` nor `a`),
    # so calls are also read from the raw source; counts too, strings included: never too few.
    inline = (
        names <= SCOPE_NAMES
        and set(references["functions"]) <= SAFE_FUNCTIONS
        and set(_CALLED.findall(source)) <= _INLINE_CALLS
        and source.count("+") <= MAX_INLINE_CONCATENATIONS
        and len(_SCOPE_REFERENCE.findall(source)) <= MAX_INLINE_REFERENCES
    )
    return _Compiled(program, names & SCOPE_NAMES, inline)


def compile_expression(source: str) -> None:
    """Check that an expression may run: it parses and passes the static check (ADR-056)."""
    _compiled(source)


def runs_inline(source: str) -> bool:
    """Whether the expression is evaluated in this process (its cost is provably small)."""
    return _compiled(source).inline


def evaluate_here(source: str, scope: Mapping[str, Any], *, parameter: str = "") -> Any:
    """Evaluate in this process, whatever it costs: for cheap expressions, and inside a sandbox."""
    compiled = _compiled(source)
    # Only the names it reads: CEL converts every value it is given on every evaluation.
    visible = {name: scope[name] for name in compiled.names if name in scope}
    try:
        result = compiled.program.execute(visible)
    except KeyError as exc:
        raise ExpressionError(source, f"no such key {exc}", parameter) from exc
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a Rust panic arrives as PanicException, a BaseException
        raise ExpressionError(source, str(exc).split("\n", 1)[0][:500], parameter) from exc
    return _as_json(from_cel(result), source, parameter)


def evaluate(
    source: str, scope: Mapping[str, Any], *, parameter: str = "", budget: Budget | None = None
) -> Any:
    """The expression's result as a JSON value. ExpressionError when it fails; BudgetExceeded
    (an ExpressionError) past its time or memory limit; Interrupted when the run must stop."""
    try:
        compiled = _compiled(source)
    except ExpressionError as exc:
        raise ExpressionError(source, exc.message, parameter) from None
    deadline = budget.deadline if budget is not None else None
    if deadline is not None and time.monotonic() >= deadline:
        raise _out_of_time(source, parameter, budget, node_limited=True)
    if compiled.inline:
        return evaluate_here(source, scope, parameter=parameter)
    pool = budget.sandbox if budget is not None else None
    if pool is None:
        raise ExpressionError(source, "is too costly to evaluate without a sandbox", parameter)
    if budget is not None and budget.before_sandbox is not None:
        budget.before_sandbox()
    timeout = pool.limits.timeout_seconds
    node_limited = deadline is not None and deadline - time.monotonic() < timeout
    if node_limited:
        assert deadline is not None
        timeout = max(deadline - time.monotonic(), 0.001)
    visible = {name: scope[name] for name in compiled.names if name in scope}
    try:
        return pool.evaluate(
            source, visible, timeout=timeout, should_stop=budget.should_stop if budget else None
        )
    except sandboxes.EvaluationFailed as exc:
        raise ExpressionError(source, str(exc), parameter) from None
    except sandboxes.LimitExceeded as exc:
        if exc.limit == sandboxes.TIME:
            raise _out_of_time(source, parameter, budget, node_limited=node_limited) from None
        raise BudgetExceeded(
            source,
            f"exceeded its memory budget of {pool.limits.memory_bytes // 2**20} MiB"
            " (EXECUTOR_EXPRESSION_MEMORY_MIB) and was stopped",
            parameter,
            limit=sandboxes.MEMORY,
        ) from None
    except sandboxes.Stopped as exc:
        raise Interrupted(str(exc)) from None
    except sandboxes.SandboxBroken as exc:
        raise ExpressionError(source, f"could not be evaluated: {exc}", parameter) from None


def _out_of_time(source: str, parameter: str, budget: Budget | None, *, node_limited: bool) -> BudgetExceeded:
    if node_limited and budget is not None and budget.timeout_seconds is not None:
        message = (
            f"exceeded the node's timeout of {budget.timeout_seconds:g}s (timeout_seconds) and was stopped"
        )
    else:
        limits = budget.sandbox.limits if budget is not None and budget.sandbox else sandboxes.Limits()
        message = (
            f"exceeded its time budget of {limits.timeout_seconds:g}s"
            " (EXECUTOR_EXPRESSION_TIMEOUT_SECONDS) and was stopped"
        )
    return BudgetExceeded(source, message, parameter, limit=sandboxes.TIME)


def sample_scope(sample: Mapping[str, Any]) -> dict[str, Any]:
    """The scope a run would give its expressions, from sample data shaped as the evaluate API
    takes it (`{"input", "steps": {id: {"output", "status"?}}, "execution", "request"}`, each
    optional). ValueError naming the field when it is not that shape."""
    unknown = sorted(set(sample) - SCOPE_NAMES)
    if unknown:
        raise ValueError(f"scope: unknown name(s) {unknown}; the names in scope are {sorted(SCOPE_NAMES)}")
    steps = sample.get("steps") or {}
    if not isinstance(steps, Mapping):
        raise ValueError('scope.steps must be an object of node id to {"output": …}')
    scope: dict[str, Any] = {
        "input": to_cel(sample.get("input", {})),
        "request": to_cel(sample.get("request") or {}),
        "execution": to_cel(sample.get("execution") or {}),
        "steps": {},
    }
    for node_id, step in steps.items():
        if not isinstance(step, Mapping) or set(step) - {"output", "status"}:
            raise ValueError(
                f"scope.steps.{node_id} must be an object with `output` (and optionally `status`)"
            )
        scope["steps"][str(node_id)] = {
            "output": to_cel(step.get("output")),
            "status": str(step.get("status", "succeeded")),
        }
    return scope


def render(value: Any, scope: Mapping[str, Any], *, parameter: str = "", budget: Budget | None = None) -> Any:
    """Evaluate every `{{ … }}` in a parameter value, recursively through objects and lists.

    A string that is exactly one expression keeps the result's type; otherwise each result is
    rendered into the string (JSON for objects and lists), and the rendered string is capped at
    MAX_RESULT_BYTES as a whole.
    """
    if isinstance(value, str):
        matches = list(TEMPLATE.finditer(value))
        if not matches:
            return value
        if len(matches) == 1 and matches[0].span() == (0, len(value)):
            return evaluate(matches[0].group(1), scope, parameter=parameter, budget=budget)
        parts: list[str] = []
        size = end = 0
        for match in matches:
            result = evaluate(match.group(1), scope, parameter=parameter, budget=budget)
            # CEL maps come back in no fixed order: sort keys so a rendered string is deterministic.
            text = (
                result
                if isinstance(result, str)
                else orjson.dumps(result, option=orjson.OPT_SORT_KEYS).decode()
            )
            parts += [value[end : match.start()], text]
            end = match.end()
            size += len(parts[-2]) + len(text)
            if size > MAX_RESULT_BYTES:
                raise ExpressionError(
                    match.group(1), f"the rendered text is larger than {MAX_RESULT_BYTES} bytes", parameter
                )
        parts.append(value[end:])
        return "".join(parts)
    if isinstance(value, Mapping):
        return {
            k: render(v, scope, parameter=f"{parameter}.{k}" if parameter else k, budget=budget)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [render(v, scope, parameter=f"{parameter}[{i}]", budget=budget) for i, v in enumerate(value)]
    return value
