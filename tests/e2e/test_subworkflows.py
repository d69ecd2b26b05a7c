"""Subworkflows and error workflows over HTTP against the whole suite with its worker processes:
a workflow calls another of its workspace and goes on with its output without holding a worker,
a called workflow's failure fails (or is routed by) the calling step, recursion stops at the depth
limit, cancelling a caller cancels what it called, and a final failure starts the workflow's
error workflow exactly once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from jobsprint.common.testing import RecordingTarget, recording_server

from .conftest import User, create_workflow, wait_for_execution

pytestmark = pytest.mark.e2e

MAX_DEPTH = 10  # EXECUTOR_MAX_SUBWORKFLOW_DEPTH's default


@pytest.fixture
def target() -> Iterator[RecordingTarget]:
    with recording_server() as served:
        yield served


def _create(api: httpx.Client, user: User, nodes: list[dict], edges: list[tuple], **extra: Any) -> dict:
    definition: dict[str, Any] = {
        "nodes": [{"id": "start", "type": "trigger.manual"}, *nodes],
        "edges": [{"from": e[0], "to": e[1], **({"output": e[2]} if len(e) == 3 else {})} for e in edges],
        **extra,
    }
    return create_workflow(api, user, {"name": "subworkflows", "definition": definition})


def _run(api: httpx.Client, user: User, workflow: dict, run_input: dict | None = None) -> str:
    response = api.post(
        f"/v1/workflows/{workflow['id']}/run", json={"input": run_input or {}}, headers=user.headers
    )
    assert response.status_code == 202, response.text
    return response.json()["execution_id"]  # type: ignore[no-any-return]


def _get(api: httpx.Client, user: User, execution_id: str) -> dict:
    response = api.get(f"/v1/executions/{execution_id}", headers=user.headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _until(condition: Any, *, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout}s"
        time.sleep(0.05)
    return result


def _post(url: str, body: dict | None = None) -> dict:
    return {
        "id": "call",
        "type": "core.http_request",
        "parameters": {"method": "POST", "url": url, "body": body or {}},
    }


def test_a_workflow_calls_another_and_goes_on_with_its_output_while_holding_no_worker(
    api: httpx.Client, user: User, target: RecordingTarget
):
    target.delay_seconds = 1.5  # the child takes a while, so the caller is seen waiting
    child = _create(
        api,
        user,
        [
            _post(target.url, {"qty": "{{ input.qty }}"}),
            {
                "id": "total",
                "type": "core.set",
                "parameters": {"values": {"total": "{{ input.qty * input.price }}"}, "keep_input": False},
            },
        ],
        [("start", "call"), ("call", "total")],
        output="total",
    )
    parent = _create(
        api,
        user,
        [
            {
                "id": "price",
                "type": "core.subworkflow",
                "parameters": {"workflow_id": child["id"], "input": {"qty": "{{ input.qty }}", "price": 2.5}},
            },
            {"id": "done", "type": "core.set", "parameters": {"values": {"done": True}}},
        ],
        [("start", "price"), ("price", "done")],
    )

    parent_id = _run(api, user, parent, {"qty": 3})
    # The caller waits (its worker moved on) while the child's slow call is being answered.
    _until(lambda: _get(api, user, parent_id)["status"] == "waiting", timeout=20, what="the caller waiting")
    finished = wait_for_execution(api, user, parent_id, timeout=30)
    # The child's call carried the child's execution id in its Idempotency-Key.
    [child_id] = target.keys

    assert finished["status"] == "succeeded", finished["error"]
    assert finished["output"] == {"total": 7.5, "done": True}
    child_run = _get(api, user, child_id)
    assert child_run["status"] == "succeeded"
    assert child_run["workflow_id"] == child["id"]
    assert child_run["parent_execution_id"] == parent_id
    assert child_run["input"] == {"qty": 3, "price": 2.5}
    step = {s["node_id"]: s for s in finished["steps"]}["price"]
    assert (step["status"], step["output"]) == ("succeeded", {"total": 7.5})


def test_a_failing_subworkflow_fails_the_calling_step_or_takes_its_error_edge(api: httpx.Client, user: User):
    child = _create(
        api,
        user,
        [
            {
                "id": "reject",
                "type": "core.fail",
                "parameters": {"message": "order {{ input.order }} is invalid"},
            }
        ],
        [("start", "reject")],
    )
    call = {
        "id": "check",
        "type": "core.subworkflow",
        "parameters": {"workflow_id": child["id"], "input": {"order": "{{ input.order }}"}},
    }
    unhandled = _create(api, user, [call], [("start", "check")])
    handled = _create(
        api,
        user,
        [call, {"id": "recover", "type": "core.set", "parameters": {"values": {"recovered": True}}}],
        [("start", "check"), ("check", "recover", "error")],
    )

    failed = wait_for_execution(api, user, _run(api, user, unhandled, {"order": 7}), timeout=30)
    recovered = wait_for_execution(api, user, _run(api, user, handled, {"order": 8}), timeout=30)

    assert failed["status"] == "failed"
    assert "node 'check'" in failed["error"] and "order 7 is invalid" in failed["error"]
    assert {s["node_id"]: s["status"] for s in failed["steps"]}["check"] == "failed"
    assert recovered["status"] == "succeeded", recovered["error"]
    assert recovered["output"]["recovered"] is True
    assert recovered["output"]["kind"] == "subworkflow"
    assert "order 8 is invalid" in recovered["output"]["error"]


def test_a_workflow_that_calls_itself_without_end_stops_at_the_depth_limit(api: httpx.Client, user: User):
    workflow = _create(api, user, [], [])
    recursive = {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {
                "id": "again",
                "type": "core.subworkflow",
                "parameters": {"workflow_id": workflow["id"], "input": {"level": "{{ input.level + 1 }}"}},
            },
        ],
        "edges": [{"from": "start", "to": "again"}],
    }
    saved = api.patch(
        f"/v1/workflows/{workflow['id']}",
        json={"definition": recursive},
        headers={**user.headers, "If-Match": workflow["etag"]},
    )
    assert saved.status_code == 200, saved.text

    execution = wait_for_execution(api, user, _run(api, user, workflow, {"level": 0}), timeout=90)

    assert execution["status"] == "failed"
    assert f"subworkflows may nest at most {MAX_DEPTH} deep" in execution["error"]


@pytest.mark.parametrize(
    ("parameters", "settings", "field", "says"),
    [
        (
            {"workflow_id": "00000000-0000-4000-8000-000000000000"},
            None,
            "parameters.workflow_id",
            "no workflow",
        ),
        (
            {"workflow_id": "00000000-0000-4000-8000-000000000000", "version": "two"},
            None,
            "parameters.version",
            "integer",
        ),
        ({"workflow_id": "not an id"}, None, "parameters.workflow_id", "does not match"),
        ({}, {"max_concurrency": 0}, "definition.settings.max_concurrency", "whole number"),
        (
            {},
            {"error_workflow": "00000000-0000-4000-8000-000000000000"},
            "settings.error_workflow",
            "no workflow",
        ),
    ],
)
def test_bad_subworkflow_parameters_and_settings_are_refused_on_save(
    api: httpx.Client, user: User, parameters: dict, settings: dict | None, field: str, says: str
):
    nodes: list[dict] = [{"id": "start", "type": "trigger.manual"}]
    if parameters:
        nodes.append({"id": "call", "type": "core.subworkflow", "parameters": parameters})
    definition: dict[str, Any] = {
        "nodes": nodes,
        "edges": [{"from": "start", "to": "call"}] if parameters else [],
    }
    if settings:
        definition["settings"] = settings

    response = api.post(
        "/v1/workflows", json={"name": "broken", "definition": definition}, headers=user.headers
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    [problem] = response.json()["errors"]
    assert problem["field"].endswith(field)
    assert says in problem["message"]


def test_cancelling_a_caller_cancels_the_workflow_it_called(
    api: httpx.Client, user: User, target: RecordingTarget
):
    child = _create(
        api,
        user,
        [_post(target.url), {"id": "pause", "type": "core.wait", "parameters": {"seconds": 60}}],
        [("start", "call"), ("call", "pause")],
    )
    parent = _create(
        api,
        user,
        [{"id": "call", "type": "core.subworkflow", "parameters": {"workflow_id": child["id"]}}],
        [("start", "call")],
    )
    parent_id = _run(api, user, parent)
    # The child's HTTP call carries its execution id in the Idempotency-Key.
    child_id = _until(lambda: next(iter(target.keys), None), timeout=20, what="the child's HTTP call")
    _until(lambda: _get(api, user, child_id)["status"] == "waiting", timeout=20, what="the child waiting")

    cancelled = api.post(f"/v1/executions/{parent_id}/cancel", headers=user.headers)

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    child_run = _get(api, user, child_id)
    assert child_run["status"] == "cancelled"
    assert child_run["parent_execution_id"] == parent_id
    assert parent_id in child_run["error"]


def test_a_final_failure_starts_the_error_workflow_exactly_once_per_failed_execution(
    api: httpx.Client, user: User, target: RecordingTarget
):
    on_error = _create(
        api,
        user,
        [
            _post(
                target.url,
                {
                    "failed_execution": "{{ input.execution_id }}",
                    "workflow": "{{ input.workflow_id }}",
                    "node": "{{ input.failed_node }}",
                    "error": "{{ input.error }}",
                },
            )
        ],
        [("start", "call")],
    )
    flaky = _create(
        api,
        user,
        [
            {"id": "check", "type": "core.if", "parameters": {"condition": "{{ input.fail }}"}},
            {"id": "reject", "type": "core.fail", "parameters": {"message": "rejected {{ input.n }}"}},
            {"id": "fine", "type": "core.noop"},
        ],
        [("start", "check"), ("check", "reject", "true"), ("check", "fine", "false")],
        settings={"error_workflow": on_error["id"]},
    )

    failing = [_run(api, user, flaky, {"fail": True, "n": n}) for n in range(3)]
    passing = [_run(api, user, flaky, {"fail": False, "n": n}) for n in range(2)]
    for execution_id in failing + passing:
        wait_for_execution(api, user, execution_id, timeout=30)

    def finished_error_runs() -> list[dict] | None:
        listed = api.get(
            "/v1/executions", params={"workflow_id": on_error["id"], "limit": 50}, headers=user.headers
        )
        assert listed.status_code == 200, listed.text
        runs: list[dict] = listed.json()["items"]
        covered = {run["error_of"] for run in runs} == set(failing)
        return runs if covered and all(run["status"] in ("succeeded", "failed") for run in runs) else None

    # Every failure's error run has finished: its call was made, and a run that has finished makes
    # no more. (A second error run of the same failure cannot start later: its id is derived from
    # the failed execution's, so a repeated start request finds it.)
    runs = _until(finished_error_runs, timeout=30, what="every error workflow's run, finished")
    assert len(runs) == len(failing), "one error execution per failure"
    assert all(run["status"] == "succeeded" for run in runs), runs

    calls = [(key.split(":")[0], body) for key, body in target.bodies]
    assert sorted(body["failed_execution"] for _run_id, body in calls) == sorted(failing)
    assert len({run_id for run_id, _body in calls}) == len(failing), "one error execution per failure"
    for run_id, body in calls:
        assert body["workflow"] == flaky["id"]
        assert body["node"] == "reject"
        assert body["error"].startswith("node 'reject': rejected ")
        error_run = _get(api, user, run_id)
        assert error_run["workflow_id"] == on_error["id"]
        assert error_run["error_of"] == body["failed_execution"]
        assert error_run["status"] == "succeeded"


def test_the_documented_subworkflow_example_answers_as_docs_workflows_md_says(api: httpx.Client, user: User):
    priced = create_workflow(
        api,
        user,
        {
            "name": "price an order",
            "definition": {
                "nodes": [
                    {"id": "start", "type": "trigger.manual"},
                    {"id": "empty", "type": "core.if", "parameters": {"condition": "{{ input.qty == 0 }}"}},
                    {
                        "id": "reject",
                        "type": "core.fail",
                        "parameters": {"message": "order {{ input.order }} is empty"},
                    },
                    {
                        "id": "total",
                        "type": "core.set",
                        "parameters": {
                            "values": {"total": "{{ input.qty * input.unit_price }}"},
                            "keep_input": False,
                        },
                    },
                ],
                "edges": [
                    {"from": "start", "to": "empty"},
                    {"from": "empty", "output": "true", "to": "reject"},
                    {"from": "empty", "output": "false", "to": "total"},
                ],
                "output": "total",
            },
        },
    )
    caller = create_workflow(
        api,
        user,
        {
            "name": "take an order",
            "definition": {
                "nodes": [
                    {
                        "id": "start",
                        "type": "trigger.webhook",
                        "parameters": {"method": "POST", "response_mode": "wait"},
                    },
                    {
                        "id": "price",
                        "type": "core.subworkflow",
                        "parameters": {
                            "workflow_id": priced["id"],
                            "version": 1,
                            "input": {"order": "{{ input.id }}", "qty": "{{ input.qty }}", "unit_price": 2.5},
                        },
                    },
                    {
                        "id": "confirm",
                        "type": "core.set",
                        "parameters": {
                            "values": {"order": "{{ input.id }}", "total": "{{ steps.price.output.total }}"},
                            "keep_input": False,
                        },
                    },
                    {
                        "id": "refuse",
                        "type": "core.set",
                        "parameters": {
                            "values": {"refused": "{{ steps.price.output.error }}"},
                            "keep_input": False,
                        },
                    },
                ],
                "edges": [
                    {"from": "start", "to": "price"},
                    {"from": "price", "to": "confirm"},
                    {"from": "price", "output": "error", "to": "refuse"},
                ],
            },
        },
    )
    active = api.post(f"/v1/workflows/{caller['id']}/activate", headers=user.headers)
    assert active.status_code == 200, active.text
    hook = "/v1/hooks/" + active.json()["webhook_url"].rsplit("/", 1)[1]

    confirmed = api.post(hook, json={"id": 17, "qty": 4})
    refused = api.post(hook, json={"id": 17, "qty": 0})

    assert (confirmed.status_code, confirmed.json()) == (200, {"order": 17, "total": 10})
    assert refused.status_code == 200, refused.text
    assert refused.json()["refused"].startswith("node 'price': the called workflow's execution ")
    assert refused.json()["refused"].endswith(" failed: node 'reject': order 17 is empty")
