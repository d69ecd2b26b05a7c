"""An executor context on the integration instance's Postgres and Redis, and a caller."""

from __future__ import annotations

import uuid

import pytest
from jobsprint.common import db, outbound
from jobsprint.common.tokens import KeyRing
from jobsprint.executor import handlers
from jobsprint.executor.adapters.lease import Leases
from jobsprint.executor.domain import nodes
from jobsprint.executor.domain.nodes import CATALOGUE

LOOPBACK = outbound.OutboundPolicy.from_settings(allow=["127.0.0.0/8"], denied_ports=())


def _bind(
    policy: outbound.OutboundPolicy, *, max_response_bytes: int = 1024 * 1024, max_seconds: float = 300.0
) -> nodes.HttpRequester:
    requester = nodes.HttpRequester(
        outbound.client(policy, timeout=max_seconds, max_redirects=0),
        max_response_bytes=max_response_bytes,
        max_seconds=max_seconds,
    )
    nodes.bind_http_requests(CATALOGUE, requester)
    return requester


@pytest.fixture(scope="session", autouse=True)
def loopback_targets():
    """The tests' stand-ins for outside servers listen on loopback, which the SSRF guard refuses
    unless an operator allows it: allowed here, as the e2e suite's instance allows it."""
    unbound = CATALOGUE[nodes.HTTP_REQUEST]
    requester = _bind(LOOPBACK)
    yield
    requester.close()
    CATALOGUE[nodes.HTTP_REQUEST] = unbound


@pytest.fixture
def http_requests():
    """Rebinds `core.http_request` for one test (`bind(policy, max_response_bytes=…,
    max_seconds=…)`); the loopback binding comes back afterwards."""
    bound: list[nodes.HttpRequester] = []

    def bind(policy: outbound.OutboundPolicy = LOOPBACK, **limits: float) -> nodes.HttpRequester:
        bound.append(_bind(policy, **limits))  # type: ignore[arg-type]
        return bound[-1]

    yield bind
    for requester in bound:
        requester.close()
    _bind(LOOPBACK)


@pytest.fixture(scope="module")
def ctx(it_env):
    engine = db.make_engine(it_env["EXECUTOR_DATABASE_URL"], pool_size=2)
    context = handlers.ExecutorContext(
        sessions=db.make_session_factory(engine),
        leases=Leases(engine, ttl_seconds=30),
        max_steps=100,
        max_output_bytes=64 * 1024,
    )
    yield context
    context.sessions.kw["bind"].dispose()


@pytest.fixture
def principal():
    ring = KeyRing(keys={"k": "x" * 32}, current_kid="k", issuer="jobsprint", audience="jobsprint")
    token, _ = ring.issue(
        subject=str(uuid.uuid4()), workspace_id=str(uuid.uuid4()), roles=["owner"], ttl_seconds=60
    )
    return ring.verify(token)
