"""The integrations service as the executor's workers need it: InvokeAction, called with a
short-lived service token for the execution's workspace (workers have no user token)."""

from __future__ import annotations

import logging
import threading
from typing import Any

import grpc
import orjson
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.common import retrying, tracing
from jobsprint.common.grpc_errors import TRANSIENT_CODES
from jobsprint.common.identity import auth_metadata, service_principal
from jobsprint.common.tokens import KeyRing
from jobsprint.executor.domain import integration_nodes
from jobsprint.executor.domain.integration_nodes import ActionCall, IntegrationFailure
from jobsprint.executor.domain.nodes import NodeCatalogue

log = logging.getLogger(__name__)
# ListConnectors needs a workspace; the catalogue is the same for all, so any id will do.
CATALOGUE_WORKSPACE = "00000000-0000-0000-0000-000000000000"

# No transparent gRPC retries: an action has side effects, and the node's retry policy decides.
CHANNEL_OPTIONS = [("grpc.enable_retries", 0), ("grpc.keepalive_time_ms", 30_000)]


class IntegrationsClient:
    def __init__(self, target: str, *, key_ring: KeyRing, deadline_seconds: float) -> None:
        self._target = target
        self._key_ring = key_ring
        self._deadline = deadline_seconds
        self._stub: integrations_pb2_grpc.IntegrationsServiceStub | None = None
        self._lock = threading.Lock()

    def _service_metadata(self, workspace_id: str, *, scopes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        """A short-lived service token for the workspace the step runs in (ADR-047)."""
        return auth_metadata(
            service_principal(self._key_ring, service="executor", workspace_id=workspace_id, scopes=scopes)
        )

    def _connected(self) -> integrations_pb2_grpc.IntegrationsServiceStub:
        with self._lock:
            if self._stub is None:
                # No transparent retries (an action call is not idempotent); the trace goes on.
                channel = grpc.intercept_channel(
                    grpc.insecure_channel(self._target, options=CHANNEL_OPTIONS), tracing.ClientInterceptor()
                )
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
                metadata=self._service_metadata(call.workspace_id, scopes=("run",)),
                timeout=self._deadline,
            )
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            raise IntegrationFailure(
                f"{call.connector}.{call.action}: {exc.details()}",  # type: ignore[attr-defined]
                retryable=code in TRANSIENT_CODES,
            ) from exc
        return orjson.loads(reply.output) if reply.output else None

    def action_names(self) -> list[str]:
        """`<connector>.<action>` for every static action in the integrations catalogue."""
        reply = self._connected().ListConnectors(
            integrations_pb2.ListConnectorsRequest(),
            metadata=self._service_metadata(CATALOGUE_WORKSPACE, scopes=("read",)),
            timeout=5,
        )
        return [f"{c.name}.{a.name}" for c in reply.connectors for a in c.actions]


def install_nodes(catalogue: NodeCatalogue, client: IntegrationsClient) -> None:
    """Register the built-in integration node types now, and every other action of the
    integrations catalogue (a connector added there) as soon as that service answers."""
    integration_nodes.register(catalogue, client)

    def discover() -> None:
        names = retrying.retry_until(
            client.action_names,
            outage=retrying.Outage("the integrations service (its catalogue)", log=log),
            errors=(grpc.RpcError,),
            should_stop=lambda: False,  # a daemon thread: it ends with the process
        )
        integration_nodes.register(catalogue, client, names=names)
        log.info("integration node types: %d actions", len(names))

    threading.Thread(target=discover, name="integrations-discovery", daemon=True).start()
