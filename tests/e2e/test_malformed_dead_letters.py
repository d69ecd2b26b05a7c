"""Issue 18 through the public API (ADR-102): a run message no worker can decode is listed once,
with a preview, by `GET /v1/dead-letters?scope=instance` to the instance operator
(AUTH_OPERATOR_EMAILS), never to a workspace's owner; replaying it is a 409 saying to discard it,
which the operator alone does."""

from __future__ import annotations

import time
import uuid
from typing import Any

import devctl
import httpx
import pika
import pytest
from jobsprint.common import messaging

from .conftest import PASSWORD, User, login, register_and_login

pytestmark = [pytest.mark.e2e, pytest.mark.security]


def operator(api: httpx.Client) -> User:
    """The instance operator's account, registered on the first run against this database only:
    the test database outlives a run, and registering the same address on every run would meet
    the per-address registration limit (5 an hour, counted in Redis) after a few runs in an hour."""
    body = {"email": devctl.TEST_OPERATOR_EMAIL, "password": PASSWORD}
    if api.post("/v1/auth/login", json=body).status_code == 401:
        registered = api.post("/v1/auth/register", json=body)
        assert registered.status_code == 201, registered.text
    return login(api, devctl.TEST_OPERATOR_EMAIL)


def publish_poison(suite: devctl.Instance, message_id: str, body: bytes) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(devctl.environment(suite)["JOBSPRINT_AMQP_URL"]))
    try:
        channel = connection.channel()
        for _ in range(2):  # the same message twice, as a redelivery would bring it again
            channel.basic_publish(
                exchange=messaging.EXECUTIONS_EXCHANGE,
                routing_key=messaging.RUN_ROUTING_KEY,
                body=body,
                properties=pika.BasicProperties(delivery_mode=2, message_id=message_id),
            )
    finally:
        connection.close()


def letters_of(
    api: httpx.Client, user: User, message_id: str, *, timeout: float = 20.0
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        response = api.get(
            "/v1/dead-letters", params={"scope": "instance", "limit": 500}, headers=user.headers
        )
        assert response.status_code == 200, response.text
        found = [d for d in response.json()["items"] if (d["message"] or {}).get("message_id") == message_id]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def test_only_the_operator_lists_a_malformed_message_and_nobody_replays_it(suite, api):
    owner, ops = register_and_login(api), operator(api)
    message_id = f"e2e-poison-{uuid.uuid4().hex[:12]}"
    secret = b"\xff\x00 card=4111111111111111 " + b"x" * 400
    publish_poison(suite, message_id, secret)

    [letter] = letters_of(api, ops, message_id)
    assert (letter["reason"], letter["execution_id"], letter["workspace_id"]) == ("malformed", None, None)
    assert letter["message"]["size_bytes"] == len(secret)
    assert letter["message"]["preview"].startswith("\\xff\\x00 card=") and letter["message"][
        "preview"
    ].endswith("…")
    assert len(letter["message"]["preview"]) < 300

    own = api.get("/v1/dead-letters", headers=owner.headers)
    assert own.status_code == 200 and all(d["reason"] != "malformed" for d in own.json()["items"])
    refused = api.get("/v1/dead-letters", params={"scope": "instance"}, headers=owner.headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert "instance operator" in refused.json()["detail"]
    hidden = api.post(f"/v1/dead-letters/{letter['id']}/replay", headers=owner.headers)
    assert hidden.status_code == 404, hidden.text

    replay = api.post(f"/v1/dead-letters/{letter['id']}/replay", headers=ops.headers)
    assert replay.status_code == 409, replay.text
    assert replay.headers["content-type"] == "application/problem+json"
    assert "nothing to replay" in replay.json()["detail"]

    assert api.delete(f"/v1/dead-letters/{letter['id']}", headers=owner.headers).status_code == 403
    assert api.delete(f"/v1/dead-letters/{letter['id']}", headers=ops.headers).status_code == 204
    assert letters_of(api, ops, message_id, timeout=0) == []
    assert api.delete(f"/v1/dead-letters/{letter['id']}", headers=ops.headers).status_code == 404
