"""One request is one trace, across the processes: a webhook call carrying a W3C `traceparent`
goes gateway → workflows → executor over gRPC, into the outbox, through RabbitMQ to a worker,
and every event the run publishes carries that trace. Watched on a queue of this test's own
bound to `jobsprint.events` (the one place this tier looks past HTTP)."""

from __future__ import annotations

import secrets
import time

import devctl
import httpx
import orjson
import pika

from .conftest import INSTANCE, User, create_workflow

HOOKED = {
    "nodes": [
        {
            "id": "start",
            "type": "trigger.webhook",
            "parameters": {"method": "POST", "response_mode": "async"},
        },
        {"id": "greet", "type": "core.set", "parameters": {"values": {"greeting": "hello"}}},
    ],
    "edges": [{"from": "start", "to": "greet"}],
}


def test_a_webhook_run_and_every_event_it_publishes_carry_the_caller_s_trace(api: httpx.Client, user: User):
    workflow = create_workflow(api, user, {"name": "traced", "definition": HOOKED})
    active = api.post(f"/v1/workflows/{workflow['id']}/activate", headers=user.headers)
    assert active.status_code == 200, active.text
    hook = "/v1/hooks/" + active.json()["webhook_url"].rsplit("/", 1)[1]

    connection = pika.BlockingConnection(
        pika.URLParameters(devctl.environment(INSTANCE)["JOBSPRINT_AMQP_URL"])
    )
    try:
        channel = connection.channel()
        queue = channel.queue_declare("", exclusive=True).method.queue
        for key in ("execution.*", "step.*"):
            channel.queue_bind(queue, "jobsprint.events", routing_key=key)
        trace_id = secrets.token_hex(16)
        response = api.post(
            hook, json={"n": 1}, headers={"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"}
        )
        assert response.status_code == 202, response.text
        execution_id = response.json()["execution_id"]
        seen: dict[str, str] = {}
        deadline = time.monotonic() + 20
        while "io.jobsprint.execution.finished" not in seen:
            assert time.monotonic() < deadline, f"events so far: {sorted(seen)}"
            method, properties, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                time.sleep(0.05)
                continue
            event = orjson.loads(body)
            if event["subject"] == execution_id:
                seen[event["type"]] = (properties.headers or {}).get("traceparent", "")
    finally:
        connection.close()
    assert set(seen) == {
        "io.jobsprint.execution.queued",
        "io.jobsprint.execution.started",
        "io.jobsprint.step.succeeded",
        "io.jobsprint.execution.finished",
    }
    assert {parent.split("-")[1] for parent in seen.values()} == {trace_id}, seen
