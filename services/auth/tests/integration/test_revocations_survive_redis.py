"""Revocations survive a Redis restarted without persistence (issue 18): the list is kept in
Postgres and loaded into Redis again once Redis comes back empty. While Redis is down, and until
the list is back, a check fails closed. A Redis server of the test's own is stopped and started;
the shared one is never touched."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
import redis
from jobsprint.auth import handlers
from jobsprint.common import redis_clients, revocation
from jobsprint.common.testing import OwnRedis, own_redis
from jobsprint.common.tokens import Principal

from .conftest import PASSWORD

pytestmark = pytest.mark.integration

INTERVAL = 0.1


@pytest.fixture
def server() -> Iterator[OwnRedis]:
    with own_redis() as server:
        yield server


@pytest.fixture
def own(ctx: handlers.AuthContext, server: OwnRedis) -> Iterator[handlers.AuthContext]:
    """The auth use cases over the test's own Redis, with the serving process's loader running."""
    context = replace(ctx, redis=redis_clients.client(server.url))
    stopping = threading.Event()
    loader = threading.Thread(
        target=context.revocations.keep_loaded, args=(stopping,), kwargs={"interval": INTERVAL}, daemon=True
    )
    loader.start()
    yield context
    stopping.set()
    loader.join(timeout=5)


def check(client: redis.Redis, principal: Principal) -> bool | str:
    """What a checker (the gateway, a service) makes of a token: revoked or not, or "cannot
    check" (it fails closed: 503 / UNAVAILABLE)."""
    try:
        return revocation.principal_revoked(client, principal)
    except redis.RedisError:
        return "cannot check"


def settles(read: Any, expected: object, *, within: float = 5.0) -> list[object]:
    """What `read()` answered until it answered `expected` (without repeats)."""
    seen: list[object] = []
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        answer = read()
        if not seen or seen[-1] != answer:
            seen.append(answer)
        if answer == expected:
            break
        time.sleep(0.02)
    return seen


def test_a_token_revoked_by_logout_and_a_deleted_keys_token_stay_refused_after_redis_restarts_empty(
    own: handlers.AuthContext, server: OwnRedis
) -> None:
    email = f"restart-{uuid.uuid4().hex[:10]}@example.com"
    handlers.register(own, email=email, password=PASSWORD, workspace_name="")
    pair = handlers.login(own, email=email, password=PASSWORD)
    logged_out = own.key_ring.verify(pair.access_token)
    owner = own.key_ring.verify(handlers.login(own, email=email, password=PASSWORD).access_token)
    view, secret = handlers.create_api_key(own, principal=owner, name="ci", scopes=["read"])
    key_token = own.key_ring.verify(handlers.exchange_api_key(own, api_key=secret)[0])
    assert settles(lambda: revocation.is_loaded(own.redis), True)[-1] is True

    handlers.logout(own, principal=logged_out, refresh_token=pair.refresh_token)
    handlers.delete_api_key(own, principal=owner, key_id=view.id)
    checker = redis_clients.client(server.url)  # another process's client, as the gateway's
    assert (check(checker, logged_out), check(checker, key_token), check(checker, owner)) == (
        True,
        True,
        False,
    )

    server.stop()
    assert check(checker, logged_out) == "cannot check"  # fail closed while Redis is down
    server.start()  # empty: no persistence

    for principal in (logged_out, key_token):
        answers = settles(lambda p=principal: check(checker, p), True)  # type: ignore[misc]
        # Never accepted in between: refused as "cannot check" until the list is loaded again.
        assert answers[-1] is True and False not in answers, answers
    assert check(checker, owner) is False  # a token nobody revoked is accepted again
