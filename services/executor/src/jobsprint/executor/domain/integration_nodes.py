"""`integration.<connector>.<action>` node types: a step handed to the integrations service.

A node's parameters are the action's parameters, plus `credential` (the id of a credential of
the workspace) — the secret itself never enters the definition, the step's input or its output.
The step runs with its workspace, execution and node id (set by the worker through
`step_context`), so the action gets the idempotency key `{execution_id}:{node_id}:{attempt}`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from jobsprint.executor.domain.nodes import (
    ERROR,
    NETWORK,
    NodeCall,
    NodeCatalogue,
    NodeFailure,
    NodeResult,
    NodeType,
)

# The actions offered as node types. The integrations service checks their parameters in detail;
# its catalogue (ListConnectors) has the schemas, and MCP tools are called via `mcp.call_tool`.
ACTIONS: dict[str, str] = {
    "http.request": "Send an HTTP request through the SSRF guard, with a stored credential.",
    "chat.post": "Post a message to a Slack-compatible incoming webhook.",
    "email.send": "Send an e-mail over SMTP (credential of type smtp).",
    "ai.chat": "An AI chat completion from an OpenAI-compatible endpoint (credential ai_provider).",
    "mcp.list_tools": "List the tools of an MCP server (credential mcp).",
    "mcp.call_tool": "Call a tool of an MCP server with `tool` and `arguments` (credential mcp).",
}
PARAMETERS_SCHEMA = {
    "type": "object",
    "properties": {"credential": {"type": "string", "description": "Id of a credential of the workspace."}},
    "additionalProperties": True,
}


class IntegrationFailure(NodeFailure):
    """The action failed; `retryable` says whether the node's retry policy should try again."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        # A retryable failure is a transient kind, so the node's default retry policy retries it.
        super().__init__(message, kind=NETWORK if retryable else ERROR)
        self.retryable = retryable


@dataclass(frozen=True)
class ActionCall:
    workspace_id: str
    connector: str
    action: str
    parameters: Mapping[str, Any]
    credential_id: str
    idempotency_key: str


class ActionInvoker(Protocol):
    def invoke(self, call: ActionCall) -> Any:
        """The action's output; raises IntegrationFailure."""
        ...


@dataclass(frozen=True)
class StepScope:
    """The execution a worker thread is running: the workspace its integration calls act for."""

    workspace_id: str = ""
    execution_id: str = ""


_scope: ContextVar[StepScope | None] = ContextVar("jobsprint_step_scope", default=None)


def current_step() -> StepScope:
    return _scope.get() or StepScope()


def enter_execution(*, workspace_id: str, execution_id: str) -> None:
    """Called by the worker before it runs an execution's steps in this thread."""
    _scope.set(StepScope(workspace_id=workspace_id, execution_id=execution_id))


def _runner(connector: str, action: str, invoker: ActionInvoker) -> Any:
    def run(parameters: Mapping[str, Any], _data: Any, call: NodeCall) -> NodeResult:
        scope = current_step()
        if not scope.workspace_id:
            raise NodeFailure("integration nodes run only inside an execution")
        values = dict(parameters)
        credential = values.pop("credential", "") or ""
        if not isinstance(credential, str):
            raise NodeFailure("`credential` must be a credential id")
        output = invoker.invoke(
            ActionCall(
                workspace_id=scope.workspace_id,
                connector=connector,
                action=action,
                parameters=values,
                credential_id=credential,
                idempotency_key=call.idempotency_key,
            )
        )
        return NodeResult(output)

    return run


def register(catalogue: NodeCatalogue, invoker: ActionInvoker, *, names: Iterable[str] = ()) -> None:
    """Add an `integration.<connector>.<action>` node type, bound to `invoker`, for each built-in
    action and each of `names` (actions the integrations catalogue lists)."""
    added = []
    for name in [*ACTIONS, *names]:
        description = ACTIONS.get(name, "An action of the integrations catalogue (GET /v1/connectors).")
        connector, action = name.split(".", 1)
        added.append(
            NodeType(
                f"integration.{name}",
                description,
                PARAMETERS_SCHEMA,
                _runner(connector, action, invoker),
                side_effects=True,
            )
        )
    catalogue.add(*added)
