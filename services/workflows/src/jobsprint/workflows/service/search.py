"""Finding workflows: list and full-text search with filters and stable pages, and a batch read
by ids."""

from __future__ import annotations

from jobsprint.common.envelope import WorkspaceKeys
from jobsprint.common.errors import FieldViolation, InvalidArgument
from jobsprint.common.tokens import Principal
from jobsprint.workflows.domain import search as rules
from jobsprint.workflows.domain.search import ListFilter
from jobsprint.workflows.domain.workflow import MAX_BATCH, WorkflowView, canonical_id
from jobsprint.workflows.service.ports import WorkflowsUnitOfWork
from jobsprint.workflows.service.views import view


def list_workflows(
    uow: WorkflowsUnitOfWork,
    keys: WorkspaceKeys,
    *,
    principal: Principal,
    filters: ListFilter,
    page_size: int,
    page_token: str,
) -> tuple[list[WorkflowView], str]:
    query = rules.search(filters, page_size=page_size, page_token=page_token)
    with uow:
        found = uow.workflows.search(principal.workspace_id, query)
    size = query.limit - 1
    views = [view(keys, stored) for stored in found[:size]]
    next_token = ""
    if len(found) > size:
        final = found[size - 1]
        last_key = final.rank if query.column == "rank" else getattr(final.workflow, query.column)
        next_token = rules.next_token(query, last_key, final.workflow.id)
    return views, next_token


def batch_get_workflows(
    uow: WorkflowsUnitOfWork, keys: WorkspaceKeys, *, principal: Principal, workflow_ids: list[str]
) -> tuple[list[WorkflowView], list[str]]:
    """The caller's workflows among the ids (not in the trash), in request order and each once, in
    one query; and the ids that name none of them (malformed, unknown or another workspace's alike)."""
    if len(workflow_ids) > MAX_BATCH:
        raise InvalidArgument(
            f"at most {MAX_BATCH} ids per batch, not {len(workflow_ids)}",
            [FieldViolation("ids", f"at most {MAX_BATCH}")],
        )
    wanted = list(dict.fromkeys(workflow_ids))
    canonical = {i: canonical_id(i) for i in wanted}
    valid = [c for c in canonical.values() if c]
    found: dict[str, WorkflowView] = {}
    if valid:
        with uow:
            rows = uow.workflows.get_many(principal.workspace_id, valid)
        found = {str(s.workflow.id): view(keys, s) for s in rows}
    return (
        [found[canonical[i]] for i in wanted if canonical[i] in found],
        [i for i in wanted if canonical[i] not in found],
    )
