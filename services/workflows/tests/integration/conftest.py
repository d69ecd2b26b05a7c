"""The workflows service's handlers against the `it` database, with real executor and
integrations gRPC servers beside them that share the instance's key ring (service tokens minted
here verify there)."""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta

import orjson
import pytest
import redis
from jobsprint.common import db, envelope, outbound
from jobsprint.common.envelope import MasterKeyRing
from jobsprint.common.grpc_server import serving_locally
from jobsprint.common.tokens import KeyRing, Principal
from jobsprint.executor import handlers as executor_handlers
from jobsprint.executor.adapters.lease import Leases
from jobsprint.executor.entrypoints import grpc_api as executor_grpc_api
from jobsprint.integrations import bootstrap as integrations_bootstrap
from jobsprint.integrations.adapters.stores import RedisCache
from jobsprint.integrations.domain.connector import Limits
from jobsprint.integrations.entrypoints import grpc_api as integrations_grpc_api
from jobsprint.workflows import handlers
from jobsprint.workflows.adapters.executor_client import ExecutorClient
from jobsprint.workflows.adapters.integrations_client import IntegrationsClient
from jobsprint.workflows.adapters.orm import data_keys


@pytest.fixture(scope="session")
def ring(it_env) -> KeyRing:
    return KeyRing(
        keys=orjson.loads(it_env["JOBSPRINT_JWT_KEYS"]),
        current_kid=it_env["JOBSPRINT_JWT_CURRENT_KID"],
        issuer="jobsprint",
        audience="jobsprint",
    )


@pytest.fixture(scope="session")
def executor_ctx(it_env):
    context = executor_handlers.ExecutorContext(
        sessions=db.make_session_factory(db.make_engine(it_env["EXECUTOR_DATABASE_URL"], pool_size=2)),
        leases=Leases(redis.Redis.from_url(it_env["JOBSPRINT_REDIS_URL"]), ttl_seconds=30),
        max_steps=100,
        max_output_bytes=65536,
    )
    yield context
    context.sessions.kw["bind"].dispose()


@pytest.fixture(scope="session")
def executor_target(executor_ctx, ring):
    with serving_locally(executor_grpc_api.binding(executor_ctx), key_ring=ring) as target:
        yield target


@pytest.fixture(scope="session")
def integrations_ctx(it_env):
    engine = db.make_engine(it_env["INTEGRATIONS_DATABASE_URL"], pool_size=2)
    yield integrations_bootstrap.wire(
        engine=engine,
        master_keys=MasterKeyRing.from_base64({"w": base64.b64encode(b"W" * 32).decode()}, "w"),
        policy=outbound.OutboundPolicy(),
        limits=Limits(),
        cache=RedisCache(redis.Redis.from_url(it_env["JOBSPRINT_REDIS_URL"])),
        monthly_tokens=0,
    )
    engine.dispose()


@pytest.fixture(scope="session")
def integrations_target(integrations_ctx, ring):
    with serving_locally(integrations_grpc_api.binding(integrations_ctx), key_ring=ring) as target:
        yield target


@pytest.fixture(scope="session")
def ctx(it_env, executor_target, integrations_target, ring):
    context = handlers.WorkflowsContext(
        sessions=db.make_session_factory(db.make_engine(it_env["WORKFLOWS_DATABASE_URL"], pool_size=4)),
        executor=ExecutorClient(executor_target, catalogue_ttl=60),
        integrations=IntegrationsClient(
            integrations_target, key_ring=ring, catalogue_ttl=60, deadline_seconds=5
        ),
        max_definition_bytes=65536,
        data_keys=envelope.DataKeys(
            MasterKeyRing.from_json(it_env["WORKFLOWS_MASTER_KEYS"], it_env["WORKFLOWS_MASTER_KEY_CURRENT"]),
            data_keys,
        ),
        key_ring=ring,
        trash_retention=timedelta(days=30),
        redacted_headers=("X-Tenant-Pin",),
    )
    yield context
    context.sessions.kw["bind"].dispose()


@pytest.fixture
def new_principal(ring):
    """Makes a caller: a user of a new workspace, or of the given one."""

    def make(workspace_id: str | None = None) -> Principal:
        token, _ = ring.issue(
            subject=str(uuid.uuid4()),
            workspace_id=workspace_id or str(uuid.uuid4()),
            roles=["owner"],
            ttl_seconds=300,
        )
        return ring.verify(token)

    return make
