"""Export a workflow as a portable document and import one (ADR-039): credentials travel by
name, since ids mean nothing in another workspace and secrets never leave the integrations
service."""

from __future__ import annotations

from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.common.errors import FieldViolation, InvalidArgument
from jobsprint.common.tokens import Principal
from jobsprint.workflows.domain import credentials
from jobsprint.workflows.domain import workflow as rules
from jobsprint.workflows.domain.workflow import Export, WorkflowView
from jobsprint.workflows.service.checks import DefinitionChecks
from jobsprint.workflows.service.definitions import get_workflow, insert
from jobsprint.workflows.service.ports import Integrations, WorkflowsUnitOfWork


def export_workflow(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    integrations: Integrations,
    *,
    principal: Principal,
    workflow_id: str,
) -> Export:
    view = get_workflow(uow, keys, principal=principal, workflow_id=workflow_id)
    ids = credentials.exported_ids(view.definition)
    by_id = {c.id: c for c in integrations.credentials(principal.workspace_id, ids=ids)} if ids else {}
    return Export(
        name=view.row.name,
        description=view.row.description,
        tags=list(view.row.tags),
        definition=credentials.named(view.definition, by_id=by_id),
    )


def import_workflow(
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
    """Create a workflow from an export: a new id, version 1, inactive, each credential name
    mapped to the importing workspace's credential of that name. Every reference that cannot be
    mapped is reported at once, with whatever else is wrong with the definition."""
    rules.check_fields(name, tags)
    raw = checks.json(definition)
    names = credentials.referenced_names(raw)
    by_name = (
        {c.name: c for c in checks.integrations.credentials(principal.workspace_id, names=names)}
        if names
        else {}
    )
    mapped = credentials.with_ids(raw, by_name=by_name)
    if mapped.problems:
        # The unmapped references are reported once, as mapping problems, not again by validation.
        mapped_fields = {p.field for p in mapped.problems}
        others: list[FieldViolation] = []
        try:
            checks.validated(uow, principal, mapped.definition)
        except InvalidArgument as invalid:
            others = [v for v in invalid.violations if v.field not in mapped_fields]
        raise InvalidArgument(mapped.summary, [*mapped.problems, *others])
    parsed = checks.validated(uow, principal, mapped.definition)
    return insert(
        uow,
        keys,
        principal,
        name=name,
        description=description,
        tags=tags,
        raw=mapped.definition,
        parsed=parsed,
    )
