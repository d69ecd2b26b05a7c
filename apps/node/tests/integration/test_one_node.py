"""The four gRPC services hosted in one process (`python -m jobsprint.node`, ADR-106), against
the integration instance's Postgres, Redis and RabbitMQ: each serves on its own port with its
own health, each metrics port answers, a call from one to another is made in-process (ADR-107),
and SIGTERM stops them all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from unittest import mock

import devctl  # tools/, on the path from the root conftest
import grpc
import orjson
import pytest
from jobsprint.api.workflows.v1 import workflows_pb2, workflows_pb2_grpc
from jobsprint.common.grpc_errors import describe
from jobsprint.common.identity import auth_metadata

pytestmark = pytest.mark.integration

SERVICES = ("auth", "integrations", "executor", "workflows")


def _free_ports(count: int) -> list[int]:
    """`count` different ports free now (each held until all are picked)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


@pytest.fixture
def node_env(it_env):
    env = {**os.environ, **it_env}
    free = iter(_free_ports(2 * len(SERVICES)))
    ports = {}
    for service in SERVICES:
        prefix = service.upper()
        ports[service] = (next(free), next(free))
        env[f"{prefix}_GRPC_PORT"], env[f"{prefix}_METRICS_PORT"] = map(str, ports[service])
    for caller in ("WORKFLOWS", "EXECUTOR"):
        for callee in ("EXECUTOR", "INTEGRATIONS", "WORKFLOWS"):
            if caller != callee:
                env[f"{caller}_{callee}_TARGET"] = f"127.0.0.1:{ports[callee.lower()][0]}"
    return env, ports


def test_one_process_serves_the_four_services_each_on_its_port_and_stops_on_sigterm(node_env):
    env, ports = node_env
    process = subprocess.Popen([sys.executable, "-m", "jobsprint.node"], env=env)
    try:
        deadline = time.monotonic() + 60
        pending = set(SERVICES)
        while pending and time.monotonic() < deadline:
            assert process.poll() is None, "the node exited while starting"
            pending = {service for service in pending if not devctl.grpc_serving(ports[service][0])}
            time.sleep(0.2)
        assert not pending, f"not serving after 60 s: {sorted(pending)}"
        described = {}
        for service in SERVICES:
            with urllib.request.urlopen(f"http://127.0.0.1:{ports[service][1]}/metrics", timeout=5) as answer:
                metrics = answer.read().decode()
            described[service] = {
                line.split()[2] for line in metrics.splitlines() if line.startswith("# HELP")
            }
        # One registry: every port describes the same metrics, the executor's and integrations' among them.
        assert all(names == described["auth"] for names in described.values())
        assert {"jobsprint_leases_lapsed_total", "jobsprint_integration_action_seconds"} <= described["auth"]
        # Checking a definition, the workflows service asks the executor for its node catalogue:
        # in-process, and the executor's interceptor still refuses what it must refuse.
        _check_a_definition(env, ports["workflows"][0])
        with urllib.request.urlopen(f"http://127.0.0.1:{ports['auth'][1]}/metrics", timeout=5) as answer:
            metrics = answer.read().decode()
        assert (
            'jobsprint_grpc_client_inprocess_total{method="/jobsprint.api.executor.v1.ExecutorService/'
            'ListNodeTypes"} 1.0'
        ) in metrics
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert time.monotonic() - started < 30
        assert not any(devctl.grpc_serving(ports[service][0]) for service in SERVICES)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _check_a_definition(env: dict[str, str], port: int) -> None:
    from jobsprint.workflows.config import Settings

    with mock.patch.dict(os.environ, env):
        ring = Settings().key_ring()
    token, _ = ring.issue(
        subject=str(uuid.uuid4()), workspace_id=str(uuid.uuid4()), roles=["editor"], ttl_seconds=60
    )
    definition = {
        "nodes": [{"id": "start", "type": "trigger.manual"}, {"id": "x", "type": "core.teleport"}],
        "edges": [{"from": "start", "to": "x"}],
    }
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = workflows_pb2_grpc.WorkflowsServiceStub(channel)
        with pytest.raises(grpc.RpcError) as refused:
            stub.CheckWorkflow(
                workflows_pb2.CheckWorkflowRequest(name="n", definition=orjson.dumps(definition)),
                metadata=auth_metadata(ring.verify(token)),
                timeout=10,
            )
    # Refused by the catalogue the executor gave: it has no node type core.teleport.
    failure = describe(refused.value.trailing_metadata(), refused.value.code(), refused.value.details())
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT, refused.value.details()
    assert [field for field, _ in failure.violations] == ["definition.nodes[1].type"]


def test_an_unknown_service_is_refused_with_the_ones_it_can_host():
    answer = subprocess.run(
        [sys.executable, "-m", "jobsprint.node", "--services", "auth,billing"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert answer.returncode == 2
    assert "unknown services billing; choose from auth, integrations, executor, workflows" in answer.stderr
