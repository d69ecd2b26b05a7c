"""A workflow's versions: every save of its graph is kept; list, read and compare them, and roll
back by saving an old one as a new version (history is never rewritten)."""

from __future__ import annotations

from typing import Any

import orjson
from jobsprint.common import paging
from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.common.errors import NotFound
from jobsprint.common.tokens import Principal
from jobsprint.workflows.domain import versions
from jobsprint.workflows.domain.workflow import Version, WorkflowView
from jobsprint.workflows.service.checks import DefinitionChecks
from jobsprint.workflows.service.definitions import update_workflow
from jobsprint.workflows.service.ports import WorkflowsUnitOfWork
from jobsprint.workflows.service.views import load


def _version(uow: WorkflowsUnitOfWork, workflow_id: str, version: int) -> Version:
    found = uow.workflows.get_version(workflow_id, version)
    if found is None:
        raise NotFound(f"workflow {workflow_id!r} has no version {version}")
    return found


def list_versions(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    *,
    principal: Principal,
    workflow_id: str,
    page_size: int,
    page_token: str,
) -> tuple[list[Version], str]:
    size = paging.page_size(page_size)
    after = paging.decode(page_token, query=workflow_id)
    with uow:
        load(uow, keys, workspace_id=principal.workspace_id, workflow_id=workflow_id)
        found = uow.workflows.list_versions(
            workflow_id, before=int(after[0]) if after else None, limit=size + 1
        )
    next_token = ""
    if len(found) > size:
        next_token = paging.encode(query=workflow_id, after=[int(found[size - 1].version)])
    return found[:size], next_token


def get_version(
    uow: WorkflowsUnitOfWork, keys: WorkspaceKeys, *, principal: Principal, workflow_id: str, version: int
) -> Version:
    with uow:
        load(uow, keys, workspace_id=principal.workspace_id, workflow_id=workflow_id)
        return _version(uow, workflow_id, version)


def diff_versions(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    *,
    principal: Principal,
    workflow_id: str,
    from_version: int,
    to_version: int,
) -> dict[str, Any]:
    with uow:
        load(uow, keys, workspace_id=principal.workspace_id, workflow_id=workflow_id)
        before = _version(uow, workflow_id, from_version)
        after = _version(uow, workflow_id, to_version)
    return {"from": from_version, "to": to_version, **versions.diff(before.definition, after.definition)}


def rollback_workflow(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    checks: DefinitionChecks,
    *,
    principal: Principal,
    workflow_id: str,
    version: int,
    etag: str,
) -> WorkflowView:
    """Save version `version`'s definition as a new version."""
    with uow:
        load(uow, keys, workspace_id=principal.workspace_id, workflow_id=workflow_id)
        old = _version(uow, workflow_id, version)
    return update_workflow(
        uow,
        keys,
        checks,
        principal=principal,
        workflow_id=workflow_id,
        mask=["definition"],
        etag=etag,
        definition=orjson.dumps(old.definition),
        version_message=f"rollback to version {version}",
    )
