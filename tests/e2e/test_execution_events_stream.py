"""Live execution events as Server-Sent Events: replay, live stream, Last-Event-ID resume, and a
stream on a second gateway replica, woken by the executor's rings on Redis pub/sub (ADR-053)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import devctl
import httpx
import orjson
import pytest

from .conftest import User, create_workflow, register_and_login, wait_for_execution

pytestmark = pytest.mark.e2e

# Far longer than any execution here takes; far shorter than a stream's own limit (300 s).
STREAM_DEADLINE_SECONDS = 60


@dataclass
class Event:
    id: str | None = None
    event: str | None = None
    data: Any = None
    comments: list[str] = field(default_factory=list)


def _events(response: httpx.Response) -> Iterator[Event]:
    """The blocks of a text/event-stream: events, and comments (an Event without an id)."""
    current = Event()
    data_lines: list[str] = []
    for line in response.iter_lines():
        if line == "":
            if data_lines or current.id or current.event or current.comments:
                current.data = orjson.loads("\n".join(data_lines)) if data_lines else None
                yield current
                current, data_lines = Event(), []
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "":
            current.comments.append(value)
        elif name == "data":
            data_lines.append(value)
        elif name in ("id", "event"):
            setattr(current, name, value)


def _stream(
    client: httpx.Client,
    user: User,
    execution_id: str,
    *,
    last_event_id: str | None = None,
    limit: int = 1000,
) -> tuple[list[Event], list[str]]:
    """Read until the server ends the stream (or `limit` events); the events and every comment.
    Heartbeats keep an idle stream from timing out, so a stream that never ends fails here."""
    headers = {**user.headers, **({"Last-Event-ID": last_event_id} if last_event_id else {})}
    events: list[Event] = []
    comments: list[str] = []
    deadline = time.monotonic() + STREAM_DEADLINE_SECONDS
    with client.stream(
        "GET", f"/v1/executions/{execution_id}/events", headers=headers, timeout=httpx.Timeout(30.0)
    ) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        for event in _events(response):
            assert time.monotonic() < deadline, f"the stream did not end within {STREAM_DEADLINE_SECONDS}s"
            comments += event.comments
            if event.id is None:
                continue  # a comment: the opening one with the reconnect delay, or a heartbeat
            events.append(event)
            if len(events) >= limit:
                break
    return events, comments


def _slow_workflow(seconds: float) -> dict[str, Any]:
    return {
        "name": "slow steps",
        "definition": {
            "nodes": [
                {"id": "start", "type": "trigger.manual"},
                {"id": "first", "type": "core.set", "parameters": {"values": {"a": 1}}},
                {"id": "pause", "type": "core.wait", "parameters": {"seconds": seconds}},
                {"id": "last", "type": "core.set", "parameters": {"values": {"b": 2}}},
            ],
            "edges": [
                {"from": "start", "to": "first"},
                {"from": "first", "to": "pause"},
                {"from": "pause", "to": "last"},
            ],
        },
    }


def _run(api: httpx.Client, user: User, workflow_id: str) -> str:
    response = api.post(
        f"/v1/workflows/{workflow_id}/run", json={"input": {"qty": 2, "unit_price": 3}}, headers=user.headers
    )
    assert response.status_code == 202, response.text
    return response.json()["execution_id"]  # type: ignore[no-any-return]


def _check_history(events: list[Event], execution_id: str) -> None:
    assert [int(e.id or 0) for e in events] == list(range(1, len(events) + 1))
    assert all(e.data["sequence"] == int(e.id or 0) and e.data["type"] == e.event for e in events)
    assert all(e.data["execution_id"] == execution_id for e in events)
    assert events[0].event == "execution.queued"
    assert events[-1].event == "execution.finished"


def test_a_finished_execution_replays_its_whole_history_then_the_stream_ends(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    execution_id = _run(api, user, workflow["id"])
    assert wait_for_execution(api, user, execution_id)["status"] == "succeeded"
    events, _comments = _stream(api, user, execution_id)
    _check_history(events, execution_id)
    assert [e.event for e in events] == [
        "execution.queued",
        "execution.started",
        "step.succeeded",
        "step.succeeded",
        "execution.finished",
    ]
    assert [e.data["data"].get("node_id") for e in events[2:4]] == ["start", "price"]
    assert events[-1].data["data"] == {"status": "succeeded", "error": ""}
    # Resuming after an event gives exactly the ones after it.
    resumed, _ = _stream(api, user, execution_id, last_event_id="2")
    assert [(e.id, e.event, e.data) for e in resumed] == [(e.id, e.event, e.data) for e in events[2:]]
    nothing, _ = _stream(api, user, execution_id, last_event_id=events[-1].id)
    assert nothing == []


def test_a_running_execution_streams_live_and_a_reconnect_resumes_exactly(api: httpx.Client, user: User):
    workflow = create_workflow(api, user, _slow_workflow(3))
    execution_id = _run(api, user, workflow["id"])
    # Leave after the first step's event: the execution is then waiting or about to.
    head, _ = _stream(api, user, execution_id, limit=3)
    assert [e.event for e in head] == ["execution.queued", "execution.started", "step.succeeded"]
    rest, _ = _stream(api, user, execution_id, last_event_id=head[-1].id)
    whole = head + rest
    _check_history(whole, execution_id)
    types = [e.event for e in whole]
    assert "execution.waiting" in types
    assert wait_for_execution(api, user, execution_id)["status"] == "succeeded"
    # The live copies are the history's copies: a full replay now is the same, field by field.
    replayed, _ = _stream(api, user, execution_id)
    assert [(e.id, e.event, e.data) for e in replayed] == [(e.id, e.event, e.data) for e in whole]


def test_events_of_another_workspace_are_not_found_and_a_bad_last_event_id_is_refused(
    api: httpx.Client, user: User
):
    execution_id = _run(api, user, create_workflow(api, user)["id"])
    stranger = register_and_login(api)
    response = api.get(f"/v1/executions/{execution_id}/events", headers=stranger.headers)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    bad = api.get(f"/v1/executions/{execution_id}/events", headers={**user.headers, "Last-Event-ID": "abc"})
    assert bad.status_code == 400
    assert "Last-Event-ID" in bad.json()["detail"]
    assert api.get(f"/v1/executions/{execution_id}/events").status_code == 401


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def second_gateway(suite: devctl.Instance) -> Iterator[str]:
    """Another gateway replica of the test instance. It never polls the executor during a test, so
    every live event it streams was rung on Redis pub/sub by the executor's outbox relay."""
    port = _free_port()
    env = {
        **os.environ,
        **devctl.environment(suite),
        "GATEWAY_PORT": str(port),
        "GATEWAY_SSE_POLL_SECONDS": "3600",
        "GATEWAY_SSE_HEARTBEAT_SECONDS": "0.5",
    }
    log = open(suite.run_dir / "logs" / "gateway-second.log", "ab")  # noqa: SIM115 (closed below)
    process = subprocess.Popen([devctl.python(), "-m", "jobsprint.gateway"], env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, "the second gateway exited; see gateway-second.log"
            assert time.monotonic() < deadline, "the second gateway never became ready"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_a_stream_on_another_replica_receives_every_event_live_through_redis(
    api: httpx.Client, user: User, second_gateway: str
):
    workflow = create_workflow(api, user, _slow_workflow(2))
    execution_id = _run(api, user, workflow["id"])
    with httpx.Client(base_url=second_gateway) as replica:
        events, comments = _stream(replica, user, execution_id)
    _check_history(events, execution_id)
    assert [e.event for e in events][-3:] == ["step.succeeded", "step.succeeded", "execution.finished"]
    assert [e.data["data"].get("node_id") for e in events if e.event == "step.succeeded"] == [
        "start",
        "first",
        "pause",
        "last",
    ]
    # The 2 s wait, at a heartbeat every 0.5 s, was kept alive by comments.
    assert "keep-alive" in comments
