"""Unit tests of `{{ … }}` expressions: `jobsprint.executor.domain.expressions` (CEL, never eval)."""

from __future__ import annotations

import builtins
import math
import os
from typing import Any

import pytest
from jobsprint.common import expressions as common_expressions
from jobsprint.executor.domain import expressions
from jobsprint.executor.domain.expressions import (
    MAX_EXPRESSION_LENGTH,
    MAX_RESULT_BYTES,
    Budget,
    ExpressionError,
    compile_expression,
    from_cel,
    to_cel,
)

from .engine_runs import SANDBOX

# What a run gives them: costly expressions go to a sandbox.
IN_A_RUN = Budget(sandbox=SANDBOX)


def evaluate(source: str, scope: Any, *, parameter: str = "") -> Any:
    return expressions.evaluate(source, scope, parameter=parameter, budget=IN_A_RUN)


def render(value: Any, scope: Any, *, parameter: str = "") -> Any:
    return expressions.render(value, scope, parameter=parameter, budget=IN_A_RUN)


INPUT = {
    "qty": 3,
    "unit_price": 2.5,
    "items": [10, 20, 30],
    "name": "Ada",
    "active": True,
    "customer": {"id": 7, "tags": ["vip"]},
    "note": None,
}


def _scope(**input_overrides: Any) -> dict[str, Any]:
    return {
        "input": to_cel(INPUT | input_overrides),
        "steps": {"fetch": {"output": to_cel({"total": 12}), "status": "succeeded"}},
        "execution": {"id": "ex-1", "workflow_id": "wf-1", "started_at": "2024-01-01T00:00:00Z"},
    }


SCOPE = _scope()


# --- whole-string expressions keep their type --------------------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ input.qty }}", 3),
        ("{{ input.unit_price }}", 2.5),
        ("{{ input.active }}", True),
        ("{{ input.qty > 5 }}", False),
        ("{{ input.name }}", "Ada"),
        ("{{ input.items }}", [10, 20, 30]),
        ("{{ input.customer }}", {"id": 7, "tags": ["vip"]}),
        ("{{ input.note }}", None),
        ("{{ steps.fetch.output.total }}", 12),
        ("{{ execution.workflow_id }}", "wf-1"),
        ("{{input.qty}}", 3),
    ],
)
def test_a_string_that_is_one_expression_keeps_the_result_type(template: str, expected: Any) -> None:
    result = render(template, SCOPE)

    assert result == expected
    assert type(result) is type(expected)


# --- mixed templates render into strings -------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("Hello {{ input.name }}!", "Hello Ada!"),
        ("{{ input.qty }} x {{ input.unit_price }}", "3 x 2.5"),
        ("total={{ input.qty * input.unit_price }}", "total=7.5"),
        ("flag: {{ input.active }}", "flag: true"),
        ("note: {{ input.note }}", "note: null"),
        ("items: {{ input.items }}", "items: [10,20,30]"),
        ("customer: {{ input.customer }}", 'customer: {"id":7,"tags":["vip"]}'),
        (" {{ input.qty }}", " 3"),
        ("{{ input.name }}{{ input.qty }}", "Ada3"),
    ],
)
def test_a_mixed_template_renders_each_result_into_the_string(template: str, expected: str) -> None:
    assert render(template, SCOPE) == expected


def test_a_string_without_expressions_is_returned_as_it_is() -> None:
    assert render("no {braces} here", SCOPE) == "no {braces} here"


def test_render_walks_objects_and_lists_and_leaves_other_values_alone() -> None:
    value = {"a": ["{{ input.qty * 2 }}", "x{{ input.qty }}", 5, None], "b": {"c": "{{ input.active }}"}}

    assert render(value, SCOPE) == {"a": [6, "x3", 5, None], "b": {"c": True}}


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "input_overrides", "expected"),
    [
        ("input.qty * input.unit_price", {}, 7.5),
        ("input.qty * input.unit_price", {"qty": 4}, 10),
        ("input.qty * input.unit_price", {"unit_price": 2}, 6),
        ("input.qty + 1", {}, 4),
        ("input.qty * 2", {}, 6),
        ("input.qty * 1.5", {}, 4.5),
        ("input.qty / 2", {}, 1.5),
        ("input.qty - 10", {}, -7),
        ("input.qty == 3", {}, True),
        ("input.qty in [3, 4]", {}, True),
        ("input.items[0]", {}, 10),
        ("input.items[ 2 ]", {}, 30),
        ("input.items[1] + 1", {}, 21),
        ("input.customer.tags[0]", {}, "vip"),
        ("input.items.map(x, x * 2)", {}, [20, 40, 60]),
        ("input.items.exists(x, x > 25)", {}, True),
        ("2.0", {}, 2),
        ("1e3", {}, 1000),
    ],
)
def test_arithmetic_mixes_integers_and_decimals(
    source: str, input_overrides: dict[str, Any], expected: Any
) -> None:
    result = evaluate(source, _scope(**input_overrides))

    assert result == expected
    assert type(result) is type(expected)


def test_a_whole_number_result_comes_out_as_an_int() -> None:
    result = render("{{ input.unit_price * 4 }}", SCOPE)

    assert result == 10
    assert isinstance(result, int)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("'abc123'", "abc123"),
        ('"room 42"', "room 42"),
        ("'v1.2.3'", "v1.2.3"),
        ("'it\\'s 7'", "it's 7"),
        ("'''line 1'''", "line 1"),
        ("input.name + ' 007'", "Ada 007"),
    ],
)
def test_digits_inside_string_literals_are_left_untouched(source: str, expected: str) -> None:
    assert evaluate(source, SCOPE) == expected


