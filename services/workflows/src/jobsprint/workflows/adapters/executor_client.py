"""The executor, as the workflows service needs it: its node catalogue and starting executions."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import grpc
import orjson
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common import deadlines, grpc_client, grpc_inprocess
from jobsprint.common.errors import Unavailable
from jobsprint.common.grpc_errors import PassedOn
from jobsprint.common.identity import auth_metadata
from jobsprint.common.tokens import Principal
from jobsprint.workflows.domain.workflow import Started
from jobsprint.workflows.service.ports import Executor

Catalogue = Mapping[str, Mapping[str, Any]]


class ExecutorClient(Executor):
    def __init__(
        self, target: str, *, catalogue_ttl: float, local: grpc_inprocess.ProcessServers | None = None
    ) -> None:
        self._stub = executor_pb2_grpc.ExecutorServiceStub(grpc_client.channel(target, local))
        self._catalogue_ttl = catalogue_ttl
        self._catalogue: Catalogue = MappingProxyType({})
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def node_types(self, principal: Principal) -> Catalogue:
        """Node type → its parameters' JSON schema, cached; a stale copy is used while the executor
        is away."""
        with self._lock:
            if time.monotonic() - self._fetched_at < self._catalogue_ttl:
                return self._catalogue
            try:
                response = self._stub.ListNodeTypes(
                    executor_pb2.ListNodeTypesRequest(),
                    metadata=auth_metadata(principal),
                    timeout=deadlines.timeout(grpc_client.DEFAULT_DEADLINE_SECONDS),
                )
            except grpc.RpcError as exc:
                if self._catalogue:
                    return self._catalogue
                raise Unavailable("the executor's node catalogue is unavailable; retry shortly") from exc
            self._catalogue = MappingProxyType(
                {
                    node.type: orjson.loads(node.parameters_schema) if node.parameters_schema else {}
                    for node in response.node_types
                }
            )
            self._fetched_at = time.monotonic()
            return self._catalogue

    def start_execution(
        self,
        principal: Principal,
        *,
        workflow_id: str,
        version: int,
        definition: bytes,
        input_: bytes,
        request: bytes = b"",
        idempotency_key: str = "",
    ) -> Started:
        """Start a run; with `idempotency_key`, a repeat returns the run the key first started."""
        try:
            response = self._stub.StartExecution(
                executor_pb2.StartExecutionRequest(
                    workflow_id=workflow_id,
                    workflow_version=version,
                    definition=definition,
                    input=input_,
                    request=request,
                    idempotency_key=idempotency_key,
                ),
                metadata=auth_metadata(principal),
                timeout=deadlines.timeout(grpc_client.DEFAULT_DEADLINE_SECONDS),
            )
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            raise PassedOn(f"the executor refused the run: {exc.details()}", code) from exc  # type: ignore[attr-defined]
        execution = response.execution
        return Started(execution.id, execution.workflow_version, execution.status)
