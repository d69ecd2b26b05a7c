"""Fakes of the workflows ports for use-case unit tests. Each subclasses its port, so a port that
changes breaks its fake here rather than a test passing against an old shape."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from jobsprint.common.envelope import MasterKeyRing, WorkspaceKeys
from jobsprint.common.errors import Unavailable
from jobsprint.common.fakes import FakeDataKeyStore, FakeUnitOfWork
from jobsprint.common.tokens import KeyRing, Principal
from jobsprint.workflows.domain import triggers
from jobsprint.workflows.domain.credentials import ConnectorNeeds, KnownCredential
from jobsprint.workflows.domain.search import Search
from jobsprint.workflows.domain.workflow import (
    CHANGEABLE,
    NewWorkflow,
    SearchText,
    Started,
    Version,
    Workflow,
)
from jobsprint.workflows.service.checks import DefinitionChecks
from jobsprint.workflows.service.dependencies import Dependencies
from jobsprint.workflows.service.ports import (
    CronTicks,
    Executor,
    Integrations,
    Stored,
    WebhookTarget,
    WebhookTargets,
    WorkflowRepository,
    WorkflowsUnitOfWork,
)
from jobsprint.workflows.service.webhooks import WebhookIngress

MASTER_KEYS = MasterKeyRing(keys={"a": b"A" * 32}, current_kid="a")
KEY_RING = KeyRing(keys={"k1": "w" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint")
OBJECT = {"type": "object"}
CATALOGUE: dict[str, Mapping[str, Any]] = {
    "trigger.manual": OBJECT,
    "trigger.webhook": OBJECT,
    "trigger.cron": {**OBJECT, "properties": {"expression": {"type": "string"}}, "required": ["expression"]},
    "core.set": {**OBJECT, "properties": {"values": {"type": "object"}}, "required": ["values"]},
    "core.noop": OBJECT,
    "core.subworkflow": {
        **OBJECT,
        "properties": {"workflow_id": {"type": "string"}, "version": {"type": "integer"}},
    },
    "integration.email.send": OBJECT,
}


class FakeWorkflowRepository(WorkflowRepository):
    """Workflows by id, versions by (id, number), and what each is indexed by; reads join the
    workspace's data key as the SQL does."""

    def __init__(self, data_keys: FakeDataKeyStore) -> None:
        self.rows: dict[str, Workflow] = {}
        self.versions: dict[tuple[str, int], Version] = {}
        self.indexed: dict[str, SearchText] = {}
        self._data_keys = data_keys

    def _stored(self, workflow: Workflow, *, rank: float = 0.0) -> Stored:
        definition = self.versions[(workflow.id, workflow.current_version)].definition
        return Stored(workflow, definition, self._data_keys.get(workflow.workspace_id), rank)

    def add(self, workflow: NewWorkflow, *, definition: Any, search: SearchText) -> None:
        now = datetime.now(UTC)
        self.rows[workflow.id] = Workflow(
            id=workflow.id,
            workspace_id=workflow.workspace_id,
            name=workflow.name,
            description=workflow.description,
            tags=list(workflow.tags),
            active=False,
            current_version=1,
            revision=1,
            created_at=now,
            updated_at=now,
            deleted_at=None,
            trigger_type=workflow.trigger_type,
            webhook_token_hash=workflow.webhook_token_hash,
            webhook_token_sealed=workflow.webhook_token_sealed,
        )
        self.versions[(workflow.id, 1)] = Version(workflow.id, 1, workflow.created_by, now, "", definition)
        self.indexed[workflow.id] = search

    def get(
        self, workspace_id: str, workflow_id: str, *, deleted: bool = False, for_update: bool = False
    ) -> Stored | None:
        found = self.rows.get(workflow_id)
        if found is None or found.workspace_id != workspace_id or (found.deleted_at is not None) != deleted:
            return None
        return self._stored(found)

    def get_many(self, workspace_id: str, workflow_ids: Sequence[str]) -> list[Stored]:
        found = [self.get(workspace_id, i) for i in workflow_ids]
        return [s for s in found if s is not None]

    def search(self, workspace_id: str, query: Search) -> list[Stored]:
        """Containment of the query's words stands in for full-text search; rank 1 when they match."""
        f = query.filters
        words = f.query.lower().split()
        found = []
        for w in self.rows.values():
            text = self.indexed[w.id]
            haystack = " ".join([text.name, *text.tags, text.description, text.definition]).lower()
            if (
                w.workspace_id != workspace_id
                or (w.deleted_at is not None) != f.deleted
                or not all(word in haystack for word in words)
                or not set(f.tags) <= set(w.tags)
                or (f.active is not None and w.active != f.active)
                or (f.trigger_type and w.trigger_type != f.trigger_type)
            ):
                continue
            found.append(self._stored(w, rank=1.0 if words else 0.0))

        def key(s: Stored) -> tuple[Any, str]:
            return (s.rank if query.column == "rank" else getattr(s.workflow, query.column), s.workflow.id)

        ordered = sorted(found, key=key, reverse=query.descending)
        if query.after is not None:
            after = query.after
            ordered = [s for s in ordered if (key(s) < after if query.descending else key(s) > after)]
        return ordered[: query.limit]

    def existing(self, workspace_id: str, workflow_ids: Sequence[str]) -> set[str]:
        return {i for i in workflow_ids if self.get(workspace_id, i) is not None}

    def update(
        self,
        workflow_id: str,
        changes: Mapping[str, Any],
        *,
        search: SearchText | None = None,
        bump: bool = True,
    ) -> None:
        assert set(changes) <= CHANGEABLE, set(changes) - CHANGEABLE
        current = self.rows[workflow_id]
        if bump:
            changes = {**changes, "revision": current.revision + 1, "updated_at": datetime.now(UTC)}
        self.rows[workflow_id] = replace(current, **changes)
        if search is not None:
            self.indexed[workflow_id] = search

    def move_to_trash(self, workflow_id: str) -> None:
        current = self.rows[workflow_id]
        now = datetime.now(UTC)
        self.rows[workflow_id] = replace(
            current,
            deleted_at=now,
            active=False,
            next_fire_at=None,
            revision=current.revision + 1,
            updated_at=now,
        )

    def restore(self, workflow_id: str) -> None:
        current = self.rows[workflow_id]
        self.rows[workflow_id] = replace(
            current, deleted_at=None, revision=current.revision + 1, updated_at=datetime.now(UTC)
        )

    def purge(self, *, deleted_before: datetime) -> int:
        gone = [i for i, w in self.rows.items() if w.deleted_at is not None and w.deleted_at < deleted_before]
        for workflow_id in gone:
            del self.rows[workflow_id]
            for key in [k for k in self.versions if k[0] == workflow_id]:
                del self.versions[key]
        return len(gone)

    def add_version(self, workflow_id: str, *, definition: Any, created_by: str, message: str) -> int:
        number = max(v for i, v in self.versions if i == workflow_id) + 1
        self.versions[(workflow_id, number)] = Version(
            workflow_id, number, created_by, datetime.now(UTC), message, definition
        )
        return number

    def get_version(self, workflow_id: str, version: int) -> Version | None:
        return self.versions.get((workflow_id, version))

    def list_versions(self, workflow_id: str, *, before: int | None, limit: int) -> list[Version]:
        found = sorted(
            (replace(v, definition=None) for (i, n), v in self.versions.items() if i == workflow_id),
            key=lambda v: -v.version,
        )
        return [v for v in found if before is None or v.version < before][:limit]

    def existing_versions(self, pairs: Sequence[tuple[str, int]]) -> set[tuple[str, int]]:
        return {p for p in pairs if p in self.versions}


