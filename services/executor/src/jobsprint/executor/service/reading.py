"""Reading executions: one with its steps, a page of summaries, a batch by id, and an
execution's numbered events."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

import orjson
from jobsprint.common import paging
from jobsprint.common.errors import FieldViolation, InvalidArgument
from jobsprint.common.tokens import Principal
from jobsprint.executor.domain.executions import (
    MAX_BATCH,
    ORDERS,
    STATUSES,
    ExecutionFilter,
    bad_page_token,
    canonical_id,
    checked_id,
    not_found,
)
from jobsprint.executor.service.ports import ExecutorUnitOfWork


def get_execution(
    uow: ExecutorUnitOfWork, *, principal: Principal, execution_id: str
) -> tuple[Any, list[Any]]:
    """The execution with its steps; NotFound unless it is the caller's workspace's."""
    checked_id(execution_id)
    with uow:
        execution = uow.executions.get(execution_id, workspace_id=principal.workspace_id)
        if execution is None:
            raise not_found(execution_id)
        return execution, uow.executions.steps(execution_id)


def _fingerprint(filters: ExecutionFilter, order: str) -> str:
    """What a page token is made for: one used with other filters is refused, not misapplied."""
    bounds = (
        filters.created_after,
        filters.created_before,
        filters.started_after,
        filters.started_before,
        filters.finished_after,
        filters.finished_before,
    )
    return orjson.dumps(
        [filters.workflow_id, sorted(filters.statuses), *(str(value) for value in bounds), order]
    ).decode()


def _checked_filters(filters: ExecutionFilter, order_by: str) -> str:
    """The order, normalised; InvalidArgument for an order, status or workflow id not known."""
    order = " ".join(order_by.lower().split()) or "created_at desc"
    if order not in ORDERS:
        raise InvalidArgument(
            f"cannot order executions by {order_by!r}",
            [FieldViolation("order_by", f"one of: {', '.join(ORDERS)}")],
        )
    unknown = sorted(set(filters.statuses) - set(STATUSES))
    if unknown:
        raise InvalidArgument(
            f"unknown status {', '.join(map(repr, unknown))}",
            [FieldViolation("status", f"each one of: {', '.join(STATUSES)}")],
        )
    if filters.workflow_id and not canonical_id(filters.workflow_id):
        raise InvalidArgument(
            f"workflow_id {filters.workflow_id!r} is not a workflow id",
            [FieldViolation("workflow_id", "a UUID")],
        )
    return order


def list_executions(
    uow: ExecutorUnitOfWork,
    *,
    principal: Principal,
    filters: ExecutionFilter,
    order_by: str,
    page_size: int,
    page_token: str,
) -> tuple[list[Any], str]:
    """One page of the caller's workspace's executions (summaries), and the next page's token."""
    order = _checked_filters(filters, order_by)
    size = paging.page_size(page_size)
    fingerprint = _fingerprint(filters, order)
    after = paging.decode(page_token, query=fingerprint)
    position: tuple[datetime, str] | None = None
    if after is not None:
        try:
            position = (datetime.fromisoformat(after[0]), str(uuid.UUID(after[1])))
        except (IndexError, TypeError, ValueError) as exc:
            raise bad_page_token() from exc
    column, descending = ORDERS[order]
    scoped = replace(filters, workspace_id=principal.workspace_id)
    with uow:
        rows = uow.executions.list_page(
            scoped, order_column=column, descending=descending, after=position, limit=size + 1
        )
    next_token = ""
    if len(rows) > size:
        last = rows[size - 1]
        next_token = paging.encode(query=fingerprint, after=[getattr(last, column).isoformat(), str(last.id)])
    return rows[:size], next_token


def batch_get_executions(
    uow: ExecutorUnitOfWork, *, principal: Principal, execution_ids: list[str]
) -> tuple[list[tuple[Any, list[Any]]], list[str]]:
    """The caller's executions among the ids, in request order and each once, with their steps;
    and the ids that name none of them (malformed, unknown or another workspace's: all alike)."""
    if len(execution_ids) > MAX_BATCH:
        raise InvalidArgument(
            f"at most {MAX_BATCH} ids per batch, not {len(execution_ids)}",
            [FieldViolation("ids", f"at most {MAX_BATCH}")],
        )
    wanted = list(dict.fromkeys(execution_ids))
    canonical = {i: canonical_id(i) for i in wanted}
    valid = [c for c in canonical.values() if c]
    with uow:
        found = {
            str(row.id): row for row in uow.executions.get_many(valid, workspace_id=principal.workspace_id)
        }
        steps = uow.executions.steps_of(list(found))
    return (
        [(found[canonical[i]], steps[canonical[i]]) for i in wanted if canonical[i] in found],
        [i for i in wanted if canonical[i] not in found],
    )


def list_execution_events(
    uow: ExecutorUnitOfWork, *, principal: Principal, execution_id: str, after: int, limit: int
) -> tuple[list[Any], str, bool]:
    """The execution's events numbered above `after`, its status read before them, and whether
    more events follow. A final status with nothing more means the history is complete."""
    if after < 0:
        raise InvalidArgument(
            "after_sequence must not be negative", [FieldViolation("after_sequence", ">= 0")]
        )
    size = paging.page_size(limit, default=500, maximum=1000)
    checked_id(execution_id)
    with uow:
        execution = uow.executions.get(execution_id, workspace_id=principal.workspace_id)
        if execution is None:
            raise not_found(execution_id)
        # Read after the status: every event committed before a final status is among these.
        rows = uow.executions.events(execution_id, after=after, limit=size + 1)
    return rows[:size], execution.status, len(rows) > size
