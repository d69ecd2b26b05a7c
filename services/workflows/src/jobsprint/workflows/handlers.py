"""Workflow use cases: definitions (create, read, update, delete, restore, list and search,
export and import), versions (list, read, diff, roll back), activation, and the three triggers
(manual, webhook, cron)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from jobsprint.common import db, definitions, envelope, events, jsondoc, messaging, outbox, paging
from jobsprint.common.errors import (
    FailedPrecondition,
    FieldViolation,
    Internal,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    PreconditionFailed,
    Unauthenticated,
    Unavailable,
    Unimplemented,
)
from jobsprint.common.identity import is_service, service_principal
from jobsprint.common.tokens import KeyRing, Principal
from jobsprint.workflows.adapters.executor_client import ExecutorClient
from jobsprint.workflows.adapters.integrations_client import IntegrationsClient
from jobsprint.workflows.adapters.orm import cron_ticks, data_keys, workflow_versions, workflows
from jobsprint.workflows.adapters.orm import outbox as outbox_table
from jobsprint.workflows.domain import credentials, triggers, validation, versions, webhooks
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
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

EVENT_SOURCE = "/jobsprint/workflows"
SERVICE_NAME = "workflows"
MAX_TAGS = 20
UPDATABLE = frozenset({"name", "description", "tags", "definition"})
SEARCH_REGCONFIG: ColumnElement[Any] = literal_column("'english'::regconfig")


@dataclass
class WorkflowsContext:
    sessions: sessionmaker[Session]
    executor: ExecutorClient
    integrations: IntegrationsClient
    max_definition_bytes: int
    # The workspaces' data keys under this service's master key: webhook tokens and signing
    # secrets are sealed with them (ADR-069).
    data_keys: envelope.DataKeys
    key_ring: KeyRing | None = None
    # Header names redacted, besides the credential ones, in a webhook request kept with its run.
    redacted_headers: tuple[str, ...] = ()
    trash_retention: timedelta = timedelta(days=30)
    cron_grace: timedelta = timedelta(seconds=60)
    schedule_preview: int = 5


@dataclass(frozen=True)
class WorkflowView:
    row: Row[Any]
    definition: Any
    next_fire_times: list[datetime] = field(default_factory=list)
    rank: float = 0.0
    # The webhook token, opened from its sealed copy; "" when the workflow has none.
    webhook_token: str = ""

    @property
    def webhook_signed(self) -> bool:
        return self.row.webhook_secret_sealed is not None

    @property
    def etag(self) -> str:
        return str(self.row.revision)

    @property
    def trigger(self) -> triggers.Trigger:
        return triggers.trigger_of(definitions.parse(self.definition))


# A workflow joined to its current version.
CURRENT_VERSION = and_(
    workflow_versions.c.workflow_id == workflows.c.id,
    workflow_versions.c.version == workflows.c.current_version,
)
# ... and to its workspace's wrapped data key, which opens its sealed webhook token and secret.
WORKSPACE_KEY = data_keys.c.workspace_id == workflows.c.workspace_id
KEY_COLUMNS = (data_keys.c.master_kid, data_keys.c.wrapped_key)
TOKEN, SIGNING_SECRET = "webhook-token", "webhook-secret"


def _seal(
    ctx: WorkflowsContext, session: Session, *, workspace_id: str, workflow_id: str, purpose: str, value: str
) -> bytes:
    key = ctx.data_keys.for_workspace(session, workspace_id)
    return envelope.seal(key, value.encode(), binding=envelope.Binding(purpose, workspace_id, workflow_id))


def _unseal(ctx: WorkflowsContext, row: Any, *, purpose: str, blob: bytes) -> str:
    """A sealed value of `row` (a workflow joined to its workspace's wrapped data key)."""
    workspace_id, workflow_id = str(row.workspace_id), str(row.id)
    try:
        key = ctx.data_keys.unwrap(workspace_id, row.master_kid, row.wrapped_key)
        opened = envelope.open_sealed(key, blob, binding=envelope.Binding(purpose, workspace_id, workflow_id))
    except envelope.DecryptionFailed as exc:
        log.error("workflow %s: its %s does not decrypt: %s", workflow_id, purpose, exc)
        raise FailedPrecondition(
            f"this workflow's {purpose} cannot be decrypted ({exc}); an editor can rotate the webhook"
            " token or set the webhook secret again"
        ) from exc
    return opened.decode()


def _new_token(
    ctx: WorkflowsContext, session: Session, *, workspace_id: str, workflow_id: str
) -> dict[str, Any]:
    """Columns of a fresh webhook token: its digest to look it up by, and its sealed copy."""
    token = webhooks.new_token()
    return {
        "webhook_token_hash": webhooks.token_digest(token),
        "webhook_token_sealed": _seal(
            ctx, session, workspace_id=workspace_id, workflow_id=workflow_id, purpose=TOKEN, value=token
        ),
    }


def _emit(session: Session, type_: str, workflow_id: str, workspace_id: str, **data: Any) -> None:
    outbox.enqueue(
        session,
        outbox_table,
        exchange=messaging.EVENTS_EXCHANGE,
        routing_key=type_,
        body=events.cloud_event(
            type_=type_,
            source=EVENT_SOURCE,
            subject=workflow_id,
            data={"workspace_id": workspace_id, **data},
        ),
    )


def _check_fields(name: str | None, tags: list[str] | None) -> None:
    problems = []
    if name is not None:
        if not name.strip():
            problems.append(FieldViolation("name", "required"))
        elif len(name) > 200:
            problems.append(FieldViolation("name", "at most 200 characters"))
    if tags is not None and (len(tags) > MAX_TAGS or any(not t.strip() or len(t) > 64 for t in tags)):
        problems.append(FieldViolation("tags", f"at most {MAX_TAGS} non-empty tags of at most 64 characters"))
    if problems:
        raise InvalidArgument("the workflow is invalid", problems)


def _json_definition(ctx: WorkflowsContext, definition: bytes) -> Any:
    if len(definition) > ctx.max_definition_bytes:
        raise InvalidArgument(f"the definition is larger than {ctx.max_definition_bytes} bytes")
    try:
        return orjson.loads(definition)
    except orjson.JSONDecodeError as exc:
        raise InvalidArgument(f"the definition is not JSON: {exc}") from exc


def _credential_problems(
    ctx: WorkflowsContext, principal: Principal, definition: definitions.Definition
) -> list[FieldViolation]:
    """Problems with the credentials the integration nodes reference, asked of the integrations
    service; when it cannot answer nothing is saved (503): an unchecked reference would fail only
    at run time, perhaps at 3 a.m. on a schedule (ADR-039)."""
    refs = credentials.references(definition)
    if not refs:
        return []
    try:
        connectors = ctx.integrations.connectors(principal.workspace_id)
        ids = credentials.ids_to_look_up(refs)
        known = (
            {c.id: c for c in ctx.integrations.credentials(principal.workspace_id, ids=ids)} if ids else {}
        )
    except Unavailable as exc:
        raise Unavailable(
            f"{exc.message}, so the credentials this workflow uses cannot be checked; nothing was "
            "saved: retry shortly"
        ) from exc
    return credentials.problems(refs, connectors=connectors, known=known)


def _validated(ctx: WorkflowsContext, principal: Principal, raw: Any) -> definitions.Definition:
    """The parsed definition, validated against the executor's node catalogue and the
    workspace's credentials."""
    parsed = validation.validate(
        raw,
        catalogue=ctx.executor.node_types(principal),
        credentials=lambda parsed: _credential_problems(ctx, principal, parsed),
    )
    with ctx.sessions() as session:
        _check_references(session, principal, parsed)
    return parsed


def _read_definition(ctx: WorkflowsContext, principal: Principal, definition: bytes) -> tuple[Any, Any]:
    """The definition as JSON and parsed, validated."""
    raw = _json_definition(ctx, definition)
    return raw, _validated(ctx, principal, raw)


def _check_references(session: Session, principal: Principal, parsed: definitions.Definition) -> None:
    """The workflows a definition names (its error workflow, the workflows its subworkflow nodes
    call, where given as plain ids and versions) exist in the caller's workspace."""
    wanted = validation.referenced_workflows(parsed)
    if not wanted:
        return
    ids = sorted({ref.workflow_id for ref in wanted})
    existing = set(
        session.execute(
            select(workflows.c.id).where(
                workflows.c.id.in_(ids),
                workflows.c.workspace_id == principal.workspace_id,
                workflows.c.deleted_at.is_(None),
            )
        )
        .scalars()
        .all()
    )
    pinned = {
        (ref.workflow_id, ref.version)
        for ref in wanted
        if ref.version is not None and ref.workflow_id in existing
    }
    versions_found: set[tuple[str, int]] = set()
    if pinned:
        rows = session.execute(
            select(workflow_versions.c.workflow_id, workflow_versions.c.version).where(
                tuple_(workflow_versions.c.workflow_id, workflow_versions.c.version).in_(sorted(pinned))
            )
        )
        versions_found = {(row.workflow_id, row.version) for row in rows}
    problems = []
    for ref in wanted:
        if ref.workflow_id not in existing:
            problems.append(FieldViolation(ref.path, f"no workflow {ref.workflow_id} in this workspace"))
        elif ref.version is not None and (ref.workflow_id, ref.version) not in versions_found:
            problems.append(
                FieldViolation(ref.version_path, f"workflow {ref.workflow_id} has no version {ref.version}")
            )
    if problems:
        raise InvalidArgument("the workflow definition names workflows that do not exist", problems)


def _search_vector(name: str, description: str, tags: Sequence[str], definition: Any) -> ColumnElement[Any]:
    def weighted(text: str, weight: str) -> ColumnElement[Any]:
        return func.setweight(
            func.to_tsvector(SEARCH_REGCONFIG, text), literal_column(f"'{weight}'::\"char\"")
        )

    return (
        weighted(name, "A")
        .op("||")(weighted(" ".join(tags), "B"))
        .op("||")(weighted(description, "C"))
        .op("||")(weighted(versions.search_text(definition), "D"))
    )


def _trigger_columns(
    ctx: WorkflowsContext,
    session: Session,
    trigger: triggers.Trigger,
    *,
    workspace_id: str,
    workflow_id: str,
    has_token: bool,
) -> dict[str, Any]:
    values: dict[str, Any] = {"trigger_type": trigger.type}
    if trigger.type == triggers.WEBHOOK and not has_token:
        values.update(_new_token(ctx, session, workspace_id=workspace_id, workflow_id=workflow_id))
    return values


def _schedule_start(view_trigger: triggers.Trigger, *, active: bool, now: datetime) -> datetime | None:
    if not active or view_trigger.type != triggers.CRON:
        return None
    return triggers.next_fire_times(view_trigger.cron_expression, view_trigger.timezone, after=now)[0]


def create_workflow(
    ctx: WorkflowsContext,
    *,
    principal: Principal,
    name: str,
    description: str,
    tags: list[str],
    definition: bytes,
) -> WorkflowView:
    _check_fields(name, tags)
    raw, parsed = _read_definition(ctx, principal, definition)
    return _insert(ctx, principal, name=name, description=description, tags=tags, raw=raw, parsed=parsed)


def check_workflow(
    ctx: WorkflowsContext,
    *,
    principal: Principal,
    name: str,
    description: str,
    tags: list[str],
    definition: bytes,
) -> definitions.Definition:
    """Validate a workflow exactly as `create_workflow` would, storing nothing; the parsed
    definition when it is valid, InvalidArgument naming each problem when not."""
    _check_fields(name, tags)
    _raw, parsed = _read_definition(ctx, principal, definition)
    return parsed  # type: ignore[no-any-return]


def _insert(
    ctx: WorkflowsContext,
    principal: Principal,
    *,
    name: str,
    description: str,
    tags: Sequence[str],
    raw: Any,
    parsed: definitions.Definition,
) -> WorkflowView:
    workflow_id = str(uuid.uuid4())
    clean_tags = sorted({t.strip() for t in tags})
    with ctx.sessions.begin() as session:
        session.execute(
            insert(workflows).values(
                id=workflow_id,
                workspace_id=principal.workspace_id,
                name=name.strip(),
                description=description,
                tags=clean_tags,
                current_version=1,
                search=_search_vector(name.strip(), description, clean_tags, raw),
                **_trigger_columns(
                    ctx,
                    session,
                    triggers.trigger_of(parsed),
                    workspace_id=principal.workspace_id,
                    workflow_id=workflow_id,
                    has_token=False,
                ),
            )
        )
        session.execute(
            insert(workflow_versions).values(
                workflow_id=workflow_id, version=1, definition=raw, created_by=principal.user_id
            )
        )
        _emit(session, "workflow.created", workflow_id, principal.workspace_id)
        return _load(ctx, session, principal, workflow_id)


@dataclass(frozen=True)
class Export:
    """A workflow as a portable document: no ids, credentials by name (ADR-039)."""

    name: str
    description: str
    tags: list[str]
    definition: Any


def export_workflow(ctx: WorkflowsContext, *, principal: Principal, workflow_id: str) -> Export:
    view = get_workflow(ctx, principal=principal, workflow_id=workflow_id)
    ids = credentials.exported_ids(view.definition)
    by_id = {c.id: c for c in ctx.integrations.credentials(principal.workspace_id, ids=ids)} if ids else {}
    return Export(
        name=view.row.name,
        description=view.row.description,
        tags=list(view.row.tags),
        definition=credentials.named(view.definition, by_id=by_id),
    )


def import_workflow(
    ctx: WorkflowsContext,
    *,
    principal: Principal,
    name: str,
    description: str,
    tags: list[str],
    definition: bytes,
) -> WorkflowView:
    """Create a workflow from an export: a new id, version 1, inactive, each credential name
    mapped to the importing workspace's credential of that name. Every reference that cannot be
    mapped is reported at once, with whatever else is wrong with the definition."""
    _check_fields(name, tags)
    raw = _json_definition(ctx, definition)
    names = credentials.referenced_names(raw)
    by_name = (
        {c.name: c for c in ctx.integrations.credentials(principal.workspace_id, names=names)}
        if names
        else {}
    )
    mapped = credentials.with_ids(raw, by_name=by_name)
    if mapped.problems:
        # The unmapped references are reported once, as mapping problems, not again by validation.
        mapped_fields = {p.field for p in mapped.problems}
        others: list[FieldViolation] = []
        try:
            _validated(ctx, principal, mapped.definition)
        except InvalidArgument as invalid:
            others = [v for v in invalid.violations if v.field not in mapped_fields]
        raise InvalidArgument(mapped.summary, [*mapped.problems, *others])
    parsed = _validated(ctx, principal, mapped.definition)
    return _insert(
        ctx, principal, name=name, description=description, tags=tags, raw=mapped.definition, parsed=parsed
    )


def _check_id(workflow_id: str) -> None:
    try:
        uuid.UUID(workflow_id)
    except ValueError as exc:
        raise NotFound(f"no workflow {workflow_id!r} in this workspace") from exc


def _view(ctx: WorkflowsContext, row: Any, definition: Any, *, rank: float = 0.0) -> WorkflowView:
    """`row` is a workflow joined to its workspace's wrapped data key (KEY_COLUMNS)."""
    token = ""
    if row.webhook_token_sealed is not None:
        token = _unseal(ctx, row, purpose=TOKEN, blob=row.webhook_token_sealed)
    upcoming: list[datetime] = []
    if row.next_fire_at is not None and row.active:
        trigger = triggers.trigger_of(definitions.parse(definition))
        if trigger.type == triggers.CRON:
            upcoming = [
                row.next_fire_at,
                *triggers.next_fire_times(
                    trigger.cron_expression,
                    trigger.timezone,
                    after=row.next_fire_at,
                    count=ctx.schedule_preview - 1,
                ),
            ]
    return WorkflowView(row, definition, upcoming, rank, token)


def _load(
    ctx: WorkflowsContext,
    session: Session,
    principal: Principal,
    workflow_id: str,
    *,
    for_update: bool = False,
    deleted: bool = False,
) -> WorkflowView:
    _check_id(workflow_id)
    query = (
        select(workflows, *KEY_COLUMNS)
        .outerjoin(data_keys, WORKSPACE_KEY)
        .where(
            workflows.c.id == workflow_id,
            workflows.c.workspace_id == principal.workspace_id,
            workflows.c.deleted_at.isnot(None) if deleted else workflows.c.deleted_at.is_(None),
        )
    )
    row = session.execute(query.with_for_update(of=workflows) if for_update else query).first()
    if row is None:
        where = "in the trash of this workspace" if deleted else "in this workspace"
        raise NotFound(f"no workflow {workflow_id!r} {where}")
    definition = session.execute(
        select(workflow_versions.c.definition).where(
            workflow_versions.c.workflow_id == workflow_id, workflow_versions.c.version == row.current_version
        )
    ).scalar_one()
    return _view(ctx, row, definition)


def get_workflow(ctx: WorkflowsContext, *, principal: Principal, workflow_id: str) -> WorkflowView:
    with ctx.sessions() as session:
        return _load(ctx, session, principal, workflow_id)


MAX_BATCH = 100


def batch_get_workflows(
    ctx: WorkflowsContext, *, principal: Principal, workflow_ids: list[str]
) -> tuple[list[WorkflowView], list[str]]:
    """The caller's workflows among the ids (not in the trash), in request order and each once, in
    one query; and the ids that name none of them (malformed, unknown or another workspace's alike)."""
    if len(workflow_ids) > MAX_BATCH:
        raise InvalidArgument(
            f"at most {MAX_BATCH} ids per batch, not {len(workflow_ids)}",
            [FieldViolation("ids", f"at most {MAX_BATCH}")],
        )
    wanted = list(dict.fromkeys(workflow_ids))
    canonical = {i: _canonical_id(i) for i in wanted}
    valid = [c for c in canonical.values() if c]
    found: dict[str, WorkflowView] = {}
    if valid:
        with ctx.sessions() as session:
            rows = session.execute(
                select(workflows, workflow_versions.c.definition, *KEY_COLUMNS)
                .join(workflow_versions, CURRENT_VERSION)
                .outerjoin(data_keys, WORKSPACE_KEY)
                .where(
                    workflows.c.id.in_(valid),
                    workflows.c.workspace_id == principal.workspace_id,
                    workflows.c.deleted_at.is_(None),
                )
            ).all()
        found = {row.id: _view(ctx, row, row.definition) for row in rows}
    return (
        [found[canonical[i]] for i in wanted if canonical[i] in found],
        [i for i in wanted if canonical[i] not in found],
    )


def _canonical_id(value: str) -> str:
    """The id as Postgres prints a UUID; empty when it is not one."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


def _normalise_etag(etag: str) -> str:
    value = etag.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


def _check_etag(current: WorkflowView, etag: str, *, required: bool) -> None:
    if not etag:
        if required:
            raise PreconditionFailed(
                "an update must name the version it edits: send If-Match with the ETag of your last read",
                type_="ETAG",
                subject=f"workflows/{current.row.id}",
            )
        return
    presented = _normalise_etag(etag)
    if presented != "*" and presented != current.etag:
        raise PreconditionFailed(
            f'the workflow changed since you read it (your ETag "{presented}", now "{current.etag}"); '
            "read it again and reapply your change",
            type_="ETAG",
            subject=f"workflows/{current.row.id}",
        )


def _save_version(
    session: Session, principal: Principal, current: WorkflowView, raw: Any, message: str
) -> int:
    version = session.execute(
        select(func.max(workflow_versions.c.version)).where(workflow_versions.c.workflow_id == current.row.id)
    ).scalar_one()
    session.execute(
        insert(workflow_versions).values(
            workflow_id=current.row.id,
            version=version + 1,
            definition=raw,
            created_by=principal.user_id,
            message=message,
        )
    )
    return int(version) + 1


def update_workflow(
    ctx: WorkflowsContext,
    *,
    principal: Principal,
    workflow_id: str,
    mask: Sequence[str],
    etag: str,
    name: str = "",
    description: str = "",
    tags: Sequence[str] = (),
    definition: bytes = b"",
    version_message: str = "",
) -> WorkflowView:
    unknown = sorted(set(mask) - UPDATABLE)
    if unknown or not mask:
        raise InvalidArgument(
            "the update mask must name fields to change",
            [FieldViolation("update_mask", f"use some of {', '.join(sorted(UPDATABLE))}; not {unknown}")],
        )
    _check_fields(name if "name" in mask else None, list(tags) if "tags" in mask else None)
    new_raw, new_parsed = (
        _read_definition(ctx, principal, definition) if "definition" in mask else (None, None)
    )
    with ctx.sessions.begin() as session:
        current = _load(ctx, session, principal, workflow_id, for_update=True)
        _check_etag(current, etag, required=True)
        row = current.row
        values: dict[str, Any] = {}
        if "name" in mask:
            values["name"] = name.strip()
        if "description" in mask:
            values["description"] = description
        if "tags" in mask:
            values["tags"] = sorted({t.strip() for t in tags})
        raw = current.definition
        changed = sorted(k for k in values if values[k] != getattr(row, k))
        if new_parsed is not None and new_raw != current.definition:
            raw = new_raw
            values["current_version"] = _save_version(session, principal, current, raw, version_message)
            trigger = triggers.trigger_of(new_parsed)
            values.update(
                _trigger_columns(
                    ctx,
                    session,
                    trigger,
                    workspace_id=principal.workspace_id,
                    workflow_id=workflow_id,
                    has_token=row.webhook_token_hash is not None,
                )
            )
            values["next_fire_at"] = _schedule_start(trigger, active=row.active, now=datetime.now(UTC))
            changed.append("definition")
        if not changed:
            return current
        values["search"] = _search_vector(
            values.get("name", row.name),
            values.get("description", row.description),
            values.get("tags", row.tags),
            raw,
        )
        session.execute(
            update(workflows)
            .where(workflows.c.id == row.id)
            .values(**values, revision=workflows.c.revision + 1, updated_at=func.now())
        )
        _emit(
            session,
            "workflow.updated",
            row.id,
            principal.workspace_id,
            fields=changed,
            version=values.get("current_version", row.current_version),
        )
        return _load(ctx, session, principal, workflow_id)


def delete_workflow(
    ctx: WorkflowsContext, *, principal: Principal, workflow_id: str, etag: str = ""
) -> WorkflowView:
    with ctx.sessions.begin() as session:
        current = _load(ctx, session, principal, workflow_id, for_update=True)
        _check_etag(current, etag, required=False)
        session.execute(
            update(workflows)
            .where(workflows.c.id == workflow_id)
            .values(
                deleted_at=func.now(),
                active=False,
                next_fire_at=None,
                revision=workflows.c.revision + 1,
                updated_at=func.now(),
            )
        )
        _emit(session, "workflow.deleted", workflow_id, principal.workspace_id)
        return _load(ctx, session, principal, workflow_id, deleted=True)


def restore_workflow(ctx: WorkflowsContext, *, principal: Principal, workflow_id: str) -> WorkflowView:
    with ctx.sessions.begin() as session:
        current = _load(ctx, session, principal, workflow_id, for_update=True, deleted=True)
        if current.row.deleted_at < datetime.now(UTC) - ctx.trash_retention:
            raise NotFound(
                f"workflow {workflow_id!r} was deleted more than {ctx.trash_retention.days} days ago "
                "and can no longer be restored"
            )
        session.execute(
            update(workflows)
            .where(workflows.c.id == workflow_id)
            .values(deleted_at=None, revision=workflows.c.revision + 1, updated_at=func.now())
        )
        _emit(session, "workflow.restored", workflow_id, principal.workspace_id)
        return _load(ctx, session, principal, workflow_id)


def purge_deleted(ctx: WorkflowsContext, *, now: datetime) -> int:
    """Delete for good what has been in the trash longer than the retention period."""
    with ctx.sessions.begin() as session:
        result = session.execute(delete(workflows).where(workflows.c.deleted_at < now - ctx.trash_retention))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


ORDERS = {
    "updated_at desc": ("updated_at", True),
    "updated_at": ("updated_at", False),
    "created_at desc": ("created_at", True),
    "created_at": ("created_at", False),
    "name": ("name", False),
    "name desc": ("name", True),
    "relevance": ("rank", True),
}


@dataclass(frozen=True)
class ListFilter:
    query: str = ""
    tags: tuple[str, ...] = ()
    active: bool | None = None
    trigger_type: str = ""
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    order_by: str = ""
    deleted: bool = False


def list_workflows(
    ctx: WorkflowsContext, *, principal: Principal, filters: ListFilter, page_size: int, page_token: str
) -> tuple[list[WorkflowView], str]:
    order_by = " ".join(filters.order_by.lower().split()) or (
        "relevance" if filters.query else "updated_at desc"
    )
    if order_by not in ORDERS:
        raise InvalidArgument(
            f"cannot order by {filters.order_by!r}",
            [FieldViolation("order_by", f"one of: {', '.join(ORDERS)}")],
        )
    if order_by == "relevance" and not filters.query.strip():
        # Without a query there is no rank: the default order (the OpenAPI document can state no
        # rule that ties one parameter to another, so none is enforced).
        order_by = "updated_at desc"
    size = paging.page_size(page_size)
    fingerprint = orjson.dumps(
        [
            filters.query,
            sorted(filters.tags),
            filters.active,
            filters.trigger_type,
            str(filters.updated_after),
            str(filters.updated_before),
            order_by,
            filters.deleted,
        ]
    ).decode()
    after = paging.decode(page_token, query=fingerprint)

    tsquery = func.websearch_to_tsquery(SEARCH_REGCONFIG, filters.query)
    rank = func.ts_rank(workflows.c.search, tsquery) if filters.query.strip() else cast(literal(0.0), REAL)
    conditions: list[ColumnElement[bool]] = [
        workflows.c.workspace_id == principal.workspace_id,
        workflows.c.deleted_at.isnot(None) if filters.deleted else workflows.c.deleted_at.is_(None),
    ]
    if filters.query.strip():
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

    column, descending = ORDERS[order_by]
    key: ColumnElement[Any] = rank if column == "rank" else workflows.c[column]
    if after is not None:
        if len(after) != 2:
            raise InvalidArgument("page_token is not a token this API returned")
        value = after[0]
        if column == "rank":
            value = cast(literal(float(value)), REAL)
        elif column in ("updated_at", "created_at"):
            value = datetime.fromisoformat(value)
        position = tuple_(key, workflows.c.id)
        last = tuple_(value, cast(literal(str(after[1])), UUID(as_uuid=False)))
        conditions.append(position < last if descending else position > last)
    ordering = (key.desc(), workflows.c.id.desc()) if descending else (key.asc(), workflows.c.id.asc())

    with ctx.sessions() as session:
        rows = session.execute(
            select(workflows, workflow_versions.c.definition, rank.label("rank"), *KEY_COLUMNS)
            .join(workflow_versions, CURRENT_VERSION)
            .outerjoin(data_keys, WORKSPACE_KEY)
            .where(*conditions)
            .order_by(*ordering)
            .limit(size + 1)
        ).all()
    views = [_view(ctx, r, r.definition, rank=float(r.rank)) for r in rows[:size]]
    next_token = ""
    if len(rows) > size:
        final = rows[size - 1]
        last_key = float(final.rank) if column == "rank" else getattr(final, column)
        if isinstance(last_key, datetime):
            last_key = last_key.isoformat()
        next_token = paging.encode(query=fingerprint, after=[last_key, final.id])
    return views, next_token


def list_versions(
    ctx: WorkflowsContext, *, principal: Principal, workflow_id: str, page_size: int, page_token: str
) -> tuple[list[Any], str]:
    size = paging.page_size(page_size)
    after = paging.decode(page_token, query=workflow_id)
    with ctx.sessions() as session:
        _load(ctx, session, principal, workflow_id)
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
            .limit(size + 1)
        )
        if after:
            query = query.where(workflow_versions.c.version < int(after[0]))
        rows = list(session.execute(query).all())
    next_token = ""
    if len(rows) > size:
        next_token = paging.encode(query=workflow_id, after=[int(rows[size - 1].version)])
    return rows[:size], next_token


def _version(session: Session, workflow_id: str, version: int) -> Row[Any]:
    row = session.execute(
        select(workflow_versions).where(
            workflow_versions.c.workflow_id == workflow_id, workflow_versions.c.version == version
        )
    ).first()
    if row is None:
        raise NotFound(f"workflow {workflow_id!r} has no version {version}")
    return row


def get_version(ctx: WorkflowsContext, *, principal: Principal, workflow_id: str, version: int) -> Row[Any]:
    with ctx.sessions() as session:
        _load(ctx, session, principal, workflow_id)
        return _version(session, workflow_id, version)


def diff_versions(
    ctx: WorkflowsContext, *, principal: Principal, workflow_id: str, from_version: int, to_version: int
) -> dict[str, Any]:
    with ctx.sessions() as session:
        _load(ctx, session, principal, workflow_id)
        before = _version(session, workflow_id, from_version)
        after = _version(session, workflow_id, to_version)
    return {"from": from_version, "to": to_version, **versions.diff(before.definition, after.definition)}


def rollback_workflow(
    ctx: WorkflowsContext, *, principal: Principal, workflow_id: str, version: int, etag: str
) -> WorkflowView:
    """Save version `version`'s definition as a new version: history is never rewritten."""
    with ctx.sessions() as session:
        _load(ctx, session, principal, workflow_id)
        old = _version(session, workflow_id, version)
    return update_workflow(
        ctx,
        principal=principal,
        workflow_id=workflow_id,
        mask=["definition"],
        etag=etag,
        definition=orjson.dumps(old.definition),
        version_message=f"rollback to version {version}",
    )


def set_active(
    ctx: WorkflowsContext, *, principal: Principal, workflow_id: str, active: bool
) -> WorkflowView:
    with ctx.sessions.begin() as session:
        current = _load(ctx, session, principal, workflow_id, for_update=True)
        if current.row.active != active:
            trigger = current.trigger
            values: dict[str, Any] = {
                "active": active,
                "next_fire_at": _schedule_start(trigger, active=active, now=datetime.now(UTC)),
            }
            values.update(
                _trigger_columns(
                    ctx,
                    session,
                    trigger,
                    workspace_id=principal.workspace_id,
                    workflow_id=workflow_id,
                    has_token=current.row.webhook_token_hash is not None,
                )
            )
            session.execute(
                update(workflows)
                .where(workflows.c.id == workflow_id)
                .values(**values, revision=workflows.c.revision + 1, updated_at=func.now())
            )
            _emit(
                session,
                "workflow.activated" if active else "workflow.deactivated",
                workflow_id,
                principal.workspace_id,
            )
        return _load(ctx, session, principal, workflow_id)


def run_workflow(
    ctx: WorkflowsContext, *, principal: Principal, workflow_id: str, input_: bytes
) -> tuple[str, int, str]:
    if input_:
        try:
            orjson.loads(input_)
        except orjson.JSONDecodeError as exc:
            raise InvalidArgument(f"the run input is not JSON: {exc}") from exc
    workflow = get_workflow(ctx, principal=principal, workflow_id=workflow_id)
    execution = ctx.executor.start_execution(
        principal,
        workflow_id=workflow_id,
        version=workflow.row.current_version,
        definition=orjson.dumps(workflow.definition),
        input_=input_ or b"{}",
    )
    return execution.id, execution.workflow_version, execution.status


# --- webhooks ---------------------------------------------------------------------------------


def rotate_webhook_token(ctx: WorkflowsContext, *, principal: Principal, workflow_id: str) -> WorkflowView:
    with ctx.sessions.begin() as session:
        current = _load(ctx, session, principal, workflow_id, for_update=True)
        if current.row.trigger_type != triggers.WEBHOOK:
            # The workflow's state, not the request, is what is wrong: 409.
            raise FailedPrecondition(
                f"this workflow's trigger is {current.row.trigger_type}; only trigger.webhook workflows have a URL"
            )
        session.execute(
            update(workflows)
            .where(workflows.c.id == workflow_id)
            .values(
                **_new_token(ctx, session, workspace_id=principal.workspace_id, workflow_id=workflow_id),
                revision=workflows.c.revision + 1,
                updated_at=func.now(),
            )
        )
        _emit(session, "workflow.updated", workflow_id, principal.workspace_id, fields=["webhook_token"])
        return _load(ctx, session, principal, workflow_id)


def set_webhook_secret(
    ctx: WorkflowsContext, *, principal: Principal, workflow_id: str, secret: str
) -> WorkflowView:
    if secret and not webhooks.MIN_SECRET_LENGTH <= len(secret) <= webhooks.MAX_SECRET_LENGTH:
        raise InvalidArgument(
            "the webhook secret is too short or too long",
            [
                FieldViolation(
                    "secret",
                    f"{webhooks.MIN_SECRET_LENGTH} to {webhooks.MAX_SECRET_LENGTH} characters; empty turns signing off",
                )
            ],
        )
    with ctx.sessions.begin() as session:
        _load(ctx, session, principal, workflow_id, for_update=True)
        session.execute(
            update(workflows)
            .where(workflows.c.id == workflow_id)
            .values(
                webhook_secret_sealed=_seal(
                    ctx,
                    session,
                    workspace_id=principal.workspace_id,
                    workflow_id=workflow_id,
                    purpose=SIGNING_SECRET,
                    value=secret,
                )
                if secret
                else None,
                revision=workflows.c.revision + 1,
                updated_at=func.now(),
            )
        )
        _emit(session, "workflow.updated", workflow_id, principal.workspace_id, fields=["webhook_secret"])
        return _load(ctx, session, principal, workflow_id)


class MethodNotAllowed(Unimplemented):
    """The hook accepts another method; the gateway answers 405 with `Allow`."""

    def __init__(self, allowed: str) -> None:
        super().__init__(f"this webhook accepts {allowed} requests only", [FieldViolation("method", allowed)])


@dataclass(frozen=True)
class WebhookRun:
    execution_id: str
    workspace_id: str
    workflow_id: str
    workflow_version: int
    response_mode: str
    wait_timeout_seconds: float = 0.0


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


_TRIGGERS: dict[bytes, triggers.Trigger] = {}


def _webhook_trigger(definition: bytes) -> triggers.Trigger:
    """A version's trigger, parsed once per process (a version's definition never changes)."""
    trigger = _TRIGGERS.get(definition)
    if trigger is None:
        if len(_TRIGGERS) > 512:
            _TRIGGERS.clear()
        trigger = _TRIGGERS[definition] = triggers.trigger_of(definitions.parse(orjson.loads(definition)))
    return trigger


def trigger_webhook(
    ctx: WorkflowsContext,
    *,
    principal: Principal,
    token: str,
    method: str,
    headers: Sequence[tuple[str, str]],
    query: Sequence[tuple[str, str]],
    body: bytes,
) -> WebhookRun:
    """Start a run from a hook request. Only webhook ingress (a service token) may call this."""
    if not is_service(principal):
        raise PermissionDenied("only the webhook ingress may trigger webhooks")
    if ctx.key_ring is None:
        raise Internal("webhooks need the service key ring")
    not_found = NotFound("no active webhook at this URL; check the token or activate the workflow")
    if not token or len(token) > 64:
        raise not_found
    # The hot path of every hook call: one statement, outside a transaction (one round trip).
    row = db.read_on_driver(ctx.sessions, _WEBHOOK_TARGET, {"token_hash": webhooks.token_digest(token)})
    if row is None:
        raise not_found
    definition = row.definition.encode()
    trigger = _webhook_trigger(definition)
    if trigger.webhook_method and method.upper() != trigger.webhook_method:
        raise MethodNotAllowed(trigger.webhook_method)
    if row.webhook_secret_sealed is not None:
        secret = _unseal(ctx, row, purpose=SIGNING_SECRET, blob=row.webhook_secret_sealed)
        presented = next((v for k, v in headers if k.lower() == webhooks.SIGNATURE_HEADER), None)
        if not webhooks.signature_matches(secret, body, presented):
            raise Unauthenticated(
                f"the request's {webhooks.SIGNATURE_HEADER} header is missing or does not match: send "
                "sha256=<hex HMAC-SHA256 of the raw body with the webhook secret>"
            )
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
    try:
        run_input = webhooks.run_input(content_type=content_type, body=body)
    except jsondoc.UnstorableDocument as exc:
        where = f"body.{exc.where}" if exc.where and not exc.where.startswith("[") else f"body{exc.where}"
        raise InvalidArgument(
            f"the webhook body cannot be a run's input: {exc.what}", [FieldViolation(where, exc.what)]
        ) from exc
    request = webhooks.request_scope(
        method=method, headers=headers, query=query, redacted_headers=ctx.redacted_headers
    )
    acting = service_principal(
        ctx.key_ring, service=SERVICE_NAME, workspace_id=row.workspace_id, scopes=("read", "run")
    )
    execution = ctx.executor.start_execution(
        acting,
        workflow_id=row.id,
        version=row.current_version,
        definition=definition,
        input_=orjson.dumps(run_input),
        request=orjson.dumps(request),
    )
    return WebhookRun(
        execution.id,
        row.workspace_id,
        row.id,
        row.current_version,
        trigger.response_mode,
        trigger.wait_timeout_seconds,
    )


# --- cron -------------------------------------------------------------------------------------


def fire_due_schedules(ctx: WorkflowsContext, *, now: datetime, fired_by: str, limit: int = 100) -> int:
    """Start one execution for each due cron tick; returns how many started.

    Any number of processes may call this at once. Each due workflow is claimed with
    `FOR UPDATE SKIP LOCKED` and moved to its next tick in the same transaction that records the
    tick in `cron_ticks`, whose primary key (workflow, tick) refuses a second run of one tick
    (ADR-035)."""
    if ctx.key_ring is None:
        raise Internal("schedules need the service key ring")
    with ctx.sessions() as session:
        due = (
            session.execute(
                select(workflows.c.id)
                .where(
                    workflows.c.next_fire_at <= now,
                    workflows.c.active.is_(True),
                    workflows.c.deleted_at.is_(None),
                )
                .order_by(workflows.c.next_fire_at)
                .limit(limit)
            )
            .scalars()
            .all()
        )
    started = 0
    for workflow_id in due:
        try:
            started += _fire(ctx, workflow_id, now=now, fired_by=fired_by)
        except Exception:
            # The transaction rolled back: the tick stays due and the next poll tries again.
            log.exception("cron tick of workflow %s failed; retrying on the next poll", workflow_id)
    return started


def _fire(ctx: WorkflowsContext, workflow_id: str, *, now: datetime, fired_by: str) -> int:
    assert ctx.key_ring is not None
    with ctx.sessions.begin() as session:
        row = session.execute(
            select(workflows)
            .where(
                workflows.c.id == workflow_id,
                workflows.c.next_fire_at <= now,
                workflows.c.active.is_(True),
                workflows.c.deleted_at.is_(None),
            )
            .with_for_update(skip_locked=True)
        ).first()
        if row is None:
            return 0  # another scheduler holds it, or it is no longer due
        definition = _version(session, row.id, row.current_version).definition
        trigger = triggers.trigger_of(definitions.parse(definition))
        if trigger.type != triggers.CRON:
            session.execute(update(workflows).where(workflows.c.id == row.id).values(next_fire_at=None))
            return 0
        fire = triggers.plan(
            expression=trigger.cron_expression,
            timezone=trigger.timezone,
            policy=trigger.missed_ticks,
            due_since=row.next_fire_at,
            now=now,
            grace=ctx.cron_grace,
        )
        session.execute(
            update(workflows).where(workflows.c.id == row.id).values(next_fire_at=fire.next_fire_at)
        )
        if fire.fire_at is None:
            log.info("workflow %s: skipped %d missed cron ticks", row.id, fire.missed)
            return 0
        claimed = session.execute(
            pg_insert(cron_ticks)
            .values(
                workflow_id=row.id,
                scheduled_for=fire.fire_at,
                workflow_version=row.current_version,
                missed=fire.missed,
                fired_by=fired_by[:128],
            )
            .on_conflict_do_nothing()
            .returning(cron_ticks.c.workflow_id)
        ).first()
        if claimed is None:
            return 0  # this tick already ran (e.g. the schedule was re-activated within the minute)
        acting = service_principal(
            ctx.key_ring, service=SERVICE_NAME, workspace_id=row.workspace_id, scopes=("read", "run")
        )
        # If this transaction fails after the executor started the run (a lost answer, a crash
        # before commit), the tick stays due and is claimed again: the key makes the executor
        # answer with the run it already started instead of starting a second one.
        execution = ctx.executor.start_execution(
            acting,
            workflow_id=row.id,
            version=row.current_version,
            definition=orjson.dumps(definition),
            input_=orjson.dumps(
                {
                    "scheduled_for": fire.fire_at.isoformat(),
                    "missed_ticks": fire.missed,
                    "timezone": trigger.timezone,
                }
            ),
            idempotency_key=triggers.tick_key(row.id, fire.fire_at),
        )
        session.execute(
            update(cron_ticks)
            .where(cron_ticks.c.workflow_id == row.id, cron_ticks.c.scheduled_for == fire.fire_at)
            .values(execution_id=execution.id)
        )
        return 1
