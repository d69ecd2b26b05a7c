"""A worker killed mid-run loses nothing: its unacked messages come back and the next worker
resumes each execution after its last checkpoint."""

from __future__ import annotations

import os
import signal
import time

import devctl
import httpx
import pytest

from .conftest import User, create_workflow, wait_for_execution

pytestmark = pytest.mark.e2e

CHAIN_LENGTH = 40
RUNS = 8


def _long_chain() -> dict:
    nodes = [{"id": "start", "type": "trigger.manual"}]
    edges = []
    for n in range(CHAIN_LENGTH):
        nodes.append(
            {
                "id": f"s{n}",
                "type": "core.set",
                "parameters": {"values": {f"v{n}": f"{{{{ input.seed + {n} }}}}"}},
            }
        )
        edges.append({"from": nodes[-2]["id"], "to": f"s{n}"})
    return {"name": "long chain", "definition": {"nodes": nodes, "edges": edges}}


def _worker_pid(suite: devctl.Instance, name: str) -> int:
    return int(devctl.supervisorctl(suite, "pid", f"worker:{name}").stdout.strip())


def test_killing_a_worker_mid_run_loses_no_execution(api: httpx.Client, user: User, suite: devctl.Instance):
    workflow = create_workflow(api, user, _long_chain())
    devctl.supervisorctl(suite, "stop", "worker:*", check=True)
    try:
        execution_ids = []
        for seed in range(RUNS):
            run = api.post(
                f"/v1/workflows/{workflow['id']}/run", json={"input": {"seed": seed}}, headers=user.headers
            )
            assert run.status_code == 202
            execution_ids.append(run.json()["execution_id"])
        time.sleep(0.5)
        statuses = {
            api.get(f"/v1/executions/{i}", headers=user.headers).json()["status"] for i in execution_ids
        }
        assert statuses == {"queued"}, "with no worker running, every execution waits in the queue"

        devctl.supervisorctl(suite, "start", "worker:worker-0", check=True)
        victim = _worker_pid(suite, "worker-0")
        caught_running = None
        deadline = time.monotonic() + 20
        while caught_running is None and time.monotonic() < deadline:
            for execution_id in execution_ids:
                if (
                    api.get(f"/v1/executions/{execution_id}", headers=user.headers).json()["status"]
                    == "running"
                ):
                    caught_running = execution_id
                    break
        assert caught_running is not None, "the worker never started an execution"
        os.kill(victim, signal.SIGKILL)
    finally:
        devctl.supervisorctl(suite, "start", "worker:*")

    for execution_id in execution_ids:
        execution = wait_for_execution(api, user, execution_id, timeout=60)
        assert execution["status"] == "succeeded", execution["error"]
        assert len(execution["steps"]) == CHAIN_LENGTH + 1
        assert execution["output"][f"v{CHAIN_LENGTH - 1}"] == execution["input"]["seed"] + CHAIN_LENGTH - 1

    killed_mid_run = wait_for_execution(api, user, caught_running)
    assert killed_mid_run["status"] == "succeeded"
    assert _worker_pid(suite, "worker-0") != victim, "supervisord restarted the killed worker"
