"""Credentials, the catalogue and integration nodes through the public API, against local fakes
of outside services: a workflow `webhook → ai.chat → chat.post`."""

from __future__ import annotations

import http.server
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import pytest
import uvicorn
from mcp.server.fastmcp import FastMCP

from .conftest import User, create_workflow, register_and_login

pytestmark = pytest.mark.e2e

API_KEY = "sk-e2e-" + uuid.uuid4().hex


@dataclass
class Fakes:
    port: int = 0
    completions: list[Any] = field(default_factory=list)
    chat_posts: list[Any] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture(scope="module")
def fakes() -> Iterator[Fakes]:
    state = Fakes()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            ok = self.headers.get("Authorization") == f"Bearer {API_KEY}"
            self._send(200 if ok else 401, b'{"data": [{"id": "e2e-model"}]}')

        def do_POST(self) -> None:
            body = orjson.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            if self.path == "/v1/chat/completions":
                if self.headers.get("Authorization") != f"Bearer {API_KEY}":
                    return self._send(401, b'{"error": {"message": "bad key"}}')
                state.completions.append(body)
                answer = f"Answer to: {body['messages'][-1]['content']}"
                return self._send(
                    200,
                    orjson.dumps(
                        {
                            "model": body["model"],
                            "choices": [
                                {"message": {"role": "assistant", "content": answer}, "finish_reason": "stop"}
                            ],
                            "usage": {"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13},
                        }
                    ),
                )
            if self.path == "/hooks/slack":
                state.chat_posts.append(body)
                return self._send(200, b"ok", "text/plain")
            return self._send(404, b"{}")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield state
    server.shutdown()
    server.server_close()


def create_ai_credential(api: httpx.Client, user: User, fakes: Fakes) -> dict[str, Any]:
    response = api.post(
        "/v1/credentials",
        json={
            "name": f"local-llm-{uuid.uuid4().hex[:6]}",
            "type": "ai_provider",
            "config": {"base_url": fakes.url("/v1"), "model": "e2e-model"},
            "secret": {"api_key": API_KEY},
        },
        headers=user.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_credentials_are_managed_through_the_api_and_never_show_their_secret(
    api: httpx.Client, user: User, fakes: Fakes
) -> None:
    created = create_ai_credential(api, user, fakes)
    assert created["secret_fields"] == ["api_key"]
    listed = api.get("/v1/credentials", headers=user.headers)
    fetched = api.get(f"/v1/credentials/{created['id']}", headers=user.headers)
    tested = api.post(f"/v1/credentials/{created['id']}/test", json={}, headers=user.headers)
    renamed = api.patch(f"/v1/credentials/{created['id']}", json={"name": "renamed"}, headers=user.headers)
    assert [c["id"] for c in listed.json()["items"]] == [created["id"]]
    assert tested.json() == {"ok": True, "message": "the endpoint listed its models"}
    assert renamed.json()["name"] == "renamed"
    for response in (listed, fetched, tested, renamed):
        assert API_KEY not in response.text
    assert api.delete(f"/v1/credentials/{created['id']}", headers=user.headers).status_code == 204
    assert api.get(f"/v1/credentials/{created['id']}", headers=user.headers).status_code == 404


def test_another_workspace_cannot_read_or_use_a_credential(
    api: httpx.Client, user: User, fakes: Fakes
) -> None:

    created = create_ai_credential(api, user, fakes)
    other = register_and_login(api)
    assert api.get(f"/v1/credentials/{created['id']}", headers=other.headers).status_code == 404
    assert api.delete(f"/v1/credentials/{created['id']}", headers=other.headers).status_code == 404


def test_the_catalogue_names_each_action_with_its_node_type(api: httpx.Client, user: User) -> None:
    response = api.get("/v1/connectors", headers=user.headers)
    assert response.status_code == 200, response.text
    node_types = {a["node_type"] for c in response.json()["items"] for a in c["actions"]}
    assert {
        "integration.http.request",
        "integration.ai.chat",
        "integration.chat.post",
        "integration.email.send",
    } <= node_types


def test_a_webhook_workflow_asks_the_ai_and_posts_the_answer_to_chat(
    api: httpx.Client, user: User, fakes: Fakes
) -> None:
    credential = create_ai_credential(api, user, fakes)
    workflow = create_workflow(
        api,
        user,
        {
            "name": "ask and tell",
            "definition": {
                "nodes": [
                    {
                        "id": "hook",
                        "type": "trigger.webhook",
                        "parameters": {"method": "POST", "response_mode": "wait"},
                    },
                    {
                        "id": "ask",
                        "type": "integration.ai.chat",
                        "parameters": {"credential": credential["id"], "prompt": "{{ input.question }}"},
                    },
                    {
                        "id": "tell",
                        "type": "integration.chat.post",
                        "parameters": {
                            "webhook_url": fakes.url("/hooks/slack"),
                            "text": "{{ steps.ask.output.content }}",
                        },
                    },
                ],
                "edges": [{"from": "hook", "to": "ask"}, {"from": "ask", "to": "tell"}],
            },
        },
    )
    active = api.post(f"/v1/workflows/{workflow['id']}/activate", headers=user.headers)
    assert active.status_code == 200, active.text
    hook = "/v1/hooks/" + active.json()["webhook_url"].rsplit("/", 1)[1]
    question = f"what is {uuid.uuid4().hex[:8]}?"
    before = len(fakes.completions)
    runs = []
    for _ in range(2):
        # The public webhook, no token: the request body becomes the run's input.
        response = api.post(hook, json={"question": question})
        assert response.status_code == 200, response.text
        assert response.json() == {"status": 200, "response": "ok"}
        execution = api.get(f"/v1/executions/{response.headers['x-execution-id']}", headers=user.headers)
        runs.append(execution.json())
    first, second = runs
    assert first["status"] == "succeeded", first
    assert fakes.chat_posts[-1] == {"text": f"Answer to: {question}"}
    asked = {s["node_id"]: s for s in first["steps"]}["ask"]["output"]
    assert asked["usage"] == {"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13}
    assert asked["cached"] is False
    assert {s["node_id"]: s for s in second["steps"]}["ask"]["output"]["cached"] is True
    assert len(fakes.completions) == before + 1  # the second run was answered from the cache
    execution = api.get(f"/v1/executions/{first['id']}", headers=user.headers)
    assert API_KEY not in execution.text


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://10.0.0.1/",
        "GATEWAY",
    ],
)
def test_an_http_step_to_a_forbidden_address_fails_with_the_guards_reason(
    api: httpx.Client, user: User, url: str
) -> None:
    target = str(api.base_url).rstrip("/") + "/v1/me" if url == "GATEWAY" else url
    workflow = create_workflow(
        api,
        user,
        {
            "name": "ssrf attempt",
            "definition": {
                "nodes": [
                    {"id": "start", "type": "trigger.manual"},
                    {"id": "fetch", "type": "integration.http.request", "parameters": {"url": target}},
                ],
                "edges": [{"from": "start", "to": "fetch"}],
            },
        },
    )
    response = api.post(
        f"/v1/workflows/{workflow['id']}/run?wait=true", json={"input": {}}, headers=user.headers
    )
    run = response.json()
    assert run["status"] == "failed", run
    assert "SSRF" in run["error"]


@pytest.fixture(scope="module")
def mcp_url() -> Iterator[str]:
    """A local MCP server built with the official SDK, over streamable HTTP."""
    server = FastMCP("e2e-tools", stateless_http=True, json_response=True)

    @server.tool(description="Multiply two numbers.")
    def multiply(a: float, b: float) -> float:
        return a * b

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    web = uvicorn.Server(
        uvicorn.Config(server.streamable_http_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not web.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/mcp"
    web.should_exit = True
    thread.join(5)


def test_a_workflow_calls_a_tool_of_an_mcp_server_listed_in_the_catalogue(
    api: httpx.Client, user: User, mcp_url: str
) -> None:
    credential = api.post(
        "/v1/credentials",
        json={"name": "tools", "type": "mcp", "config": {"url": mcp_url}, "secret": {}},
        headers=user.headers,
    ).json()
    catalogue = api.get(f"/v1/connectors?mcp_credential_id={credential['id']}", headers=user.headers).json()
    mcp = next(c for c in catalogue["items"] if c["name"] == "mcp")
    assert "multiply" in {a["name"] for a in mcp["actions"]}
    workflow = create_workflow(
        api,
        user,
        {
            "name": "use a tool",
            "definition": {
                "nodes": [
                    {"id": "start", "type": "trigger.manual"},
                    {
                        "id": "tool",
                        "type": "integration.mcp.call_tool",
                        "parameters": {
                            "credential": credential["id"],
                            "tool": "multiply",
                            "arguments": {"a": "{{ input.qty }}", "b": 2.5},
                        },
                    },
                ],
                "edges": [{"from": "start", "to": "tool"}],
            },
        },
    )
    run = api.post(
        f"/v1/workflows/{workflow['id']}/run?wait=true", json={"input": {"qty": 4}}, headers=user.headers
    ).json()
    assert run["status"] == "succeeded", run
    assert run["output"]["structured"] == {"result": 10.0}
