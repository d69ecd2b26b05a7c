"""API keys over HTTP: shown once, scoped, usable wherever a token is, revoked at once."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import PRICE_WORKFLOW, User, create_workflow, login, register_and_login

pytestmark = pytest.mark.e2e


def _key(api: httpx.Client, user: User, *scopes: str, name: str = "robot") -> dict[str, Any]:
    response = api.post("/v1/api-keys", json={"name": name, "scopes": list(scopes)}, headers=user.headers)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _bearer(key: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {key['key']}"}


def test_a_key_is_shown_once_and_listed_without_its_secret(api: httpx.Client, user: User):
    created = _key(api, user, "read")
    assert created["key"].startswith("jsk_") and created["key"].startswith(created["prefix"])
    listed = api.get("/v1/api-keys", headers=user.headers)
    assert listed.status_code == 200
    assert created["key"] not in listed.text
    [item] = listed.json()["items"]
    assert (item["id"], item["scopes"], item["last_used_at"]) == (created["id"], ["read"], None)


def test_a_read_key_reads_and_records_its_use_but_cannot_write_or_run(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    key = _key(api, user, "read")
    read = api.get(f"/v1/workflows/{workflow['id']}", headers=_bearer(key))
    assert read.status_code == 200, read.text
    assert read.json()["id"] == workflow["id"]
    refused = api.post("/v1/workflows", json=PRICE_WORKFLOW, headers=_bearer(key))
    assert refused.status_code == 403 and "scope" in refused.json()["detail"]
    assert api.post(f"/v1/workflows/{workflow['id']}/run", json={}, headers=_bearer(key)).status_code == 403
    [item] = api.get("/v1/api-keys", headers=user.headers).json()["items"]
    assert item["last_used_at"] is not None


def test_a_read_run_key_runs_a_workflow_and_waits_for_its_output(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    key = _key(api, user, "read", "run")
    response = api.post(
        f"/v1/workflows/{workflow['id']}/run?wait=true",
        json={"input": {"qty": 2, "unit_price": 5}},
        headers=_bearer(key),
    )
    assert response.status_code == 200, response.text
    assert response.json()["output"]["total"] == 10


def test_a_write_key_creates_workflows_but_never_manages_the_workspace(api: httpx.Client, user: User):
    key = _key(api, user, "read", "write", "run")
    assert api.post("/v1/workflows", json=PRICE_WORKFLOW, headers=_bearer(key)).status_code == 201
    for response in (
        api.get("/v1/members", headers=_bearer(key)),
        api.post("/v1/api-keys", json={"name": "child", "scopes": ["read"]}, headers=_bearer(key)),
    ):
        assert response.status_code == 403, response.text


def test_a_deleted_key_is_refused_at_once_even_though_its_token_was_cached(api: httpx.Client, user: User):
    key = _key(api, user, "read")
    assert api.get("/v1/me", headers=_bearer(key)).status_code == 200  # exchanged and cached
    assert api.delete(f"/v1/api-keys/{key['id']}", headers=user.headers).status_code == 204
    assert api.get("/v1/me", headers=_bearer(key)).status_code == 401
    assert api.get("/v1/me", headers=_bearer(key)).status_code == 401  # and after the cache let go
    assert api.get("/v1/api-keys", headers=user.headers).json()["items"] == []


def test_a_made_up_or_altered_key_is_unauthorised(api: httpx.Client, user: User):
    key = _key(api, user, "read")
    altered = key["key"][:-2] + ("AA" if not key["key"].endswith("AA") else "BB")
    for credential in (altered, "jsk_nothing", "jsk_" + "0" * 32 + "_" + "x" * 43):
        response = api.get("/v1/me", headers={"Authorization": f"Bearer {credential}"})
        assert response.status_code == 401, response.text


def test_only_owners_and_admins_create_keys_and_keys_stay_in_their_workspace(api: httpx.Client, user: User):
    key = _key(api, user, "read")
    stranger = register_and_login(api)
    assert api.delete(f"/v1/api-keys/{key['id']}", headers=stranger.headers).status_code == 404
    assert api.get("/v1/api-keys", headers=stranger.headers).json()["items"] == []
    workflow = create_workflow(api, stranger)
    assert api.get(f"/v1/workflows/{workflow['id']}", headers=_bearer(key)).status_code == 404
    workspace_id = api.get("/v1/me", headers=user.headers).json()["workspace"]["id"]
    added = api.post("/v1/members", json={"email": stranger.email, "role": "editor"}, headers=user.headers)
    assert added.status_code == 201

    editor = login(api, stranger.email, workspace_id)
    response = api.post("/v1/api-keys", json={"name": "x", "scopes": ["read"]}, headers=editor.headers)
    assert response.status_code == 403, response.text


def test_invalid_scopes_are_unprocessable(api: httpx.Client, user: User):
    for scopes in ([], ["admin"]):
        response = api.post("/v1/api-keys", json={"name": "x", "scopes": scopes}, headers=user.headers)
        assert response.status_code == 422, response.text
