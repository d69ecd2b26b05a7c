"""Revocations survive a Redis restarted without persistence (issue 18): the list is kept in
Postgres and loaded into Redis again once Redis comes back empty. While Redis is down, and until
the list is back, a check fails closed. A Redis server of the test's own is stopped and started;
the shared one is never touched."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import argon2
import pytest
import redis
from jobsprint.auth import bootstrap
from jobsprint.auth.adapters.revocations import DurableRevocations
from jobsprint.auth.service import accounts, api_keys, sessions
from jobsprint.common import redis_clients, revocation
from jobsprint.common.testing import OwnRedis, own_redis
from jobsprint.common.tokens import Principal

from .conftest import PASSWORD, Instance

pytestmark = pytest.mark.integration

INTERVAL = 0.1


@pytest.fixture
def server() -> Iterator[OwnRedis]:
    with own_redis() as server:
        yield server


@pytest.fixture
def own(ctx: Instance, server: OwnRedis) -> Iterator[Instance]:
    """The auth use cases over the test's own Redis, with the serving process's loader running."""
    engine = ctx.sessions.kw["bind"]
    client = redis_clients.client(server.url)
    deps = bootstrap.wire(
        engine=engine,
        key_ring=ctx.key_ring,
        redis_client=client,
        hasher=argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
        access_token_ttl=300,
        session_ttl=3600,
    )
    stopping = threading.Event()
    loader = threading.Thread(
        target=DurableRevocations(engine, client).keep_loaded,
        args=(stopping,),
        kwargs={"interval": INTERVAL},
        daemon=True,
    )
    loader.start()
    yield Instance(**vars(deps), key_ring=ctx.key_ring, redis=client, sessions=ctx.sessions)
    stopping.set()
    loader.join(timeout=5)


def check(checker: revocation.RevocationChecker, principal: Principal) -> bool | str:
    """What a checker (the gateway, a service) makes of a token: revoked or not, or "cannot
    check" (it fails closed: 503 / UNAVAILABLE)."""
    try:
        return checker(principal)
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
    own: Instance, server: OwnRedis
) -> None:
    email = f"restart-{uuid.uuid4().hex[:10]}@example.com"
    accounts.register(
        own.uow(), own.passwords, own.audit_log, email=email, password=PASSWORD, workspace_name=""
    )

    def login() -> Any:
        return accounts.login(
            own.uow, own.passwords, own.tokens, own.audit_log, own.background, email=email, password=PASSWORD
        )

    pair = login()
    logged_out = own.key_ring.verify(pair.access_token)
    owner = own.key_ring.verify(login().access_token)
    view, secret = api_keys.create_api_key(own.uow(), principal=owner, name="ci", scopes=["read"])
    key_token = own.key_ring.verify(api_keys.exchange_api_key(own.uow(), own.tokens, api_key=secret)[0])
    assert settles(lambda: revocation.is_loaded(own.redis), True)[-1] is True

    sessions.logout(own.uow(), own.tokens, principal=logged_out, refresh_token=pair.refresh_token)
    api_keys.delete_api_key(own.uow(), own.tokens, principal=owner, key_id=view.id)
    # Another process's check, as a service's gRPC server makes it.
    checker = revocation.RevocationChecker(redis_clients.client(server.url))
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
