"""Invoking an action and testing a credential against fake connectors: parameters checked
before any call, credentials matched to the connector, action failures turned into retryable or
permanent domain errors, every secret masked in what comes back, and at most so many calls of
one connector at once."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

import grpc
import orjson
import pytest
from jobsprint.common.errors import (
    DomainError,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    ResourceExhausted,
    Unavailable,
)
from jobsprint.common.grpc_errors import grpc_code
from jobsprint.common.redaction import Masker
from jobsprint.integrations.domain.connector import (
    ActionCall,
    ActionError,
    ActionResult,
    PermanentError,
    RateLimited,
    RetryableError,
)
from jobsprint.integrations.service import credentials, invocation

from .fakes import FakeConnector, Service, connector, service

WORKSPACE = str(uuid.uuid4())
TOKEN = "bearer-" + uuid.uuid4().hex


def echo(call: ActionCall, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """What an outside server that echoes its request answers: the credential included."""
    secret = dict(call.credential.secret) if call.credential else {}
    return {"parameters": dict(parameters), "authorization": f"Bearer {secret.get('token', '')}"}


def http_like(**answers: Any) -> FakeConnector:
    return FakeConnector(
        connector("http", "request", credential_types=("bearer",), parameters={"url": {"type": "string"}}),
        answers={"request": echo, **answers},
    )


def bearer(svc: Service) -> str:
    return credentials.create_credential(
        svc.deps.uow(),
        svc.deps.keys,
        workspace_id=WORKSPACE,
        name=f"b-{uuid.uuid4().hex[:6]}",
        type_="bearer",
        config=b"",
        secret=orjson.dumps({"token": TOKEN}),
    ).id


def invoke(
    svc: Service, connector_name: str, action: str, parameters: Any, credential_id: str = ""
) -> ActionResult:
    d = svc.deps
    return invocation.invoke_action(
        d.uow(),
        d.keys,
        d.connectors,
        d.gates,
        workspace_id=WORKSPACE,
        connector_name=connector_name,
        action_name=action,
        parameters=orjson.dumps(parameters),
        credential_id=credential_id,
        idempotency_key="exec:node:1",
    )


def test_the_connector_gets_checked_parameters_the_opened_credential_and_the_idempotency_key() -> None:
    svc = service(http_like())
    credential_id = bearer(svc)

    invoke(svc, "http", "request", {"url": "https://example.test/"}, credential_id)

    [(name, action, parameters, call)] = svc.connectors.calls
    assert (name, action, dict(parameters)) == ("http", "request", {"url": "https://example.test/"})
    assert call.credential is not None and call.credential.secret == {"token": TOKEN}
    assert (call.workspace_id, call.idempotency_key) == (WORKSPACE, "exec:node:1")


def test_the_credential_is_masked_in_the_output_however_the_server_echoes_it() -> None:
    svc = service(http_like())
    result = invoke(svc, "http", "request", {"url": "https://example.test/"}, bearer(svc))
    assert TOKEN not in orjson.dumps(result.output).decode()
    assert result.output["authorization"] == "[redacted]"  # the header the credential travels in


def test_parameters_that_break_the_schema_are_refused_before_any_call() -> None:
    svc = service(http_like())
    with pytest.raises(InvalidArgument) as refused:
        invoke(svc, "http", "request", {"url": 42})
    assert [v.field for v in refused.value.violations] == ["parameters.url"]
    assert svc.connectors.calls == []


def test_unknown_connectors_and_actions_are_not_found_and_named() -> None:
    svc = service(http_like())
    with pytest.raises(NotFound, match="the catalogue has http"):
        invoke(svc, "telepathy", "send", {})
    with pytest.raises(NotFound, match="it has request"):
        invoke(svc, "http", "fetch", {})


def test_a_connector_that_needs_a_credential_refuses_a_call_without_one() -> None:
    svc = service(
        FakeConnector(connector("email", "send", credential_types=("smtp",), credential_required=True))
    )
    with pytest.raises(InvalidArgument, match="needs a credential") as refused:
        invoke(svc, "email", "send", {})
    assert [v.field for v in refused.value.violations] == ["credential_id"]


def test_a_credential_of_another_type_is_refused() -> None:
    svc = service(FakeConnector(connector("email", "send", credential_types=("smtp",))))
    with pytest.raises(InvalidArgument, match="cannot use a 'bearer' credential"):
        invoke(svc, "email", "send", {}, bearer(svc))
    assert svc.connectors.calls == []


def test_an_mcp_tool_called_by_its_own_name_becomes_call_tool_with_its_arguments() -> None:
    svc = service(
        FakeConnector(
            connector("mcp", "list_tools", "call_tool", credential_types=("bearer",)),
            answers={"call_tool": lambda call, parameters: dict(parameters)},
        )
    )
    result = invoke(svc, "mcp", "add", {"a": 1, "b": 2}, bearer(svc))
    assert result.output == {"tool": "add", "arguments": {"a": 1, "b": 2}}


@pytest.mark.parametrize(
    ("error", "expected", "code"),
    [
        (RetryableError("down"), Unavailable, grpc.StatusCode.UNAVAILABLE),
        (RateLimited("slow down"), ResourceExhausted, grpc.StatusCode.RESOURCE_EXHAUSTED),
        (PermanentError("wrong"), FailedPrecondition, grpc.StatusCode.FAILED_PRECONDITION),
    ],
)
def test_action_failures_map_to_retryable_or_permanent_codes(
    error: ActionError, expected: type[DomainError], code: grpc.StatusCode
) -> None:
    mapped = invocation.domain_error(error)
    assert type(mapped) is expected
    assert grpc_code(mapped) == code


def test_a_failed_action_is_a_domain_error_with_the_credential_masked() -> None:
    def fail(call: ActionCall, parameters: Mapping[str, Any]) -> Any:
        raise RetryableError(f"the server said: unknown token {TOKEN}")

    svc = service(http_like(request=fail))
    with pytest.raises(Unavailable) as failed:
        invoke(svc, "http", "request", {"url": "https://example.test/"}, bearer(svc))
    assert TOKEN not in failed.value.message and "[redacted]" in failed.value.message


def test_a_credential_test_is_masked_and_a_failure_is_an_answer_not_an_error() -> None:
    answers: Iterator[str | ActionError] = iter([f"token {TOKEN} works", PermanentError(f"401 for {TOKEN}")])

    def tested(call: ActionCall, target: str) -> str:
        answer = next(answers)
        if isinstance(answer, ActionError):
            raise answer
        return answer

    svc = service(FakeConnector(http_like().info, tested=tested))
    credential_id = bearer(svc)
    d = svc.deps

    def try_it() -> tuple[bool, str]:
        return invocation.try_credential(
            d.uow(),
            d.keys,
            d.connectors,
            workspace_id=WORKSPACE,
            credential_id=credential_id,
            url="https://x.test",
        )

    assert try_it() == (True, "token [redacted] works")
    assert try_it() == (False, "401 for [redacted]")


def test_a_credential_no_connector_takes_cannot_be_tested() -> None:
    svc = service(FakeConnector(connector("email", "send", credential_types=("smtp",))))
    d = svc.deps
    ok, message = invocation.try_credential(
        d.uow(), d.keys, d.connectors, workspace_id=WORKSPACE, credential_id=bearer(svc), url=""
    )
    assert (ok, message) == (False, "no connector uses 'bearer' credentials")


def test_a_connector_runs_at_most_its_limit_of_actions_at_once() -> None:
    gates = invocation.ActionGates(max_concurrent=1, wait_seconds=0.05)
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with gates.gate("http"):
            inside.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(5)
    try:
        with pytest.raises(ResourceExhausted) as busy, gates.gate("http"):
            pass
        assert grpc_code(busy.value) == grpc.StatusCode.RESOURCE_EXHAUSTED
        with gates.gate("email"):  # other connectors are not held up
            pass
    finally:
        release.set()
        holder.join()
    with gates.gate("http"):  # released again
        pass


def test_secret_values_are_redacted_from_nested_output() -> None:
    masker = Masker(["s3cr3t-value"])
    output = {"headers": {"authorization": "Bearer s3cr3t-value"}, "list": ["x s3cr3t-value y"], "n": 1}
    assert masker.mask(output) == {
        "headers": {"authorization": "Bearer [redacted]"},
        "list": ["x [redacted] y"],
        "n": 1,
    }
