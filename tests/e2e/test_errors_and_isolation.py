"""What a caller gets wrong, and what one workspace must never see of another."""

from __future__ import annotations

import base64
import json
import uuid

import httpx
import pytest

from .conftest import User, create_workflow, register_and_login, wait_for_execution

pytestmark = [pytest.mark.e2e, pytest.mark.security]


def _assert_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


def test_requests_without_a_token_are_unauthorised(api: httpx.Client):
    body = _assert_problem(api.get("/v1/me"), 401)
    assert "Bearer" in body["detail"]
    _assert_problem(api.post("/v1/workflows", json={}), 401)


def test_a_tampered_token_is_unauthorised(api: httpx.Client, user: User):
    header, payload, signature = user.access_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["roles"] = ["owner", "admin"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    response = api.get("/v1/me", headers={"Authorization": f"Bearer {header}.{forged}.{signature}"})
    _assert_problem(response, 401)
    _assert_problem(api.get("/v1/me", headers={"Authorization": "Bearer not-a-jwt"}), 401)


def test_another_workspace_cannot_see_a_workflow_or_its_executions(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    run = api.post(
        f"/v1/workflows/{workflow['id']}/run",
        json={"input": {"qty": 1, "unit_price": 1}},
        headers=user.headers,
    )
    execution_id = run.json()["execution_id"]
    wait_for_execution(api, user, execution_id)

    stranger = register_and_login(api)
    _assert_problem(api.get(f"/v1/workflows/{workflow['id']}", headers=stranger.headers), 404)
    _assert_problem(api.get(f"/v1/executions/{execution_id}", headers=stranger.headers), 404)
    _assert_problem(api.post(f"/v1/workflows/{workflow['id']}/run", json={}, headers=stranger.headers), 404)
    _assert_problem(api.post(f"/v1/workflows/{workflow['id']}/activate", headers=stranger.headers), 404)


def test_malformed_json_is_a_bad_request_that_says_so(api: httpx.Client, user: User):
    response = api.post(
        "/v1/workflows",
        content=b'{"name": "x", "definition": {',
        headers={**user.headers, "content-type": "application/json"},
    )
    body = _assert_problem(response, 400)
    assert "JSON" in body["detail"]


def test_an_invalid_workflow_is_refused_with_every_problem_named(api: httpx.Client, user: User):
    definition = {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {"id": "start", "type": "core.set"},
            {"id": "x", "type": "core.nonexistent"},
        ],
        "edges": [{"from": "start", "to": "ghost"}],
    }
    response = api.post(
        "/v1/workflows", json={"name": "broken", "definition": definition}, headers=user.headers
    )
    body = _assert_problem(response, 422)
    fields = {error["field"] for error in body["errors"]}
    assert {"definition.nodes[1].id", "definition.nodes[2].type", "definition.edges[0].to"} <= fields


def test_a_cycle_is_refused(api: httpx.Client, user: User):
    definition = {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {"id": "a", "type": "core.noop"},
            {"id": "b", "type": "core.noop"},
        ],
        "edges": [{"from": "start", "to": "a"}, {"from": "a", "to": "b"}, {"from": "b", "to": "a"}],
    }
    body = _assert_problem(
        api.post("/v1/workflows", json={"name": "loop", "definition": definition}, headers=user.headers), 422
    )
    assert "cycle" in body["detail"]


def test_unknown_fields_and_missing_fields_are_unprocessable(api: httpx.Client, user: User):
    body = _assert_problem(
        api.post("/v1/workflows", json={"name": "x", "definitoin": {}}, headers=user.headers), 422
    )
    fields = {error["field"] for error in body["errors"]}
    assert {"definition", "definitoin"} <= fields


def test_an_unknown_execution_is_not_found(api: httpx.Client, user: User):
    _assert_problem(api.get("/v1/executions/00000000-0000-0000-0000-000000000000", headers=user.headers), 404)
    _assert_problem(api.get("/v1/executions/not-a-uuid", headers=user.headers), 404)


def test_a_weak_password_is_refused_with_the_policy(api: httpx.Client):
    # A fresh address each run: registrations per address are rate limited for an hour.
    email = f"weak-{uuid.uuid4().hex[:10]}@example.com"
    response = api.post("/v1/auth/register", json={"email": email, "password": "short"})
    body = _assert_problem(response, 422)
    assert body["errors"][0]["field"] == "password"
