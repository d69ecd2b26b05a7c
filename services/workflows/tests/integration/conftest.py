"""The workflows service's use cases against the `it` database, beside the executor and the
integrations service run as their own processes (`python -m jobsprint.<svc>`: the executor's
gRPC API with its outbox relay, one worker, the integrations API) and reached only through their
public gRPC APIs, as the workflows service reaches them.

Those processes get an instance of their own (database and vhost `<it>_services`): in the `it`
instance the other suites' tests leave executions, outbox rows and run messages behind, which a
worker there would run first (a run of these tests once waited 30 s behind them). They share the
`it` instance's key ring, so the tokens made here verify there."""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import devctl
import orjson
import pytest
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.common import db, grpc_client
from jobsprint.common.envelope import MasterKeyRing
from jobsprint.common.identity import auth_metadata
from jobsprint.common.testing import grpc_service
from jobsprint.common.tokens import KeyRing, Principal
from jobsprint.workflows import bootstrap
from jobsprint.workflows.adapters.executor_client import ExecutorClient
from jobsprint.workflows.adapters.integrations_client import IntegrationsClient
from jobsprint.workflows.service import (
    activation,
    cron,
    definitions,
    import_export,
    search,
    trash,
    versions,
    webhooks,
)
from jobsprint.workflows.service.dependencies import Dependencies
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

FINAL = ("succeeded", "failed", "cancelled")


@pytest.fixture(scope="session")
def ring(it_env) -> KeyRing:
    return KeyRing(
        keys=orjson.loads(it_env["JOBSPRINT_JWT_KEYS"]),
        current_kid=it_env["JOBSPRINT_JWT_CURRENT_KID"],
        issuer="jobsprint",
        audience="jobsprint",
    )


@pytest.fixture(scope="session")
def services_env(it_env) -> dict[str, str]:
    """The environment of the executor and integrations processes: an instance of their own."""
    it = devctl.INSTANCES["it"]
    instance = dataclasses.replace(
        it, name=f"{it.name}-services", database=f"{it.database}_services", vhost=f"{it.vhost}_services"
    )
    devctl.prepare(instance)
    ring = ("JOBSPRINT_JWT_KEYS", "JOBSPRINT_JWT_CURRENT_KID", "JOBSPRINT_JWT_KEYS_FILE")
    return {**devctl.environment(instance), **{name: it_env[name] for name in ring}}


@pytest.fixture(scope="session")
def integrations_target(services_env) -> Iterator[str]:
    with grpc_service("integrations", env=services_env) as target:
        yield target


@pytest.fixture(scope="session")
def executor_target(services_env, integrations_target) -> Iterator[str]:
    """The executor's API and one worker; its integration nodes call the integrations process."""
    env = {**services_env, "EXECUTOR_INTEGRATIONS_TARGET": integrations_target}
    with grpc_service("executor", env=env, extra_commands=("worker",)) as target:
        yield target


@dataclass
class UseCases:
    """The use cases with the dependencies bootstrap wires, each called as the servicer calls
    it (a new unit of work per call), so a test names only the request; `sessions` reads or
    changes the tables directly."""

    deps: Dependencies
    engine: Engine
    wiring: dict[str, Any]  # what bootstrap.wire was given

    def replaced(self, **parts: Any) -> UseCases:
        """The same use cases wired with other `parts` (an executor, an integrations client)."""
        wiring = {**self.wiring, **parts}
        return UseCases(bootstrap.wire(**wiring), self.engine, wiring)

    @property
    def sessions(self) -> sessionmaker[Session]:
        return db.make_session_factory(self.engine)

    def create_workflow(self, **request: Any) -> Any:
        return definitions.create_workflow(self.deps.uow(), self.deps.keys, self.deps.checks, **request)

    def get_workflow(self, **request: Any) -> Any:
        return definitions.get_workflow(self.deps.uow(), self.deps.keys, **request)

    def update_workflow(self, **request: Any) -> Any:
        return definitions.update_workflow(self.deps.uow(), self.deps.keys, self.deps.checks, **request)

    def batch_get_workflows(self, **request: Any) -> Any:
        return search.batch_get_workflows(self.deps.uow(), self.deps.keys, **request)

    def list_workflows(self, **request: Any) -> Any:
        return search.list_workflows(self.deps.uow(), self.deps.keys, **request)

    def export_workflow(self, **request: Any) -> Any:
        return import_export.export_workflow(
            self.deps.uow(), self.deps.keys, self.deps.integrations, **request
        )

    def import_workflow(self, **request: Any) -> Any:
        return import_export.import_workflow(self.deps.uow(), self.deps.keys, self.deps.checks, **request)

    def list_versions(self, **request: Any) -> Any:
        return versions.list_versions(self.deps.uow(), self.deps.keys, **request)

    def get_version(self, **request: Any) -> Any:
        return versions.get_version(self.deps.uow(), self.deps.keys, **request)

    def diff_versions(self, **request: Any) -> Any:
        return versions.diff_versions(self.deps.uow(), self.deps.keys, **request)

    def rollback_workflow(self, **request: Any) -> Any:
        return versions.rollback_workflow(self.deps.uow(), self.deps.keys, self.deps.checks, **request)

    def set_active(self, **request: Any) -> Any:
        return activation.set_active(self.deps.uow(), self.deps.keys, **request)

    def run_workflow(self, **request: Any) -> Any:
        return activation.run_workflow(self.deps.uow(), self.deps.keys, self.deps.executor, **request)

    def delete_workflow(self, **request: Any) -> Any:
        return trash.delete_workflow(self.deps.uow(), self.deps.keys, **request)

    def restore_workflow(self, **request: Any) -> Any:
        return trash.restore_workflow(
            self.deps.uow(), self.deps.keys, retention=self.deps.trash_retention, **request
        )

    def purge_deleted(self, *, now: datetime) -> int:
        return trash.purge_deleted(self.deps.uow(), now=now, retention=self.deps.trash_retention)

    def rotate_webhook_token(self, **request: Any) -> Any:
        return webhooks.rotate_webhook_token(self.deps.uow(), self.deps.keys, **request)

    def set_webhook_secret(self, **request: Any) -> Any:
        return webhooks.set_webhook_secret(self.deps.uow(), self.deps.keys, **request)

    def trigger_webhook(self, **request: Any) -> Any:
        return webhooks.trigger_webhook(self.deps.ingress, **request)

    def fire_due_schedules(self, *, now: datetime, fired_by: str) -> int:
        d = self.deps
        return cron.fire_due_schedules(
            d.uow, d.executor, d.key_ring, now=now, fired_by=fired_by, grace=d.cron_grace
        )


