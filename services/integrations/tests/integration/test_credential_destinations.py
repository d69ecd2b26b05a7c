"""Where a credential's secret is sent cannot be changed without the secret: an editor who may
not read a secret cannot repoint its credential at a server of theirs and harvest it (issue 13,
item 7; ADR-067). HTTP credentials with `allowed_hosts` go to those hosts only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import orjson
import pytest
from google.protobuf.field_mask_pb2 import FieldMask
from jobsprint.api.integrations.v1 import integrations_pb2
from jobsprint.common.testing import MisbehavingServer, misbehaving_server

pytestmark = [pytest.mark.integration, pytest.mark.security]


@pytest.fixture(scope="module")
def echo() -> Iterator[MisbehavingServer]:
    with misbehaving_server() as served:
        yield served


def _patch(caller, credential_id: str, *, config: Any = None, secret: Any = None):  # type: ignore[no-untyped-def]
    paths = [name for name, value in (("config", config), ("secret", secret)) if value is not None]
    return caller.UpdateCredential(
        integrations_pb2.UpdateCredentialRequest(
            id=credential_id,
            config=orjson.dumps(config) if config is not None else b"",
            secret=orjson.dumps(secret) if secret is not None else b"",
            update_mask=FieldMask(paths=paths),
        )
    )


# (type, config, secret, config with a destination changed)
MOVES = [
    (
        "ai_provider",
        {"base_url": "https://api.openai.example/v1", "model": "m"},
        {"api_key": "sk-harvest-me"},
        {"base_url": "https://attacker.example/v1", "model": "m"},
    ),
    (
        "oauth2_client_credentials",
        {"token_url": "https://login.example/token", "client_id": "c"},
        {"client_secret": "client-secret-harvest"},
        {"token_url": "https://attacker.example/token", "client_id": "c"},
    ),
    (
        "smtp",
        {"host": "smtp.example", "port": 587},
        {"password": "p4ss"},
        {"host": "attacker.example", "port": 587},
    ),
    (
        "smtp",
        {"host": "smtp.example", "port": 587},
        {"password": "p4ss"},
        {"host": "smtp.example", "port": 2525},
    ),
    (
        "smtp",
        {"host": "smtp.example", "security": "starttls"},
        {"password": "p4ss"},
        {"host": "smtp.example", "security": "none"},
    ),
    (
        "mcp",
        {"url": "https://mcp.example/mcp"},
        {"token": "mcp-token"},
        {"url": "https://attacker.example/mcp"},
    ),
    (
        "bearer",
        {"allowed_hosts": ["api.example"]},
        {"token": "t0ken"},
        {"allowed_hosts": ["attacker.example"]},
    ),
    ("bearer", {"allowed_hosts": ["api.example"]}, {"token": "t0ken"}, {}),
    ("basic", {"username": "u", "allowed_hosts": ["api.example"]}, {"password": "pw-1"}, {"username": "u"}),
    ("api_key", {"allowed_hosts": ["api.example"]}, {"key": "k3y1"}, {"allowed_hosts": ["*.example"]}),
]


@pytest.mark.parametrize(("type_", "config", "secret", "moved"), MOVES)
def test_moving_a_secrets_destination_without_the_secret_is_refused(
    caller, type_: str, config: dict, secret: dict, moved: dict
) -> None:
    credential = caller.create(type_, config, secret)

    with pytest.raises(grpc.RpcError) as refused:
        _patch(caller, credential.id, config=moved)

    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "send the secret again" in refused.value.details()
    stored = caller.GetCredential(integrations_pb2.GetCredentialRequest(id=credential.id)).credential
    assert orjson.loads(stored.config) == config  # nothing changed


@pytest.mark.parametrize(("type_", "config", "secret", "moved"), MOVES)
def test_moving_a_destination_with_the_secret_entered_again_is_allowed(
    caller, type_: str, config: dict, secret: dict, moved: dict
) -> None:
    credential = caller.create(type_, config, secret)

    updated = _patch(caller, credential.id, config=moved, secret=secret).credential

    assert orjson.loads(updated.config) == moved


@pytest.mark.parametrize(
    ("type_", "config", "secret", "changed"),
    [
        (
            "ai_provider",
            {"base_url": "https://a.example/v1", "model": "m1"},
            {"api_key": "k"},
            {"model": "m2"},
        ),
        (
            "smtp",
            {"host": "smtp.example", "from": "a@example.com"},
            {"password": "p"},
            {"from": "b@example.com"},
        ),
        (
            "bearer",
            {"allowed_hosts": ["a.example", "b.example"]},
            {"token": "t0ken"},
            {"allowed_hosts": ["a.example"]},
        ),
        ("mcp", {"url": "https://mcp.example/mcp"}, {}, {"url": "https://elsewhere.example/mcp"}),
    ],
    ids=["ai-model", "smtp-from", "narrower-hosts", "mcp-without-token"],
)
def test_changes_that_send_no_secret_anywhere_new_need_no_secret(
    caller, type_: str, config: dict, secret: dict, changed: dict
) -> None:
    credential = caller.create(type_, config, secret)
    updated = _patch(caller, credential.id, config={**config, **changed}).credential
    assert orjson.loads(updated.config) == {**config, **changed}


def test_an_http_credential_is_not_sent_outside_its_allowed_hosts(caller, echo) -> None:
    credential = caller.create("bearer", {"allowed_hosts": ["api.example.com"]}, {"token": "bound-token"})
    seen = len(echo.requests)

    with pytest.raises(grpc.RpcError) as refused:
        caller.invoke("http", "request", {"url": f"{echo.url}/echo"}, credential.id)
    tested = caller.TestCredential(
        integrations_pb2.TestCredentialRequest(id=credential.id, url=f"{echo.url}/echo")
    )

    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "may be sent only to api.example.com" in refused.value.details()
    assert not tested.ok and "may be sent only to" in tested.message
    assert len(echo.requests) == seen  # nothing was sent


def test_an_http_credential_reaches_a_host_it_allows(caller, echo) -> None:
    credential = caller.create("bearer", {"allowed_hosts": ["127.0.0.1"]}, {"token": "bound-token"})
    reply = caller.invoke("http", "request", {"url": f"{echo.url}/echo"}, credential.id)
    assert orjson.loads(reply.output)["status"] == 200
