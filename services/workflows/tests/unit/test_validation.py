"""Validation on save: parameters against each node type's JSON schema, expressions that parse,
trigger settings, each problem with the path of its node and field."""

from __future__ import annotations

import itertools

import pytest
from jobsprint.common.errors import InvalidArgument
from jobsprint.workflows.domain import validation

OBJECT = {"type": "object", "additionalProperties": False}
CATALOGUE = {
    "trigger.manual": {**OBJECT, "properties": {}},
    "trigger.cron": {
        **OBJECT,
        "properties": {"expression": {"type": "string"}, "timezone": {"type": "string"}},
        "required": ["expression"],
    },
    "core.set": {
        **OBJECT,
        "properties": {"values": {"type": "object"}, "keep_input": {"type": "boolean"}},
        "required": ["values"],
    },
}


def _definition(*nodes):
    all_nodes = [{"id": "start", "type": "trigger.manual"}, *nodes]
    edges = [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(all_nodes)]
    return {"nodes": all_nodes, "edges": edges}


def _problems(definition):
    with pytest.raises(InvalidArgument) as refused:
        validation.validate(definition, catalogue=CATALOGUE)
    return {v.field: v.description for v in refused.value.violations}


def test_a_valid_definition_parses():
    parsed = validation.validate(
        _definition({"id": "s", "type": "core.set", "parameters": {"values": {"t": "{{ input.a * 2 }}"}}}),
        catalogue=CATALOGUE,
    )
    assert [n.id for n in parsed.nodes] == ["start", "s"]


def test_a_missing_required_parameter_is_reported_at_the_node():
    problems = _problems(_definition({"id": "s", "type": "core.set", "parameters": {}}))
    assert list(problems) == ["definition.nodes[1].parameters"]
    assert "'values' is a required property" in problems["definition.nodes[1].parameters"]


def test_a_parameter_of_the_wrong_type_is_reported_at_its_field():
    problems = _problems(
        _definition({"id": "s", "type": "core.set", "parameters": {"values": {}, "keep_input": 3}})
    )
    assert list(problems) == ["definition.nodes[1].parameters.keep_input"]


def test_an_unknown_parameter_is_reported_with_the_allowed_ones():
    problems = _problems(
        _definition({"id": "s", "type": "core.set", "parameters": {"values": {}, "colour": 1}})
    )
    assert "allowed: keep_input, values" in problems["definition.nodes[1].parameters"]


def test_an_expression_may_stand_where_the_schema_wants_another_type():
    validation.validate(
        _definition(
            {"id": "s", "type": "core.set", "parameters": {"values": {}, "keep_input": "{{ input.keep }}"}}
        ),
        catalogue=CATALOGUE,
    )


def test_an_expression_that_does_not_parse_is_reported_at_its_field():
    problems = _problems(
        _definition(
            {"id": "s", "type": "core.set", "parameters": {"values": {"t": "total: {{ input.a + }}"}}}
        )
    )
    assert list(problems) == ["definition.nodes[1].parameters.values.t"]
    assert "does not parse" in problems["definition.nodes[1].parameters.values.t"]


@pytest.mark.security
def test_eight_deep_nested_macros_are_refused_at_save_naming_the_field():
    nested = "input.L.all(a, " * 8 + "true" + ")" * 8
    problems = _problems(
        _definition(
            {"id": "s", "type": "core.set", "parameters": {"values": {"ok": 1, "x": "{{ " + nested + " }}"}}}
        )
    )
    assert list(problems) == ["definition.nodes[1].parameters.values.x"]
    assert (
        "nested 8 deep; at most 3 levels are allowed" in problems["definition.nodes[1].parameters.values.x"]
    )


