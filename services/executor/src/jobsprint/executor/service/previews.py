"""The editor's preview of a parameter: what a run's rendering of it gives over sample data."""

from __future__ import annotations

import time

import orjson
from jobsprint.common import expressions as common_expressions
from jobsprint.common.errors import FieldViolation, InvalidArgument
from jobsprint.executor.domain import expressions
from jobsprint.executor.domain.sandboxing import Sandbox

MAX_EVALUATED_VALUE = 64 * 1024


def evaluate_expression(sandbox: Sandbox | None, *, value: str, scope: bytes) -> bytes:
    """What a run's rendering of the parameter `value` gives over the sample `scope` (JSON), as
    JSON: the same static check, the same sandbox and budget (ADR-058). Every failure is
    InvalidArgument on the field `value` (or `scope`)."""
    if len(value) > MAX_EVALUATED_VALUE:
        raise InvalidArgument(
            f"the value is longer than {MAX_EVALUATED_VALUE} characters",
            [FieldViolation("value", f"at most {MAX_EVALUATED_VALUE} characters")],
        )
    try:
        sample = orjson.loads(scope) if scope else {}
    except orjson.JSONDecodeError as exc:
        raise InvalidArgument(f"scope is not JSON: {exc}", [FieldViolation("scope", "not JSON")]) from exc
    if not isinstance(sample, dict):
        raise InvalidArgument("scope must be an object", [FieldViolation("scope", "must be an object")])
    try:
        names = expressions.sample_scope(sample)
    except ValueError as exc:
        raise InvalidArgument(str(exc), [FieldViolation("scope", str(exc))]) from exc
    problems = common_expressions.template_problems(value)
    if problems:
        raise InvalidArgument(problems[0], [FieldViolation("value", problem) for problem in problems])
    # The whole value gets one sandbox time limit (a run's node gets its timeout).
    deadline = time.monotonic() + sandbox.limits.timeout_seconds if sandbox is not None else None
    budget = expressions.Budget(deadline=deadline, sandbox=sandbox)
    try:
        result = expressions.render(value, names, budget=budget)
    except expressions.ExpressionError as exc:
        raise InvalidArgument(str(exc), [FieldViolation("value", str(exc))]) from exc
    return orjson.dumps(result)
