"""The workflows schema behind the ports: workflows and their versions, cron ticks, and the
webhook hot path's one read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from jobsprint.common import db
from jobsprint.common.envelope import WrappedKey
from jobsprint.workflows.adapters.orm import cron_ticks, data_keys, workflow_versions, workflows
from jobsprint.workflows.domain import triggers
from jobsprint.workflows.domain.search import Search
from jobsprint.workflows.domain.workflow import CHANGEABLE, NewWorkflow, SearchText, Version, Workflow
from jobsprint.workflows.service.ports import (
    CronTicks,
    Stored,
    WebhookTarget,
    WebhookTargets,
    WorkflowRepository,
)
from sqlalchemy import (
    REAL,
    ColumnElement,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, sessionmaker

SEARCH_REGCONFIG: ColumnElement[Any] = literal_column("'english'::regconfig")
# A workflow joined to its current version.
CURRENT_VERSION = and_(
    workflow_versions.c.workflow_id == workflows.c.id,
    workflow_versions.c.version == workflows.c.current_version,
)
# ... and to its workspace's wrapped data key, which opens its sealed webhook token and secret.
WORKSPACE_KEY = data_keys.c.workspace_id == workflows.c.workspace_id
KEY_COLUMNS = (data_keys.c.master_kid, data_keys.c.wrapped_key)
WORKFLOW_FIELDS = tuple(Workflow.__dataclass_fields__)


def _workflow(row: Any) -> Workflow:
    return Workflow(**{name: getattr(row, name) for name in WORKFLOW_FIELDS})


def _key(row: Any) -> WrappedKey | None:
    if row.master_kid is None:
        return None
    return WrappedKey(str(row.workspace_id), row.master_kid, row.wrapped_key)


def _stored(row: Any, definition: Any, *, rank: float = 0.0) -> Stored:
    return Stored(_workflow(row), definition, _key(row), rank)


def _search_vector(text: SearchText) -> ColumnElement[Any]:
    def weighted(words: str, weight: str) -> ColumnElement[Any]:
        return func.setweight(
            func.to_tsvector(SEARCH_REGCONFIG, words), literal_column(f"'{weight}'::\"char\"")
        )

    return (
        weighted(text.name, "A")
        .op("||")(weighted(" ".join(text.tags), "B"))
        .op("||")(weighted(text.description, "C"))
        .op("||")(weighted(text.definition, "D"))
    )


def _bumped() -> dict[str, Any]:
    return {"revision": workflows.c.revision + 1, "updated_at": func.now()}


class SqlWorkflowRepository(WorkflowRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, workflow: NewWorkflow, *, definition: Any, search: SearchText) -> None:
        self._session.execute(
            insert(workflows).values(
                id=workflow.id,
                workspace_id=workflow.workspace_id,
                name=workflow.name,
                description=workflow.description,
                tags=workflow.tags,
                current_version=1,
                search=_search_vector(search),
                trigger_type=workflow.trigger_type,
                webhook_token_hash=workflow.webhook_token_hash,
                webhook_token_sealed=workflow.webhook_token_sealed,
            )
        )
        self._session.execute(
            insert(workflow_versions).values(
                workflow_id=workflow.id, version=1, definition=definition, created_by=workflow.created_by
            )
        )

    def get(
        self, workspace_id: str, workflow_id: str, *, deleted: bool = False, for_update: bool = False
    ) -> Stored | None:
        query = (
            select(workflows, *KEY_COLUMNS)
            .outerjoin(data_keys, WORKSPACE_KEY)
            .where(
                workflows.c.id == workflow_id,
                workflows.c.workspace_id == workspace_id,
                workflows.c.deleted_at.isnot(None) if deleted else workflows.c.deleted_at.is_(None),
            )
        )
        row = self._session.execute(query.with_for_update(of=workflows) if for_update else query).first()
        if row is None:
            return None
        definition = self._session.execute(
            select(workflow_versions.c.definition).where(
                workflow_versions.c.workflow_id == workflow_id,
                workflow_versions.c.version == row.current_version,
            )
        ).scalar_one()
        return _stored(row, definition)

    def get_many(self, workspace_id: str, workflow_ids: Sequence[str]) -> list[Stored]:
        rows = self._session.execute(
            select(workflows, workflow_versions.c.definition, *KEY_COLUMNS)
            .join(workflow_versions, CURRENT_VERSION)
            .outerjoin(data_keys, WORKSPACE_KEY)
            .where(
                workflows.c.id.in_(list(workflow_ids)),
                workflows.c.workspace_id == workspace_id,
                workflows.c.deleted_at.is_(None),
            )
        ).all()
        return [_stored(row, row.definition) for row in rows]

    def search(self, workspace_id: str, query: Search) -> list[Stored]:
        filters = query.filters
        tsquery = func.websearch_to_tsquery(SEARCH_REGCONFIG, filters.query)
        rank = func.ts_rank(workflows.c.search, tsquery) if query.ranked else cast(literal(0.0), REAL)
        conditions: list[ColumnElement[bool]] = [
            workflows.c.workspace_id == workspace_id,
            workflows.c.deleted_at.isnot(None) if filters.deleted else workflows.c.deleted_at.is_(None),
        ]
        if query.ranked:
            conditions.append(workflows.c.search.op("@@")(tsquery))
        if filters.tags:
            conditions.append(workflows.c.tags.contains(list(filters.tags)))
        if filters.active is not None:
            conditions.append(workflows.c.active.is_(filters.active))
        if filters.trigger_type:
            conditions.append(workflows.c.trigger_type == filters.trigger_type)
        if filters.updated_after:
            conditions.append(workflows.c.updated_at >= filters.updated_after)
        if filters.updated_before:
            conditions.append(workflows.c.updated_at < filters.updated_before)
        key: ColumnElement[Any] = rank if query.column == "rank" else workflows.c[query.column]
        if query.after is not None:
            value, last_id = query.after
            bound = cast(literal(value), REAL) if query.column == "rank" else value
            position = tuple_(key, workflows.c.id)
            last = tuple_(bound, cast(literal(last_id), UUID(as_uuid=False)))
            conditions.append(position < last if query.descending else position > last)
        ordering = (
            (key.desc(), workflows.c.id.desc()) if query.descending else (key.asc(), workflows.c.id.asc())
        )
        rows = self._session.execute(
            select(workflows, workflow_versions.c.definition, rank.label("rank"), *KEY_COLUMNS)
            .join(workflow_versions, CURRENT_VERSION)
            .outerjoin(data_keys, WORKSPACE_KEY)
            .where(*conditions)
            .order_by(*ordering)
            .limit(query.limit)
        ).all()
        return [_stored(r, r.definition, rank=float(r.rank)) for r in rows]

    def existing(self, workspace_id: str, workflow_ids: Sequence[str]) -> set[str]:
        found = self._session.execute(
            select(workflows.c.id).where(
                workflows.c.id.in_(list(workflow_ids)),
                workflows.c.workspace_id == workspace_id,
                workflows.c.deleted_at.is_(None),
            )
        )
        return set(found.scalars().all())

    def update(
        self,
        workflow_id: str,
        changes: Mapping[str, Any],
        *,
        search: SearchText | None = None,
        bump: bool = True,
    ) -> None:
        unknown = set(changes) - CHANGEABLE
        if unknown:
            raise ValueError(f"not columns an update sets: {sorted(unknown)}")
        values = dict(changes)
        if search is not None:
            values["search"] = _search_vector(search)
        if bump:
            values.update(_bumped())
        self._session.execute(update(workflows).where(workflows.c.id == workflow_id).values(**values))

    def move_to_trash(self, workflow_id: str) -> None:
        self._session.execute(
            update(workflows)
            .where(workflows.c.id == workflow_id)
            .values(deleted_at=func.now(), active=False, next_fire_at=None, **_bumped())
        )

    def restore(self, workflow_id: str) -> None:
        self._session.execute(
            update(workflows).where(workflows.c.id == workflow_id).values(deleted_at=None, **_bumped())
        )

    def purge(self, *, deleted_before: datetime) -> int:
        result = self._session.execute(delete(workflows).where(workflows.c.deleted_at < deleted_before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def add_version(self, workflow_id: str, *, definition: Any, created_by: str, message: str) -> int:
        latest = self._session.execute(
            select(func.max(workflow_versions.c.version)).where(
                workflow_versions.c.workflow_id == workflow_id
            )
        ).scalar_one()
        version = int(latest) + 1
        self._session.execute(
            insert(workflow_versions).values(
                workflow_id=workflow_id,
                version=version,
                definition=definition,
                created_by=created_by,
                message=message,
            )
        )
        return version

    def get_version(self, workflow_id: str, version: int) -> Version | None:
        row = self._session.execute(
            select(workflow_versions).where(
                workflow_versions.c.workflow_id == workflow_id, workflow_versions.c.version == version
            )
        ).first()
        if row is None:
            return None
        return Version(
            row.workflow_id, row.version, row.created_by, row.created_at, row.message, row.definition
        )

    def list_versions(self, workflow_id: str, *, before: int | None, limit: int) -> list[Version]:
        query = (
            select(
                workflow_versions.c.workflow_id,
                workflow_versions.c.version,
                workflow_versions.c.created_by,
                workflow_versions.c.created_at,
                workflow_versions.c.message,
            )
            .where(workflow_versions.c.workflow_id == workflow_id)
            .order_by(workflow_versions.c.version.desc())
            .limit(limit)
        )
        if before is not None:
            query = query.where(workflow_versions.c.version < before)
        return [
            Version(r.workflow_id, r.version, r.created_by, r.created_at, r.message)
            for r in self._session.execute(query)
        ]

    def existing_versions(self, pairs: Sequence[tuple[str, int]]) -> set[tuple[str, int]]:
        rows = self._session.execute(
            select(workflow_versions.c.workflow_id, workflow_versions.c.version).where(
                tuple_(workflow_versions.c.workflow_id, workflow_versions.c.version).in_(list(pairs))
            )
        )
        return {(row.workflow_id, row.version) for row in rows}


class SqlCronTicks(CronTicks):
    def __init__(self, session: Session) -> None:
        self._session = session

    def due(self, *, now: datetime, limit: int) -> list[str]:
        found = self._session.execute(
            select(workflows.c.id)
            .where(
                workflows.c.next_fire_at <= now,
                workflows.c.active.is_(True),
                workflows.c.deleted_at.is_(None),
            )
            .order_by(workflows.c.next_fire_at)
            .limit(limit)
        )
        return list(found.scalars().all())

    def claim(self, workflow_id: str, *, now: datetime) -> Workflow | None:
        row = self._session.execute(
            select(workflows)
            .where(
                workflows.c.id == workflow_id,
                workflows.c.next_fire_at <= now,
                workflows.c.active.is_(True),
                workflows.c.deleted_at.is_(None),
            )
            .with_for_update(skip_locked=True)
        ).first()
        return None if row is None else _workflow(row)

    def record(self, workflow_id: str, *, tick: datetime, version: int, missed: int, fired_by: str) -> bool:
        claimed = self._session.execute(
            pg_insert(cron_ticks)
            .values(
                workflow_id=workflow_id,
                scheduled_for=tick,
                workflow_version=version,
                missed=missed,
                fired_by=fired_by[:128],
            )
            .on_conflict_do_nothing()
            .returning(cron_ticks.c.workflow_id)
        ).first()
        return claimed is not None

    def started(self, workflow_id: str, *, tick: datetime, execution_id: str) -> None:
        self._session.execute(
            update(cron_ticks)
            .where(cron_ticks.c.workflow_id == workflow_id, cron_ticks.c.scheduled_for == tick)
            .values(execution_id=execution_id)
        )


# The workflow an active webhook token starts, with its current version's definition.
_WEBHOOK_TARGET = db.DriverRead.of(
    select(
        # As text, as SQLAlchemy's UUID(as_uuid=False) would give them (the driver gives UUIDs).
        cast(workflows.c.id, Text).label("id"),
        cast(workflows.c.workspace_id, Text).label("workspace_id"),
        workflows.c.current_version,
        workflows.c.webhook_secret_sealed,
        *KEY_COLUMNS,
        # As text: passed on to the executor as it is, and the key of the trigger cache.
        cast(workflow_versions.c.definition, Text).label("definition"),
    )
    .join(workflow_versions, CURRENT_VERSION)
    .outerjoin(data_keys, WORKSPACE_KEY)
    .where(
        # A token is a bearer capability: it is looked up by its digest, never stored (ADR-069).
        workflows.c.webhook_token_hash == bindparam("token_hash"),
        workflows.c.active.is_(True),
        workflows.c.deleted_at.is_(None),
        workflows.c.trigger_type == triggers.WEBHOOK,
    )
)


class SqlWebhookTargets(WebhookTargets):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def find(self, token_hash: str) -> WebhookTarget | None:
        # One statement, outside a transaction (one round trip).
        row = db.read_on_driver(self._sessions, _WEBHOOK_TARGET, {"token_hash": token_hash})
        if row is None:
            return None
        return WebhookTarget(
            row.id,
            row.workspace_id,
            row.current_version,
            row.webhook_secret_sealed,
            row.definition,
            _key(row),
        )
