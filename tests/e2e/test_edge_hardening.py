"""The gateway's edge under attack (issue 13): bodies that never end, JSON that no service can
keep, replays that skip authorisation, forged client addresses, racing wrong passwords and
webhook retries. Each test failed before its fix."""

from __future__ import annotations

import select
import socket
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import devctl
import httpx
import pytest
import redis

from .conftest import PASSWORD, User, create_workflow, login, register_and_login

HOOK_WORKFLOW = {
    "name": "hardening hook",
    "definition": {
        "nodes": [
            {
                "id": "hook",
                "type": "trigger.webhook",
                "parameters": {"method": "POST", "response_mode": "async"},
            },
            {"id": "done", "type": "core.noop"},
        ],
        "edges": [{"from": "hook", "to": "done"}],
    },
}

pytestmark = [pytest.mark.e2e, pytest.mark.security]

CHUNK = b"a" * 65536


def _rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS in /proc")


def _gateway_pid(suite: devctl.Instance) -> int:
    return int(devctl.supervisorctl(suite, "pid", "gateway", check=True).stdout.strip())


def _chunked_post(suite: devctl.Instance, path: str, *, limit_bytes: int) -> tuple[int, bytes, int]:
    """POST an endless chunked body over a raw socket until the gateway answers (or `limit_bytes`
    have gone out); the status, the raw answer, and how many body bytes were sent."""
    sock = socket.create_connection(("127.0.0.1", suite.gateway_port), timeout=30)
    sock.setblocking(False)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n"
    pending = head + b'b\r\n{"email": "\r\n' + chunk
    sent, answer = 0, b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            readable, writable, _ = select.select([sock], [sock] if sent < limit_bytes else [], [], 1.0)
            if readable:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
                if b"\r\n\r\n" in answer:
                    header, _, body = answer.partition(b"\r\n\r\n")
                    length = next(
                        (
                            int(line.split(b":", 1)[1])
                            for line in header.split(b"\r\n")
                            if line.lower().startswith(b"content-length:")
                        ),
                        0,
                    )
                    if len(body) >= length:
                        break
            elif writable:
                if not pending:
                    pending = chunk
                try:
                    written = sock.send(pending)
                except (BrokenPipeError, ConnectionResetError):
                    break
                sent += written
                pending = pending[written:]
    finally:
        sock.close()
    assert answer, f"no answer after sending {sent} bytes"
    status = int(answer.split(b" ", 2)[1])
    return status, answer, sent


def test_a_chunked_body_past_the_limit_is_413_at_once_and_the_gateway_does_not_grow(
    suite: devctl.Instance, api: httpx.Client, user: User
):
    pid = _gateway_pid(suite)
    api.get("/healthz")
    before = _rss_bytes(pid)
    # 400 MB would go out if the gateway kept reading; it must answer after about 2 MiB
    # (GATEWAY_MAX_BODY_BYTES) plus what the sockets' buffers hold.
    status, answer, sent = _chunked_post(suite, "/v1/auth/login", limit_bytes=400 * 1024 * 1024)
    grown = _rss_bytes(pid) - before
    print(
        f"login: answered {status} after {sent / 2**20:.1f} MiB sent; gateway RSS grew {grown / 2**20:.1f} MiB"
    )
    assert status == 413, answer[:500]
    assert b"application/problem+json" in answer
    assert b"larger than 2097152 bytes" in answer
    assert sent < 32 * 1024 * 1024, f"{sent} bytes went out before the answer: the rest was read"
    assert grown < 24 * 1024 * 1024, f"the gateway grew {grown} bytes"


def test_a_chunked_webhook_body_past_its_own_limit_is_413(suite: devctl.Instance, api: httpx.Client):
    # An unknown token: the limit applies before anything looks the webhook up.
    status, answer, sent = _chunked_post(suite, "/v1/hooks/" + "x" * 43, limit_bytes=64 * 1024 * 1024)
    assert status == 413, answer[:500]
    assert b"webhook body is larger than 1048576 bytes" in answer
    assert sent < 32 * 1024 * 1024
    # A chunked body under the limit still gets through to the lookup (404: no such webhook).
    small = api.post("/v1/hooks/" + "x" * 43, content=iter([b'{"a":', b" 1}"]))
    assert small.status_code == 404, small.text


def _json(api: httpx.Client, method: str, url: str, raw: bytes, user: User | None = None) -> httpx.Response:
    headers = {"content-type": "application/json", **(user.headers if user else {})}
    return api.request(method, url, content=raw, headers=headers)


