"""The integrations service, as the workflows service needs it: what each connector takes
(cached, like the executor's node catalogue) and the workspace's credentials by id or name.

It calls as itself, with a short-lived service token for the caller's workspace and only the
`read` scope (ADR-039): checking a definition's references is the workflows service's own job,
and the caller's token may be an API key that holds `write` but not `read`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import grpc
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.common import deadlines, grpc_client, grpc_inprocess
from jobsprint.common.errors import DomainError, Internal, Unavailable
from jobsprint.common.grpc_errors import TRANSIENT_CODES
from jobsprint.common.identity import auth_metadata, service_principal
from jobsprint.common.tokens import KeyRing
from jobsprint.workflows.domain.credentials import ConnectorNeeds, KnownCredential
from jobsprint.workflows.service.ports import Integrations

log = logging.getLogger(__name__)

BATCH = 500  # BatchGetCredentials takes at most this many ids and as many names


class IntegrationsClient(Integrations):
    def __init__(
        self,
        target: str,
        *,
        key_ring: KeyRing,
        catalogue_ttl: float,
        deadline_seconds: float,
        local: grpc_inprocess.ProcessServers | None = None,
    ) -> None:
        self._stub = integrations_pb2_grpc.IntegrationsServiceStub(grpc_client.channel(target, local))
        self._key_ring = key_ring
        self._catalogue_ttl = catalogue_ttl
        self._deadline = deadline_seconds
        self._connectors: Mapping[str, ConnectorNeeds] = MappingProxyType({})
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def _metadata(self, workspace_id: str) -> tuple[tuple[str, str], ...]:
        return auth_metadata(
            service_principal(
                self._key_ring, service="workflows", workspace_id=workspace_id, scopes=("read",)
            )
        )

    def _failed(self, exc: grpc.RpcError, what: str) -> DomainError:
        code = exc.code()  # type: ignore[attr-defined]
        if code in TRANSIENT_CODES:
            return Unavailable(f"the integrations service is unavailable ({what} cannot be looked up)")
        log.error("integrations refused to look up %s: %s %s", what, code, exc.details())  # type: ignore[attr-defined]
        return Internal(f"the integrations service refused to look up {what}")

    def connectors(self, workspace_id: str) -> Mapping[str, ConnectorNeeds]:
        """Connector name → the credentials it takes, cached; a stale copy is used while the
        integrations service is away."""
        with self._lock:
            if time.monotonic() - self._fetched_at < self._catalogue_ttl:
                return self._connectors
            try:
                reply = self._stub.ListConnectors(
                    integrations_pb2.ListConnectorsRequest(),
                    metadata=self._metadata(workspace_id),
                    timeout=deadlines.timeout(self._deadline),
                )
            except grpc.RpcError as exc:
                if self._connectors:
                    return self._connectors
                raise self._failed(exc, "the connector catalogue") from exc
            self._connectors = MappingProxyType(
                {
                    c.name: ConnectorNeeds(tuple(c.credential_types), c.credential_required)
                    for c in reply.connectors
                }
            )
            self._fetched_at = time.monotonic()
            return self._connectors

    def credentials(
        self, workspace_id: str, *, ids: Sequence[str] = (), names: Sequence[str] = ()
    ) -> list[KnownCredential]:
        """The workspace's credentials among `ids` and `names`; what matches nothing is absent."""
        found: dict[str, KnownCredential] = {}
        for start in range(0, max(len(ids), len(names)), BATCH):
            try:
                reply = self._stub.BatchGetCredentials(
                    integrations_pb2.BatchGetCredentialsRequest(
                        ids=ids[start : start + BATCH], names=names[start : start + BATCH]
                    ),
                    metadata=self._metadata(workspace_id),
                    timeout=deadlines.timeout(self._deadline),
                )
            except grpc.RpcError as exc:
                raise self._failed(exc, "the workspace's credentials") from exc
            for c in reply.credentials:
                found[c.id] = KnownCredential(c.id, c.name, c.type)
        return list(found.values())
