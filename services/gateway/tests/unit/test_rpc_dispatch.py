"""A route names its call by the request message alone (`await rpc(GetWorkflowRequest(...))`): each
message belongs to exactly one RPC of one service."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from jobsprint.api.auth.v1 import auth_pb2
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.api.integrations.v1 import integrations_pb2
from jobsprint.api.workflows.v1 import workflows_pb2
from jobsprint.gateway.clients import CALLS, Clients


class Stub(SimpleNamespace):
    """A stub whose methods say which they are."""

    def __getattr__(self, method: str) -> Any:
        return (self.service, method)


def clients() -> Clients:
    return Clients(
        auth=Stub(service="auth"),  # type: ignore[arg-type]
        workflows=Stub(service="workflows"),  # type: ignore[arg-type]
        executor=Stub(service="executor"),  # type: ignore[arg-type]
        integrations=Stub(service="integrations"),  # type: ignore[arg-type]
        channels=[],
    )


def test_the_request_message_names_the_service_and_the_method() -> None:
    stubs = clients()
    assert stubs.method_for(workflows_pb2.GetWorkflowRequest(id="x")) == ("workflows", "GetWorkflow")
    assert stubs.method_for(auth_pb2.AddMemberRequest()) == ("auth", "AddMember")
    assert stubs.method_for(executor_pb2.ListExecutionEventsRequest()) == ("executor", "ListExecutionEvents")
    assert stubs.method_for(integrations_pb2.TestCredentialRequest()) == ("integrations", "TestCredential")


def test_every_rpc_of_every_service_can_be_called_by_its_request() -> None:
    methods = [
        (module, method)
        for module in (auth_pb2, workflows_pb2, executor_pb2, integrations_pb2)
        for service in module.DESCRIPTOR.services_by_name.values()
        for method in service.methods
    ]
    assert len(CALLS) == len(methods)
    for _module, method in methods:
        assert CALLS[method.input_type.full_name][1] == method.name


def test_no_route_calls_a_stub_directly() -> None:
    """Routes call `rpc(<Method>Request(...))`; a stub method handed to `rpc` as well (the old
    two-argument form) fails at run time (500), and mypy does not see it (services' own imports
    resolve to Any in make lint), so this looks for it."""
    import re
    from pathlib import Path

    import jobsprint.gateway.api as api

    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in Path(api.__file__).parent.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\bclients\.(auth|workflows|executor|integrations)\.[A-Z]", line)
    ]
    assert found == []
