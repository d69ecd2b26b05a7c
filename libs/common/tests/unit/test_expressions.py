"""The static reading of expressions shared by save and run: `jobsprint.common.expressions`."""

from __future__ import annotations

import pytest
from jobsprint.common import expressions
from jobsprint.common.expressions import as_double_literals, problem, shape, template_problems


@pytest.mark.parametrize(
    ("source", "depth"),
    [
        ("input.qty * 2", 0),
        ("has(input.x)", 0),
        ("input.L.map(x, x * 2)", 1),
        ("input.L.map(x, x.tags.filter(t, t != ''))", 2),
        ("input.L.all(a, input.L.all(b, input.L.all(c, true)))", 3),
        ("input.L.exists(a, a > 1) && input.L.exists_one(b, b > 1)", 1),  # side by side, not nested
        ("input.L.map  (x, x)", 1),
        ("input.L.map // a comment\n(x, x)", 1),
        ("'input.L.map(a, input.L.map(b, b))'", 0),  # a string
        ('r"\\" + input.L.map(x, x) + "y"', 1),  # a raw string ends at its first quote
        ("'it\\'s input.L.map(x, x)'", 0),  # an escaped quote does not end a string
    ],
)
def test_comprehension_depth_is_read_from_the_tokens(source: str, depth: int) -> None:
    assert shape(source).comprehension_depth == depth


def test_the_estimated_cost_weighs_each_operation_by_the_comprehensions_around_it() -> None:
    flat = shape("input.a + 1").estimated_cost
    nested = shape("input.L.map(x, x + 1)").estimated_cost

    assert flat == 4  # input, a, +, 1
    assert nested == 3 + 4 * expressions.NOMINAL_ITERATIONS  # input, L, map; then x, x, +, 1 inside


def test_nesting_beyond_the_limit_is_a_problem_that_names_the_depth() -> None:
    nested = "input.L.all(a, " * 4 + "true" + ")" * 4

    assert problem(nested) == (
        "comprehension macros (all, exists, exists_one, filter, map) are nested 4 deep;"
        " at most 3 levels are allowed"
    )


def test_a_valid_expression_has_no_problem() -> None:
    assert problem("input.L.map(a, input.L.map(b, input.L.map(c, a + b + c)))") is None


def test_integer_literals_become_doubles_but_not_in_strings_or_as_indexes() -> None:
    assert as_double_literals("items[0] + 1 + [2][0] + size('3')") == "items[0] + 1.0 + [2.0][0] + size('3')"
    assert as_double_literals('r"\\" + 4') == 'r"\\" + 4.0'


def test_template_problems_quote_each_failing_expression() -> None:
    found = template_problems("{{ input.a }} and {{ input.b + }}")

    assert len(found) == 1
    assert found[0].startswith("expression {{ input.b + }} does not parse:")
