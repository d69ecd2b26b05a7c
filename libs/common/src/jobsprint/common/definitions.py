"""The workflow definition format and the checks of its shape that need no node catalogue.

Both the workflows service (validation on save) and the executor (parsing what it runs) use it,
so the format has one reading. What a node type accepts is the executor's catalogue's business.
"""

from __future__ import annotations

import heapq
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jobsprint.common.errors import FieldViolation, InvalidArgument

MAIN_OUTPUT = "main"
ERROR_OUTPUT = "error"
NODE_ID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_NODES = 500
MAX_CONCURRENCY = 1000


@dataclass(frozen=True)
class Settings:
    """Workflow-level settings, carried in the definition (so they are versioned with it and every
    execution runs under the settings of its pinned version).

    `error_workflow`: id of a workflow of the same workspace started, with the failure as its
    input, when an execution of this one finally fails. `max_concurrency`: at most this many
    executions of the workflow run (or wait) at once; the others stay queued (ADR-033, ADR-034)."""

    error_workflow: str | None = None
    max_concurrency: int | None = None


@dataclass(frozen=True)
class Node:
    id: str
    type: str
    parameters: Mapping[str, Any] = field(default_factory=dict)
    name: str = ""
    # Per-node policy: `retry` is {max_attempts, backoff_seconds, max_backoff_seconds, retry_on};
    # the executor reads it (see docs/execution.md). None means the executor's defaults.
    retry: Mapping[str, Any] | None = None
    timeout_seconds: float | None = None

    @property
    def is_trigger(self) -> bool:
        return self.type.startswith("trigger.")


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    output: str = MAIN_OUTPUT


@dataclass(frozen=True)
class Definition:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    output_node: str | None = None
    settings: Settings = field(default_factory=Settings)

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    @property
    def trigger(self) -> Node:
        return next(n for n in self.nodes if n.is_trigger)

    def incoming(self, node_id: str) -> list[Edge]:
        return [e for e in self.edges if e.target == node_id]

    def outgoing(self, node_id: str) -> list[Edge]:
        return [e for e in self.edges if e.source == node_id]

    def topological_order(self) -> list[str]:
        """Node ids, every node after all its predecessors (ties in definition order)."""
        position = {n.id: index for index, n in enumerate(self.nodes)}
        indegree = dict.fromkeys(position, 0)
        for edge in self.edges:
            indegree[edge.target] += 1
        ready = [position[n] for n, degree in indegree.items() if degree == 0]
        heapq.heapify(ready)
        order: list[str] = []
        while ready:
            current = self.nodes[heapq.heappop(ready)].id
            order.append(current)
            for edge in self.outgoing(current):
                indegree[edge.target] -= 1
                if indegree[edge.target] == 0:
                    heapq.heappush(ready, position[edge.target])
        return order


def _violation(path: str, description: str) -> FieldViolation:
    return FieldViolation(path, description)