class FakeCronTicks(CronTicks):
    """The ticks fired, as {(workflow id, tick): [version, missed, fired_by, execution id]}, over
    the workflows of `workflows`."""

    def __init__(self, workflows: FakeWorkflowRepository) -> None:
        self.fired: dict[tuple[str, datetime], list[Any]] = {}
        self._workflows = workflows

    def _due(self, workflow: Workflow, now: datetime) -> bool:
        return (
            workflow.next_fire_at is not None
            and workflow.next_fire_at <= now
            and workflow.active
            and workflow.deleted_at is None
        )

    def due(self, *, now: datetime, limit: int) -> list[str]:
        found = [w for w in self._workflows.rows.values() if self._due(w, now)]
        found.sort(key=lambda w: w.next_fire_at or now)
        return [w.id for w in found][:limit]

    def claim(self, workflow_id: str, *, now: datetime) -> Workflow | None:
        found = self._workflows.rows.get(workflow_id)
        return found if found is not None and self._due(found, now) else None

    def record(self, workflow_id: str, *, tick: datetime, version: int, missed: int, fired_by: str) -> bool:
        if (workflow_id, tick) in self.fired:
            return False
        self.fired[(workflow_id, tick)] = [version, missed, fired_by, None]
        return True

    def started(self, workflow_id: str, *, tick: datetime, execution_id: str) -> None:
        self.fired[(workflow_id, tick)][3] = execution_id


class FakeWorkflowsUnitOfWork(FakeUnitOfWork, WorkflowsUnitOfWork):
    # The fakes themselves, so tests may read what they hold.
    data_keys: FakeDataKeyStore
    workflows: FakeWorkflowRepository
    ticks: FakeCronTicks

    def __init__(self) -> None:
        super().__init__()
        self.data_keys = self.track(FakeDataKeyStore())
        self.workflows = self.track(FakeWorkflowRepository(self.data_keys))
        self.ticks = self.track(FakeCronTicks(self.workflows))


