"""The walking skeleton's journey: register, log in, create, run, read the result."""

from __future__ import annotations

import httpx
import pytest

from .conftest import PASSWORD, User, create_workflow, wait_for_execution

pytestmark = pytest.mark.e2e


def test_a_new_user_runs_a_workflow_and_reads_each_steps_output(api: httpx.Client, user: User):
    me = api.get("/v1/me", headers=user.headers)
    assert me.status_code == 200
    assert me.json()["user"]["email"] == user.email
    assert me.json()["roles"] == ["owner"]

    workflow = create_workflow(api, user)
    assert workflow["version"] == 1

    run = api.post(
        f"/v1/workflows/{workflow['id']}/run",
        json={"input": {"qty": 3, "unit_price": 12.5}},
        headers=user.headers,
    )
    assert run.status_code == 202, run.text
    assert run.json()["status"] == "queued"
    assert run.headers["location"] == f"/v1/executions/{run.json()['execution_id']}"

    execution = wait_for_execution(api, user, run.json()["execution_id"])
    assert execution["status"] == "succeeded"
    assert execution["workflow_id"] == workflow["id"]
    steps = {step["node_id"]: step for step in execution["steps"]}
    assert steps["start"]["output"] == {"qty": 3, "unit_price": 12.5}
    assert steps["price"]["output"] == {"qty": 3, "unit_price": 12.5, "total": 37.5}
    assert steps["price"]["status"] == "succeeded"
    assert steps["price"]["attempts"] == 1
    assert execution["output"] == steps["price"]["output"]


def test_run_with_wait_answers_with_the_final_output(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    run = api.post(
        f"/v1/workflows/{workflow['id']}/run?wait=true",
        json={"input": {"qty": 4, "unit_price": 2}},
        headers=user.headers,
    )
    assert run.status_code == 200, run.text
    assert run.json()["status"] == "succeeded"
    assert run.json()["output"]["total"] == 8


def test_a_failing_expression_fails_the_execution_and_names_the_node(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    run = api.post(
        f"/v1/workflows/{workflow['id']}/run?wait=true", json={"input": {"qty": 1}}, headers=user.headers
    )
    assert run.status_code == 200
    assert run.json()["status"] == "failed"
    assert "price" in run.json()["error"]
    assert "unit_price" in run.json()["error"]


def test_refresh_rotates_tokens_and_logout_revokes_the_access_token(api: httpx.Client, user: User):
    refreshed = api.post("/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert refreshed.status_code == 200, refreshed.text
    fresh = User(user.email, refreshed.json()["access_token"], refreshed.json()["refresh_token"])
    assert api.get("/v1/me", headers=fresh.headers).status_code == 200

    logout = api.post("/v1/auth/logout", json={"refresh_token": fresh.refresh_token}, headers=fresh.headers)
    assert logout.status_code == 204
    after = api.get("/v1/me", headers=fresh.headers)
    assert after.status_code == 401
    assert "revoked" in after.json()["detail"]
    assert api.post("/v1/auth/refresh", json={"refresh_token": fresh.refresh_token}).status_code == 401


def test_login_with_a_wrong_password_is_refused(api: httpx.Client, user: User):
    response = api.post("/v1/auth/login", json={"email": user.email, "password": PASSWORD + "!"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_the_openapi_document_describes_the_v1_surface(api: httpx.Client):
    spec = api.get("/v1/openapi.json").json()
    for path in (
        "/v1/auth/register",
        "/v1/auth/login",
        "/v1/me",
        "/v1/workflows",
        "/v1/workflows/{workflow_id}/run",
        "/v1/executions/{execution_id}",
    ):
        assert path in spec["paths"]
    assert api.get("/readyz").json()["status"] == "ready"
