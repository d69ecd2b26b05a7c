"""Issue 13's side doors, tried through the public API as an attacker would, against real local
servers that misbehave: a response that never ends or trickles (item 3), a credential test or a
step output that echoes the secret (items 5, 6), a credential repointed at another host (item 7),
an API key outliving its creator's rights (item 9) and a webhook caller's credentials kept with
the run (item 12)."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from jobsprint.common.testing import MisbehavingServer, misbehaving_server

from .conftest import User, create_workflow, login, register_and_login, wait_for_execution

pytestmark = [pytest.mark.e2e, pytest.mark.security]


@pytest.fixture(scope="module")
def server() -> Iterator[MisbehavingServer]:
    with misbehaving_server() as served:
        yield served


def _workspace_id(api: httpx.Client, user: User) -> str:
    return str(api.get("/v1/me", headers=user.headers).json()["workspace"]["id"])


def _member(api: httpx.Client, owner: User, role: str) -> tuple[User, str]:
    newcomer = register_and_login(api)
    added = api.post("/v1/members", json={"email": newcomer.email, "role": role}, headers=owner.headers)
    assert added.status_code == 201, added.text
    return login(api, newcomer.email, _workspace_id(api, owner)), added.json()["user"]["id"]


def _credential(api: httpx.Client, user: User, type_: str, config: dict, secret: dict) -> dict[str, Any]:
    created = api.post(
        "/v1/credentials",
        json={"name": f"{type_}-{uuid.uuid4().hex[:8]}", "type": type_, "config": config, "secret": secret},
        headers=user.headers,
    )
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


def _run(api: httpx.Client, user: User, step: dict[str, Any]) -> dict[str, Any]:
    workflow = create_workflow(
        api,
        user,
        {
            "name": f"side door {uuid.uuid4().hex[:6]}",
            "definition": {
                "nodes": [{"id": "start", "type": "trigger.manual"}, {"id": "call", **step}],
                "edges": [{"from": "start", "to": "call"}],
            },
        },
    )
    started = api.post(f"/v1/workflows/{workflow['id']}/run", json={"input": {}}, headers=user.headers)
    assert started.status_code == 202, started.text
    return wait_for_execution(api, user, started.json()["execution_id"], timeout=60)


# --- item 3: core.http_request under a cap and a total deadline ----------------------------------


def test_an_http_step_against_a_trickling_server_fails_at_its_timeout(api, user, server) -> None:
    started = time.monotonic()
    execution = _run(
        api,
        user,
        {
            "type": "core.http_request",
            "parameters": {"url": f"{server.url}/trickle?interval=0.5"},
            "timeout_seconds": 2,
        },
    )
    assert execution["status"] == "failed"
    assert "timed out after 2s" in execution["steps"][-1]["error"]
    assert time.monotonic() - started < 20  # the answer alone would take 30 s


def test_an_http_step_against_an_endless_answer_fails_at_the_cap(api, user, server) -> None:
    path = f"/big?bytes={300 * 1024 * 1024}&for={uuid.uuid4().hex}"
    execution = _run(api, user, {"type": "core.http_request", "parameters": {"url": f"{server.url}{path}"}})
    assert execution["status"] == "failed"
    assert "answered more than" in execution["steps"][-1]["error"]
    time.sleep(0.2)
    assert server.sent[path] < 64 * 1024 * 1024  # the worker stopped reading near the cap


# --- items 5 and 6: nothing leaves with the secret -----------------------------------------------


def test_a_run_scoped_key_testing_a_credential_against_an_echo_gets_no_secret(api, user, server) -> None:
    token = "tok-" + uuid.uuid4().hex
    credential = _credential(api, user, "bearer", {}, {"token": token})
    key = api.post("/v1/api-keys", json={"name": "runner", "scopes": ["run"]}, headers=user.headers).json()

    tested = api.post(
        f"/v1/credentials/{credential['id']}/test",
        json={"url": f"{server.url}/echo?status=401"},
        headers={"Authorization": f"Bearer {key['key']}"},
    )

    assert tested.status_code == 200, tested.text
    assert tested.json()["ok"] is False and "authorization" in tested.json()["message"]
    assert token not in tested.text


def test_a_viewer_reading_a_basic_auth_echo_sees_no_password(api, user, server) -> None:
    password = "pw-" + uuid.uuid4().hex
    credential = _credential(api, user, "basic", {"username": "ada"}, {"password": password})
    viewer, _viewer_id = _member(api, user, "viewer")
    execution = _run(
        api,
        user,
        {
            "type": "integration.http.request",
            "parameters": {"credential": credential["id"], "url": f"{server.url}/echo"},
        },
    )
    assert execution["status"] == "succeeded", execution

    seen = api.get(f"/v1/executions/{execution['id']}", headers=viewer.headers)

    assert seen.status_code == 200
    assert password not in seen.text
    assert base64.b64encode(f"ada:{password}".encode()).decode() not in seen.text


# --- item 7: moving a secret's destination needs the secret ----------------------------------------


def test_an_editor_cannot_repoint_an_ai_credential_without_its_key(api, user) -> None:
    editor, _editor_id = _member(api, user, "editor")
    credential = _credential(
        api,
        user,
        "ai_provider",
        {"base_url": "https://api.openai.example/v1", "model": "m"},
        {"api_key": "sk-x" * 4},
    )
    moved = {"base_url": "https://attacker.example/v1", "model": "m"}

    refused = api.patch(f"/v1/credentials/{credential['id']}", json={"config": moved}, headers=editor.headers)

    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "send the secret again" in refused.json()["detail"]
    assert [e["field"] for e in refused.json()["errors"]] == ["secret"]
    allowed = api.patch(
        f"/v1/credentials/{credential['id']}",
        json={"config": moved, "secret": {"api_key": "sk-mine"}},
        headers=editor.headers,
    )
    assert allowed.status_code == 200 and allowed.json()["config"] == moved


# --- item 9: API keys are bounded by their creator's current role ---------------------------------


def test_a_demoted_then_removed_admins_key_loses_its_write_scope_then_stops(api, user) -> None:
    admin, admin_id = _member(api, user, "admin")
    key = api.post(
        "/v1/api-keys", json={"name": "deploy", "scopes": ["read", "write"]}, headers=admin.headers
    ).json()
    bearer = {"Authorization": f"Bearer {key['key']}"}
    assert (
        api.post("/v1/workflows", json={"name": "w1", "definition": _manual()}, headers=bearer).status_code
        == 201
    )

    demoted = api.patch(f"/v1/members/{admin_id}", json={"role": "viewer"}, headers=user.headers)
    assert demoted.status_code == 200, demoted.text

    refused = api.post("/v1/workflows", json={"name": "w2", "definition": _manual()}, headers=bearer)
    assert refused.status_code == 403, refused.text  # the token cached under admin was revoked too
    assert api.get("/v1/workflows", headers=bearer).status_code == 200  # read is within viewer

    assert api.delete(f"/v1/members/{admin_id}", headers=user.headers).status_code == 204
    assert api.get("/v1/workflows", headers=bearer).status_code == 401
    revoked = api.get("/v1/audit-log?action=auth.revoke_api_key", headers=user.headers).json()["items"]
    assert [event["resource_id"] for event in revoked] == [key["id"]]


def _manual() -> dict[str, Any]:
    return {"nodes": [{"id": "start", "type": "trigger.manual"}], "edges": []}


# --- item 12: a webhook caller's credentials are not kept with the run ------------------------------


def test_a_webhook_callers_authorization_is_not_kept_with_the_run(api, user) -> None:
    workflow = create_workflow(
        api,
        user,
        {
            "name": "hook with auth",
            "definition": {
                "nodes": [
                    {
                        "id": "hook",
                        "type": "trigger.webhook",
                        "parameters": {"method": "POST", "response_mode": "wait"},
                    },
                    {
                        "id": "look",
                        "type": "core.set",
                        "parameters": {"values": {"auth": "{{ request.headers.authorization }}"}},
                    },
                ],
                "edges": [{"from": "hook", "to": "look"}],
            },
        },
    )
    active = api.post(f"/v1/workflows/{workflow['id']}/activate", headers=user.headers).json()
    caller_secret = "Bearer caller-" + uuid.uuid4().hex

    answered = api.post(
        "/v1/hooks/" + active["webhook_url"].rsplit("/", 1)[1],
        json={"n": 1},
        headers={"Authorization": caller_secret},
    )

    assert answered.status_code == 200, answered.text
    assert answered.json()["auth"] == "[redacted]"
    execution = api.get(f"/v1/executions/{answered.headers['X-Execution-Id']}", headers=user.headers)
    assert caller_secret not in execution.text