def test_deep_json_and_lone_surrogates_are_422_at_their_field_and_the_connection_lives_on(
    api: httpx.Client, user: User
):
    workflow = create_workflow(api, user)
    run_url = f"/v1/workflows/{workflow['id']}/run"
    deep = b'{"input": ' + b'{"a": ' * 500 + b"1" + b"}" * 500 + b"}"
    refusals = [
        (_json(api, "POST", run_url, deep, user), "input", "nested more than 64 levels deep"),
        (
            _json(api, "POST", run_url, b'{"input": {"s": "\\ud800"}}', user),
            "input",
            "lone surrogate (U+D800)",
        ),
        (
            _json(
                api,
                "POST",
                "/v1/credentials",
                b'{"name": "c", "type": "bearer", "secret": {"token": "x\\ud800"}}',
                user,
            ),
            "secret",
            "lone surrogate",
        ),
        (
            _json(
                api,
                "POST",
                "/v1/workflows",
                b'{"name": "w", "definition": ' + b"[" * 300 + b"]" * 300 + b"}",
                user,
            ),
            "definition",
            "nested more than 64 levels deep",
        ),
        (_json(api, "POST", "/v1/workflows/import", b"[" * 100_000 + b"]" * 100_000, user), "body", "nested"),
    ]
    for response, field, what in refusals:
        assert response.status_code == 422, (response.request.url, response.text[:300])
        assert response.headers["content-type"] == "application/problem+json"
        error = response.json()["errors"][0]
        assert error["field"] == field and what in error["message"], error
    # The same kept-alive connection answers the next request.
    assert api.get(f"/v1/workflows/{workflow['id']}", headers=user.headers).status_code == 200


def test_a_webhook_body_no_run_can_keep_is_422_naming_where(api: httpx.Client, user: User):
    hook = create_workflow(api, user, HOOK_WORKFLOW)
    url = api.post(f"/v1/workflows/{hook['id']}/activate", headers=user.headers).json()["webhook_url"]
    path = "/v1/hooks/" + url.rsplit("/", 1)[-1]
    deep = _json(api, "POST", path, b'{"a": ' * 300 + b"1" + b"}" * 300)
    assert deep.status_code == 422, deep.text
    assert deep.json()["errors"][0]["field"].startswith("body.a.a")
    surrogate = _json(api, "POST", path, b'{"s": "\\udfff"}')
    assert surrogate.status_code == 422, surrogate.text
    assert surrogate.json()["errors"][0] == {
        "field": "body.s",
        "message": "a lone surrogate (U+DFFF), which is not a Unicode character",
    }
    assert _json(api, "POST", path, b'{"s": "fine"}').status_code == 202


def test_a_forwarded_for_header_from_an_untrusted_peer_does_not_choose_the_address_counted(
    api: httpx.Client, user: User
):
    # The test instance trusts no proxy (GATEWAY_TRUSTED_PROXIES empty), and this client is a
    # loopback peer, which uvicorn's default would have believed. `user` just registered and
    # logged in from here, so this address's window already holds two requests: a forged fresh
    # address would start with an empty one.
    forged = api.post(
        "/v1/auth/login",
        json={"email": user.email, "password": "wrong password!"},
        headers={"X-Forwarded-For": f"203.0.113.{time.monotonic_ns() % 250}"},
    )
    assert forged.status_code == 401, forged.text
    limit, remaining = int(forged.headers["RateLimit-Limit"]), int(forged.headers["RateLimit-Remaining"])
    assert remaining <= limit - 3, "the forged address got a window of its own"


