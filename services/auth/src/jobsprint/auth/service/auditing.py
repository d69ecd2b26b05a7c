"""The auth service's audit trail: its own records (stored at once, never failing the call they
describe) and reading a workspace's log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobsprint.auth.domain import audit_log
from jobsprint.auth.domain.audit_log import AuditFilter, AuditPage
from jobsprint.auth.service.ports import AuditLog, AuthUnitOfWork
from jobsprint.common import access, audit
from jobsprint.common.tokens import Principal

AUDIT_SOURCE = "/jobsprint/auth"


def user_record(
    *, workspace_id: str, actor_id: str, action: str, outcome: str, **details: Any
) -> audit.AuditRecord:
    """A record of something a user did to their own account (sign in, register, refresh)."""
    return audit.AuditRecord(
        workspace_id=workspace_id,
        actor_id=actor_id,
        actor_kind="user",
        action=action,
        outcome=outcome,
        source=AUDIT_SOURCE,
        resource_id=actor_id,
        details=details,
    )


def record(log: AuditLog, record: audit.AuditRecord) -> None:
    """Store `record` now, in a transaction of its own; a failure is logged and counted only."""
    audit.safely(lambda r: log.append_now([r]), record)


def list_audit_events(
    uow: AuthUnitOfWork,
    *,
    principal: Principal,
    page_size: int,
    page_token: str,
    action: str = "",
    actor_id: str = "",
    resource_id: str = "",
    outcome: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> AuditPage:
    """A page of the workspace's log, newest first, for its admins and owners."""
    access.require_role(principal, access.ADMIN)
    where = AuditFilter(action, actor_id, resource_id, outcome, since, until)
    limit = audit_log.page_limit(page_size)
    after = audit_log.position(page_token)
    with uow:
        events = uow.audit.page(
            workspace_id=principal.workspace_id, limit=limit + 1, after=after, where=where
        )
    more = len(events) > limit
    events = events[:limit]
    return AuditPage(events, audit_log.page_token(events[-1]) if more else "")
