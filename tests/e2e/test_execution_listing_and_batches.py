"""Listing executions (filters, cursor pages, isolation), batch reads by id, and Idempotency-Key on
creating POSTs, over HTTP against the whole suite."""

from __future__ import annotations

import concurrent.futures
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from .conftest import PRICE_WORKFLOW, User, create_workflow, register_and_login, wait_for_execution

pytestmark = pytest.mark.e2e

FAILING = {
    "name": "always fails",
    "definition": {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {"id": "boom", "type": "core.fail", "parameters": {"message": "no"}},
        ],
        "edges": [{"from": "start", "to": "boom"}],
    },
}


def _run(api: httpx.Client, user: User, workflow_id: str, **headers: str) -> httpx.Response:
    return api.post(
        f"/v1/workflows/{workflow_id}/run",
        json={"input": {"qty": 1, "unit_price": 2}},
        headers={**user.headers, **headers},
    )


def _finished_run(api: httpx.Client, user: User, workflow_id: str) -> dict[str, Any]:
    response = _run(api, user, workflow_id)
    assert response.status_code == 202, response.text
    return wait_for_execution(api, user, response.json()["execution_id"])


def _all_pages(api: httpx.Client, user: User, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        response = api.get(
            "/v1/executions",
            params={**params, **({"cursor": cursor} if cursor else {})},
            headers=user.headers,
        )
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            assert "link" not in response.headers
            return items
        assert response.headers["link"].endswith('rel="next"') and cursor in response.headers["link"]


@pytest.fixture(scope="module")
def history(api: httpx.Client) -> dict[str, Any]:
    """A workspace with three finished runs of one workflow and one failed run of another."""
    user = register_and_login(api)
    prices = create_workflow(api, user)
    failing = create_workflow(api, user, FAILING)
    runs = [_finished_run(api, user, prices["id"]) for _ in range(3)]
    failed = _finished_run(api, user, failing["id"])
    assert failed["status"] == "failed" and all(run["status"] == "succeeded" for run in runs)
    return {"user": user, "prices": prices, "failing": failing, "runs": runs, "failed": failed}


def test_cursor_pages_list_each_execution_once_newest_first(api: httpx.Client, history: dict[str, Any]):
    items = _all_pages(api, history["user"], limit=1)
    expected = [history["failed"]["id"], *(run["id"] for run in reversed(history["runs"]))]
    assert [item["id"] for item in items] == expected
    assert set(items[0]) >= {"id", "workflow_id", "workflow_version", "status", "created_at", "finished_at"}
    assert "steps" not in items[0] and "output" not in items[0]
    oldest_first = _all_pages(api, history["user"], limit=2, order_by="created_at")
    assert [item["id"] for item in oldest_first] == expected[::-1]


def test_filters_narrow_the_list_by_workflow_status_and_time(api: httpx.Client, history: dict[str, Any]):
    user = history["user"]
    by_workflow = _all_pages(api, user, workflow_id=history["prices"]["id"])
    assert {item["id"] for item in by_workflow} == {run["id"] for run in history["runs"]}
    failed = _all_pages(api, user, status="failed")
    assert [(item["id"], item["error"] is not None) for item in failed] == [(history["failed"]["id"], True)]
    both = _all_pages(api, user, status=["failed", "succeeded"])
    assert len(both) == 4
    first_finish = datetime.fromisoformat(history["runs"][0]["finished_at"])
    later = _all_pages(api, user, finished_after=(first_finish + timedelta(microseconds=1)).isoformat())
    assert history["runs"][0]["id"] not in {item["id"] for item in later}
    assert len(later) == 3
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert _all_pages(api, user, started_after=future) == []
    by_finish = _all_pages(api, user, order_by="finished_at desc", limit=3)
    finishes = [item["finished_at"] for item in by_finish]
    assert len(by_finish) == 4 and finishes == sorted(finishes, reverse=True)


def test_another_workspace_lists_none_of_these_executions(api: httpx.Client, history: dict[str, Any]):
    stranger = register_and_login(api)
    assert _all_pages(api, stranger) == []
    assert _all_pages(api, stranger, workflow_id=history["prices"]["id"]) == []


def test_bad_list_parameters_are_clear_problems(api: httpx.Client, history: dict[str, Any]):
    user = history["user"]
    first = api.get("/v1/executions", params={"limit": 1}, headers=user.headers).json()
    for params, status, field in (
        ({"cursor": "not-a-cursor"}, 422, "cursor"),
        ({"cursor": first["next_cursor"], "status": "failed"}, 422, "cursor"),
        ({"status": "done"}, 422, "status"),
        ({"limit": 0}, 422, "limit"),
        ({"order_by": "status"}, 422, "order_by"),
        ({"workflow_id": "not-a-uuid"}, 422, "workflow_id"),
        ({"finished_after": "yesterday"}, 422, "finished_after"),
    ):
        response = api.get("/v1/executions", params={"limit": 1, **params}, headers=user.headers)
        assert response.status_code == status, (params, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert field in response.text, (params, response.text)


def test_a_batch_of_executions_answers_mine_in_order_and_others_as_not_found(
    api: httpx.Client, history: dict[str, Any]
):
    user = history["user"]
    stranger = register_and_login(api)
    theirs = _finished_run(api, stranger, create_workflow(api, stranger)["id"])["id"]
    mine = [run["id"] for run in history["runs"]]
    asked = [mine[2], theirs, "garbage", mine[0], mine[2]]
    response = api.post("/v1/executions:batchGet", json={"ids": asked}, headers=user.headers)
    assert response.status_code == 200, response.text
    batch = response.json()
    assert [item["id"] for item in batch["items"]] == [mine[2], mine[0]]
    assert [step["node_id"] for step in batch["items"][0]["steps"]] == ["start", "price"]
    assert batch["items"][0]["output"] == {"qty": 1, "unit_price": 2, "total": 2}
    assert batch["not_found"] == [theirs, "garbage"]
    # The stranger sees exactly the mirror image: nothing leaks either way.
    mirrored = api.post("/v1/executions:batchGet", json={"ids": asked}, headers=stranger.headers).json()
    assert [item["id"] for item in mirrored["items"]] == [theirs]
    too_many = api.post(
        "/v1/executions:batchGet", json={"ids": [str(uuid.uuid4()) for _ in range(101)]}, headers=user.headers
    )
    assert too_many.status_code == 422
    empty = api.post("/v1/executions:batchGet", json={"ids": []}, headers=user.headers)
    assert empty.status_code == 422


def test_a_batch_of_workflows_answers_mine_and_hides_others(api: httpx.Client, history: dict[str, Any]):
    user = history["user"]
    stranger = register_and_login(api)
    theirs = create_workflow(api, stranger)["id"]
    asked = [history["failing"]["id"], theirs, history["prices"]["id"]]
    response = api.post("/v1/workflows:batchGet", json={"ids": asked}, headers=user.headers)
    assert response.status_code == 200, response.text
    batch = response.json()
    assert [item["id"] for item in batch["items"]] == [history["failing"]["id"], history["prices"]["id"]]
    assert batch["items"][1]["definition"] == PRICE_WORKFLOW["definition"]
    assert batch["not_found"] == [theirs]


def test_a_retried_create_with_the_same_key_returns_the_first_response(api: httpx.Client, user: User):
    key = str(uuid.uuid4())
    body = {**PRICE_WORKFLOW, "name": f"idempotent {key[:8]}"}
    first = api.post("/v1/workflows", json=body, headers={**user.headers, "Idempotency-Key": key})
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    # The same object with its keys in another order is the same request.
    reordered = dict(reversed(list(body.items())))
    again = api.post("/v1/workflows", json=reordered, headers={**user.headers, "Idempotency-Key": key})
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["etag"] == first.headers["etag"]
    found = api.get("/v1/workflows", params={"q": body["name"]}, headers=user.headers).json()["items"]
    assert [w["id"] for w in found] == [first.json()["id"]]

    changed = api.post(
        "/v1/workflows",
        json={**body, "name": "something else"},
        headers={**user.headers, "Idempotency-Key": key},
    )
    assert changed.status_code == 422, changed.text
    assert changed.headers["content-type"] == "application/problem+json"
    assert "different request" in changed.json()["detail"]
    # A key is the caller's own: another user's identical key is another operation.
    other = register_and_login(api)
    theirs = api.post("/v1/workflows", json=body, headers={**other.headers, "Idempotency-Key": key})
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
    assert "idempotent-replayed" not in theirs.headers


def test_a_duplicate_run_while_the_first_is_in_flight_is_409_then_replays_it(api: httpx.Client, user: User):
    slow = create_workflow(
        api,
        user,
        {
            "name": "slow",
            "definition": {
                "nodes": [
                    {"id": "start", "type": "trigger.manual"},
                    {"id": "pause", "type": "core.wait", "parameters": {"seconds": 4}},
                ],
                "edges": [{"from": "start", "to": "pause"}],
            },
        },
    )
    key = str(uuid.uuid4())
    url = f"/v1/workflows/{slow['id']}/run?wait=true"
    headers = {**user.headers, "Idempotency-Key": key}
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(api.post, url, json={"input": {}}, headers=headers)
        # Once its execution exists the first request holds the key, and waits about 4 s more.
        deadline = time.monotonic() + 30
        while not api.get("/v1/executions", params={"workflow_id": slow["id"]}, headers=user.headers).json()[
            "items"
        ]:
            assert time.monotonic() < deadline, "the first run never started"
            time.sleep(0.05)
        duplicate = api.post(url, json={"input": {}}, headers=headers)
        answer = first.result(timeout=60)
    assert answer.status_code == 200, answer.text
    assert duplicate.status_code == 409, duplicate.text
    assert "still being processed" in duplicate.json()["detail"]
    assert duplicate.headers["retry-after"] == "1"
    replayed = api.post(url, json={"input": {}}, headers=headers)
    assert replayed.status_code == 200
    assert replayed.headers["idempotent-replayed"] == "true"
    assert replayed.json()["execution_id"] == answer.json()["execution_id"]
    listed = api.get("/v1/executions", params={"workflow_id": slow["id"]}, headers=user.headers).json()
    assert [item["id"] for item in listed["items"]] == [answer.json()["execution_id"]]


def test_an_unusable_idempotency_key_is_refused_and_errors_are_not_replayed_as_success(
    api: httpx.Client, user: User
):
    response = api.post(
        "/v1/workflows", json=PRICE_WORKFLOW, headers={**user.headers, "Idempotency-Key": "x" * 300}
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    key = str(uuid.uuid4())
    missing = f"/v1/workflows/{uuid.uuid4()}/run"
    first = api.post(missing, json={"input": {}}, headers={**user.headers, "Idempotency-Key": key})
    again = api.post(missing, json={"input": {}}, headers={**user.headers, "Idempotency-Key": key})
    assert first.status_code == again.status_code == 404
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
