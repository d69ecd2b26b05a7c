"""The audit log table: monthly partitions made ahead, append-only, idempotent, paged per
workspace — and the consumer that stores other services' `audit.*` events."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from jobsprint.auth.adapters import audit_store
from jobsprint.auth.entrypoints.audit_consumer import AuditConsumer
from jobsprint.auth.service import accounts, auditing, sessions
from jobsprint.common import audit, messaging
from jobsprint.common.errors import PermissionDenied, Unauthenticated
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from .conftest import PASSWORD

pytestmark = pytest.mark.integration


@pytest.fixture
def owner(ctx):
    email = f"audit-{uuid.uuid4().hex[:10]}@example.com"
    accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    return ctx.key_ring.verify(
        accounts.login(
            ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password=PASSWORD
        ).access_token
    )


def _record(workspace_id: str, **overrides) -> audit.AuditRecord:
    fields = {
        "workspace_id": workspace_id,
        "actor_id": str(uuid.uuid4()),
        "actor_kind": "user",
        "action": "workflows.create_workflow",
        "outcome": audit.SUCCESS,
        "source": "/jobsprint/workflows",
        "resource_id": str(uuid.uuid4()),
    }
    return audit.AuditRecord(**(fields | overrides))


def _engine(ctx):
    return ctx.sessions.kw["bind"]


def test_partitions_exist_for_this_month_and_the_months_ahead(ctx):
    with ctx.sessions() as session:
        names = set(
            session.execute(
                text(
                    "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'audit_log'"
                )
            ).scalars()
        )
    now = datetime.now(UTC)
    for months_ahead in range(audit_store.PARTITIONS_AHEAD + 1):
        month = (now.replace(day=1) + timedelta(days=32 * months_ahead)).strftime("%Y_%m")
        assert f"audit_log_{month}" in names


def test_a_record_for_a_month_without_a_partition_creates_it(ctx, owner):
    far = datetime(2031, 7, 14, tzinfo=UTC)
    record = _record(owner.workspace_id, occurred_at=far)
    audit_store.append_now(_engine(ctx), [record])
    page = auditing.list_audit_events(
        ctx.uow(), principal=owner, page_size=10, page_token="", resource_id=record.resource_id
    )
    assert [e.id for e in page.events] == [record.id]


def test_the_log_is_append_only(ctx, owner):
    record = _record(owner.workspace_id)
    audit_store.append_now(_engine(ctx), [record])
    for statement in (
        "UPDATE auth.audit_log SET outcome = 'success' WHERE id = :id",
        "DELETE FROM auth.audit_log WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="append-only"), ctx.sessions.begin() as session:
            session.execute(text(statement), {"id": record.id})


def test_a_redelivered_event_is_stored_once(ctx, owner):
    record = _record(owner.workspace_id)
    consumer = AuditConsumer(audit_log=ctx.audit_log, amqp_url="amqp://unused")
    body = audit.to_event(record)
    delivery = messaging.Delivery(body=body, message_id="m", headers={}, redelivered=False)
    assert consumer.handle([delivery, delivery]) == messaging.Outcome.ACK
    assert consumer.handle([delivery]) == messaging.Outcome.ACK
    page = auditing.list_audit_events(
        ctx.uow(), principal=owner, page_size=10, page_token="", resource_id=record.resource_id
    )
    assert len(page.events) == 1


def test_a_message_that_is_not_an_audit_event_is_dropped_and_its_batch_stored(ctx, owner):
    consumer = AuditConsumer(audit_log=ctx.audit_log, amqp_url="amqp://unused")
    record = _record(owner.workspace_id)
    deliveries = [
        messaging.Delivery(body=body, message_id="m", headers={}, redelivered=False)
        for body in (b"not json", audit.to_event(record), b'{"data": {"id": "x"}}')
    ]
    assert consumer.handle(deliveries) == messaging.Outcome.ACK
    page = auditing.list_audit_events(
        ctx.uow(), principal=owner, page_size=10, page_token="", resource_id=record.resource_id
    )
    assert [e.id for e in page.events] == [record.id]


def test_pages_are_newest_first_filtered_and_never_cross_workspaces(ctx, owner):
    base = datetime.now(UTC) - timedelta(minutes=5)
    window = {"since": base, "until": base + timedelta(minutes=1)}  # leaves out the owner's sign-in
    records = [
        _record(owner.workspace_id, occurred_at=base + timedelta(seconds=i), action=action)
        for i, action in enumerate(
            ["workflows.create_workflow", "workflows.run_workflow", "auth.add_member"] * 2
        )
    ]
    audit_store.append_now(_engine(ctx), [*records, _record(str(uuid.uuid4()))])
    first = auditing.list_audit_events(ctx.uow(), principal=owner, page_size=2, page_token="", **window)
    second = auditing.list_audit_events(
        ctx.uow(), principal=owner, page_size=2, page_token=first.next_page_token, **window
    )
    ids = [e.id for e in first.events + second.events]
    assert ids == [r.id for r in reversed(records)][:4]
    workflows_only = auditing.list_audit_events(
        ctx.uow(), principal=owner, page_size=50, page_token="", action="workflows", **window
    )
    assert {e.action for e in workflows_only.events} == {
        "workflows.create_workflow",
        "workflows.run_workflow",
    }
    assert all(e.workspace_id == owner.workspace_id for e in first.events + second.events)


def test_sign_ins_registrations_and_refresh_token_reuse_are_recorded(ctx, owner):
    email = f"audit-{uuid.uuid4().hex[:10]}@example.com"
    user, workspace = accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    pair = accounts.login(
        ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password=PASSWORD
    )
    with pytest.raises(Unauthenticated):
        accounts.login(
            ctx.uow,
            ctx.passwords,
            ctx.tokens,
            ctx.audit_log,
            ctx.background,
            email=email,
            password="definitely wrong",
        )
    ctx.background.submit(lambda: None).result()  # the failed login is recorded off the request path
    sessions.refresh(ctx.uow(), ctx.tokens, ctx.audit_log, refresh_token=pair.refresh_token)
    with pytest.raises(Unauthenticated):
        sessions.refresh(ctx.uow(), ctx.tokens, ctx.audit_log, refresh_token=pair.refresh_token)
    me = ctx.key_ring.verify(
        accounts.login(
            ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password=PASSWORD
        ).access_token
    )
    page = auditing.list_audit_events(ctx.uow(), principal=me, page_size=50, page_token="", action="auth")
    seen = [(e.action, e.outcome) for e in reversed(page.events)]
    assert seen == [
        ("auth.register", "success"),
        ("auth.login", "success"),
        ("auth.login", "failed"),
        ("auth.refresh_token_reused", "denied"),
        ("auth.login", "success"),
    ]
    assert {e.actor_id for e in page.events} == {user.id} and workspace.id == me.workspace_id


def test_only_admins_and_owners_read_the_log(ctx, owner):
    with pytest.raises(PermissionDenied):
        auditing.list_audit_events(
            ctx.uow(), principal=replace(owner, roles=("editor",)), page_size=10, page_token=""
        )
