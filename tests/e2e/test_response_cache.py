"""Workflow reads through the gateway's response cache (ADR-044): served from it, never to another
workspace, and never stale after a change, on this gateway at once and on a second gateway
replica as soon as the workflows service's event arrives."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator

import devctl
import httpx
import pytest

from .conftest import User, create_workflow, register_and_login

pytestmark = pytest.mark.e2e

# An L1 entry lives 60 s: a second replica that shows a change sooner was told by the event.
EVENT_DEADLINE_SECONDS = 20


def cache_lookups(client: httpx.Client, result: str) -> float:
    text = client.get("/metrics").text
    match = re.search(
        rf'^jobsprint_gateway_cache_lookups_total\{{cache="workflow",result="{result}"\}} (\S+)$', text, re.M
    )
    return float(match.group(1)) if match else 0.0


@pytest.fixture(scope="module")
def second_gateway(suite: devctl.Instance) -> Iterator[httpx.Client]:
    """Another replica of the gateway on the same instance (its own process and in-process cache)."""
    port = suite.gateway_port + 50
    env = {**os.environ, **devctl.environment(suite), "GATEWAY_PORT": str(port)}
    log = open(suite.run_dir / "logs" / "gateway-replica.log", "ab")  # noqa: SIM115
    process = subprocess.Popen([devctl.python(), "-m", "jobsprint.gateway"], env=env, stdout=log, stderr=log)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/readyz").status_code == 200 and client.get("/metrics").text:
                        break
                except httpx.TransportError:
                    pass
                assert process.poll() is None, "the second gateway exited; see gateway-replica.log"
                assert time.monotonic() < deadline, "the second gateway did not become ready"
                time.sleep(0.2)
            yield client
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_a_repeated_read_is_served_from_the_cache(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    url = f"/v1/workflows/{workflow['id']}"
    first = api.get(url, headers=user.headers)
    hits = cache_lookups(api, "l1_hit")
    again = api.get(url, headers=user.headers)
    assert again.json() == first.json() and again.headers["ETag"] == first.headers["ETag"]
    assert cache_lookups(api, "l1_hit") == hits + 1


def test_a_patch_followed_by_a_get_shows_the_new_version(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    url = f"/v1/workflows/{workflow['id']}"
    read = api.get(url, headers=user.headers)
    api.get(url, headers=user.headers)  # now certainly cached
    patched = api.patch(
        url, json={"name": "renamed"}, headers={**user.headers, "If-Match": read.headers["ETag"]}
    )
    assert patched.status_code == 200, patched.text
    after = api.get(url, headers=user.headers)
    assert after.headers["ETag"] == patched.headers["ETag"] != read.headers["ETag"]
    assert after.json()["name"] == "renamed"
    # The old ETag is stale now, and the new one works.
    stale = api.patch(url, json={"name": "lost"}, headers={**user.headers, "If-Match": read.headers["ETag"]})
    assert stale.status_code == 412
    fine = api.patch(url, json={"tags": ["x"]}, headers={**user.headers, "If-Match": after.headers["ETag"]})
    assert fine.status_code == 200, fine.text
    assert api.get(url, headers=user.headers).json()["tags"] == ["x"]


def test_activation_and_deletion_are_seen_at_once(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    url = f"/v1/workflows/{workflow['id']}"
    assert api.get(url, headers=user.headers).json()["active"] is False
    assert api.post(f"{url}/activate", headers=user.headers).status_code == 200
    assert api.get(url, headers=user.headers).json()["active"] is True
    assert api.delete(url, headers=user.headers).status_code == 204
    assert api.get(url, headers=user.headers).status_code == 404


def test_a_cached_workflow_is_not_served_to_another_workspace(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    url = f"/v1/workflows/{workflow['id']}"
    for _ in range(2):
        assert api.get(url, headers=user.headers).status_code == 200
    stranger = register_and_login(api)
    refused = api.get(url, headers=stranger.headers)
    assert refused.status_code == 404
    assert workflow["name"] not in refused.text


def test_a_change_made_through_one_replica_reaches_the_other_by_the_event(
    api: httpx.Client, user: User, second_gateway: httpx.Client
):
    workflow = create_workflow(api, user)
    url = f"/v1/workflows/{workflow['id']}"
    before = second_gateway.get(url, headers=user.headers)  # cached in the second replica (and Redis)
    assert second_gateway.get(url, headers=user.headers).headers["ETag"] == before.headers["ETag"]
    patched = api.patch(
        url, json={"name": "changed"}, headers={**user.headers, "If-Match": before.headers["ETag"]}
    )
    assert patched.status_code == 200, patched.text
    deadline = time.monotonic() + EVENT_DEADLINE_SECONDS
    while True:
        seen = second_gateway.get(url, headers=user.headers)
        if seen.headers["ETag"] == patched.headers["ETag"]:
            break
        assert time.monotonic() < deadline, "the second replica still serves the old version"
        time.sleep(0.1)
    assert seen.json()["name"] == "changed"


def test_a_replica_reads_what_another_put_in_redis(
    api: httpx.Client, user: User, second_gateway: httpx.Client
):
    workflow = create_workflow(api, user)
    url = f"/v1/workflows/{workflow['id']}"
    assert api.get(url, headers=user.headers).status_code == 200
    l2_hits = cache_lookups(second_gateway, "l2_hit")
    assert second_gateway.get(url, headers=user.headers).status_code == 200
    assert cache_lookups(second_gateway, "l2_hit") == l2_hits + 1
