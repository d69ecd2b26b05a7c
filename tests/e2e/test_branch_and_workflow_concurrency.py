"""Concurrency over HTTP against the whole suite with its worker processes: independent branches
of one execution overlap, and a workflow's `max_concurrency` keeps its executions beyond the limit
queued until others finish."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from jobsprint.common.testing import RecordingTarget, recording_server

from .conftest import User, create_workflow, wait_for_execution

pytestmark = pytest.mark.e2e

SLOW_SECONDS = 0.5


@pytest.fixture
def slow_target() -> Iterator[RecordingTarget]:
    with recording_server() as served:
        served.delay_seconds = SLOW_SECONDS
        yield served


def _post(node_id: str, url: str) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": "core.http_request",
        "parameters": {"method": "POST", "url": url, "body": {}},
    }


def _run(api: httpx.Client, user: User, workflow: dict, run_input: dict | None = None) -> str:
    response = api.post(
        f"/v1/workflows/{workflow['id']}/run", json={"input": run_input or {}}, headers=user.headers
    )
    assert response.status_code == 202, response.text
    return response.json()["execution_id"]  # type: ignore[no-any-return]


def _seconds(execution_or_step: dict) -> float:
    return (
        datetime.fromisoformat(execution_or_step["finished_at"])
        - datetime.fromisoformat(execution_or_step["started_at"])
    ).total_seconds()


def test_two_branches_calling_a_slow_server_overlap_and_finish_in_less_than_the_sum(
    api: httpx.Client, user: User, slow_target: RecordingTarget
):
    workflow = create_workflow(
        api,
        user,
        {
            "name": "fan out",
            "definition": {
                "nodes": [
                    {"id": "start", "type": "trigger.manual"},
                    _post("left", slow_target.url),
                    _post("right", slow_target.url),
                    {"id": "join", "type": "core.merge"},
                ],
                "edges": [
                    {"from": "start", "to": "left"},
                    {"from": "start", "to": "right"},
                    {"from": "left", "to": "join"},
                    {"from": "right", "to": "join"},
                ],
            },
        },
    )

    execution = wait_for_execution(api, user, _run(api, user, workflow), timeout=30)

    assert execution["status"] == "succeeded", execution["error"]
    assert set(execution["output"]) == {"left", "right"}
    assert slow_target.max_in_flight == 2, "both calls were being answered at the same time"
    steps = {s["node_id"]: s for s in execution["steps"]}
    left, right = steps["left"], steps["right"]
    assert left["started_at"] < right["finished_at"] and right["started_at"] < left["finished_at"]
    took = _seconds(execution)
    print(
        f"\ntwo {SLOW_SECONDS}s branches: execution took {took:.3f}s (one after the other: >= {2 * SLOW_SECONDS}s)"
    )
    assert took < 2 * SLOW_SECONDS


def test_with_max_concurrency_one_no_two_executions_run_at_once_and_all_succeed(
    api: httpx.Client, user: User, slow_target: RecordingTarget
):
    workflow = create_workflow(
        api,
        user,
        {
            "name": "one at a time",
            "definition": {
                "nodes": [{"id": "start", "type": "trigger.manual"}, _post("call", slow_target.url)],
                "edges": [{"from": "start", "to": "call"}],
                "settings": {"max_concurrency": 1},
            },
        },
    )
    ids = [_run(api, user, workflow, {"n": n}) for n in range(4)]

    # Polling statuses one GET at a time cannot show two running at once (a read of one can be
    # stale by the time the next is read); the server's own records can: the target never saw two
    # calls in flight, and each execution started only after the one before it finished.
    executions = [wait_for_execution(api, user, i, timeout=60) for i in ids]

    assert [e["status"] for e in executions] == ["succeeded"] * 4
    assert slow_target.max_in_flight == 1
    spans = sorted(
        (datetime.fromisoformat(e["started_at"]), datetime.fromisoformat(e["finished_at"]))
        for e in executions
    )
    for (_, earlier_end), (later_start, _) in itertools.pairwise(spans):
        assert earlier_end <= later_start, "an execution started before the one holding the slot finished"
