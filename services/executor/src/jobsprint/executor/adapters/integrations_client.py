"""The integrations service as the executor's workers need it: InvokeAction, called with a
short-lived service token for the execution's workspace (workers have no user token)."""

from __future__ import annotations

import threading
from typing import Any

import grpc
import orjson
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.common.service_tokens import service_metadata
from jobsprint.common.tokens import KeyRing
from jobsprint.executor.domain.integration_nodes import ActionCall, IntegrationFailure

# Codes after which trying the same call later may succeed (the integrations service's contract).
RETRYABLE = frozenset(
    {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.RESOURCE_EXHAUSTED}
)
# No transparent gRPC retries: an action has side effects, and the node's retry policy decides.
CHANNEL_OPTIONS = [("grpc.enable_retries", 0), ("grpc.keepalive_time_ms", 30_000)]


class IntegrationsClient:
    def __init__(self, target: str, *, key_ring: KeyRing, deadline_seconds: float) -> None:
        self._target = target
        self._key_ring = key_ring
        self._deadline = deadline_seconds
        self._stub: integrations_pb2_grpc.IntegrationsServiceStub | None = None
        self._lock = threading.Lock()

    def _connected(self) -> integrations_pb2_grpc.IntegrationsServiceStub:
        with self._lock:
            if self._stub is None:
                channel = grpc.insecure_channel(self._target, options=CHANNEL_OPTIONS)
                self._stub = integrations_pb2_grpc.IntegrationsServiceStub(channel)
            return self._stub

    def invoke(self, call: ActionCall) -> Any:
        try:
            reply = self._connected().InvokeAction(
                integrations_pb2.InvokeActionRequest(
                    connector=call.connector,
                    action=call.action,
                    parameters=orjson.dumps(call.parameters),
                    credential_id=call.credential_id,
                    idempotency_key=call.idempotency_key,
                ),
                metadata=service_metadata(self._key_ring, service="executor", workspace_id=call.workspace_id),
                timeout=self._deadline,
            )
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            raise IntegrationFailure(
                f"{call.connector}.{call.action}: {exc.details()}",  # type: ignore[attr-defined]
                retryable=code in RETRYABLE,
            ) from exc
        return orjson.loads(reply.output) if reply.output else None
