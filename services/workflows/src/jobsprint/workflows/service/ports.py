"""The ports the use cases depend on. Adapters implement them (`adapters/`), unit tests fake them
by subclassing (`tests/unit/fakes.py`); no use case knows which it has."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jobsprint.common.envelope import DataKeysUnitOfWork, WrappedKey
from jobsprint.common.tokens import Principal
from jobsprint.workflows.domain.credentials import ConnectorNeeds, KnownCredential
from jobsprint.workflows.domain.search import Search
from jobsprint.workflows.domain.workflow import NewWorkflow, SearchText, Started, Version, Workflow


@dataclass(frozen=True)
class Stored:
    """A workflow read with its current version's definition and its workspace's wrapped data key
    (None before the workspace has one), which opens its sealed webhook token and secret; `rank`
    is its full-text rank in a search."""

    workflow: Workflow
    definition: Any
    key: WrappedKey | None
    rank: float = 0.0


class WorkflowRepository(ABC):
    """Workflows and their versions. Every read names the workspace, so another workspace's
    workflow is never found. Never commits."""

    @abstractmethod
    def add(self, workflow: NewWorkflow, *, definition: Any, search: SearchText) -> None:
        """Store a new workflow with `definition` as its version 1."""

    @abstractmethod
    def get(
        self, workspace_id: str, workflow_id: str, *, deleted: bool = False, for_update: bool = False
    ) -> Stored | None:
        """The workflow (in the trash when `deleted`, else not), row-locked when `for_update`."""

    @abstractmethod
    def get_many(self, workspace_id: str, workflow_ids: Sequence[str]) -> list[Stored]:
        """Those of `workflow_ids` (canonical UUIDs) the workspace has, not in the trash, any order."""

    @abstractmethod
    def search(self, workspace_id: str, query: Search) -> list[Stored]:
        """Up to `query.limit` workflows that match, in its order, after its position."""

    @abstractmethod
    def existing(self, workspace_id: str, workflow_ids: Sequence[str]) -> set[str]:
        """Those of `workflow_ids` the workspace has, not in the trash."""

    @abstractmethod
    def update(
        self,
        workflow_id: str,
        changes: Mapping[str, Any],
        *,
        search: SearchText | None = None,
        bump: bool = True,
    ) -> None:
        """Set `changes` (fields of `Workflow` named in `workflow.CHANGEABLE`), reindex for
        `search` when given, and raise the revision and the update time unless not `bump` (a
        scheduler moving a schedule on edits nothing)."""

    @abstractmethod
    def move_to_trash(self, workflow_id: str) -> None:
        """Mark it deleted now, inactive and unscheduled (revision and update time raised)."""

    @abstractmethod
    def restore(self, workflow_id: str) -> None:
        """Take it out of the trash (revision and update time raised)."""

    @abstractmethod
    def purge(self, *, deleted_before: datetime) -> int:
        """Delete for good, with their versions and ticks, the workflows deleted before; how many."""

    @abstractmethod
    def add_version(self, workflow_id: str, *, definition: Any, created_by: str, message: str) -> int:
        """Store the next version of the workflow; returns its number."""

    @abstractmethod
    def get_version(self, workflow_id: str, version: int) -> Version | None: ...

    @abstractmethod
    def list_versions(self, workflow_id: str, *, before: int | None, limit: int) -> list[Version]:
        """Up to `limit` versions, newest first, older than `before` if given (no definitions)."""

    @abstractmethod
    def existing_versions(self, pairs: Sequence[tuple[str, int]]) -> set[tuple[str, int]]:
        """Those of the (workflow id, version) `pairs` that exist."""


class CronTicks(ABC):
    """The cron schedules: due workflows and the ticks that fired (ADR-035). Never commits."""

    @abstractmethod
    def due(self, *, now: datetime, limit: int) -> list[str]:
        """Ids of active workflows whose next tick is due at `now`, the most overdue first."""

    @abstractmethod
    def claim(self, workflow_id: str, *, now: datetime) -> Workflow | None:
        """The workflow, row-locked, if it is still due and no other scheduler holds it."""

    @abstractmethod
    def record(self, workflow_id: str, *, tick: datetime, version: int, missed: int, fired_by: str) -> bool:
        """Record that `tick` fires; False when it already did (its key is taken)."""

    @abstractmethod
    def started(self, workflow_id: str, *, tick: datetime, execution_id: str) -> None:
        """Note the execution `tick` started."""


class WorkflowsUnitOfWork(DataKeysUnitOfWork):
    """One use case's transaction over the workflows schema: workflows and versions, cron ticks
    and the workspaces' data keys (ADR-069), with the outbox."""

    workflows: WorkflowRepository
    ticks: CronTicks


@dataclass(frozen=True)
class WebhookTarget:
    """The workflow an active webhook token starts, with its current version's definition as the
    JSON text it is stored as, and its workspace's wrapped data key."""

    id: str
    workspace_id: str
    current_version: int
    webhook_secret_sealed: bytes | None
    definition: str
    key: WrappedKey | None


class WebhookTargets(ABC):
    """The hot path of every hook call: one read, outside any transaction."""

    @abstractmethod
    def find(self, token_hash: str) -> WebhookTarget | None:
        """The active, undeleted webhook workflow whose token has this digest."""


class Executor(ABC):
    """The executor service, as the workflows service needs it."""

    @abstractmethod
    def node_types(self, principal: Principal) -> Mapping[str, Mapping[str, Any]]:
        """Node type → its parameters' JSON schema (cached; a stale copy while the executor is away)."""

    @abstractmethod
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


class Integrations(ABC):
    """The integrations service: what connectors take and the workspace's credentials (ADR-039).
    Raises `Unavailable` when it cannot answer."""

    @abstractmethod
    def connectors(self, workspace_id: str) -> Mapping[str, ConnectorNeeds]: ...

    @abstractmethod
    def credentials(
        self, workspace_id: str, *, ids: Sequence[str] = (), names: Sequence[str] = ()
    ) -> list[KnownCredential]:
        """The workspace's credentials among `ids` and `names`; what matches nothing is absent."""
