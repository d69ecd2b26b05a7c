"""The ports the use cases depend on. Adapters implement them (`adapters/`), unit tests fake them
by subclassing (`tests/unit/fakes.py`); no use case knows which it has."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

from jobsprint.common.envelope import DataKeysUnitOfWork
from jobsprint.integrations.domain.connector import ActionCall, ActionResult, ConnectorInfo
from jobsprint.integrations.domain.credentials import NewCredential, SealedCredential, StoredCredential


class CredentialRepository(ABC):
    """A workspace's credentials; every method is scoped to one workspace, so another
    workspace's credential is never found. Never commits."""

    @abstractmethod
    def add(self, credential: NewCredential, secret_ciphertext: bytes) -> StoredCredential:
        """Store a new credential; returns it as stored (with its timestamps). Raises
        `CredentialNameTaken` when the workspace has one of that name."""

    @abstractmethod
    def get(self, workspace_id: str, credential_id: str) -> StoredCredential | None: ...

    @abstractmethod
    def get_sealed(self, workspace_id: str, credential_id: str) -> SealedCredential | None:
        """The credential with its sealed secret and its workspace's wrapped data key."""

    @abstractmethod
    def list_page(
        self, workspace_id: str, *, type_: str, after_name: str, limit: int
    ) -> list[StoredCredential]:
        """Up to `limit` credentials ordered by name, after `after_name`, of `type_` if given."""

    @abstractmethod
    def find(self, workspace_id: str, *, ids: set[str], names: set[str]) -> list[StoredCredential]:
        """The credentials with any of `ids` or `names`, ordered by name."""

    @abstractmethod
    def update(
        self,
        workspace_id: str,
        credential_id: str,
        *,
        name: str | None = None,
        config: dict[str, Any] | None = None,
        secret: tuple[tuple[str, ...], bytes] | None = None,
    ) -> StoredCredential:
        """Change what is given (`secret`: its field names and ciphertext) and the update time;
        returns the credential as stored. Raises `CredentialNameTaken` like `add`."""

    @abstractmethod
    def delete(self, workspace_id: str, credential_id: str) -> None: ...


class IntegrationsUnitOfWork(DataKeysUnitOfWork):
    """One use case's transaction over the integrations schema: credentials and data keys."""

    credentials: CredentialRepository


class Connectors(ABC):
    """The connector catalogue and the calls into it (`adapters/connectors/registry.py`): the
    only way a use case reaches an outside service."""

    @abstractmethod
    def catalogue(self) -> list[ConnectorInfo]:
        """Every connector, in the order the registry lists them."""

    @abstractmethod
    def get(self, name: str) -> ConnectorInfo | None: ...

    @abstractmethod
    def invoke(
        self, call: ActionCall, connector: str, action: str, parameters: Mapping[str, Any]
    ) -> ActionResult:
        """Run `action` with `parameters` already checked against its schema; raises ActionError."""

    @abstractmethod
    def test(self, call: ActionCall, connector: str, target: str) -> str:
        """Try `call.credential`; a short success message, or ActionError saying what is wrong."""

    @abstractmethod
    def tools(self, call: ActionCall, connector: str) -> list[dict[str, Any]]:
        """The tools the connector's server offers (an MCP server's: name, description,
        input_schema); [] for a connector without a server of tools."""
