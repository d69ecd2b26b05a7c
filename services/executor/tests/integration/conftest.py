"""The executor wired over the integration instance's Postgres and Redis (`ctx.deps`), its session
factory for what the tests read and write directly (`ctx.sessions`), and a caller."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from jobsprint.common import db, outbound
from jobsprint.common.tokens import KeyRing
from jobsprint.executor import bootstrap
from jobsprint.executor.adapters.http_requests import HttpRequester
from jobsprint.executor.adapters.sandbox import SandboxPool
from jobsprint.executor.domain.sandboxing import Limits
from jobsprint.executor.service.dependencies import Dependencies, RunLimits
from sqlalchemy.orm import Session, sessionmaker

LOOPBACK = outbound.OutboundPolicy.from_settings(allow=["127.0.0.0/8"], denied_ports=())


def requester(
    policy: outbound.OutboundPolicy = LOOPBACK,
    *,
    max_response_bytes: int = 1024 * 1024,
    max_seconds: float = 300.0,
) -> HttpRequester:
    return HttpRequester(
        outbound.client(policy, timeout=max_seconds, max_redirects=0),
        max_response_bytes=max_response_bytes,
        max_seconds=max_seconds,
    )


@dataclass(frozen=True)
class Wired:
    """What a test drives: the use cases' dependencies, and the session factory to look with."""

    deps: Dependencies
    sessions: sessionmaker[Session]


@pytest.fixture(scope="session")
def sandbox():
    pool = SandboxPool(Limits())
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def loopback_requests():
    """The tests' stand-ins for outside servers listen on loopback, which the SSRF guard refuses
    unless an operator allows it: allowed here, as the e2e suite's instance allows it."""
    made = requester()
    yield made
    made.close()


@pytest.fixture(scope="module")
def engine(it_env):
    made = db.make_engine(it_env["EXECUTOR_DATABASE_URL"], pool_size=2)
    yield made
    made.dispose()


def wired(engine, sandbox, http_requests, **parts) -> Wired:
    """The executor over `engine` with `parts` (`bootstrap.wire`'s), 100 steps and 64 KiB outputs."""
    parts.setdefault("limits", RunLimits(max_steps=100, max_output_bytes=64 * 1024))
    deps = bootstrap.wire(engine=engine, sandbox=sandbox, http_requests=http_requests, **parts)
    return Wired(deps, db.make_session_factory(engine))


@pytest.fixture(scope="module")
def ctx(engine, sandbox, loopback_requests) -> Wired:
    return wired(engine, sandbox, loopback_requests)


@pytest.fixture
def http_requests(ctx):
    """Rebinds `core.http_request` for one test (`bind(policy, max_response_bytes=…,
    max_seconds=…)`) in a catalogue of its own; returns the executor wired with it."""
    made: list[HttpRequester] = []

    def bind(policy: outbound.OutboundPolicy = LOOPBACK, **limits: float) -> Wired:
        made.append(requester(policy, **limits))  # type: ignore[arg-type]
        return wired(ctx.sessions.kw["bind"], ctx.deps.sandbox, made[-1])

    yield bind
    for one in made:
        one.close()


@pytest.fixture
def principal():
    ring = KeyRing(keys={"k": "x" * 32}, current_kid="k", issuer="jobsprint", audience="jobsprint")
    token, _ = ring.issue(
        subject=str(uuid.uuid4()), workspace_id=str(uuid.uuid4()), roles=["owner"], ttl_seconds=60
    )
    return ring.verify(token)
