"""The workflows service as the executor's workers need it: the definition of a workflow to run as
a subworkflow or an error workflow, read with a short-lived service token for the workspace the
calling execution belongs to (ADR-047), so a workflow of another workspace is simply not found."""

from __future__ import annotations

import threading

import grpc
import orjson
from jobsprint.api.workflows.v1 import workflows_pb2, workflows_pb2_grpc
from jobsprint.common import grpc_client, grpc_inprocess
from jobsprint.common.grpc_errors import TRANSIENT_CODES
from jobsprint.common.identity import auth_metadata, service_principal
from jobsprint.common.tokens import KeyRing
from jobsprint.executor.domain.subworkflows import ResolvedWorkflow, ResolveFailure


class WorkflowsClient:
    def __init__(
        self,
        target: str,
        *,
        key_ring: KeyRing,
        deadline_seconds: float,
        local: grpc_inprocess.ProcessServers | None = None,
    ) -> None:
        self._target = target
        self._local = local
        self._key_ring = key_ring
        self._deadline = deadline_seconds
        self._stub: workflows_pb2_grpc.WorkflowsServiceStub | None = None
        self._lock = threading.Lock()

    def _connected(self) -> workflows_pb2_grpc.WorkflowsServiceStub:
        with self._lock:
            if self._stub is None:
                # Reads only: the channel's transparent retries of UNAVAILABLE are safe here.
                self._stub = workflows_pb2_grpc.WorkflowsServiceStub(
                    grpc_client.channel(self._target, self._local)
                )
            return self._stub

    def resolve(self, *, workspace_id: str, workflow_id: str, version: int | None) -> ResolvedWorkflow:
        metadata = auth_metadata(
            service_principal(self._key_ring, service="executor", workspace_id=workspace_id, scopes=("read",))
        )
        stub = self._connected()
        try:
            if version is None:
                workflow = stub.GetWorkflow(
                    workflows_pb2.GetWorkflowRequest(id=workflow_id),
                    metadata=metadata,
                    timeout=self._deadline,
                ).workflow
                return ResolvedWorkflow(workflow.id, workflow.version, orjson.loads(workflow.definition))
            pinned = stub.GetWorkflowVersion(
                workflows_pb2.GetWorkflowVersionRequest(id=workflow_id, version=version),
                metadata=metadata,
                timeout=self._deadline,
            ).version
            return ResolvedWorkflow(pinned.workflow_id, pinned.version, orjson.loads(pinned.definition))
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            where = f"workflow {workflow_id}" + (f" version {version}" if version is not None else "")
            if code in TRANSIENT_CODES:
                message = f"the workflows service did not answer for {where} ({code.name})"
            else:
                message = f"{where}: {exc.details()}"  # type: ignore[attr-defined]
            raise ResolveFailure(message, retryable=code in TRANSIENT_CODES) from exc
