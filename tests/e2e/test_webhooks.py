"""Webhooks over HTTP: the URL shown while active, both response modes, signatures, methods,
body limits, timeouts and deactivation."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

import httpx
import pytest

from .conftest import User, create_workflow, wait_for_execution

pytestmark = pytest.mark.e2e


def _hook_workflow(mode: str, **parameters: Any) -> dict[str, Any]:
    return {
        "name": f"hook {mode}",
        "definition": {
            "nodes": [
                {
                    "id": "hook",
                    "type": "trigger.webhook",
                    "parameters": {"method": "POST", "response_mode": mode, **parameters},
                },
                {
                    "id": "reply",
                    "type": "core.set",
                    "parameters": {
                        "values": {
                            "greeting": "hello {{ input.name }}",
                            "via": "{{ request.method }} {{ request.query.source }}",
                            "event": "{{ request.headers['x-event'] }}",
                        }
                    },
                },
            ],
            "edges": [{"from": "hook", "to": "reply"}],
        },
    }


def _active_hook(api: httpx.Client, user: User, mode: str, **parameters: Any) -> dict[str, Any]:
    workflow = create_workflow(api, user, _hook_workflow(mode, **parameters))
    assert workflow["webhook_url"] is None  # inactive: no URL yet
    active = api.post(f"/v1/workflows/{workflow['id']}/activate", headers=user.headers).json()
    assert active["webhook_url"].startswith(str(api.base_url).rstrip("/") + "/v1/hooks/")
    assert (
        api.get(f"/v1/workflows/{workflow['id']}", headers=user.headers).json()["webhook_url"]
        == active["webhook_url"]
    )
    return active


def _path(workflow: dict[str, Any]) -> str:
    return "/v1/hooks/" + workflow["webhook_url"].rsplit("/", 1)[1]


def test_a_wait_mode_hook_answers_with_the_workflows_output(api: httpx.Client, user: User):
    workflow = _active_hook(api, user, "wait")
    response = api.post(
        _path(workflow), params={"source": "crm"}, json={"name": "Ada"}, headers={"X-Event": "signup"}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"name": "Ada", "greeting": "hello Ada", "via": "POST crm", "event": "signup"}
    assert response.headers["X-Execution-Id"]


def test_an_async_mode_hook_answers_202_with_the_execution_id(api: httpx.Client, user: User):
    workflow = _active_hook(api, user, "async")
    response = api.post(
        _path(workflow), params={"source": "shop"}, json={"name": "Grace"}, headers={"X-Event": "x"}
    )
    assert response.status_code == 202, response.text
    execution = wait_for_execution(api, user, response.json()["execution_id"])
    assert execution["status"] == "succeeded"
    assert execution["input"] == {"name": "Grace"}
    assert execution["output"]["via"] == "POST shop"


@pytest.mark.parametrize("mode", ["wait", "async"])
def test_a_signed_hook_refuses_an_unsigned_or_badly_signed_request(api: httpx.Client, user: User, mode: str):
    workflow = _active_hook(api, user, mode)
    secret = "a-shared-secret-of-some-length"
    configured = api.put(
        f"/v1/workflows/{workflow['id']}/webhook/secret", json={"secret": secret}, headers=user.headers
    )
    assert configured.json()["webhook_signed"] is True
    body = b'{"name": "Linus"}'
    json_type = {"Content-Type": "application/json"}
    assert api.post(_path(workflow), content=body, headers=json_type).status_code == 401
    wrong = "sha256=" + hmac.new(b"another secret entirely", body, hashlib.sha256).hexdigest()
    assert (
        api.post(
            _path(workflow), content=body, headers={**json_type, "X-Jobsprint-Signature-256": wrong}
        ).status_code
        == 401
    )
    right = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    signed = api.post(
        _path(workflow),
        params={"source": "git"},
        content=body,
        headers={**json_type, "X-Jobsprint-Signature-256": right, "X-Event": "push"},
    )
    if mode == "wait":
        assert signed.status_code == 200, signed.text
        output = signed.json()
    else:
        assert signed.status_code == 202, signed.text
        output = wait_for_execution(api, user, signed.json()["execution_id"])["output"]
    assert (output["greeting"], output["event"]) == ("hello Linus", "push")


def test_a_hook_refuses_other_methods_large_bodies_and_answers_404_once_deactivated(
    api: httpx.Client, user: User
):
    workflow = _active_hook(api, user, "async")
    wrong_method = api.get(_path(workflow))
    assert (wrong_method.status_code, wrong_method.headers["Allow"]) == (405, "POST")
    too_big = api.post(_path(workflow), content=b"x" * (1024 * 1024 + 1))
    assert too_big.status_code == 413
    api.post(f"/v1/workflows/{workflow['id']}/deactivate", headers=user.headers)
    assert api.post(_path(workflow), json={}).status_code == 404
    assert api.post("/v1/hooks/not-a-token", json={}).status_code == 404


def test_a_rotated_hook_url_replaces_the_old_one(api: httpx.Client, user: User):
    workflow = _active_hook(api, user, "async")
    rotated = api.post(f"/v1/workflows/{workflow['id']}/webhook/rotate", headers=user.headers).json()
    assert rotated["webhook_url"] != workflow["webhook_url"]
    assert api.post(_path(workflow), json={}).status_code == 404
    assert api.post(_path(rotated), json={"name": "x"}).status_code == 202


def test_a_wait_mode_hook_that_outlasts_its_timeout_answers_504_with_the_execution_id(
    api: httpx.Client, user: User
):
    slow = _hook_workflow("wait", wait_timeout_seconds=0.5)
    slow["definition"]["nodes"].append({"id": "pause", "type": "core.wait", "parameters": {"seconds": 6}})
    slow["definition"]["edges"] = [{"from": "hook", "to": "pause"}, {"from": "pause", "to": "reply"}]
    workflow = create_workflow(api, user, slow)
    workflow = api.post(f"/v1/workflows/{workflow['id']}/activate", headers=user.headers).json()
    started = time.monotonic()
    response = api.post(
        _path(workflow), params={"source": "t"}, json={"name": "slow"}, headers={"X-Event": "t"}
    )
    assert response.status_code == 504, response.text
    # Well before the run's end (6 s), with room for a loaded machine.
    assert time.monotonic() - started < 4.0, "the hook answered at the run's end, not at its own timeout"
    assert response.headers["Content-Type"] == "application/problem+json"
    execution_id = response.json()["execution_id"]
    assert response.headers["Location"] == f"/v1/executions/{execution_id}"
    assert wait_for_execution(api, user, execution_id)["status"] == "succeeded"