def test_to_cel_makes_every_number_a_double_but_keeps_booleans() -> None:
    converted = to_cel({"n": 1, "f": 1.5, "b": True, "s": "1", "l": (1, False), 5: None})

    assert converted == {"n": 1.0, "f": 1.5, "b": True, "s": "1", "l": [1.0, False], "5": None}
    assert type(converted["n"]) is float
    assert converted["b"] is True
    assert converted["l"][1] is False


def test_from_cel_turns_whole_doubles_into_ints_recursively() -> None:
    converted = from_cel({"a": 2.0, "b": [3.0, 3.5], "c": b"bytes", "d": True})

    assert converted == {"a": 2, "b": [3, 3.5], "c": "bytes", "d": True}
    assert type(converted["a"]) is int
    assert type(converted["b"][0]) is int


@pytest.mark.parametrize("value", [2.0**53, math.inf, -math.inf])
def test_from_cel_keeps_doubles_too_large_or_not_finite(value: float) -> None:
    assert type(from_cel(value)) is float


# --- errors ------------------------------------------------------------------------------------


def test_a_missing_key_is_an_expression_error_naming_the_parameter() -> None:
    with pytest.raises(ExpressionError) as excinfo:
        render({"values": {"total": "{{ input.missing * 2 }}"}}, SCOPE, parameter="config")

    error = excinfo.value
    assert error.parameter == "config.values.total"
    assert "missing" in error.message
    assert "input.missing * 2" in str(error)
    assert "in parameter 'config.values.total'" in str(error)


def test_an_unknown_variable_is_an_expression_error() -> None:
    with pytest.raises(ExpressionError) as excinfo:
        evaluate("secrets.api_key", SCOPE, parameter="url")

    assert excinfo.value.parameter == "url"


@pytest.mark.parametrize("source", ["input.qty +", "(input.qty", "input..qty", "'unterminated", "1 +* 2"])
def test_an_expression_that_does_not_parse_is_an_expression_error(source: str) -> None:
    with pytest.raises(ExpressionError, match="does not parse"):
        evaluate(source, SCOPE)
    with pytest.raises(ExpressionError, match="does not parse"):
        compile_expression(source)


def test_compile_expression_accepts_a_valid_expression() -> None:
    compile_expression("input.qty * input.unit_price > 10 && input.active")


@pytest.mark.parametrize(
    "source",
    ["input.name * 2", "input.name + 1", "input.items['x']", "input.qty.foo"],
)
def test_a_type_error_at_evaluation_is_an_expression_error(source: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate(source, SCOPE, parameter="p")


# --- no escape to Python -----------------------------------------------------------------------


@pytest.fixture
def python_escapes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records any use of eval, exec, compile or os.system while an expression runs."""
    calls: list[str] = []

    def spy(name: str) -> Any:
        def record(*_args: Any, **_kwargs: Any) -> None:
            calls.append(name)
            raise AssertionError(f"{name} was called")

        return record

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, spy(name))
    monkeypatch.setattr(os, "system", spy("os.system"))
    return calls


@pytest.mark.parametrize(
    "source",
    [
        '"".__class__',
        '"".__class__.__mro__[1].__subclasses__()',
        "input.__dict__",
        "input.__class__",
        'import("os")',
        '__import__("os").system("true")',
        'eval("1")',
        'exec("x = 1")',
        'os.system("true")',
        "().__class__.__bases__[0]",
        "[x for x in ()]",
        "lambda: 1",
    ],
)
def test_attempts_to_escape_into_python_fail_without_running_python(
    source: str, python_escapes: list[str]
) -> None:
    with pytest.raises(ExpressionError):
        evaluate(source, SCOPE, parameter="p")

    assert python_escapes == []


def test_an_expression_longer_than_the_limit_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled: list[str] = []
    monkeypatch.setattr(common_expressions.cel, "compile", lambda source: compiled.append(source))
    source = "input.qty + " * (MAX_EXPRESSION_LENGTH // 12 + 1) + "1"
    assert len(source) > MAX_EXPRESSION_LENGTH

    with pytest.raises(ExpressionError, match=f"longer than {MAX_EXPRESSION_LENGTH}"):
        evaluate(source, SCOPE)
    with pytest.raises(ExpressionError, match=f"longer than {MAX_EXPRESSION_LENGTH}"):
        compile_expression(source)
    assert compiled == []


def test_an_expression_at_the_length_limit_is_accepted() -> None:
    source = "input.qty" + " " * (MAX_EXPRESSION_LENGTH - len("input.qty"))

    assert evaluate(source, SCOPE) == 3


def test_a_result_larger_than_the_cap_is_refused() -> None:
    chunk = "x" * (MAX_RESULT_BYTES // 3 + 1)
    scope = _scope(big=chunk)

    with pytest.raises(ExpressionError, match=f"larger than {MAX_RESULT_BYTES} bytes") as excinfo:
        evaluate("input.big + input.big + input.big", scope, parameter="body")

    assert excinfo.value.parameter == "body"


def test_a_result_just_under_the_cap_is_returned() -> None:
    chunk = "x" * ((MAX_RESULT_BYTES - 2) // 2)

    assert len(evaluate("input.big + input.big", _scope(big=chunk))) == MAX_RESULT_BYTES - 2


def test_a_large_list_result_is_capped_too() -> None:
    chunk = "y" * (MAX_RESULT_BYTES // 2)

    with pytest.raises(ExpressionError, match="larger than"):
        evaluate("[input.big, input.big, input.big]", _scope(big=chunk))


# --- a single-element list literal -------------------------------------------------------------


def test_a_one_element_list_literal_holds_a_double_like_any_other_literal() -> None:
    assert evaluate("[2, 4].map(x, x * input.qty)", SCOPE) == [6, 12]

    assert evaluate("[2].map(x, x * input.qty)", SCOPE) == [6]