class FakeWebhookTargets(WebhookTargets):
    """The hot path's read over the fake database; `reads` counts the lookups."""

    def __init__(self, uow: FakeWorkflowsUnitOfWork) -> None:
        self._uow = uow
        self.reads = 0

    def find(self, token_hash: str) -> WebhookTarget | None:
        self.reads += 1
        repository = self._uow.workflows
        for w in repository.rows.values():
            if (
                w.webhook_token_hash == token_hash
                and w.active
                and w.deleted_at is None
                and w.trigger_type == triggers.WEBHOOK
            ):
                definition = repository.versions[(w.id, w.current_version)].definition
                return WebhookTarget(
                    w.id,
                    w.workspace_id,
                    w.current_version,
                    w.webhook_secret_sealed,
                    orjson.dumps(definition).decode(),
                    self._uow.data_keys.get(w.workspace_id),
                )
        return None


@dataclass(frozen=True)
class StartCall:
    principal: Principal
    workflow_id: str
    version: int
    definition: bytes
    input: bytes
    request: bytes
    idempotency_key: str


class FakeExecutor(Executor):
    """The node catalogue of `catalogue`; starts are recorded, and a repeated idempotency key
    answers with the run it first started, as the executor does. While `failure` is set, a start
    raises it."""

    def __init__(self, catalogue: Mapping[str, Mapping[str, Any]] = CATALOGUE) -> None:
        self.catalogue = catalogue
        self.starts: list[StartCall] = []
        self.failure: Exception | None = None
        self._by_key: dict[str, Started] = {}

    def node_types(self, principal: Principal) -> Mapping[str, Mapping[str, Any]]:
        return self.catalogue

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
        if self.failure is not None:
            raise self.failure
        if idempotency_key in self._by_key:
            return self._by_key[idempotency_key]
        self.starts.append(
            StartCall(principal, workflow_id, version, definition, input_, request, idempotency_key)
        )
        started = Started(str(uuid.uuid4()), version, "queued")
        if idempotency_key:
            self._by_key[idempotency_key] = started
        return started


class FakeIntegrations(Integrations):
    """Connectors and credentials as given; `down` makes every call Unavailable."""

    def __init__(
        self,
        connectors: Mapping[str, ConnectorNeeds] | None = None,
        credentials: Sequence[tuple[str, KnownCredential]] = (),
    ) -> None:
        self._connectors = dict(connectors or {})
        self._credentials = list(credentials)  # (workspace id, credential)
        self.down = False

    def connectors(self, workspace_id: str) -> Mapping[str, ConnectorNeeds]:
        if self.down:
            raise Unavailable("the integrations service is unavailable")
        return self._connectors

    def credentials(
        self, workspace_id: str, *, ids: Sequence[str] = (), names: Sequence[str] = ()
    ) -> list[KnownCredential]:
        if self.down:
            raise Unavailable("the integrations service is unavailable")
        return [c for w, c in self._credentials if w == workspace_id and (c.id in ids or c.name in names)]


@dataclass
class Service:
    """One fake database, fake executor and integrations, and the dependencies over them."""

    uow: FakeWorkflowsUnitOfWork
    executor: FakeExecutor
    integrations: FakeIntegrations
    targets: FakeWebhookTargets
    deps: Dependencies


def service(
    integrations: FakeIntegrations | None = None,
    *,
    max_definition_bytes: int = 65536,
    redacted_headers: tuple[str, ...] = (),
) -> Service:
    uow = FakeWorkflowsUnitOfWork()
    executor = FakeExecutor()
    fake_integrations = integrations or FakeIntegrations()
    targets = FakeWebhookTargets(uow)
    keys = WorkspaceKeys(MASTER_KEYS)
    deps = Dependencies(
        uow=lambda: uow,
        keys=keys,
        executor=executor,
        integrations=fake_integrations,
        checks=DefinitionChecks(executor, fake_integrations, max_definition_bytes),
        ingress=WebhookIngress(targets, keys, executor, KEY_RING, redacted_headers=redacted_headers),
        key_ring=KEY_RING,
        trash_retention=timedelta(days=30),
        cron_grace=timedelta(seconds=60),
    )
    return Service(uow, executor, fake_integrations, targets, deps)


def principal(workspace_id: str | None = None, *, roles: tuple[str, ...] = ("owner",)) -> Principal:
    """A user of a new workspace, or of the given one."""
    token, _ = KEY_RING.issue(
        subject=str(uuid.uuid4()),
        workspace_id=workspace_id or str(uuid.uuid4()),
        roles=list(roles),
        ttl_seconds=300,
    )
    return KEY_RING.verify(token)
