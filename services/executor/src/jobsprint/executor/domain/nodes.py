"""Built-in node types: what each accepts (a JSON schema), which outputs it has, and how it runs.

A node's `run` receives its parameters already rendered (expressions evaluated), the data that
reached it, and a `NodeCall` (who is calling: execution, node, attempt, time left); it returns
its output and the output port it leaves by.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from jobsprint.common.definitions import MAIN_OUTPUT
from jobsprint.executor.domain import expressions

# Kinds of failure, which a node's retry policy names in `retry_on`.
ERROR = "error"  # the node's own failure (core.fail, bad parameters): retrying will not help
# An expression failed, or passed its time or memory budget (ADR-056).
EXPRESSION, EXPRESSION_BUDGET = expressions.EXPRESSION, expressions.EXPRESSION_BUDGET
TIMEOUT = "timeout"
NETWORK = "network"
HTTP_5XX = "http_5xx"
HTTP_429 = "http_429"
HTTP_4XX = "http_4xx"
OUTPUT_TOO_LARGE = "output_too_large"
SUBWORKFLOW = "subworkflow"  # the called workflow's execution failed or was cancelled
TRANSIENT_KINDS = (TIMEOUT, NETWORK, HTTP_5XX, HTTP_429)


class NodeFailure(Exception):
    """The node ran and failed; routed to its `error` output when it has one.

    `kind` says what went wrong, so a retry policy can retry transient failures only."""

    def __init__(self, message: str, *, kind: str = ERROR) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class NodeCall:
    execution_id: str
    node_id: str
    attempt: int
    timeout_seconds: float
    # The workspace the execution runs in, and how deep it is nested in subworkflow calls (0: a
    # run started by a trigger).
    workspace_id: str = ""
    depth: int = 0

    @property
    def idempotency_key(self) -> str:
        """The same on every redelivery of one attempt; a new attempt gets a new key."""
        return f"{self.execution_id}:{self.node_id}:{self.attempt}"


@dataclass(frozen=True)
class NodeResult:
    output: Any
    port: str = MAIN_OUTPUT
    # core.wait: the node completes only once this moment has passed.
    wait_until: datetime | None = None
    # core.subworkflow: start this execution and complete with its output once it has finished.
    start_child: ChildStart | None = None


@dataclass(frozen=True)
class ChildStart:
    """An execution of another workflow of the workspace that a step starts and waits for."""

    execution_id: str  # derived from (parent, node, attempt): starting it twice is harmless
    workflow_id: str
    workflow_version: int
    definition: Mapping[str, Any]
    input: Any


# How a node runs: its rendered parameters, the data that reached it, the call → its result.
NodeRunner = Callable[[Mapping[str, Any], Any, "NodeCall"], "NodeResult"]


@dataclass(frozen=True)
class NodeType:
    type: str
    description: str
    parameters_schema: Mapping[str, Any]
    run: NodeRunner
    outputs: tuple[str, ...] = (MAIN_OUTPUT,)
    trigger: bool = False
    # Parameters evaluated by the node itself rather than rendered before it runs.
    raw_parameters: frozenset[str] = field(default_factory=frozenset)
    # Receives every arrived input as {source node id: output} instead of the first one.
    merges: bool = False
    # Acts on the world outside the execution. Every step before such a node is made durable
    # before it runs; steps of nodes without side effects are pure functions of the steps before
    # them, so they may be checkpointed in batches (a crash recomputes them, to the same result).
    side_effects: bool = False
    # Waits on I/O (a call to another service) without acting outside the execution. Such nodes,
    # and nodes with side effects, may run in the worker's thread pool alongside other branches;
    # the others are quick and CPU-bound and run in the engine's own thread.
    io_bound: bool = False

    @property
    def blocking(self) -> bool:
        return self.side_effects or self.io_bound


def _object_schema(properties: Mapping[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": dict(properties),
        "required": list(required),
        "additionalProperties": False,
    }


def _pass_through(_parameters: Mapping[str, Any], data: Any, _call: NodeCall) -> NodeResult:
    return NodeResult(data)


def _set(parameters: Mapping[str, Any], data: Any, _call: NodeCall) -> NodeResult:
    values = parameters.get("values", {})
    if not isinstance(values, dict):
        raise NodeFailure("`values` must be an object")
    if parameters.get("keep_input", True) and isinstance(data, dict):
        return NodeResult({**data, **values})
    return NodeResult(dict(values))


def _if(parameters: Mapping[str, Any], data: Any, _call: NodeCall) -> NodeResult:
    condition = parameters.get("condition")
    if not isinstance(condition, bool):
        raise NodeFailure(f"`condition` must evaluate to true or false, not {condition!r}")
    return NodeResult(data, "true" if condition else "false")


def _switch(parameters: Mapping[str, Any], data: Any, _call: NodeCall) -> NodeResult:
    cases = parameters.get("cases", {})
    if not isinstance(cases, dict) or not cases:
        raise NodeFailure("`cases` must be an object of output name to the value that selects it")
    value = parameters.get("value")
    for port, expected in cases.items():
        if value == expected:
            return NodeResult(data, str(port))
    return NodeResult(data, "default")


def _merge(parameters: Mapping[str, Any], data: Any, _call: NodeCall) -> NodeResult:
    # `data` is {source node id: output} of every input that arrived (the engine decides when).
    if parameters.get("mode", "all") == "any":
        return NodeResult(next(iter(data.values())))
    return NodeResult(dict(data))


def _fail(parameters: Mapping[str, Any], _data: Any, _call: NodeCall) -> NodeResult:
    raise NodeFailure(str(parameters.get("message", "the workflow reached core.fail")))


MAX_WAIT = timedelta(days=30)


def _wait(parameters: Mapping[str, Any], data: Any, _call: NodeCall) -> NodeResult:
    seconds, until = parameters.get("seconds"), parameters.get("until")
    now = datetime.now(UTC)
    if (seconds is None) == (until is None):
        raise NodeFailure("give exactly one of `seconds` (a duration) or `until` (an ISO 8601 time)")
    if seconds is not None:
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise NodeFailure(f"`seconds` must be a non-negative number, not {seconds!r}")
        due = now + timedelta(seconds=float(seconds))
    else:
        try:
            due = datetime.fromisoformat(str(until))
        except ValueError as exc:
            raise NodeFailure(
                f"`until` must be an ISO 8601 time such as 2026-01-31T09:00:00Z: {exc}"
            ) from exc
        if due.tzinfo is None:
            due = due.replace(tzinfo=UTC)
    if due - now > MAX_WAIT:
        raise NodeFailure(f"a wait may last at most {MAX_WAIT.days} days")
    return NodeResult(data, wait_until=due)


HTTP_REQUEST = "core.http_request"


def _unbound_http_request(_parameters: Mapping[str, Any], _data: Any, _call: NodeCall) -> NodeResult:
    raise NodeFailure(
        "core.http_request has no HTTP client in this process (bootstrap binds one with bind_http_requests)"
    )


def bind_http_requests(catalogue: NodeCatalogue, requester: NodeRunner) -> None:
    """Let `core.http_request` send through `requester` (bootstrap binds the process's one
    pooled client, `adapters/http_requests.py`)."""
    catalogue.add(replace(catalogue[HTTP_REQUEST], run=requester))


TRIGGER_SCHEMA = _object_schema({})

# The built-in node types as they are before bootstrap binds what they call.
BUILT_IN: tuple[NodeType, ...] = (
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
    NodeType(
        "core.switch",
        "Routes the incoming data to the output named by the first of `cases` whose value equals"
        " `value`, or to `default`.",
        _object_schema({"value": {}, "cases": {"type": "object"}}, ("value", "cases")),
        _switch,
        outputs=("<case name>", "default"),
    ),
    NodeType(
        "core.merge",
        "Joins branches: `mode: all` (default) runs once every input has arrived and outputs"
        " {input node id: its output}; `mode: any` passes on the first input that arrived.",
        _object_schema({"mode": {"enum": ["all", "any"]}}),
        _merge,
        merges=True,
    ),
    NodeType(
        "core.wait",
        "Waits `seconds`, or `until` an ISO 8601 time, holding no worker; then passes the data on.",
        _object_schema({"seconds": {"type": "number", "minimum": 0}, "until": {"type": "string"}}),
        _wait,
    ),
    NodeType(
        HTTP_REQUEST,
        "Sends an HTTP request (with an Idempotency-Key header) and outputs {status, headers, body}."
        " Answers of 400 and above fail the node unless `fail_on_status` is false.",
        _object_schema(
            {
                "method": {"enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]},
                "url": {"type": "string"},
                "headers": {"type": "object"},
                "query": {"type": "object"},
                "body": {},
                "timeout_seconds": {"type": "number", "exclusiveMinimum": 0},
                "fail_on_status": {"type": "boolean"},
            },
            ("url",),
        ),
        _unbound_http_request,
        side_effects=True,
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


class NodeCatalogue(Mapping[str, NodeType]):
    """The node types one process runs, by type: the built-in ones, and those bootstrap binds to
    the outside services they call (`core.http_request`, `core.subworkflow`, `integration.*`).
    An object bootstrap builds and passes down, never a module-level registry: a test builds its
    own. Adding replaces a type's entry with a new mapping, so a reader iterating never sees it
    change (the integrations catalogue is discovered on a thread after start-up)."""

    def __init__(self, types: Iterable[NodeType] = ()) -> None:
        self._types: dict[str, NodeType] = {node.type: node for node in types}

    def __getitem__(self, type_: str) -> NodeType:
        return self._types[type_]

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def __len__(self) -> int:
        return len(self._types)

    def __contains__(self, type_: object) -> bool:
        return type_ in self._types

    def add(self, *node_types: NodeType) -> None:
        """Add node types, or replace those of the same type."""
        self._types = {**self._types, **{node.type: node for node in node_types}}


def built_in_catalogue() -> NodeCatalogue:
    """A catalogue of the built-in node types (`core.http_request` unbound until bootstrap binds it)."""
    return NodeCatalogue(BUILT_IN)
