"""A worker killed mid-run loses nothing: its unacked messages come back and the next worker
resumes each execution after its last checkpoint."""

from __future__ import annotations

import itertools
import os
import signal
import time

import devctl
import httpx
import pytest
from jobsprint.common.testing import RecordingTarget, recording_server

from .conftest import User, create_workflow, wait_for_execution

pytestmark = pytest.mark.e2e

CHAIN_LENGTH = 40
RUNS = 8


def _long_chain(slow_url: str) -> dict:
    """CHAIN_LENGTH sets with a slow HTTP call halfway, so that every run stays `running` a while."""
    ids = [f"s{n}" for n in range(CHAIN_LENGTH)]
    ids.insert(CHAIN_LENGTH // 2, "call")
    nodes: list[dict] = [{"id": "start", "type": "trigger.manual"}]
    for node_id in ids:
        if node_id == "call":
            nodes.append(
                {"id": "call", "type": "core.http_request", "parameters": {"url": slow_url, "method": "POST"}}
            )
        else:
            n = int(node_id[1:])
            nodes.append(
                {
                    "id": node_id,
                    "type": "core.set",
                    "parameters": {"values": {f"v{n}": f"{{{{ input.seed + {n} }}}}"}},
                }
            )
    edges = [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(nodes)]
    return {"name": "long chain", "definition": {"nodes": nodes, "edges": edges}}


def _worker_pid(suite: devctl.Instance, name: str) -> int:
    return int(devctl.supervisorctl(suite, "pid", f"worker:{name}").stdout.strip())


def test_killing_a_worker_mid_run_loses_no_execution(api: httpx.Client, user: User, suite: devctl.Instance):
    with recording_server() as target:
        target.delay_seconds = 0.3
        _kill_a_worker_mid_run(api, user, suite, target)


def _kill_a_worker_mid_run(
    api: httpx.Client, user: User, suite: devctl.Instance, target: RecordingTarget
) -> None:
    workflow = create_workflow(api, user, _long_chain(target.url))
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
        assert len(execution["steps"]) == CHAIN_LENGTH + 2
        keys = target.keys[execution_id]
        assert keys and set(keys) == {f"{execution_id}:call:1"}, "a repeated call repeats its key"
        assert execution["output"][f"v{CHAIN_LENGTH - 1}"] == execution["input"]["seed"] + CHAIN_LENGTH - 1

    killed_mid_run = wait_for_execution(api, user, caught_running)
    assert killed_mid_run["status"] == "succeeded"
    assert _worker_pid(suite, "worker-0") != victim, "supervisord restarted the killed worker"
