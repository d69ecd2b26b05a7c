"""Workflow definitions: create, check without saving, read, and update (a changed graph is a new
version; every change names the ETag it edits)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from jobsprint.common import definitions
from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.common.tokens import Principal
from jobsprint.workflows.domain import triggers, versions
from jobsprint.workflows.domain import workflow as rules
from jobsprint.workflows.domain.workflow import NewWorkflow, SearchText, WorkflowView
from jobsprint.workflows.service.checks import DefinitionChecks
from jobsprint.workflows.service.ports import WorkflowsUnitOfWork
from jobsprint.workflows.service.sealing import trigger_fields
from jobsprint.workflows.service.views import event, load


def search_text(name: str, description: str, tags: Sequence[str], raw: Any) -> SearchText:
    return SearchText(name, list(tags), description, versions.search_text(raw))


def create_workflow(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    checks: DefinitionChecks,
    *,
    principal: Principal,
    name: str,
    description: str,
    tags: list[str],
    definition: bytes,
) -> WorkflowView:
    rules.check_fields(name, tags)
    raw, parsed = checks.read(uow, principal, definition)
    return insert(uow, keys, principal, name=name, description=description, tags=tags, raw=raw, parsed=parsed)


def check_workflow(
    uow: WorkflowsUnitOfWork,
    checks: DefinitionChecks,
    *,
    principal: Principal,
    name: str,
    description: str,
    tags: list[str],
    definition: bytes,
) -> definitions.Definition:
    """Validate a workflow exactly as `create_workflow` would, storing nothing; the parsed
    definition when it is valid, InvalidArgument naming each problem when not."""
    rules.check_fields(name, tags)
    _raw, parsed = checks.read(uow, principal, definition)
    return parsed


def insert(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    principal: Principal,
    *,
    name: str,
    description: str,
    tags: Sequence[str],
    raw: Any,
    parsed: definitions.Definition,
) -> WorkflowView:
    """Store a validated workflow as version 1, inactive."""
    workflow_id = str(uuid.uuid4())
    clean_tags = rules.clean_tags(tuple(tags))
    workspace_id = principal.workspace_id
    with uow:
        fields = trigger_fields(
            keys,
            uow.data_keys,
            triggers.trigger_of(parsed),
            workspace_id=workspace_id,
            workflow_id=workflow_id,
            has_token=False,
        )
        new = NewWorkflow(
            id=workflow_id,
            workspace_id=workspace_id,
            name=name.strip(),
            description=description,
            tags=clean_tags,
            created_by=principal.user_id,
            **fields,
        )
        uow.workflows.add(new, definition=raw, search=search_text(new.name, description, clean_tags, raw))
        uow.publish(event("workflow.created", workflow_id, workspace_id))
        # Read back in the same transaction: what was just stored, as every read shows it.
        created = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id)
        uow.commit()
    return created


def get_workflow(
    uow: WorkflowsUnitOfWork, keys: WorkspaceKeys, *, principal: Principal, workflow_id: str
) -> WorkflowView:
    with uow:
        return load(uow, keys, workspace_id=principal.workspace_id, workflow_id=workflow_id)


def update_workflow(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    checks: DefinitionChecks,
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
    rules.check_mask(tuple(mask))
    rules.check_fields(name if "name" in mask else None, list(tags) if "tags" in mask else None)
    new_raw, new_parsed = checks.read(uow, principal, definition) if "definition" in mask else (None, None)
    workspace_id = principal.workspace_id
    with uow:
        current = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id, for_update=True)
        rules.check_etag(current, etag, required=True)
        row = current.row
        values: dict[str, Any] = {}
        if "name" in mask:
            values["name"] = name.strip()
        if "description" in mask:
            values["description"] = description
        if "tags" in mask:
            values["tags"] = rules.clean_tags(tuple(tags))
        raw = current.definition
        changed = sorted(k for k in values if values[k] != getattr(row, k))
        if new_parsed is not None and new_raw != current.definition:
            raw = new_raw
            values["current_version"] = uow.workflows.add_version(
                row.id, definition=raw, created_by=principal.user_id, message=version_message
            )
            trigger = triggers.trigger_of(new_parsed)
            values.update(
                trigger_fields(
                    keys,
                    uow.data_keys,
                    trigger,
                    workspace_id=workspace_id,
                    workflow_id=workflow_id,
                    has_token=row.webhook_token_hash is not None,
                )
            )
            values["next_fire_at"] = rules.schedule_start(trigger, active=row.active, now=datetime.now(UTC))
            changed.append("definition")
        if not changed:
            return current
        search = search_text(
            values.get("name", row.name),
            values.get("description", row.description),
            values.get("tags", row.tags),
            raw,
        )
        uow.workflows.update(row.id, values, search=search)
        uow.publish(
            event(
                "workflow.updated",
                row.id,
                workspace_id,
                fields=changed,
                version=values.get("current_version", row.current_version),
            )
        )
        updated = load(uow, keys, workspace_id=workspace_id, workflow_id=workflow_id)
        uow.commit()
    return updated
