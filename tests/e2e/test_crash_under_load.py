"""The issue's crash test: workers SIGKILLed at random moments while 500 executions of a 6-step
workflow with a side-effecting HTTP step run. Every execution must finish `succeeded`, once, and
every attempt of the side effect must have carried the same idempotency key."""

from __future__ import annotations

import os
import random
import signal
import threading
import time

import devctl
import httpx
import pytest
from jobsprint.common.testing import recording_server

from .conftest import User, create_workflow, wait_for_execution

pytestmark = pytest.mark.e2e

RUNS = 500


def _six_steps(url: str) -> dict:
    nodes = [
        {"id": "start", "type": "trigger.manual"},
        {"id": "prep", "type": "core.set", "parameters": {"values": {"double": "{{ input.seed * 2 }}"}}},
        {"id": "call", "type": "core.http_request", "parameters": {"url": url, "method": "POST"}},
        {
            "id": "route",
            "type": "core.if",
            "parameters": {"condition": "{{ steps.call.output.status == 200 }}"},
        },
        {
            "id": "tag",
            "type": "core.set",
            "parameters": {"values": {"seed": "{{ input.seed }}"}, "keep_input": False},
        },
        {
            "id": "finish",
            "type": "core.set",
            "parameters": {"values": {"double": "{{ steps.prep.output.double }}"}, "keep_input": True},
        },
    ]
    edges = [
        {"from": "start", "to": "prep"},
        {"from": "prep", "to": "call"},
        {"from": "call", "to": "route"},
        {"from": "route", "to": "tag", "output": "true"},
        {"from": "tag", "to": "finish"},
    ]
    return {"name": "crash under load", "definition": {"nodes": nodes, "edges": edges}}


def _kill_workers_at_random(suite: devctl.Instance, stop: threading.Event, kills: list[int]) -> None:
    rng = random.Random()
    while not stop.wait(rng.uniform(0.3, 1.2)):
        name = f"worker-{rng.randrange(suite.workers)}"
        pid = devctl.supervisorctl(suite, "pid", f"worker:{name}").stdout.strip()
        if pid.isdigit() and int(pid) > 0:
            try:
                os.kill(int(pid), signal.SIGKILL)
                kills.append(int(pid))
            except ProcessLookupError:
                pass


def test_randomly_killed_workers_lose_no_execution_and_repeat_no_side_effect_key(
    api: httpx.Client, user: User, suite: devctl.Instance
):
    with recording_server() as target:
        workflow = create_workflow(api, user, _six_steps(target.url))
        stop, kills = threading.Event(), list[int]()
        killer = threading.Thread(target=_kill_workers_at_random, args=(suite, stop, kills), daemon=True)
        killer.start()
        try:
            execution_ids = []
            for seed in range(RUNS):
                response = api.post(
                    f"/v1/workflows/{workflow['id']}/run",
                    json={"input": {"seed": seed}},
                    headers=user.headers,
                )
                assert response.status_code == 202, response.text
                execution_ids.append(response.json()["execution_id"])
            time.sleep(3)
        finally:
            stop.set()
            killer.join()
            devctl.supervisorctl(suite, "start", "worker:*")

        assert len(set(execution_ids)) == RUNS
        assert len(kills) >= 3, "the test must actually kill workers"
        for seed, execution_id in enumerate(execution_ids):
            execution = wait_for_execution(api, user, execution_id, timeout=120)
            assert execution["status"] == "succeeded", execution["error"]
            assert [s["node_id"] for s in execution["steps"]] == [
                "start",
                "prep",
                "call",
                "route",
                "tag",
                "finish",
            ]
            assert all(s["status"] == "succeeded" for s in execution["steps"])
            assert execution["output"] == {"seed": seed, "double": seed * 2}
            keys = target.keys[execution_id]
            assert keys, f"the side effect of {execution_id} never ran"
            assert set(keys) == {f"{execution_id}:call:1"}, keys