@pytest.fixture(scope="session")
def engine(it_env) -> Iterator[Engine]:
    made = db.make_engine(it_env["WORKFLOWS_DATABASE_URL"], pool_size=4)
    yield made
    made.dispose()


@pytest.fixture(scope="session")
def ctx(it_env, engine, executor_target, integrations_target, ring) -> UseCases:
    wiring: dict[str, Any] = {
        "engine": engine,
        "executor": ExecutorClient(executor_target, catalogue_ttl=60),
        "integrations": IntegrationsClient(
            integrations_target, key_ring=ring, catalogue_ttl=60, deadline_seconds=5
        ),
        "master_keys": MasterKeyRing.from_json(
            it_env["WORKFLOWS_MASTER_KEYS"], it_env["WORKFLOWS_MASTER_KEY_CURRENT"]
        ),
        "key_ring": ring,
        "max_definition_bytes": 65536,
        "redacted_headers": ("X-Tenant-Pin",),
        "trash_retention": timedelta(days=30),
    }
    return UseCases(bootstrap.wire(**wiring), engine, wiring)


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


@pytest.fixture(scope="session")
def executor(executor_target) -> Iterator[executor_pb2_grpc.ExecutorServiceStub]:
    with grpc_client.channel(executor_target) as channel:
        yield executor_pb2_grpc.ExecutorServiceStub(channel)


@pytest.fixture(scope="session")
def integrations(integrations_target) -> Iterator[integrations_pb2_grpc.IntegrationsServiceStub]:
    with grpc_client.channel(integrations_target) as channel:
        yield integrations_pb2_grpc.IntegrationsServiceStub(channel)


@pytest.fixture
def finished(executor) -> Callable[[Principal, str], executor_pb2.Execution]:
    """The execution once the worker has finished it, read through the executor's API."""

    def wait(principal: Principal, execution_id: str, timeout: float = 30) -> executor_pb2.Execution:
        deadline = time.monotonic() + timeout
        while True:
            execution = executor.GetExecution(
                executor_pb2.GetExecutionRequest(id=execution_id),
                metadata=auth_metadata(principal),
                timeout=5,
            ).execution
            if execution.status in FINAL:
                return execution
            assert time.monotonic() < deadline, f"execution {execution_id} is still {execution.status}"
            time.sleep(0.05)

    return wait


@pytest.fixture
def executions_of(executor) -> Callable[[Principal, str], list[executor_pb2.Execution]]:
    """Every execution of a workflow, as the executor's API lists them."""

    def listed(principal: Principal, workflow_id: str) -> list[executor_pb2.Execution]:
        found: list[executor_pb2.Execution] = []
        token = ""
        while True:
            reply = executor.ListExecutions(
                executor_pb2.ListExecutionsRequest(workflow_id=workflow_id, page_size=100, page_token=token),
                metadata=auth_metadata(principal),
                timeout=5,
            )
            found.extend(reply.executions)
            token = reply.next_page_token
            if not token:
                return found

    return listed


CREDENTIALS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "bearer": ({}, {"token": "t0ken-value"}),
    "smtp": ({"host": "mail.example.com"}, {"password": "pa55word"}),
    "ai_provider": ({"base_url": "https://llm.example.com/v1", "model": "m"}, {"api_key": "k3y-value"}),
}


@pytest.fixture
def credential(integrations) -> Callable[..., integrations_pb2.Credential]:
    """Stores a credential in the caller's workspace through the integrations API."""

    def create(principal: Principal, name: str, type_: str = "bearer") -> integrations_pb2.Credential:
        config, secret = CREDENTIALS[type_]
        reply = integrations.CreateCredential(
            integrations_pb2.CreateCredentialRequest(
                name=name, type=type_, config=orjson.dumps(config), secret=orjson.dumps(secret)
            ),
            metadata=auth_metadata(principal),
            timeout=5,
        )
        return reply.credential  # type: ignore[no-any-return]

    return create


def delete_credential(
    integrations: integrations_pb2_grpc.IntegrationsServiceStub, principal: Principal, credential_id: str
) -> None:
    integrations.DeleteCredential(
        integrations_pb2.DeleteCredentialRequest(id=credential_id),
        metadata=auth_metadata(principal),
        timeout=5,
    )
