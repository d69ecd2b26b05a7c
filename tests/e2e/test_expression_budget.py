"""Issue 13, items 1 and 13, over HTTP: expressions have a budget that holds (refused at save when
certain to be too costly, stopped at their time or memory limit when they run, failing only their
step), no execution is left running, and the editor's evaluate endpoint answers as a run would."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from .conftest import INSTANCE, User, create_workflow, login, register_and_login, unheld_live_executions

pytestmark = [pytest.mark.e2e, pytest.mark.security]

NESTED_EIGHT_DEEP = (
    "{{ input.L.all(a, input.L.all(b, input.L.all(c, input.L.all(d, input.L.all(e, input.L.all(f,"
    " input.L.all(g, input.L.all(h, true)))))))) }}"
)
# Three deep passes the static check; over a 1,000-element list it is 10^9 iterations.
THREE_DEEP_OVER_INPUT = "{{ input.L.all(a, input.L.all(b, input.L.all(c, true))) }}"
MEMORY_BLOW_UP = "{{ input.L.map(a, input.L.map(b, input.L.map(c, input.s + input.s))) }}"


def _one_set(value: str, **node: Any) -> dict[str, Any]:
    return {
        "name": "expression budget",
        "definition": {
            "nodes": [
                {"id": "start", "type": "trigger.manual"},
                {"id": "compute", "type": "core.set", "parameters": {"values": {"x": value}}, **node},
            ],
            "edges": [{"from": "start", "to": "compute"}],
        },
    }


def _run(api: httpx.Client, user: User, workflow_id: str, run_input: dict[str, Any]) -> str:
    response = api.post(f"/v1/workflows/{workflow_id}/run", json={"input": run_input}, headers=user.headers)
    assert response.status_code == 202, response.text
    return str(response.json()["execution_id"])


def _finished(api: httpx.Client, user: User, execution_id: str, timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        execution = api.get(f"/v1/executions/{execution_id}", headers=user.headers).json()
        if execution["status"] in ("succeeded", "failed", "cancelled"):
            return execution  # type: ignore[no-any-return]
        assert time.monotonic() < deadline, f"execution {execution_id} still {execution['status']}"
        time.sleep(0.1)


def _step(execution: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(step for step in execution["steps"] if step["node_id"] == node_id)


def test_eight_deep_nested_macros_are_refused_at_save_naming_the_field(api: httpx.Client, user: User) -> None:
    response = api.post("/v1/workflows", json=_one_set(NESTED_EIGHT_DEEP), headers=user.headers)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    errors = {error["field"]: error["message"] for error in response.json()["errors"]}
    message = errors["definition.nodes[1].parameters.values.x"]
    assert "nested 8 deep" in message
    assert "at most 3" in message


def test_a_costly_expression_fails_its_step_at_the_budget_while_another_run_succeeds(
    api: httpx.Client, user: User
) -> None:
    costly = create_workflow(api, user, _one_set(THREE_DEEP_OVER_INPUT))
    cheap = create_workflow(api, user)  # {{ input.qty * input.unit_price }}

    bad = _run(api, user, costly["id"], {"L": list(range(1000))})
    good = _run(api, user, cheap["id"], {"qty": 3, "unit_price": 12.5})

    # The good run finishes while the bad one is being stopped (the suite has two workers; the
    # bad one's holds no lock the other needs, and it is not frozen).
    assert _finished(api, user, good, timeout=30)["output"]["total"] == 37.5
    execution = _finished(api, user, bad)
    assert execution["status"] == "failed"
    step = _step(execution, "compute")
    assert step["status"] == "failed"
    assert step["output"]["kind"] == "expression_budget"
    assert "input.L.all(a" in step["error"]
    assert "exceeded its time budget" in step["error"]
    assert "EXECUTOR_EXPRESSION_TIMEOUT_SECONDS" in step["error"]
    # The worker is healthy afterwards: the next run of the cheap workflow succeeds too.
    assert (
        _finished(api, user, _run(api, user, cheap["id"], {"qty": 1, "unit_price": 2}))["status"]
        == "succeeded"
    )


def test_the_memory_blow_up_fails_its_step_at_the_memory_budget(api: httpx.Client, user: User) -> None:
    workflow = create_workflow(api, user, _one_set(MEMORY_BLOW_UP))

    execution = _finished(
        api, user, _run(api, user, workflow["id"], {"L": list(range(20)), "s": "x" * 100_000})
    )

    step = _step(execution, "compute")
    assert step["output"]["kind"] == "expression_budget"
    assert "exceeded its memory budget" in step["error"]


def test_a_nodes_timeout_bounds_its_expressions(api: httpx.Client, user: User) -> None:
    workflow = create_workflow(api, user, _one_set(THREE_DEEP_OVER_INPUT, timeout_seconds=1))

    execution = _finished(api, user, _run(api, user, workflow["id"], {"L": list(range(1000))}))

    step = _step(execution, "compute")
    assert step["output"]["kind"] == "expression_budget"
    assert "exceeded the node's timeout of 1s" in step["error"]


def test_cancel_stops_a_run_in_the_middle_of_an_expression(api: httpx.Client, user: User) -> None:
    workflow = create_workflow(api, user, _one_set(THREE_DEEP_OVER_INPUT))
    execution_id = _run(api, user, workflow["id"], {"L": list(range(1000))})
    deadline = time.monotonic() + 20
    while api.get(f"/v1/executions/{execution_id}", headers=user.headers).json()["status"] == "queued":
        assert time.monotonic() < deadline
        time.sleep(0.05)

    cancelled = api.post(f"/v1/executions/{execution_id}/cancel", headers=user.headers)

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert _finished(api, user, execution_id)["status"] == "cancelled"


def test_an_http_request_to_an_octal_host_fails_its_step_and_leaves_nothing_running(
    api: httpx.Client, user: User
) -> None:
    body = {
        "name": "octal host",
        "definition": {
            "nodes": [
                {"id": "start", "type": "trigger.manual"},
                {"id": "call", "type": "core.http_request", "parameters": {"url": "http://0177.0.0.1:8080/"}},
            ],
            "edges": [{"from": "start", "to": "call"}],
        },
    }
    workflow = create_workflow(api, user, body)

    execution = _finished(api, user, _run(api, user, workflow["id"], {}))

    assert execution["status"] == "failed"
    assert "is not a valid URL" in _step(execution, "call")["error"]
    assert execution["id"] not in {row.id for row in unheld_live_executions(INSTANCE, settle_seconds=0)}


# --- POST /v1/expressions/evaluate ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "scope", "expected"),
    [
        ("{{ input.qty * input.unit_price }}", {"input": {"qty": 3, "unit_price": 12.5}}, 37.5),
        ("{{ input.qty * 2 }}", {"input": {"qty": 3}}, 6),
        (
            "total: {{ input.qty }} x {{ input.items }}",
            {"input": {"qty": 3, "items": [1, 2]}},
            "total: 3 x [1,2]",
        ),
        ("{{ input.items.map(i, i * 2) }}", {"input": {"items": [1, 2, 3]}}, [2, 4, 6]),
        ("{{ steps.fetch.output.total > 100 }}", {"steps": {"fetch": {"output": {"total": 150}}}}, True),
        ("{{ request.method }}", {"request": {"method": "POST"}}, "POST"),
        ("plain text", None, "plain text"),
    ],
)
def test_evaluate_answers_what_a_run_would(
    api: httpx.Client, user: User, value: str, scope: dict[str, Any] | None, expected: Any
) -> None:
    body: dict[str, Any] = {"value": value} if scope is None else {"value": value, "scope": scope}

    response = api.post("/v1/expressions/evaluate", json=body, headers=user.headers)

    assert response.status_code == 200, response.text
    assert response.json() == {"result": expected}
    assert "RateLimit-Remaining" in response.headers


@pytest.mark.parametrize(
    ("value", "scope", "says"),
    [
        ("{{ input.qty + }}", {}, "does not parse"),
        ("{{ input.missing * 2 }}", {"input": {}}, "missing"),
        (NESTED_EIGHT_DEEP, {"input": {"L": [1]}}, "nested 8 deep"),
        (THREE_DEEP_OVER_INPUT, {"input": {"L": list(range(1000))}}, "exceeded its time budget"),
    ],
)
def test_evaluate_refuses_a_failing_expression_with_a_problem_on_the_value(
    api: httpx.Client, user: User, value: str, scope: dict[str, Any], says: str
) -> None:
    response = api.post(
        "/v1/expressions/evaluate", json={"value": value, "scope": scope}, headers=user.headers
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert says in problem["detail"]
    assert [error["field"] for error in problem["errors"]] == ["value"]
    assert says in problem["errors"][0]["message"]


def test_a_viewer_may_evaluate_and_an_anonymous_caller_may_not(api: httpx.Client) -> None:
    owner = register_and_login(api)
    workspace_id = api.get("/v1/me", headers=owner.headers).json()["workspace"]["id"]
    newcomer = register_and_login(api)
    added = api.post("/v1/members", json={"email": newcomer.email, "role": "viewer"}, headers=owner.headers)
    assert added.status_code == 201, added.text
    viewer = login(api, newcomer.email, workspace_id)
    body = {"value": "{{ input.a + 1 }}", "scope": {"input": {"a": 1}}}

    assert api.post("/v1/expressions/evaluate", json=body, headers=viewer.headers).json() == {"result": 2}
    assert api.post("/v1/expressions/evaluate", json=body).status_code == 401
