"""A workspace's rate-limit overrides and reading its audit log, against fakes."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from jobsprint.auth.service import auditing, limits
from jobsprint.common import audit
from jobsprint.common.errors import InvalidArgument, PermissionDenied

from .fakes import owner, service


def test_limits_are_replaced_whole_and_read_back() -> None:
    svc = service()
    _email, me = owner(svc)
    limits.update_workspace_limits(svc.deps.uow(), principal=me, limits={"rate_limit_per_minute": 10})

    updated = limits.update_workspace_limits(
        svc.deps.uow(), principal=me, limits={"webhook_rate_limit_per_minute": 5}
    )

    assert updated == {"webhook_rate_limit_per_minute": 5}
    assert limits.get_workspace_limits(svc.deps.uow(), principal=me) == updated


def test_limits_out_of_range_or_unknown_are_refused_and_stored_limits_stay() -> None:
    svc = service()
    _email, me = owner(svc)
    with pytest.raises(InvalidArgument) as refused:
        limits.update_workspace_limits(
            svc.deps.uow(), principal=me, limits={"rate_limit_per_minute": 0, "cpu": 3}
        )
    assert {v.field for v in refused.value.violations} == {"limits.rate_limit_per_minute", "limits.cpu"}
    with pytest.raises(PermissionDenied):
        limits.update_workspace_limits(
            svc.deps.uow(), principal=replace(me, roles=("editor",)), limits={"rate_limit_per_minute": 5}
        )
    assert limits.get_workspace_limits(svc.deps.uow(), principal=me) == {}


def test_the_audit_log_pages_newest_first_filtered_and_within_the_workspace() -> None:
    svc = service()
    _email, me = owner(svc)
    base = datetime.now(UTC) - timedelta(hours=1)
    actions = ["workflows.create_workflow", "workflows.run_workflow", "auth.add_member"] * 2
    records = [
        audit.AuditRecord(
            workspace_id=me.workspace_id,
            actor_id=me.user_id,
            actor_kind="user",
            action=action,
            outcome=audit.SUCCESS,
            source="/jobsprint/workflows",
            resource_id=str(uuid.uuid4()),
            occurred_at=base + timedelta(seconds=i),
        )
        for i, action in enumerate(actions)
    ]
    svc.uow.db.audit.extend(
        [*records, replace(records[0], id=str(uuid.uuid4()), workspace_id=str(uuid.uuid4()))]
    )
    until = base + timedelta(minutes=1)

    first = auditing.list_audit_events(
        svc.deps.uow(), principal=me, page_size=2, page_token="", since=base, until=until
    )
    second = auditing.list_audit_events(
        svc.deps.uow(), principal=me, page_size=2, page_token=first.next_page_token, since=base, until=until
    )
    only = auditing.list_audit_events(
        svc.deps.uow(), principal=me, page_size=50, page_token="", action="workflows", since=base, until=until
    )

    assert [e.id for e in first.events + second.events] == [r.id for r in reversed(records)][:4]
    assert {e.action for e in only.events} == {"workflows.create_workflow", "workflows.run_workflow"}
    assert only.next_page_token == ""


def test_a_page_token_that_was_not_given_out_is_refused_and_only_admins_read_the_log() -> None:
    svc = service()
    _email, me = owner(svc)
    with pytest.raises(InvalidArgument):
        auditing.list_audit_events(svc.deps.uow(), principal=me, page_size=10, page_token="garbage!")
    with pytest.raises(PermissionDenied):
        auditing.list_audit_events(
            svc.deps.uow(), principal=replace(me, roles=("editor",)), page_size=10, page_token=""
        )
