"""The MCP connector against a local MCP server built with the official `mcp` SDK, served over
streamable HTTP by uvicorn and guarded by a bearer token."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import grpc
import orjson
import pytest
import uvicorn
from jobsprint.api.integrations.v1 import integrations_pb2
from mcp.server.fastmcp import FastMCP

pytestmark = pytest.mark.integration
TOKEN = "mcp-token-1"


def _server_app() -> Any:
    server = FastMCP("jobsprint-test", stateless_http=True, json_response=True)

    @server.tool(description="Add two integers.")
    def add(a: int, b: int) -> int:
        return a + b

    @server.tool(description="Greet someone by name.")
    def greet(name: str) -> str:
        return f"Hello, {name}!"

    app = server.streamable_http_app()

    async def guarded(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            if headers.get(b"authorization") != f"Bearer {TOKEN}".encode():
                await send(
                    {"type": "http.response.start", "status": 401, "headers": [(b"content-length", b"0")]}
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await app(scope, receive, send)

    return guarded


@pytest.fixture(scope="module")
def mcp_url() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(_server_app(), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/mcp"
    server.should_exit = True
    thread.join(5)


def test_lists_the_servers_tools_with_their_schemas(caller, mcp_url) -> None:
    credential = caller.create("mcp", {"url": mcp_url}, {"token": TOKEN})
    tools = orjson.loads(caller.invoke("mcp", "list_tools", {}, credential.id).output)["tools"]
    by_name = {t["name"]: t for t in tools}
    assert set(by_name) == {"add", "greet"}
    assert set(by_name["add"]["input_schema"]["required"]) == {"a", "b"}


def test_the_catalogue_shows_the_tools_as_actions_for_an_mcp_credential(caller, mcp_url) -> None:
    credential = caller.create("mcp", {"url": mcp_url}, {"token": TOKEN})
    catalogue = caller.ListConnectors(integrations_pb2.ListConnectorsRequest(mcp_credential_id=credential.id))
    mcp = next(c for c in catalogue.connectors if c.name == "mcp")
    assert {"list_tools", "call_tool", "add", "greet"} == {a.name for a in mcp.actions}


def test_calls_a_tool_by_call_tool_and_by_its_own_name(caller, mcp_url) -> None:
    credential = caller.create("mcp", {"url": mcp_url}, {"token": TOKEN})
    called = orjson.loads(
        caller.invoke(
            "mcp", "call_tool", {"tool": "add", "arguments": {"a": 2, "b": 40}}, credential.id
        ).output
    )
    assert called["text"] == "42"
    assert called["structured"] == {"result": 42}
    greeted = orjson.loads(caller.invoke("mcp", "greet", {"name": "Ada"}, credential.id).output)
    assert greeted["text"] == "Hello, Ada!"


def test_arguments_are_checked_against_the_tools_schema_before_the_call(caller, mcp_url) -> None:
    credential = caller.create("mcp", {"url": mcp_url}, {"token": TOKEN})
    with pytest.raises(grpc.RpcError) as refused:
        caller.invoke("mcp", "call_tool", {"tool": "add", "arguments": {"a": "two"}}, credential.id)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "invalid" in refused.value.details()


def test_a_wrong_token_fails_permanently_and_the_credential_test_says_so(caller, mcp_url) -> None:
    credential = caller.create("mcp", {"url": mcp_url}, {"token": "wrong"})
    with pytest.raises(grpc.RpcError) as refused:
        caller.invoke("mcp", "list_tools", {}, credential.id)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "401" in refused.value.details()
    assert not caller.TestCredential(integrations_pb2.TestCredentialRequest(id=credential.id)).ok