def parse(raw: object, *, is_known_type: Callable[[str], bool] = lambda _t: True) -> Definition:
    """Read and check a definition; every problem found is reported at once, each with its path."""
    problems: list[FieldViolation] = []
    if not isinstance(raw, dict):
        raise InvalidArgument(
            "the definition must be a JSON object with `nodes` and `edges`",
            [_violation("definition", "must be an object with nodes and edges")],
        )
    unknown_keys = set(raw) - {"nodes", "edges", "output", "settings"}
    for key in sorted(unknown_keys):
        problems.append(
            _violation(f"definition.{key}", "unknown field; expected nodes, edges, output, settings")
        )
    raw_nodes = raw.get("nodes")
    raw_edges = raw.get("edges", [])
    if not isinstance(raw_nodes, list) or not raw_nodes:
        raise InvalidArgument(
            "the definition has no nodes",
            [_violation("definition.nodes", "must be a non-empty list of nodes")],
        )
    if len(raw_nodes) > MAX_NODES:
        raise InvalidArgument(
            f"a workflow may have at most {MAX_NODES} nodes",
            [_violation("definition.nodes", f"at most {MAX_NODES} nodes")],
        )
    if not isinstance(raw_edges, list):
        raise InvalidArgument("`edges` must be a list", [_violation("definition.edges", "must be a list")])

    nodes: list[Node] = []
    seen: set[str] = set()
    for index, item in enumerate(raw_nodes):
        path = f"definition.nodes[{index}]"
        if not isinstance(item, dict):
            problems.append(_violation(path, "must be an object with id and type"))
            continue
        node_id, node_type, parameters = item.get("id"), item.get("type"), item.get("parameters", {})
        extra = set(item) - {"id", "type", "parameters", "name", "retry", "timeout_seconds", "position"}
        for key in sorted(extra):
            problems.append(_violation(f"{path}.{key}", "unknown field"))
        if not isinstance(node_id, str) or not NODE_ID_PATTERN.match(node_id):
            problems.append(_violation(f"{path}.id", "must be a name of letters, digits and _ (at most 64)"))
            continue
        if node_id in seen:
            problems.append(_violation(f"{path}.id", f"duplicate node id {node_id!r}"))
            continue
        seen.add(node_id)
        if not isinstance(node_type, str) or not node_type:
            problems.append(_violation(f"{path}.type", "required"))
            continue
        if not is_known_type(node_type):
            problems.append(_violation(f"{path}.type", f"unknown node type {node_type!r}"))
        if not isinstance(parameters, dict):
            problems.append(_violation(f"{path}.parameters", "must be an object"))
            parameters = {}
        retry = item.get("retry")
        if retry is not None and not isinstance(retry, dict):
            problems.append(_violation(f"{path}.retry", 'must be an object such as {"max_attempts": 3}'))
            retry = None
        timeout = item.get("timeout_seconds")
        if timeout is not None and (
            isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0
        ):
            problems.append(_violation(f"{path}.timeout_seconds", "must be a positive number of seconds"))
            timeout = None
        nodes.append(
            Node(
                id=node_id,
                type=node_type,
                parameters=parameters,
                name=str(item.get("name", "")),
                retry=retry,
                timeout_seconds=float(timeout) if timeout is not None else None,
            )
        )

    triggers = [n.id for n in nodes if n.is_trigger]
    if len(triggers) != 1:
        problems.append(
            _violation(
                "definition.nodes", f"must have exactly one trigger node (trigger.*); found {len(triggers)}"
            )
        )

    edges: list[Edge] = []
    for index, item in enumerate(raw_edges):
        path = f"definition.edges[{index}]"
        if not isinstance(item, dict):
            problems.append(_violation(path, "must be an object with from and to"))
            continue
        source, target, output = item.get("from"), item.get("to"), item.get("output", MAIN_OUTPUT)
        for key, value in (("from", source), ("to", target)):
            if not isinstance(value, str) or value not in seen:
                problems.append(_violation(f"{path}.{key}", f"names no node: {value!r}"))
        if not isinstance(output, str) or not output:
            problems.append(_violation(f"{path}.output", "must be an output name"))
            continue
        if isinstance(source, str) and isinstance(target, str) and source in seen and target in seen:
            if target in triggers:
                problems.append(_violation(f"{path}.to", "a trigger node cannot have incoming edges"))
            edges.append(Edge(source=source, target=target, output=output))

    output_node = raw.get("output")
    if output_node is not None and (not isinstance(output_node, str) or output_node not in seen):
        problems.append(_violation("definition.output", f"names no node: {output_node!r}"))

    settings = _settings(raw.get("settings"), problems)

    if problems:
        raise InvalidArgument("the workflow definition is invalid", problems)
    definition = Definition(
        nodes=tuple(nodes), edges=tuple(edges), output_node=output_node, settings=settings
    )
    if len(definition.topological_order()) != len(nodes):
        raise InvalidArgument(
            "the workflow graph has a cycle", [_violation("definition.edges", "edges must not form a cycle")]
        )
    return definition


def _settings(raw: object, problems: list[FieldViolation]) -> Settings:
    if raw is None:
        return Settings()
    if not isinstance(raw, dict):
        problems.append(_violation("definition.settings", 'must be an object such as {"max_concurrency": 2}'))
        return Settings()
    for key in sorted(set(raw) - {"error_workflow", "max_concurrency"}):
        problems.append(
            _violation(
                f"definition.settings.{key}", "unknown setting; expected error_workflow, max_concurrency"
            )
        )
    error_workflow, limit = raw.get("error_workflow"), raw.get("max_concurrency")
    if error_workflow is not None:
        try:
            error_workflow = str(uuid.UUID(str(error_workflow)))
        except ValueError:
            problems.append(
                _violation("definition.settings.error_workflow", "must be the id (a UUID) of a workflow")
            )
            error_workflow = None
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_CONCURRENCY
    ):
        problems.append(
            _violation(
                "definition.settings.max_concurrency",
                f"must be a whole number from 1 to {MAX_CONCURRENCY}, or left out for no limit",
            )
        )
        limit = None
    return Settings(error_workflow=error_workflow, max_concurrency=limit)
