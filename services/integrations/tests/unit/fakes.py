"""Fakes of the integrations ports for use-case unit tests. Each subclasses its port, so a port
that changes breaks its fake here rather than a test passing against an old shape."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from jobsprint.common.envelope import MasterKeyRing, WorkspaceKeys
from jobsprint.common.fakes import FakeDataKeyStore, FakeUnitOfWork
from jobsprint.integrations.domain.connector import (
    Action,
    ActionCall,
    ActionError,
    ActionResult,
    ConnectorInfo,
    object_schema,
)
from jobsprint.integrations.domain.credentials import (
    CredentialNameTaken,
    NewCredential,
    SealedCredential,
    StoredCredential,
)
from jobsprint.integrations.service.dependencies import Dependencies
from jobsprint.integrations.service.invocation import ActionGates
from jobsprint.integrations.service.ports import Connectors, CredentialRepository, IntegrationsUnitOfWork

MASTER_KEYS = MasterKeyRing(keys={"a": b"A" * 32}, current_kid="a")


class FakeCredentialRepository(CredentialRepository):
    """Credentials in a dict by id, with their ciphertexts; `get_sealed` joins the data keys as
    the SQL does (no data key, no row)."""

    def __init__(self, data_keys: FakeDataKeyStore) -> None:
        self.rows: dict[str, tuple[StoredCredential, bytes]] = {}
        self._data_keys = data_keys

    def _name_taken(self, workspace_id: str, name: str, but: str = "") -> bool:
        return any(
            c.workspace_id == workspace_id and c.name == name and c.id != but for c, _ in self.rows.values()
        )

    def add(self, credential: NewCredential, secret_ciphertext: bytes) -> StoredCredential:
        if self._name_taken(credential.workspace_id, credential.name):
            raise CredentialNameTaken(credential.name)
        now = datetime.now(UTC)
        stored = StoredCredential(
            id=credential.id,
            workspace_id=credential.workspace_id,
            name=credential.name,
            type=credential.type,
            config=credential.config,
            secret_fields=credential.secret_fields,
            created_at=now,
            updated_at=now,
        )
        self.rows[credential.id] = (stored, secret_ciphertext)
        return stored

    def get(self, workspace_id: str, credential_id: str) -> StoredCredential | None:
        found = self.rows.get(credential_id)
        return found[0] if found is not None and found[0].workspace_id == workspace_id else None

    def get_sealed(self, workspace_id: str, credential_id: str) -> SealedCredential | None:
        stored = self.get(workspace_id, credential_id)
        key = self._data_keys.get(workspace_id)
        if stored is None or key is None:
            return None
        return SealedCredential(stored, self.rows[credential_id][1], key.master_kid, key.wrapped)

    def list_page(
        self, workspace_id: str, *, type_: str, after_name: str, limit: int
    ) -> list[StoredCredential]:
        found = [
            c
            for c, _ in self.rows.values()
            if c.workspace_id == workspace_id and (not type_ or c.type == type_) and c.name > after_name
        ]
        return sorted(found, key=lambda c: c.name)[:limit]

    def find(self, workspace_id: str, *, ids: set[str], names: set[str]) -> list[StoredCredential]:
        found = [
            c
            for c, _ in self.rows.values()
            if c.workspace_id == workspace_id and (c.id in ids or c.name in names)
        ]
        return sorted(found, key=lambda c: c.name)

    def update(
        self,
        workspace_id: str,
        credential_id: str,
        *,
        name: str | None = None,
        config: dict[str, Any] | None = None,
        secret: tuple[tuple[str, ...], bytes] | None = None,
    ) -> StoredCredential:
        stored, ciphertext = self.rows[credential_id]
        assert stored.workspace_id == workspace_id
        if name is not None and self._name_taken(workspace_id, name, but=credential_id):
            raise CredentialNameTaken(name)
        changes: dict[str, Any] = {"updated_at": datetime.now(UTC)}
        if name is not None:
            changes["name"] = name
        if config is not None:
            changes["config"] = config
        if secret is not None:
            changes["secret_fields"], ciphertext = secret
        self.rows[credential_id] = (replace(stored, **changes), ciphertext)
        return self.rows[credential_id][0]

    def delete(self, workspace_id: str, credential_id: str) -> None:
        if self.get(workspace_id, credential_id) is not None:
            del self.rows[credential_id]


class FakeIntegrationsUnitOfWork(FakeUnitOfWork, IntegrationsUnitOfWork):
    # The fakes themselves, so tests may read what they hold (rows, keys, rotations).
    data_keys: FakeDataKeyStore
    credentials: FakeCredentialRepository

    def __init__(self) -> None:
        super().__init__()
        self.data_keys = self.track(FakeDataKeyStore())
        self.credentials = self.track(FakeCredentialRepository(self.data_keys))


Answer = Callable[[ActionCall, Mapping[str, Any]], Any]


@dataclass
class FakeConnector:
    """A connector of the catalogue whose actions answer with `answers[action](call, parameters)`
    (an ActionResult, or a plain output; raise an ActionError to fail)."""

    info: ConnectorInfo
    answers: dict[str, Answer] = field(default_factory=dict)
    tested: Callable[[ActionCall, str], str] = lambda call, target: "ok"
    tools: list[dict[str, Any]] = field(default_factory=list)
    tools_error: ActionError | None = None  # raised by `tools` instead, when set


class FakeConnectors(Connectors):
    """The catalogue of `connectors`, recording each call as (connector, action, parameters, call)."""

    def __init__(self, *connectors: FakeConnector) -> None:
        self._connectors = {c.info.name: c for c in connectors}
        self.calls: list[tuple[str, str, Mapping[str, Any], ActionCall]] = []

    def catalogue(self) -> list[ConnectorInfo]:
        return [c.info for c in self._connectors.values()]

    def get(self, name: str) -> ConnectorInfo | None:
        found = self._connectors.get(name)
        return None if found is None else found.info

    def invoke(
        self, call: ActionCall, connector: str, action: str, parameters: Mapping[str, Any]
    ) -> ActionResult:
        self.calls.append((connector, action, parameters, call))
        answer = self._connectors[connector].answers[action](call, parameters)
        return answer if isinstance(answer, ActionResult) else ActionResult(answer)

    def test(self, call: ActionCall, connector: str, target: str) -> str:
        return self._connectors[connector].tested(call, target)

    def tools(self, call: ActionCall, connector: str) -> list[dict[str, Any]]:
        found = self._connectors[connector]
        if found.tools_error is not None:
            raise found.tools_error
        return found.tools


def connector(
    name: str,
    *actions: str,
    credential_types: tuple[str, ...] = (),
    credential_required: bool = False,
    parameters: dict[str, Any] | None = None,
) -> ConnectorInfo:
    """A catalogue entry whose actions take `parameters` (JSON-schema properties; any by default)."""
    schema = object_schema(parameters or {}, additional=parameters is None)
    return ConnectorInfo(
        name,
        f"the {name} connector",
        credential_types,
        credential_required,
        tuple(Action(a, f"{a} of {name}", schema) for a in actions),
    )


@dataclass
class Service:
    """One fake database, one connector catalogue, and the dependencies over them."""

    uow: FakeIntegrationsUnitOfWork
    connectors: FakeConnectors
    deps: Dependencies


def service(*connectors: FakeConnector, max_concurrent: int = 2, wait_seconds: float = 0.05) -> Service:
    uow = FakeIntegrationsUnitOfWork()
    fake_connectors = FakeConnectors(*connectors)
    deps = Dependencies(
        uow=lambda: uow,
        keys=WorkspaceKeys(MASTER_KEYS),
        connectors=fake_connectors,
        gates=ActionGates(max_concurrent=max_concurrent, wait_seconds=wait_seconds),
    )
    return Service(uow, fake_connectors, deps)
