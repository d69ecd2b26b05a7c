"""The audit log over HTTP: calls in every service end up in auth's log through the outbox and
RabbitMQ, refused ones too, readable by owners and admins of that workspace only."""

from __future__ import annotations

import time
from typing import Any

import devctl
import httpx
import pytest

from .conftest import PRICE_WORKFLOW, User, create_workflow, login, register_and_login, wait_for_execution

pytestmark = pytest.mark.e2e


def _events(api: httpx.Client, user: User, **params: Any) -> list[dict[str, Any]]:
    response = api.get("/v1/audit-log", params=params, headers=user.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


def _wait_for(
    api: httpx.Client, user: User, expected: set[tuple[str, str]], timeout: float = 15.0, **params: Any
):
    deadline = time.monotonic() + timeout
    while True:
        events = _events(api, user, limit=200, **params)
        seen = {(e["action"], e["outcome"]) for e in events}
        if expected <= seen:
            return events
        assert time.monotonic() < deadline, f"missing {expected - seen}; saw {seen}"
        time.sleep(0.2)


def test_calls_in_every_service_and_refusals_reach_the_audit_log(api: httpx.Client, user: User):
    workspace_id = api.get("/v1/me", headers=user.headers).json()["workspace"]["id"]
    workflow = create_workflow(api, user)
    assert api.post(f"/v1/workflows/{workflow['id']}/activate", headers=user.headers).status_code == 200
    run = api.post(
        f"/v1/workflows/{workflow['id']}/run",
        json={"input": {"qty": 1, "unit_price": 1}},
        headers=user.headers,
    )
    assert run.status_code == 202
    credential = api.post(
        "/v1/credentials",
        json={"name": "audited", "type": "bearer", "config": {}, "secret": {"token": "not-in-the-log"}},
        headers=user.headers,
    )
    assert credential.status_code == 201, credential.text
    viewer = register_and_login(api)
    api.post("/v1/members", json={"email": viewer.email, "role": "viewer"}, headers=user.headers)
    viewer = login(api, viewer.email, workspace_id)
    assert api.post("/v1/workflows", json=PRICE_WORKFLOW, headers=viewer.headers).status_code == 403
    api.post("/v1/auth/login", json={"email": user.email, "password": "not my password at all"})

    events = _wait_for(
        api,
        user,
        {
            ("auth.register", "success"),
            ("auth.login", "success"),
            ("auth.login", "failed"),
            ("auth.add_member", "success"),
            ("workflows.create_workflow", "success"),
            ("workflows.activate_workflow", "success"),
            ("workflows.run_workflow", "success"),
            ("integrations.create_credential", "success"),
            ("workflows.create_workflow", "denied"),
        },
    )
    activation = next(e for e in events if e["action"] == "workflows.activate_workflow")
    assert activation["resource_id"] == workflow["id"] and activation["actor_kind"] == "user"
    denied = next(e for e in events if e["outcome"] == "denied")
    viewer_id = api.get("/v1/me", headers=viewer.headers).json()["user"]["id"]
    assert denied["actor_id"] == viewer_id
    assert "not-in-the-log" not in str(events)
    assert not [e for e in events if e["action"] == "executor.start_execution"], "audited at the edge only"
    assert [e["occurred_at"] for e in events] == sorted((e["occurred_at"] for e in events), reverse=True)


def test_the_audit_log_filters_and_pages(api: httpx.Client, user: User):
    for _ in range(3):
        create_workflow(api, user)
    _wait_for(api, user, {("workflows.create_workflow", "success")}, action="workflows.create_workflow")
    deadline = time.monotonic() + 15
    while len(_events(api, user, action="workflows.create_workflow")) < 3:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    first = api.get("/v1/audit-log", params={"action": "workflows", "limit": 2}, headers=user.headers)
    assert first.headers["Link"].endswith('; rel="next"')
    first = first.json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = api.get(
        "/v1/audit-log",
        params={"action": "workflows", "limit": 2, "cursor": first["next_cursor"]},
        headers=user.headers,
    ).json()
    assert {e["id"] for e in first["items"]}.isdisjoint({e["id"] for e in second["items"]})
    bad = api.get("/v1/audit-log", params={"cursor": "garbage"}, headers=user.headers)
    assert bad.status_code == 422


def test_only_owners_and_admins_of_the_workspace_read_its_log(api: httpx.Client, user: User):
    workspace_id = api.get("/v1/me", headers=user.headers).json()["workspace"]["id"]
    editor = register_and_login(api)
    api.post("/v1/members", json={"email": editor.email, "role": "editor"}, headers=user.headers)
    editor_here = login(api, editor.email, workspace_id)
    assert api.get("/v1/audit-log", headers=editor_here.headers).status_code == 403
    stranger = register_and_login(api)
    user_id = api.get("/v1/me", headers=user.headers).json()["user"]["id"]
    assert all(e["actor_id"] != user_id for e in _events(api, stranger))


def test_a_webhook_run_is_recorded_by_its_execution_and_sends_auth_no_unstorable_record(
    api: httpx.Client, user: User, suite: devctl.Instance
):
    # The gateway calls TriggerWebhook for an anonymous caller with a service token of no
    # workspace; an audit record of that call names no workspace, and auth's consumer could only
    # drop it with an error. The execution it starts is the record instead (ADR-048).
    auth_log = suite.run_dir / "logs" / "auth.log"
    start = auth_log.stat().st_size
    hook = create_workflow(
        api,
        user,
        {
            "name": "audited hook",
            "definition": {
                "nodes": [
                    {
                        "id": "hook",
                        "type": "trigger.webhook",
                        "parameters": {"method": "POST", "response_mode": "async"},
                    },
                    {"id": "done", "type": "core.noop"},
                ],
                "edges": [{"from": "hook", "to": "done"}],
            },
        },
    )
    activated = api.post(f"/v1/workflows/{hook['id']}/activate", headers=user.headers)
    assert activated.status_code == 200, activated.text
    token = activated.json()["webhook_url"].rsplit("/", 1)[-1]
    fired = api.post(f"/v1/hooks/{token}", json={"order": 7})
    assert fired.status_code == 202, fired.text
    execution = wait_for_execution(api, user, fired.json()["execution_id"])
    assert execution["workflow_id"] == hook["id"] and execution["status"] == "succeeded"
    # A later call of the same service is relayed after the webhook's call (one outbox, in order):
    # once its record is in the log, auth has consumed whatever the webhook call produced.
    deactivated = api.post(f"/v1/workflows/{hook['id']}/deactivate", headers=user.headers)
    assert deactivated.status_code == 200, deactivated.text
    _wait_for(api, user, {("workflows.deactivate_workflow", "success")}, resource_id=hook["id"])
    with auth_log.open("rb") as log:
        log.seek(start if auth_log.stat().st_size >= start else 0)  # rotated meanwhile: all of it
        appended = log.read().decode(errors="replace")
    assert "not an audit event" not in appended, appended[-2000:]
