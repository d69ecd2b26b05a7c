"""Rate limits over HTTP: brute force on one account, limits shared by gateway replicas, and
what a gateway does when Redis is unreachable."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import devctl
import httpx
import pytest

from .conftest import INSTANCE, PASSWORD, User, login, register_and_login

pytestmark = [pytest.mark.e2e, pytest.mark.security]

FAILURES_ALLOWED = 10  # the default GATEWAY_LOGIN_FAILURES_PER_ACCOUNT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def extra_gateway(suite: devctl.Instance, tmp_path) -> Iterator[Callable[..., httpx.Client]]:
    """Start more gateway processes of the test instance (other ports, maybe other settings)."""
    started: list[tuple[subprocess.Popen[bytes], httpx.Client]] = []

    def launch(overrides: dict[str, str]) -> tuple[subprocess.Popen[bytes], httpx.Client, Path]:
        port = _free_port()
        env = {**os.environ, **devctl.environment(INSTANCE), "GATEWAY_PORT": str(port), **overrides}
        log = tmp_path / f"gateway-{port}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [devctl.python(), "-m", "jobsprint.gateway"], env=env, stdout=output, stderr=subprocess.STDOUT
            )
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
        started.append((process, client))
        return process, client, log

    def start(**overrides: str) -> httpx.Client:
        # A free port can be taken by another process before the gateway binds it: try again.
        for _attempt in range(3):
            process, client, log = launch(overrides)
            deadline = time.monotonic() + 30
            while process.poll() is None:
                try:
                    if client.get("/healthz").status_code == 200:
                        return client
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the extra gateway did not start"
                time.sleep(0.1)
        raise AssertionError(f"the extra gateway exited: {log.read_text()[-2000:]}")

    yield start
    for process, client in started:
        client.close()
        process.terminate()
        process.wait(timeout=15)


def _wrong(api: httpx.Client, email: str) -> httpx.Response:
    return api.post("/v1/auth/login", json={"email": email, "password": "not the password, sorry"})


def test_thirty_failed_logins_in_a_row_are_refused_with_429_from_the_limit_on(api: httpx.Client, user: User):
    statuses = [_wrong(api, user.email).status_code for _ in range(30)]
    assert statuses == [401] * FAILURES_ALLOWED + [429] * (30 - FAILURES_ALLOWED)
    refused = _wrong(api, user.email)
    assert refused.headers["content-type"] == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.headers["RateLimit-Limit"] == str(FAILURES_ALLOWED)
    assert refused.headers["RateLimit-Remaining"] == "0"
    # Even the right password waits: the account is what is being guessed at.
    right = api.post("/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert right.status_code == 429
    # Other accounts are not affected, and the limit holds for an unknown address all the same.
    assert login(api, register_and_login(api).email).access_token
    ghost = f"ghost-{uuid.uuid4().hex[:8]}@example.com"
    assert [_wrong(api, ghost).status_code for _ in range(FAILURES_ALLOWED + 1)][-1] == 429


def test_a_successful_login_ends_a_run_of_failures(api: httpx.Client, user: User):
    for _ in range(FAILURES_ALLOWED - 1):
        assert _wrong(api, user.email).status_code == 401
    login(api, user.email)
    assert [_wrong(api, user.email).status_code for _ in range(FAILURES_ALLOWED)] == [401] * FAILURES_ALLOWED


def test_two_gateway_processes_share_one_limit(api: httpx.Client, user: User, extra_gateway):
    second = extra_gateway()
    half = FAILURES_ALLOWED // 2
    assert [_wrong(api, user.email).status_code for _ in range(half)] == [401] * half
    assert [_wrong(second, user.email).status_code for _ in range(FAILURES_ALLOWED - half)] == [401] * (
        FAILURES_ALLOWED - half
    )
    assert _wrong(api, user.email).status_code == 429
    assert _wrong(second, user.email).status_code == 429


def test_authenticated_routes_carry_rate_limit_headers_per_route_group(api: httpx.Client, user: User):
    read = api.get("/v1/me", headers=user.headers)
    write = api.post("/v1/auth/logout", headers=user.headers)
    assert read.status_code == 200 and write.status_code == 204
    assert int(read.headers["RateLimit-Remaining"]) < int(read.headers["RateLimit-Limit"])
    assert "RateLimit-Limit" in write.headers


def test_write_limits_are_separate_from_read_limits(user: User, extra_gateway):
    strict = extra_gateway(GATEWAY_RATE_LIMIT_WRITE_PER_MINUTE="2", GATEWAY_RATE_LIMIT_PER_MINUTE="1000")
    for _ in range(2):
        assert strict.post("/v1/workflows", json={}, headers=user.headers).status_code == 422
    refused = strict.post("/v1/workflows", json={}, headers=user.headers)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert strict.get("/v1/me", headers=user.headers).status_code == 200


def test_without_redis_a_gateway_refuses_tokens_it_cannot_check_but_still_limits_logins(
    user: User, extra_gateway
):
    cut_off = extra_gateway(JOBSPRINT_REDIS_URL=f"redis://127.0.0.1:{_free_port()}/0")
    # Revocation cannot be checked: fail closed, and say when to retry.
    refused = cut_off.get("/v1/me", headers=user.headers)
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
    assert "revocation" in refused.json()["detail"]
    # Logins still work, and brute force is still limited (in this process) while Redis is away.
    assert cut_off.post("/v1/auth/login", json={"email": user.email, "password": PASSWORD}).status_code == 200
    statuses = [_wrong(cut_off, user.email).status_code for _ in range(FAILURES_ALLOWED + 1)]
    assert statuses == [401] * FAILURES_ALLOWED + [429]
    assert cut_off.get("/readyz").status_code == 503


def test_registering_one_address_over_and_over_is_limited(api: httpx.Client):
    email = f"spam-{uuid.uuid4().hex[:8]}@example.com"
    statuses = [
        api.post("/v1/auth/register", json={"email": email, "password": PASSWORD}).status_code
        for _ in range(7)
    ]
    assert statuses == [201] * 5 + [429] * 2
