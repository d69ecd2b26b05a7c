"""Waits that hold no worker, cancel, retry from the failed step, and dead letters, over HTTP
against the whole suite with its worker processes."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import devctl
import httpx
import pytest
from jobsprint.common.testing import RecordingTarget, recording_server

from .conftest import User, create_workflow, wait_for_execution

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def target() -> Iterator[RecordingTarget]:
    with recording_server() as served:
        yield served


def _workflow(nodes: list[dict], name: str = "engine") -> dict:
    chain = [{"id": "start", "type": "trigger.manual"}, *nodes]
    edges = [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(chain)]
    return {"name": name, "definition": {"nodes": chain, "edges": edges}}


def _run(api: httpx.Client, user: User, workflow: dict, run_input: dict | None = None) -> str:
    response = api.post(
        f"/v1/workflows/{workflow['id']}/run", json={"input": run_input or {}}, headers=user.headers
    )
    assert response.status_code == 202, response.text
    return response.json()["execution_id"]  # type: ignore[no-any-return]


def _status_becomes(
    api: httpx.Client, user: User, execution_id: str, wanted: str, timeout: float = 10
) -> None:
    deadline = time.monotonic() + timeout
    while api.get(f"/v1/executions/{execution_id}", headers=user.headers).json()["status"] != wanted:
        assert time.monotonic() < deadline, f"execution never became {wanted}"
        time.sleep(0.05)


def test_a_wait_of_a_few_seconds_holds_no_worker_and_survives_a_worker_restart(
    api: httpx.Client, user: User, suite: devctl.Instance
):
    workflow = create_workflow(
        api,
        user,
        _workflow(
            [
                {"id": "pause", "type": "core.wait", "parameters": {"seconds": 3}},
                {"id": "after", "type": "core.set", "parameters": {"values": {"woke": True}}},
            ]
        ),
    )
    execution_id = _run(api, user, workflow)
    _status_becomes(api, user, execution_id, "waiting")
    # While it waits, a quick run still goes through: the wait occupies no worker.
    quick = _run(api, user, create_workflow(api, user), {"qty": 2, "unit_price": 1})
    assert wait_for_execution(api, user, quick, timeout=5)["status"] == "succeeded"
    devctl.supervisorctl(suite, "restart", "worker:*", check=True)
    # The restarted workers are consuming once a new quick run goes through (a busy machine can
    # take seconds to start them); the woken run must not be later than that by much.
    again = _run(api, user, create_workflow(api, user), {"qty": 1, "unit_price": 1})
    consuming = wait_for_execution(api, user, again, timeout=60)
    assert consuming["status"] == "succeeded"

    execution = wait_for_execution(api, user, execution_id, timeout=60)
    assert execution["status"] == "succeeded", execution["error"]
    assert execution["output"] == {"woke": True}
    pause = {s["node_id"]: s for s in execution["steps"]}["pause"]
    started = datetime.fromisoformat(execution["started_at"])
    finished = datetime.fromisoformat(execution["finished_at"])
    assert pause["status"] == "succeeded"
    # Never early; and once due and with workers back, woken at once (not parked in a later
    # delay bucket): no later than the due time or the workers' return, plus a few seconds.
    assert (finished - started).total_seconds() >= 3.0
    due = max(started + timedelta(seconds=3), datetime.fromisoformat(consuming["finished_at"]))
    assert (finished - due).total_seconds() < 5.0


def test_a_waiting_execution_can_be_cancelled_and_stays_cancelled(api: httpx.Client, user: User):
    workflow = create_workflow(
        api, user, _workflow([{"id": "pause", "type": "core.wait", "parameters": {"seconds": 1}}])
    )
    execution_id = _run(api, user, workflow)
    _status_becomes(api, user, execution_id, "waiting")

    cancelled = api.post(f"/v1/executions/{execution_id}/cancel", headers=user.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    history = api.get(f"/v1/executions/{execution_id}/events", headers=user.headers).text
    # The cancelled run's wake-up is still on its way: a second run of the same wait, started now,
    # is queued behind it in the same delay queues (ADR-030), so once that one has woken and
    # finished, the cancelled run's wake-up has come back and been handled too.
    behind = wait_for_execution(api, user, _run(api, user, workflow), timeout=20)
    assert behind["status"] == "succeeded", behind["error"]
    assert api.get(f"/v1/executions/{execution_id}", headers=user.headers).json()["status"] == "cancelled"
    assert api.get(f"/v1/executions/{execution_id}/events", headers=user.headers).text == history
    again = api.post(f"/v1/executions/{execution_id}/cancel", headers=user.headers)
    assert again.status_code == 409
    assert "already cancelled" in again.json()["detail"]


def test_a_failed_execution_retried_from_the_failed_step_reuses_the_earlier_outputs(
    api: httpx.Client, user: User, target: RecordingTarget
):
    workflow = create_workflow(
        api,
        user,
        _workflow(
            [
                {"id": "prep", "type": "core.set", "parameters": {"values": {"at": "{{ execution.id }}"}}},
                {
                    "id": "call",
                    "type": "core.http_request",
                    "parameters": {"url": target.url, "method": "POST"},
                },
            ]
        ),
    )
    target.healthy = False
    try:
        failed = wait_for_execution(api, user, _run(api, user, workflow))
    finally:
        target.healthy = True
    assert failed["status"] == "failed"
    assert "answered 503" in failed["error"]

    retry = api.post(f"/v1/executions/{failed['id']}/retry", json={"from": "failed"}, headers=user.headers)
    assert retry.status_code == 202, retry.text
    retried = wait_for_execution(api, user, retry.json()["id"])
    assert retried["status"] == "succeeded"
    steps = {s["node_id"]: s for s in retried["steps"]}
    assert steps["prep"]["output"]["at"] == failed["id"], "prep was reused, not run again"
    assert steps["call"]["output"]["body"]["key"] == f"{retried['id']}:call:1"

    from_start = api.post(
        f"/v1/executions/{failed['id']}/retry", json={"from": "start"}, headers=user.headers
    )
    rerun = wait_for_execution(api, user, from_start.json()["id"])
    assert {s["node_id"]: s for s in rerun["steps"]}["prep"]["output"]["at"] == rerun["id"]


def test_an_execution_that_exhausts_its_retries_is_listed_as_a_dead_letter_and_replays(
    api: httpx.Client, user: User, target: RecordingTarget
):
    retry = {"max_attempts": 3, "backoff_seconds": 0.1}
    workflow = create_workflow(
        api,
        user,
        _workflow(
            [
                {
                    "id": "call",
                    "type": "core.http_request",
                    "parameters": {"url": target.url, "method": "POST"},
                    "retry": retry,
                }
            ]
        ),
    )
    target.healthy = False
    try:
        execution = wait_for_execution(api, user, _run(api, user, workflow))
    finally:
        target.healthy = True
    assert execution["status"] == "failed"
    assert {s["node_id"]: s for s in execution["steps"]}["call"]["attempts"] == 3
    assert target.keys[execution["id"]] == [f"{execution['id']}:call:{n}" for n in (1, 2, 3)]

    listed = api.get("/v1/dead-letters", headers=user.headers)
    assert listed.status_code == 200
    assert listed.json()["next_cursor"] is None  # one page holds them all
    refused = api.get("/v1/dead-letters", params={"cursor": "nonsense"}, headers=user.headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "cursor"
    letter = next(d for d in listed.json()["items"] if d["execution_id"] == execution["id"])
    assert letter["reason"] == "retries_exhausted"

    replay = api.post(f"/v1/dead-letters/{letter['id']}/replay", headers=user.headers)
    assert replay.status_code == 202, replay.text
    replayed = wait_for_execution(api, user, replay.json()["execution_id"])
    assert replayed["status"] == "succeeded"
    assert api.post(f"/v1/dead-letters/{letter['id']}/replay", headers=user.headers).status_code == 409