def test_concurrent_wrong_passwords_are_evaluated_exactly_up_to_the_limit(api: httpx.Client, user: User):
    # GATEWAY_LOGIN_FAILURES_PER_ACCOUNT is 10 on the test instance (its default).
    def attempt(_: int) -> int:
        with httpx.Client(base_url=str(api.base_url), timeout=60) as client:
            response = client.post(
                "/v1/auth/login", json={"email": user.email, "password": "wrong password!"}
            )
            return response.status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = Counter(pool.map(attempt, range(40)))
    assert statuses == {401: 10, 429: 30}, statuses
    # Locked now, whatever the password, until the window slides.
    locked = api.post("/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429


def _redis_values(suite: devctl.Instance, pattern: str) -> list[bytes]:
    client = redis.Redis(host=devctl.REDIS_HOST, port=devctl.REDIS_PORT, db=suite.redis_db)
    try:
        # The client does not decode responses: values are bytes.
        return [client.get(key) or b"" for key in client.scan_iter(match=pattern, count=1000)]  # type: ignore[misc]
    finally:
        client.close()


def test_an_api_key_replay_says_already_created_without_the_secret_which_redis_never_holds(
    api: httpx.Client, suite: devctl.Instance, user: User
):
    key = str(uuid.uuid4())
    body = {"name": f"replayed {key[:8]}", "scopes": ["read"]}
    first = api.post("/v1/api-keys", json=body, headers={**user.headers, "Idempotency-Key": key})
    assert first.status_code == 201, first.text
    secret = first.json()["key"]
    again = api.post("/v1/api-keys", json=body, headers={**user.headers, "Idempotency-Key": key})
    assert again.status_code == 200, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "key" not in again.json()
    assert again.json() == {k: v for k, v in first.json().items() if k != "key"}
    stored = _redis_values(suite, "jobsprint:idempotency:*")
    assert stored, "no idempotency record found to inspect"
    assert not [value for value in stored if secret.encode() in value or secret[-12:].encode() in value]


def test_a_member_demoted_since_gets_403_not_the_replay(api: httpx.Client, user: User):
    workspace_id = api.get("/v1/me", headers=user.headers).json()["workspace"]["id"]
    newcomer = register_and_login(api)
    added = api.post("/v1/members", json={"email": newcomer.email, "role": "admin"}, headers=user.headers)
    assert added.status_code == 201, added.text
    admin = login(api, newcomer.email, workspace_id)
    key = str(uuid.uuid4())
    body = {"name": "made by an admin", "scopes": ["write"]}
    created = api.post("/v1/api-keys", json=body, headers={**admin.headers, "Idempotency-Key": key})
    assert created.status_code == 201, created.text
    run_key = str(uuid.uuid4())
    workflow = create_workflow(api, admin)
    ran = api.post(
        f"/v1/workflows/{workflow['id']}/run",
        json={"input": {}},
        headers={**admin.headers, "Idempotency-Key": run_key},
    )
    assert ran.status_code == 202, ran.text
    demoted = api.patch(
        f"/v1/members/{added.json()['user']['id']}", json={"role": "viewer"}, headers=user.headers
    )
    assert demoted.status_code == 200, demoted.text
    viewer = login(api, newcomer.email, workspace_id)
    replay = api.post("/v1/api-keys", json=body, headers={**viewer.headers, "Idempotency-Key": key})
    assert replay.status_code == 403, replay.text
    assert "Idempotent-Replayed" not in replay.headers and "key" not in replay.json()
    run_replay = api.post(
        f"/v1/workflows/{workflow['id']}/run",
        json={"input": {}},
        headers={**viewer.headers, "Idempotency-Key": run_key},
    )
    assert run_replay.status_code == 403, run_replay.text


def _hook(api: httpx.Client, user: User, mode: str) -> tuple[str, str]:
    body = {
        "name": f"idempotent {mode} hook",
        "definition": {
            "nodes": [
                {
                    "id": "hook",
                    "type": "trigger.webhook",
                    "parameters": {"method": "POST", "response_mode": mode},
                },
                {"id": "echo", "type": "core.set", "parameters": {"values": {"seen": "{{ input.n }}"}}},
            ],
            "edges": [{"from": "hook", "to": "echo"}],
        },
    }
    workflow = create_workflow(api, user, body)
    url = api.post(f"/v1/workflows/{workflow['id']}/activate", headers=user.headers).json()["webhook_url"]
    return workflow["id"], "/v1/hooks/" + url.rsplit("/", 1)[-1]


def _executions(api: httpx.Client, user: User, workflow_id: str) -> list[str]:
    page = api.get("/v1/executions", params={"workflow_id": workflow_id}, headers=user.headers)
    assert page.status_code == 200, page.text
    return [item["id"] for item in page.json()["items"]]


@pytest.mark.parametrize("mode", ["async", "wait"])
def test_a_webhook_retried_with_its_idempotency_key_runs_once(api: httpx.Client, user: User, mode: str):
    workflow_id, path = _hook(api, user, mode)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = api.post(path, json={"n": 1}, headers=key)
    again = api.post(path, json={"n": 1}, headers=key)
    assert first.status_code == again.status_code == (202 if mode == "async" else 200), (
        first.text,
        again.text,
    )
    assert "Idempotent-Replayed" not in first.headers and again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    if mode == "wait":
        assert (
            first.json()["seen"] == 1 and again.headers["X-Execution-Id"] == first.headers["X-Execution-Id"]
        )
    # The same key with another body is refused; without a key, or with another, it runs again.
    assert api.post(path, json={"n": 2}, headers=key).status_code == 422
    assert api.post(path, json={"n": 1}).status_code == first.status_code
    assert len(_executions(api, user, workflow_id)) == 2
    # Scoped to the webhook: another webhook's run with the same key is its own.
    other_id, other_path = _hook(api, user, mode)
    assert "Idempotent-Replayed" not in api.post(other_path, json={"n": 1}, headers=key).headers
    assert len(_executions(api, user, other_id)) == 1


def test_the_webhook_url_is_shown_only_to_who_may_run_the_workflow(api: httpx.Client, user: User):
    workspace_id = api.get("/v1/me", headers=user.headers).json()["workspace"]["id"]
    workflow_id, path = _hook(api, user, "async")
    callers = {"owner": user.headers}
    for role in ("editor", "viewer"):
        newcomer = register_and_login(api)
        added = api.post("/v1/members", json={"email": newcomer.email, "role": role}, headers=user.headers)
        assert added.status_code == 201, added.text
        callers[role] = login(api, newcomer.email, workspace_id).headers
    for scopes in (["read"], ["read", "run"]):
        created = api.post(
            "/v1/api-keys", json={"name": "+".join(scopes), "scopes": scopes}, headers=user.headers
        )
        assert created.status_code == 201, created.text
        callers["key:" + "+".join(scopes)] = {"Authorization": f"Bearer {created.json()['key']}"}
    shown = {}
    for who, headers in callers.items():
        one = api.get(f"/v1/workflows/{workflow_id}", headers=headers)
        listed = api.get("/v1/workflows", headers=headers)
        assert one.status_code == listed.status_code == 200, (who, one.text, listed.text)
        in_list = next(w for w in listed.json()["items"] if w["id"] == workflow_id)
        assert in_list["webhook_url"] == one.json()["webhook_url"], who
        shown[who] = one.json()["webhook_url"] is not None and one.json()["webhook_url"].endswith(path)
    assert shown == {"owner": True, "editor": True, "viewer": False, "key:read": False, "key:read+run": True}


def test_a_workspace_sets_its_own_rate_limits_which_apply_audited_and_capped(api: httpx.Client, user: User):
    workspace_id = api.get("/v1/me", headers=user.headers).json()["workspace"]["id"]
    members = {}
    for role in ("admin", "viewer"):
        newcomer = register_and_login(api)
        added = api.post("/v1/members", json={"email": newcomer.email, "role": role}, headers=user.headers)
        assert added.status_code == 201, added.text
        members[role] = login(api, newcomer.email, workspace_id)
    read = api.get("/v1/workspace/limits", headers=members["viewer"].headers)
    assert read.status_code == 200, read.text
    assert read.json()["overrides"] == {
        "rate_limit_per_minute": None,
        "rate_limit_write_per_minute": None,
        "webhook_rate_limit_per_minute": None,
    }
    assert read.json()["limits"] == read.json()["defaults"]
    assert api.put("/v1/workspace/limits", json={}, headers=members["viewer"].headers).status_code == 403
    invalid = api.put("/v1/workspace/limits", json={"rate_limit_per_minute": 0}, headers=user.headers)
    assert invalid.status_code == 422 and invalid.json()["errors"][0]["field"] == "rate_limit_per_minute"

    # A webhook limit of 3 a minute: the first call teaches the gateway the webhook's workspace.
    workflow_id, path = _hook(api, user, "async")
    capped = api.put(
        "/v1/workspace/limits",
        json={"webhook_rate_limit_per_minute": 3, "rate_limit_per_minute": 500_000},
        headers=user.headers,
    )
    assert capped.status_code == 200, capped.text
    assert capped.json()["limits"]["webhook_rate_limit_per_minute"] == 3
    assert capped.json()["limits"]["rate_limit_per_minute"] == capped.json()["max_per_minute"]
    statuses = [api.post(path, json={"n": i}) for i in range(5)]
    assert [r.status_code for r in statuses] == [202, 202, 202, 429, 429], [r.text for r in statuses]
    assert statuses[3].headers["RateLimit-Limit"] == "3" and int(statuses[3].headers["Retry-After"]) >= 1

    # Writes: 4 a minute for each caller of the workspace, then an admin lifts it.
    assert (
        api.put(
            "/v1/workspace/limits", json={"rate_limit_write_per_minute": 4}, headers=user.headers
        ).status_code
        == 200
    )
    writes = [
        api.post(f"/v1/workflows/{workflow_id}/run", json={"input": {}}, headers=user.headers)
        for _ in range(5)
    ]
    refused = [r for r in writes if r.status_code == 429]
    assert refused and refused[0].headers["RateLimit-Limit"] == "4", [r.status_code for r in writes]
    lifted = api.put("/v1/workspace/limits", json={}, headers=members["admin"].headers)
    assert lifted.status_code == 200 and lifted.json()["limits"] == lifted.json()["defaults"]
    again = api.post(f"/v1/workflows/{workflow_id}/run", json={"input": {}}, headers=user.headers)
    assert again.status_code == 202, again.text

    audit = api.get("/v1/audit-log", headers=user.headers).json()["items"]
    changes = [
        e for e in audit if e["action"] == "auth.update_workspace_limits" and e["outcome"] == "success"
    ]
    assert len(changes) == 3 and {e["actor_id"] for e in changes} >= {
        api.get("/v1/me", headers=members["admin"].headers).json()["user"]["id"]
    }
