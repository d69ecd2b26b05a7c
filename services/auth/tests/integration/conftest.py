"""The auth use cases, wired by the bootstrap, against the integration instance's Postgres and Redis."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import argon2
import pytest
import redis
from jobsprint.auth import bootstrap
from jobsprint.auth.service.dependencies import Dependencies
from jobsprint.common import db
from jobsprint.common.tokens import KeyRing
from sqlalchemy.orm import Session, sessionmaker

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Instance(Dependencies):
    """The dependencies the servicer gets, with the parts behind them a test looks at."""

    key_ring: KeyRing
    redis: redis.Redis
    sessions: sessionmaker[Session]


@pytest.fixture(scope="module")
def ctx(it_env):
    engine = db.make_engine(it_env["AUTH_DATABASE_URL"], pool_size=2)
    key_ring = KeyRing(keys={"k1": "k" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint")
    client = redis.Redis.from_url(it_env["JOBSPRINT_REDIS_URL"])
    deps = bootstrap.wire(
        engine=engine,
        key_ring=key_ring,
        redis_client=client,
        # Cheap parameters keep the suite fast; production uses OWASP's (adapters.security).
        hasher=argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
        access_token_ttl=300,
        session_ttl=3600,
    )
    yield Instance(**vars(deps), key_ring=key_ring, redis=client, sessions=db.make_session_factory(engine))
    engine.dispose()


@pytest.fixture
def email() -> str:
    return f"user-{uuid.uuid4().hex[:10]}@example.com"
