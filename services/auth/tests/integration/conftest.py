"""The auth handlers against the integration instance's Postgres and Redis."""

from __future__ import annotations

import uuid

import argon2
import pytest
import redis
from jobsprint.auth import handlers
from jobsprint.common import db
from jobsprint.common.tokens import KeyRing

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def ctx(it_env):
    context = handlers.AuthContext(
        sessions=db.make_session_factory(db.make_engine(it_env["AUTH_DATABASE_URL"], pool_size=2)),
        key_ring=KeyRing(keys={"k1": "k" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint"),
        # Cheap parameters keep the suite fast; production uses OWASP's (bootstrap.build_context).
        hasher=argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
        redis=redis.Redis.from_url(it_env["JOBSPRINT_REDIS_URL"]),
        access_token_ttl=300,
        session_ttl=3600,
    )
    yield context
    context.sessions.kw["bind"].dispose()


@pytest.fixture
def email() -> str:
    return f"user-{uuid.uuid4().hex[:10]}@example.com"
