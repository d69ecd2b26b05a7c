"""Unit tests of the workflow definition format: `jobsprint.common.definitions.parse`."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jobsprint.common.definitions import ERROR_OUTPUT, MAIN_OUTPUT, MAX_NODES, Definition, Edge, Node, parse
from jobsprint.common.errors import InvalidArgument


def _node(node_id: str, node_type: str = "core.noop", **extra: Any) -> dict[str, Any]:
    return {"id": node_id, "type": node_type, **extra}


TRIGGER = _node("start", "trigger.manual")

VALID: dict[str, Any] = {
    "nodes": [
        TRIGGER,
        _node("check", "core.if", parameters={"condition": "{{ input.qty > 2 }}"}, name="Big order?"),
        _node("big", "core.set", parameters={"values": {"size": "big"}}),
        _node("small", "core.set", parameters={"values": {"size": "small"}}),
        _node("done", retry={"max_attempts": 3}, timeout_seconds=30, position={"x": 1, "y": 2}),
    ],
    "edges": [
        {"from": "start", "to": "check"},
        {"from": "check", "to": "big", "output": "true"},
        {"from": "check", "to": "small", "output": "false"},
        {"from": "big", "to": "done"},
        {"from": "small", "to": "done"},
    ],
    "output": "done",
}


def _valid() -> dict[str, Any]:
    return copy.deepcopy(VALID)


def _fields(excinfo: pytest.ExceptionInfo[InvalidArgument]) -> list[str]:
    return [v.field for v in excinfo.value.violations]


def _rejects(raw: object, **kwargs: Any) -> pytest.ExceptionInfo[InvalidArgument]:
    with pytest.raises(InvalidArgument) as excinfo:
        parse(raw, **kwargs)
    return excinfo


# --- a valid definition ------------------------------------------------------------------------


def test_parses_a_valid_definition_into_nodes_edges_and_output() -> None:
    definition = parse(_valid())

    assert isinstance(definition, Definition)
    assert [n.id for n in definition.nodes] == ["start", "check", "big", "small", "done"]
    assert definition.node("check") == Node(
        id="check", type="core.if", parameters={"condition": "{{ input.qty > 2 }}"}, name="Big order?"
    )
    assert definition.edges[0] == Edge(source="start", target="check", output=MAIN_OUTPUT)
    assert definition.edges[1] == Edge(source="check", target="big", output="true")
    assert definition.output_node == "done"


def test_a_node_without_parameters_or_name_gets_empty_defaults() -> None:
    definition = parse({"nodes": [TRIGGER]})

    assert definition.node("start").parameters == {}
    assert definition.node("start").name == ""
    assert definition.edges == ()
    assert definition.output_node is None


def test_the_trigger_is_the_node_whose_type_starts_with_trigger() -> None:
    definition = parse(_valid())

    assert definition.trigger.id == "start"
    assert definition.trigger.is_trigger
    assert not definition.node("check").is_trigger


def test_incoming_and_outgoing_list_the_edges_of_a_node() -> None:
    definition = parse(_valid())

    assert [e.target for e in definition.outgoing("check")] == ["big", "small"]
    assert [e.source for e in definition.incoming("done")] == ["big", "small"]
    assert definition.incoming("start") == []


def test_node_lookup_of_an_unknown_id_raises_key_error() -> None:
    with pytest.raises(KeyError):
        parse(_valid()).node("nope")


def test_an_edge_may_leave_by_the_error_output() -> None:
    raw = {
        "nodes": [TRIGGER, _node("risky"), _node("handler")],
        "edges": [{"from": "start", "to": "risky"}, {"from": "risky", "to": "handler", "output": "error"}],
    }

    assert parse(raw).edges[1].output == ERROR_OUTPUT


# --- topological order -------------------------------------------------------------------------


def test_topological_order_puts_every_node_after_its_predecessors() -> None:
    definition = parse(_valid())
    order = definition.topological_order()

    assert sorted(order) == sorted(n.id for n in definition.nodes)
    for edge in definition.edges:
        assert order.index(edge.source) < order.index(edge.target), edge


def test_topological_order_follows_edges_rather_than_definition_order() -> None:
    raw = {
        "nodes": [_node("last"), _node("middle"), TRIGGER],
        "edges": [{"from": "start", "to": "middle"}, {"from": "middle", "to": "last"}],
    }

    assert parse(raw).topological_order() == ["start", "middle", "last"]


def test_topological_order_of_a_diamond_ends_with_the_join() -> None:
    raw = {
        "nodes": [TRIGGER, _node("a"), _node("b"), _node("join")],
        "edges": [
            {"from": "start", "to": "a"},
            {"from": "start", "to": "b"},
            {"from": "a", "to": "join"},
            {"from": "b", "to": "join"},
        ],
    }

    assert parse(raw).topological_order() == ["start", "a", "b", "join"]


def test_topological_order_breaks_ties_in_definition_order() -> None:
    raw = {
        "nodes": [TRIGGER, _node("a"), _node("b")],
        "edges": [{"from": "start", "to": "b"}, {"from": "start", "to": "a"}],
    }

    assert parse(raw).topological_order() == ["start", "a", "b"]


# --- errors, each with its path ----------------------------------------------------------------


@pytest.mark.parametrize("raw", ["a string", ["nodes"], None, 42])
def test_refuses_a_definition_that_is_not_an_object(raw: object) -> None:
    excinfo = _rejects(raw)

    assert "JSON object" in excinfo.value.message


@pytest.mark.parametrize(
    "raw",
    ["a string", {"nodes": [TRIGGER] + [_node(f"n{i}") for i in range(MAX_NODES)]}],
    ids=["not-an-object", "too-many-nodes"],
)
def test_reports_a_whole_definition_problem_with_a_path(raw: object) -> None:
    assert _fields(_rejects(raw))


@pytest.mark.parametrize(
    "raw",
    [{}, {"nodes": []}, {"nodes": "start"}, {"nodes": {"start": TRIGGER}}, {"edges": []}],
    ids=["missing", "empty", "string", "object", "only-edges"],
)
def test_refuses_a_definition_without_nodes(raw: dict[str, Any]) -> None:
    assert _fields(_rejects(raw)) == ["definition.nodes"]


def test_refuses_more_than_the_maximum_number_of_nodes() -> None:
    raw = {"nodes": [TRIGGER] + [_node(f"n{i}") for i in range(MAX_NODES)]}

    excinfo = _rejects(raw)

    assert str(MAX_NODES) in excinfo.value.message


def test_accepts_exactly_the_maximum_number_of_nodes() -> None:
    raw = {"nodes": [TRIGGER] + [_node(f"n{i}") for i in range(MAX_NODES - 1)]}

    assert len(parse(raw).nodes) == MAX_NODES


def test_refuses_edges_that_are_not_a_list() -> None:
    assert _fields(_rejects({"nodes": [TRIGGER], "edges": {"from": "start"}})) == ["definition.edges"]


def test_refuses_an_unknown_top_level_field() -> None:
    raw = _valid() | {"connections": []}

    assert _fields(_rejects(raw)) == ["definition.connections"]


def test_refuses_an_unknown_node_field() -> None:
    raw = _valid()
    raw["nodes"][1]["colour"] = "red"

    assert _fields(_rejects(raw)) == ["definition.nodes[1].colour"]


def test_refuses_a_node_that_is_not_an_object() -> None:
    raw = _valid()
    raw["nodes"][2] = "big"
    raw["edges"] = [e for e in raw["edges"] if "big" not in (e["from"], e["to"])]

    assert _fields(_rejects(raw)) == ["definition.nodes[2]"]


@pytest.mark.parametrize(
    "bad_id",
    [None, "", 7, "1st", "has-dash", "has space", "x" * 65, "ünïcode"],
    ids=["missing", "empty", "number", "leading-digit", "dash", "space", "too-long", "non-ascii"],
)
def test_refuses_a_bad_node_id(bad_id: object) -> None:
    raw = {"nodes": [TRIGGER, {"id": bad_id, "type": "core.noop"}]}
    if bad_id is None:
        del raw["nodes"][1]["id"]

    assert _fields(_rejects(raw)) == ["definition.nodes[1].id"]


@pytest.mark.parametrize("good_id", ["_", "a", "A_b_9", "x" * 64])
def test_accepts_node_ids_of_letters_digits_and_underscores(good_id: str) -> None:
    assert parse({"nodes": [TRIGGER, _node(good_id)]}).node(good_id).id == good_id


def test_refuses_a_duplicate_node_id() -> None:
    raw = {"nodes": [TRIGGER, _node("a"), _node("a", "core.set")]}

    excinfo = _rejects(raw)

    assert _fields(excinfo) == ["definition.nodes[2].id"]
    assert "duplicate" in excinfo.value.violations[0].description


@pytest.mark.parametrize("bad_type", [None, "", 3])
def test_refuses_a_node_without_a_type(bad_type: object) -> None:
    raw = {"nodes": [TRIGGER, {"id": "a", "type": bad_type}]}

    assert _fields(_rejects(raw)) == ["definition.nodes[1].type"]


def test_refuses_a_type_that_is_known_type_does_not_know() -> None:
    known = {"trigger.manual", "core.noop"}
    raw = {"nodes": [TRIGGER, _node("a"), _node("b", "core.teleport")]}

    excinfo = _rejects(raw, is_known_type=known.__contains__)

    assert _fields(excinfo) == ["definition.nodes[2].type"]
    assert "core.teleport" in excinfo.value.violations[0].description


def test_asks_is_known_type_about_every_node_type() -> None:
    asked: list[str] = []

    def is_known_type(node_type: str) -> bool:
        asked.append(node_type)
        return True

    parse(_valid(), is_known_type=is_known_type)

    assert asked == ["trigger.manual", "core.if", "core.set", "core.set", "core.noop"]


def test_refuses_parameters_that_are_not_an_object() -> None:
    raw = {"nodes": [TRIGGER, _node("a", parameters=["x"])]}

    assert _fields(_rejects(raw)) == ["definition.nodes[1].parameters"]


def test_refuses_a_definition_without_a_trigger() -> None:
    excinfo = _rejects({"nodes": [_node("a"), _node("b")]})

    assert _fields(excinfo) == ["definition.nodes"]
    assert "found 0" in excinfo.value.violations[0].description


def test_refuses_a_definition_with_two_triggers() -> None:
    excinfo = _rejects({"nodes": [TRIGGER, _node("hook", "trigger.webhook")]})

    assert _fields(excinfo) == ["definition.nodes"]
    assert "found 2" in excinfo.value.violations[0].description


@pytest.mark.parametrize(
    ("edge", "field"),
    [
        ({"from": "start", "to": "ghost"}, "definition.edges[0].to"),
        ({"from": "ghost", "to": "a"}, "definition.edges[0].from"),
        ({"to": "a"}, "definition.edges[0].from"),
        ({"from": "start"}, "definition.edges[0].to"),
    ],
    ids=["to-missing-node", "from-missing-node", "no-from", "no-to"],
)
def test_refuses_an_edge_that_names_no_node(edge: dict[str, Any], field: str) -> None:
    excinfo = _rejects({"nodes": [TRIGGER, _node("a")], "edges": [edge]})

    assert _fields(excinfo) == [field]
    assert "names no node" in excinfo.value.violations[0].description


def test_an_edge_to_a_node_with_a_bad_id_is_reported_on_both() -> None:
    raw = {"nodes": [TRIGGER, _node("bad-id")], "edges": [{"from": "start", "to": "bad-id"}]}

    assert _fields(_rejects(raw)) == ["definition.nodes[1].id", "definition.edges[0].to"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (
            {"nodes": [TRIGGER, _node("a")], "edges": [{"from": ["start"], "to": "a"}]},
            "definition.edges[0].from",
        ),
        (
            {"nodes": [TRIGGER, _node("a")], "edges": [{"from": "start", "to": {"id": "a"}}]},
            "definition.edges[0].to",
        ),
        ({"nodes": [TRIGGER, _node("a")], "output": ["a"]}, "definition.output"),
    ],
    ids=["list-from", "object-to", "list-output"],
)
def test_reports_a_non_string_node_reference_as_invalid(raw: dict[str, Any], field: str) -> None:
    assert _fields(_rejects(raw)) == [field]


def test_refuses_an_edge_that_is_not_an_object() -> None:
    raw = {"nodes": [TRIGGER, _node("a")], "edges": [["start", "a"]]}

    assert _fields(_rejects(raw)) == ["definition.edges[0]"]


@pytest.mark.parametrize("output", ["", 1, None])
def test_refuses_an_edge_output_that_is_not_a_name(output: object) -> None:
    raw = {"nodes": [TRIGGER, _node("a")], "edges": [{"from": "start", "to": "a", "output": output}]}

    assert _fields(_rejects(raw)) == ["definition.edges[0].output"]


def test_refuses_an_edge_into_the_trigger() -> None:
    raw = {
        "nodes": [TRIGGER, _node("a")],
        "edges": [{"from": "start", "to": "a"}, {"from": "a", "to": "start"}],
    }

    excinfo = _rejects(raw)

    assert _fields(excinfo) == ["definition.edges[1].to"]
    assert "trigger" in excinfo.value.violations[0].description


@pytest.mark.parametrize("output", ["ghost", ""])
def test_refuses_an_output_that_names_no_node(output: str) -> None:
    raw = _valid() | {"output": output}

    assert _fields(_rejects(raw)) == ["definition.output"]


@pytest.mark.parametrize(
    "edges",
    [
        [{"from": "start", "to": "a"}, {"from": "a", "to": "b"}, {"from": "b", "to": "a"}],
        [{"from": "start", "to": "a"}, {"from": "a", "to": "a"}],
        [
            {"from": "start", "to": "a"},
            {"from": "a", "to": "b"},
            {"from": "b", "to": "c"},
            {"from": "c", "to": "a"},
        ],
    ],
    ids=["two-node-cycle", "self-loop", "three-node-cycle"],
)
def test_refuses_a_graph_with_a_cycle(edges: list[dict[str, str]]) -> None:
    raw = {"nodes": [TRIGGER, _node("a"), _node("b"), _node("c")], "edges": edges}

    excinfo = _rejects(raw)

    assert _fields(excinfo) == ["definition.edges"]
    assert "cycle" in excinfo.value.message


def test_reports_several_problems_at_once() -> None:
    raw = {
        "nodes": [
            _node("a", colour="red"),
            _node("a"),
            _node("b", "core.teleport"),
            _node("c", parameters=[]),
        ],
        "edges": [{"from": "a", "to": "nowhere"}, "not-an-edge"],
        "output": "ghost",
        "extra": True,
    }

    excinfo = _rejects(raw, is_known_type=lambda t: t != "core.teleport")

    assert _fields(excinfo) == [
        "definition.extra",
        "definition.nodes[0].colour",
        "definition.nodes[1].id",
        "definition.nodes[2].type",
        "definition.nodes[3].parameters",
        "definition.nodes",
        "definition.edges[0].to",
        "definition.edges[1]",
        "definition.output",
    ]
    assert excinfo.value.message == "the workflow definition is invalid"


def test_invalid_argument_carries_the_invalid_argument_status_code() -> None:
    import grpc
    from jobsprint.common.grpc_errors import grpc_code

    assert grpc_code(_rejects({"nodes": []}).value) == grpc.StatusCode.INVALID_ARGUMENT


# --- workflow settings -------------------------------------------------------------------------


def test_a_definition_without_settings_has_no_error_workflow_and_no_limit() -> None:
    settings = parse(_valid()).settings

    assert (settings.error_workflow, settings.max_concurrency) == (None, None)


def test_settings_name_an_error_workflow_and_a_concurrency_limit() -> None:
    raw = _valid()
    raw["settings"] = {"error_workflow": "7D1C4F0E-93A4-4C52-8F0A-2D9B1F6E3A21", "max_concurrency": 3}

    settings = parse(raw).settings

    assert settings.error_workflow == "7d1c4f0e-93a4-4c52-8f0a-2d9b1f6e3a21"
    assert settings.max_concurrency == 3


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ("fast", "definition.settings"),
        ({"error_workflow": "not-an-id"}, "definition.settings.error_workflow"),
        ({"max_concurrency": 0}, "definition.settings.max_concurrency"),
        ({"max_concurrency": 1.5}, "definition.settings.max_concurrency"),
        ({"max_concurrency": True}, "definition.settings.max_concurrency"),
        ({"max_concurrency": 1001}, "definition.settings.max_concurrency"),
        ({"timezone": "UTC"}, "definition.settings.timezone"),
    ],
)
def test_refuses_settings_it_does_not_know_or_cannot_use(settings: object, field: str) -> None:
    raw = _valid()
    raw["settings"] = settings

    assert _fields(_rejects(raw)) == [field]