@pytest.mark.security
def test_an_expression_estimated_too_costly_is_refused_at_save():
    # Three deep is allowed, but this much work in the innermost comprehension is not.
    inner = " + ".join(["c"] * 6)
    source = f"input.L.map(a, input.L.map(b, input.L.map(c, {inner})))"
    problems = _problems(
        _definition({"id": "s", "type": "core.set", "parameters": {"values": {"x": f"{{{{ {source} }}}}"}}})
    )
    assert "estimated cost" in problems["definition.nodes[1].parameters.values.x"]


def test_three_nested_macros_with_a_small_body_are_accepted():
    source = "input.L.map(a, input.L.map(b, input.L.map(c, a + b + c)))"
    validation.validate(
        _definition({"id": "s", "type": "core.set", "parameters": {"values": {"x": f"{{{{ {source} }}}}"}}}),
        catalogue=CATALOGUE,
    )


def test_an_unclosed_and_an_empty_expression_are_reported():
    problems = _problems(
        _definition(
            {"id": "s", "type": "core.set", "parameters": {"values": {"a": "{{ input.a", "b": ["{{ }}"]}}}
        )
    )
    assert problems == {
        "definition.nodes[1].parameters.values.a": "has `{{` without a closing `}}`",
        "definition.nodes[1].parameters.values.b[0]": "empty expression `{{ }}`",
    }


def test_a_bad_cron_expression_and_time_zone_are_reported_on_the_trigger():
    definition = {
        "nodes": [
            {
                "id": "tick",
                "type": "trigger.cron",
                "parameters": {"expression": "61 * * * *", "timezone": "X/Y"},
            }
        ],
        "edges": [],
    }
    assert list(_problems(definition)) == [
        "definition.nodes[0].parameters.expression",
        "definition.nodes[0].parameters.timezone",
    ]


def test_structural_problems_still_come_from_the_shared_parser():
    problems = _problems(
        {"nodes": [{"id": "a", "type": "core.set", "parameters": {"values": {}}}], "edges": []}
    )
    assert "exactly one trigger" in problems["definition.nodes"]


def _graph(nodes, edges, **extra):
    return {"nodes": nodes, "edges": edges, **extra}


START = {"id": "start", "type": "trigger.manual"}
SET = {"id": "s", "type": "core.set", "parameters": {"values": {}}}


@pytest.mark.parametrize(
    ("definition", "field", "says"),
    [
        (_graph([START, {"id": "x", "type": "core.teleport"}], []), "definition.nodes[1].type", "unknown"),
        (_graph([SET], []), "definition.nodes", "exactly one trigger"),
        (_graph([START, {**START, "id": "again"}], []), "definition.nodes", "exactly one trigger"),
        (
            _graph([START, SET, {**SET}], [{"from": "start", "to": "s"}]),
            "definition.nodes[2].id",
            "duplicate",
        ),
        (_graph([START, SET], [{"from": "start", "to": "nowhere"}]), "definition.edges[0].to", "no node"),
        (_graph([START, SET], [{"from": "ghost", "to": "s"}]), "definition.edges[0].from", "no node"),
        (
            _graph(
                [START, SET, {**SET, "id": "t"}],
                [{"from": "start", "to": "s"}, {"from": "s", "to": "t"}, {"from": "t", "to": "s"}],
            ),
            "definition.edges",
            "cycle",
        ),
        (_graph([START, SET], [{"from": "s", "to": "start"}]), "definition.edges[0].to", "trigger"),
        (_graph([START, SET], [], output="ghost"), "definition.output", "no node"),
        (_graph([START, {"id": "bad id!", "type": "core.noop"}], []), "definition.nodes[1].id", ""),
        (_graph([START, {"id": "s", "type": "core.set"}], []), "definition.nodes[1].parameters", "required"),
    ],
)
def test_every_structural_problem_is_reported_at_its_path(definition, field, says):
    catalogue = {**CATALOGUE, "core.noop": {**OBJECT, "properties": {}}}
    with pytest.raises(InvalidArgument) as refused:
        validation.validate(definition, catalogue=catalogue)
    problems = {v.field: v.description for v in refused.value.violations}
    assert field in problems, problems
    assert says in problems[field].lower(), problems
