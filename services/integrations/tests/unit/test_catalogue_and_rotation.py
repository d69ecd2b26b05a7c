"""The catalogue (connectors by name, an MCP server's tools as actions, credential types) and
master-key rotation, against fakes."""

from __future__ import annotations

import uuid

import orjson
import pytest
from jobsprint.common.envelope import MasterKeyRing, WorkspaceKeys, WrappedKey
from jobsprint.common.errors import Unavailable
from jobsprint.integrations.domain.connector import RetryableError
from jobsprint.integrations.service import catalogue, credentials, key_rotation, secrets

from .fakes import MASTER_KEYS, FakeConnector, Service, connector, service

WORKSPACE = str(uuid.uuid4())
TOOL_TOKEN = "mcp-" + uuid.uuid4().hex


def mcp_credential(svc: Service, workspace: str = WORKSPACE) -> str:
    return credentials.create_credential(
        svc.deps.uow(),
        svc.deps.keys,
        workspace_id=workspace,
        name=f"mcp-{uuid.uuid4().hex[:6]}",
        type_="mcp",
        config=orjson.dumps({"url": "https://mcp.example.test/mcp"}),
        secret=orjson.dumps({"token": TOOL_TOKEN}),
    ).id


def test_lists_connectors_by_name() -> None:
    svc = service(FakeConnector(connector("http", "request")), FakeConnector(connector("chat", "post")))
    listed = catalogue.list_connectors(
        svc.deps.uow(), svc.deps.keys, svc.deps.connectors, workspace_id=WORKSPACE
    )
    assert [c.name for c in listed] == ["chat", "http"]


def test_an_mcp_credential_adds_the_servers_tools_as_actions_masked() -> None:
    tools = [{"name": "add", "description": f"adds (token {TOOL_TOKEN})", "input_schema": {"type": "object"}}]
    svc = service(
        FakeConnector(connector("mcp", "list_tools", "call_tool", credential_types=("mcp",)), tools=tools),
        FakeConnector(connector("http", "request")),
    )
    d = svc.deps
    listed = catalogue.list_connectors(
        d.uow(), d.keys, d.connectors, workspace_id=WORKSPACE, mcp_credential_id=mcp_credential(svc)
    )
    mcp = next(c for c in listed if c.name == "mcp")
    assert [a.name for a in mcp.actions] == ["list_tools", "call_tool", "add"]
    assert mcp.actions[-1].description == "adds (token [redacted])"


def test_a_tool_server_that_fails_is_a_retryable_domain_error() -> None:
    svc = service(
        FakeConnector(
            connector("mcp", "list_tools", credential_types=("mcp",)),
            tools_error=RetryableError("cannot reach the MCP server"),
        )
    )
    d = svc.deps
    with pytest.raises(Unavailable, match="cannot reach"):
        catalogue.list_connectors(
            d.uow(), d.keys, d.connectors, workspace_id=WORKSPACE, mcp_credential_id=mcp_credential(svc)
        )


def test_lists_every_credential_type() -> None:
    names = {t.name for t in catalogue.list_credential_types()}
    assert {"bearer", "basic", "api_key", "oauth2_client_credentials", "smtp", "ai_provider", "mcp"} <= names


def test_rotation_rewraps_every_data_key_once_and_secrets_still_open_with_the_new_key_alone() -> None:
    svc = service()
    workspaces = [str(uuid.uuid4()) for _ in range(3)]
    made = {w: mcp_credential(svc, w) for w in workspaces}
    both = MasterKeyRing(keys={"a": b"A" * 32, "b": b"B" * 32}, current_kid="b")

    report = key_rotation.rotate_master_key(svc.deps.uow, WorkspaceKeys(both))
    again = key_rotation.rotate_master_key(svc.deps.uow, WorkspaceKeys(both))

    assert (report.rewrapped, report.already_current, report.unreadable) == (3, 0, ())
    assert (again.rewrapped, again.already_current) == (0, 3)
    assert set(svc.uow.data_keys.rotated) == set(workspaces)
    only_new = WorkspaceKeys(MasterKeyRing(keys={"b": b"B" * 32}, current_kid="b"))
    for workspace, credential_id in made.items():
        opened = secrets.decrypted_credential(
            svc.deps.uow(), only_new, workspace_id=workspace, credential_id=credential_id
        )
        assert opened.secret == {"token": TOOL_TOKEN}


def test_rotation_reports_data_keys_no_ring_key_opens_and_rewraps_the_rest() -> None:
    svc = service()
    lost = str(uuid.uuid4())
    mcp_credential(svc, lost)
    mcp_credential(svc)
    assert MASTER_KEYS.current_kid == "a"
    svc.uow.data_keys.keys[lost] = WrappedKey(lost, "retired", b"x" * 60)
    both = MasterKeyRing(keys={"a": b"A" * 32, "b": b"B" * 32}, current_kid="b")

    report = key_rotation.rotate_master_key(svc.deps.uow, WorkspaceKeys(both))

    assert report.unreadable == (lost,)
    assert report.rewrapped == 1
