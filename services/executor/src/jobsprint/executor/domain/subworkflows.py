"""`core.subworkflow`: call another workflow of the same workspace and go on with its output.

The node resolves the called workflow's definition (a pinned `version`, or the version current
when the step runs) through a `WorkflowResolver` (the workflows service, bound at bootstrap) and
asks the engine to start it as a child execution. The parent then waits, holding no worker, until
the child's end wakes it (ADR-033). Nesting is bounded: a chain of calls deeper than `max_depth`
fails the step that would go deeper, so a workflow that calls itself without end stops with a
clear error instead of filling the queue.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from jobsprint.common import definitions
from jobsprint.common.errors import InvalidArgument
from jobsprint.executor.domain.nodes import (
    ERROR,
    NETWORK,
    ChildStart,
    NodeCall,
    NodeCatalogue,
    NodeFailure,
    NodeResult,
    NodeType,
)

TYPE = "core.subworkflow"
DEFAULT_MAX_DEPTH = 10
# Ids of executions one execution starts are derived from it, so starting one twice (a worker
# that dies after the call and before its checkpoint) names the same execution.
_NAMESPACE = uuid.UUID("0b4f6d0e-5f7a-4f43-9a55-3c1f3f2b6a10")


def child_execution_id(execution_id: str, node_id: str, attempt: int) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"subworkflow:{execution_id}:{node_id}:{attempt}"))


def error_execution_id(failed_execution_id: str) -> str:
    """The one execution of the error workflow that a failed execution starts."""
    return str(uuid.uuid5(_NAMESPACE, f"error-workflow:{failed_execution_id}"))


@dataclass(frozen=True)
class ResolvedWorkflow:
    workflow_id: str
    version: int
    definition: Mapping[str, Any]


class ResolveFailure(NodeFailure):
    """The workflow could not be read; `retryable` when its service was unavailable."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message, kind=NETWORK if retryable else ERROR)
        self.retryable = retryable


class WorkflowResolver(Protocol):
    def resolve(self, *, workspace_id: str, workflow_id: str, version: int | None) -> ResolvedWorkflow:
        """The workflow's definition at `version` (None: its current version); ResolveFailure."""
        ...


PARAMETERS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "workflow_id": {
            "type": "string",
            "pattern": "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$",
            "description": "Id of the workflow to call (same workspace).",
        },
        "version": {
            "type": "integer",
            "minimum": 1,
            "description": "Version to run; left out, the version current when the step runs.",
        },
        "input": {"description": "The called workflow's input; left out, this node's incoming data."},
    },
    "required": ["workflow_id"],
    "additionalProperties": False,
}


def _version(raw: Any) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise NodeFailure(f"`version` must be a version number (1 or more), not {raw!r}")
    return raw


def check_definition(raw: Any, catalogue: Mapping[str, NodeType], *, workflow_id: str) -> None:
    """NodeFailure unless the called workflow's definition is one this executor can run."""
    from jobsprint.executor.domain import engine  # the engine imports the node modules

    try:
        parsed = definitions.parse(raw, is_known_type=catalogue.__contains__)
        for node in parsed.nodes:
            engine.retry_policy(node)
    except InvalidArgument as exc:
        details = "; ".join(f"{v.field}: {v.description}" for v in exc.violations)
        raise NodeFailure(
            f"workflow {workflow_id} cannot run here: {exc}" + (f" ({details})" if details else "")
        ) from exc
    except ValueError as exc:
        raise NodeFailure(f"workflow {workflow_id} cannot run here: {exc}") from exc


def _runner(resolver: WorkflowResolver, catalogue: Mapping[str, NodeType], max_depth: int) -> Any:
    def run(parameters: Mapping[str, Any], data: Any, call: NodeCall) -> NodeResult:
        raw_id = parameters.get("workflow_id")
        try:
            workflow_id = str(uuid.UUID(str(raw_id)))
        except ValueError as exc:
            raise NodeFailure(f"`workflow_id` must be the id (a UUID) of a workflow, not {raw_id!r}") from exc
        version = _version(parameters.get("version"))
        if call.depth + 1 > max_depth:
            raise NodeFailure(
                f"subworkflows may nest at most {max_depth} deep and this execution is already"
                f" {call.depth} deep; does a workflow call itself without a condition that ends it?"
            )
        resolved = resolver.resolve(workspace_id=call.workspace_id, workflow_id=workflow_id, version=version)
        check_definition(resolved.definition, catalogue, workflow_id=workflow_id)
        return NodeResult(
            None,
            start_child=ChildStart(
                execution_id=child_execution_id(call.execution_id, call.node_id, call.attempt),
                workflow_id=resolved.workflow_id,
                workflow_version=resolved.version,
                definition=resolved.definition,
                input=parameters.get("input", data),
            ),
        )

    return run


def register(
    catalogue: NodeCatalogue,
    resolver: WorkflowResolver,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> None:
    """Add `core.subworkflow`, bound to `resolver`, to the catalogue."""
    catalogue.add(
        NodeType(
            TYPE,
            "Runs another workflow of the workspace (`workflow_id`, optionally a pinned `version`) with"
            " `input` (default: the incoming data) and outputs its output; holds no worker while it runs.",
            PARAMETERS_SCHEMA,
            _runner(resolver, catalogue, max_depth),
            io_bound=True,
        )
    )
