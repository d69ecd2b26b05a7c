"""Built-in node types: what each accepts (a JSON schema), which outputs it has, and how it runs.

A node's `run` receives its parameters already rendered (expressions evaluated) and the data
that reached it; it returns its output and the output port it leaves by.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jobsprint.common.definitions import MAIN_OUTPUT


class NodeFailure(Exception):
    """The node ran and failed; routed to its `error` output when it has one."""


@dataclass(frozen=True)
class NodeResult:
    output: Any
    port: str = MAIN_OUTPUT


@dataclass(frozen=True)
class NodeType:
    type: str
    description: str
    parameters_schema: Mapping[str, Any]
    run: Callable[[Mapping[str, Any], Any], NodeResult]
    outputs: tuple[str, ...] = (MAIN_OUTPUT,)
    trigger: bool = False
    # Parameters evaluated by the node itself rather than rendered before it runs.
    raw_parameters: frozenset[str] = field(default_factory=frozenset)


def _object_schema(properties: Mapping[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": dict(properties),
        "required": list(required),
        "additionalProperties": False,
    }


def _pass_through(_parameters: Mapping[str, Any], data: Any) -> NodeResult:
    return NodeResult(data)


def _set(parameters: Mapping[str, Any], data: Any) -> NodeResult:
    values = parameters.get("values", {})
    if not isinstance(values, dict):
        raise NodeFailure("`values` must be an object")
    if parameters.get("keep_input", True) and isinstance(data, dict):
        return NodeResult({**data, **values})
    return NodeResult(dict(values))


def _if(parameters: Mapping[str, Any], data: Any) -> NodeResult:
    condition = parameters.get("condition")
    if not isinstance(condition, bool):
        raise NodeFailure(f"`condition` must evaluate to true or false, not {condition!r}")
    return NodeResult(data, "true" if condition else "false")


def _fail(parameters: Mapping[str, Any], _data: Any) -> NodeResult:
    raise NodeFailure(str(parameters.get("message", "the workflow reached core.fail")))


TRIGGER_SCHEMA = _object_schema({})

CATALOGUE: dict[str, NodeType] = {
    node.type: node
    for node in (
        NodeType(
            "trigger.manual",
            "Started by hand or through the API; its output is the run's input.",
            TRIGGER_SCHEMA,
            _pass_through,
            trigger=True,
        ),
        NodeType(
            "trigger.webhook",
            "Started by an HTTP request to the workflow's webhook URL.",
            _object_schema(
                {
                    "method": {"enum": ["GET", "POST", "PUT", "PATCH", "DELETE"]},
                    "response_mode": {"enum": ["wait", "async"]},
                    "wait_timeout_seconds": {"type": "number", "exclusiveMinimum": 0, "maximum": 300},
                }
            ),
            _pass_through,
            trigger=True,
        ),
        NodeType(
            "trigger.cron",
            "Started on a cron schedule.",
            _object_schema(
                {
                    "expression": {"type": "string"},
                    "timezone": {"type": "string"},
                    "missed_ticks": {"enum": ["skip", "run_once"]},
                },
                ("expression",),
            ),
            _pass_through,
            trigger=True,
        ),
        NodeType(
            "core.set",
            "Lays `values` over the incoming data (`keep_input: false` gives `values` alone).",
            _object_schema({"values": {"type": "object"}, "keep_input": {"type": "boolean"}}, ("values",)),
            _set,
        ),
        NodeType(
            "core.if",
            "Routes the incoming data to `true` or `false` by `condition`.",
            _object_schema({"condition": {}}, ("condition",)),
            _if,
            outputs=("true", "false"),
        ),
        NodeType("core.noop", "Passes the incoming data on unchanged.", _object_schema({}), _pass_through),
        NodeType(
            "core.fail",
            "Fails the execution with `message`.",
            _object_schema({"message": {"type": "string"}}),
            _fail,
            outputs=(),
        ),
    )
}
