"""`integration.<connector>.<action>` nodes: what they hand to the integrations service."""

from __future__ import annotations

from typing import Any

import pytest
from jobsprint.common import definitions
from jobsprint.executor.domain import engine, integration_nodes
from jobsprint.executor.domain.integration_nodes import ActionCall, IntegrationFailure
from jobsprint.executor.domain.nodes import NodeCall, NodeCatalogue

from .engine_runs import catalogue, run


class RecordingInvoker:
    def __init__(self, answer: Any = None, failure: IntegrationFailure | None = None) -> None:
        self.calls: list[ActionCall] = []
        self._answer = answer
        self._failure = failure

    def invoke(self, call: ActionCall) -> Any:
        self.calls.append(call)
        if self._failure is not None:
            raise self._failure
        return self._answer


def catalogue_with(invoker: RecordingInvoker) -> NodeCatalogue:
    catalogue = NodeCatalogue()
    integration_nodes.register(catalogue, invoker)
    return catalogue


def test_registers_a_node_type_per_integration_action() -> None:
    catalogue = catalogue_with(RecordingInvoker())
    assert {"integration.http.request", "integration.ai.chat", "integration.chat.post"} <= set(catalogue)
    assert all(name.startswith("integration.") for name in catalogue)


def test_a_node_sends_its_parameters_credential_workspace_and_idempotency_key() -> None:
    invoker = RecordingInvoker(answer={"content": "hi"})
    catalogue = catalogue_with(invoker)
    integration_nodes.enter_execution(workspace_id="ws-1", execution_id="ex-1")
    result = catalogue["integration.ai.chat"].run(
        {"credential": "cred-1", "prompt": "hello"}, {"in": 1}, NodeCall("ex-1", "ask", 2, 60.0)
    )
    assert result.output == {"content": "hi"}
    assert invoker.calls == [ActionCall("ws-1", "ai", "chat", {"prompt": "hello"}, "cred-1", "ex-1:ask:2")]


def test_a_node_outside_an_execution_fails_instead_of_calling_out() -> None:
    invoker = RecordingInvoker()
    catalogue = catalogue_with(invoker)
    integration_nodes._scope.set(None)
    with pytest.raises(integration_nodes.NodeFailure, match="inside an execution"):
        catalogue["integration.http.request"].run(
            {"url": "https://example.com"}, None, NodeCall("ex-0", "call", 1, 60.0)
        )
    assert invoker.calls == []


def test_the_engine_runs_an_integration_node_and_routes_its_failure() -> None:
    failing = RecordingInvoker(failure=IntegrationFailure("http.request: HTTP 503", retryable=True))
    with_integrations = catalogue(*catalogue_with(failing).values())
    definition = definitions.parse(
        {
            "nodes": [
                {"id": "start", "type": "trigger.manual"},
                {"id": "call", "type": "integration.http.request", "parameters": {"url": "{{ input.url }}"}},
                {"id": "fallback", "type": "core.set", "parameters": {"values": {"fell_back": True}}},
            ],
            "edges": [{"from": "start", "to": "call"}, {"from": "call", "to": "fallback", "output": "error"}],
        }
    )
    integration_nodes.enter_execution(workspace_id="ws-1", execution_id="ex-9")
    steps: list[engine.StepRecord] = []
    outcome = run(
        definition,
        engine.RunContext("ex-9", "wf-1", "2026-11-25T00:00:00Z", {"url": "https://example.com/x"}),
        catalogue=with_integrations,
        completed={},
        checkpoint=steps.append,
    )
    assert failing.calls[0].parameters == {"url": "https://example.com/x"}
    assert failing.calls[0].idempotency_key == "ex-9:call:1"
    assert steps[1].status == engine.FAILED
    assert "503" in steps[1].error
    assert outcome.status == engine.SUCCEEDED
    assert outcome.output["fell_back"] is True


def test_actions_discovered_in_the_integrations_catalogue_become_node_types_too() -> None:
    invoker = RecordingInvoker(answer={"sent": True})
    catalogue = catalogue_with(invoker)
    integration_nodes.register(catalogue, invoker, names=["sms.send"])
    integration_nodes.enter_execution(workspace_id="ws-1", execution_id="ex-2")
    catalogue["integration.sms.send"].run({"to": "+15550100"}, None, NodeCall("ex-2", "text", 1, 60.0))
    assert invoker.calls[-1].connector == "sms"
    assert invoker.calls[-1].action == "send"
    assert "integration.http.request" in catalogue
