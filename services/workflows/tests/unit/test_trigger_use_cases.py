"""Activation, manual runs, webhooks (tokens, secrets, the hook starting a run) and cron ticks,
against fakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from jobsprint.common.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from jobsprint.common.identity import service_principal
from jobsprint.workflows.domain import webhooks as hooks
from jobsprint.workflows.domain.workflow import MethodNotAllowed
from jobsprint.workflows.service import activation, cron, webhooks

from .fakes import KEY_RING, Service, principal, service
from .test_definition_use_cases import create

HOOK = {
    "nodes": [
        {"id": "hook", "type": "trigger.webhook", "parameters": {"method": "POST", "response_mode": "wait"}},
        {"id": "set", "type": "core.set", "parameters": {"values": {"x": 1}}},
    ],
    "edges": [{"from": "hook", "to": "set"}],
}
CRON = {
    "nodes": [{"id": "tick", "type": "trigger.cron", "parameters": {"expression": "*/5 * * * *"}}],
    "edges": [],
}
INGRESS = service_principal(KEY_RING, service="gateway", workspace_id="", scopes=("run",))


def _active(svc: Service, who, definition: dict):
    created = create(svc, who, definition)
    return activation.set_active(
        svc.deps.uow(), svc.deps.keys, principal=who, workflow_id=created.row.id, active=True
    )


def _hook(
    svc: Service,
    token: str,
    *,
    method: str = "POST",
    body: bytes = b'{"amount": 21}',
    headers=(),
    caller=INGRESS,
):
    return webhooks.trigger_webhook(
        svc.deps.ingress,
        principal=caller,
        token=token,
        method=method,
        headers=[("Content-Type", "application/json"), *headers],
        query=[("page", "3")],
        body=body,
    )


def test_activating_is_announced_once_and_a_second_activation_changes_nothing() -> None:
    svc, who = service(), principal()
    active = _active(svc, who, HOOK)
    again = activation.set_active(
        svc.deps.uow(), svc.deps.keys, principal=who, workflow_id=active.row.id, active=True
    )
    assert again.etag == active.etag
    assert [m.routing_key for m in svc.uow.published] == ["workflow.created", "workflow.activated"]


def test_a_manual_run_starts_the_current_version_with_the_callers_input() -> None:
    svc, who = service(), principal()
    created = create(svc, who)
    started = activation.run_workflow(
        svc.deps.uow(),
        svc.deps.keys,
        svc.executor,
        principal=who,
        workflow_id=created.row.id,
        input_=b'{"a": 1}',
    )
    call = svc.executor.starts[-1]
    assert (started.id, call.version, call.input, call.principal) == (started.id, 1, b'{"a": 1}', who)
    with pytest.raises(InvalidArgument, match="not JSON"):
        activation.run_workflow(
            svc.deps.uow(),
            svc.deps.keys,
            svc.executor,
            principal=who,
            workflow_id=created.row.id,
            input_=b"{",
        )


def test_a_hook_starts_a_run_with_the_body_as_input_and_the_request_redacted_in_one_read() -> None:
    svc, who = service(redacted_headers=("X-Tenant-Pin",)), principal()
    workflow = _active(svc, who, HOOK)
    commits = svc.uow.commits
    run = _hook(
        svc, workflow.webhook_token, headers=[("Authorization", "Bearer s3cret"), ("X-Tenant-Pin", "1234")]
    )
    assert (run.workflow_id, run.workspace_id, run.response_mode) == (
        workflow.row.id,
        who.workspace_id,
        "wait",
    )
    call = svc.executor.starts[-1]
    request = orjson.loads(call.request)
    assert orjson.loads(call.input) == {"amount": 21}
    assert request["headers"]["authorization"] == request["headers"]["x-tenant-pin"] == "[redacted]"
    assert request["query"] == {"page": "3"}
    # The run is started as the workflow's workspace, by the workflows service.
    assert call.principal.workspace_id == who.workspace_id
    # The hot path: one read, no transaction.
    assert (svc.targets.reads, svc.uow.commits) == (1, commits)


def test_a_hook_refuses_another_method_an_unknown_token_an_inactive_workflow_and_a_user() -> None:
    svc, who = service(), principal()
    workflow = _active(svc, who, HOOK)
    with pytest.raises(MethodNotAllowed) as refused:
        _hook(svc, workflow.webhook_token, method="GET")
    assert refused.value.violations[0].description == "POST"
    with pytest.raises(NotFound):
        _hook(svc, "x" * 43)
    with pytest.raises(PermissionDenied):
        _hook(svc, workflow.webhook_token, caller=who)
    activation.set_active(
        svc.deps.uow(), svc.deps.keys, principal=who, workflow_id=workflow.row.id, active=False
    )
    with pytest.raises(NotFound):
        _hook(svc, workflow.webhook_token)
    assert svc.executor.starts == []


def test_the_token_is_kept_as_a_digest_and_sealed_and_a_rotation_retires_the_old_one() -> None:
    svc, who = service(), principal()
    workflow = _active(svc, who, HOOK)
    stored = svc.uow.workflows.rows[workflow.row.id]
    assert stored.webhook_token_hash == hooks.token_digest(workflow.webhook_token)
    assert stored.webhook_token_sealed and workflow.webhook_token.encode() not in stored.webhook_token_sealed
    rotated = webhooks.rotate_webhook_token(
        svc.deps.uow(), svc.deps.keys, principal=who, workflow_id=workflow.row.id
    )
    assert rotated.webhook_token != workflow.webhook_token
    with pytest.raises(NotFound):
        _hook(svc, workflow.webhook_token)
    assert _hook(svc, rotated.webhook_token).execution_id


def test_only_a_webhook_workflow_has_a_token_to_rotate() -> None:
    svc, who = service(), principal()
    created = create(svc, who)
    with pytest.raises(FailedPrecondition):
        webhooks.rotate_webhook_token(
            svc.deps.uow(), svc.deps.keys, principal=who, workflow_id=created.row.id
        )
    assert svc.uow.commits == 1


def test_a_signed_hook_needs_the_signature_of_its_secret_and_a_short_secret_is_refused() -> None:
    svc, who = service(), principal()
    workflow = _active(svc, who, HOOK)
    with pytest.raises(InvalidArgument):
        webhooks.set_webhook_secret(
            svc.deps.uow(), svc.deps.keys, principal=who, workflow_id=workflow.row.id, secret="short"
        )
    signed = webhooks.set_webhook_secret(
        svc.deps.uow(),
        svc.deps.keys,
        principal=who,
        workflow_id=workflow.row.id,
        secret="s3cret-s3cret-s3cret",
    )
    assert signed.webhook_signed
    assert b"s3cret" not in (svc.uow.workflows.rows[workflow.row.id].webhook_secret_sealed or b"")
    body = b'{"amount": 5}'
    with pytest.raises(Unauthenticated):
        _hook(svc, workflow.webhook_token, body=body)
    with pytest.raises(Unauthenticated):
        _hook(
            svc,
            workflow.webhook_token,
            body=body,
            headers=[(hooks.SIGNATURE_HEADER, hooks.signature("other-secret-entirely", body))],
        )
    good = [(hooks.SIGNATURE_HEADER, hooks.signature("s3cret-s3cret-s3cret", body))]
    assert _hook(svc, workflow.webhook_token, body=body, headers=good).execution_id


def _due(svc: Service, workflow_id: str, at: datetime) -> None:
    rows = svc.uow.workflows.rows
    rows[workflow_id] = replace(rows[workflow_id], next_fire_at=at)


def _fire(svc: Service, now: datetime, fired_by: str = "test") -> int:
    d = svc.deps
    return cron.fire_due_schedules(
        d.uow, d.executor, d.key_ring, now=now, fired_by=fired_by, grace=d.cron_grace
    )


def test_activating_a_cron_workflow_schedules_five_ticks_and_deactivating_clears_them() -> None:
    svc, who = service(), principal()
    active = _active(svc, who, CRON)
    assert len(active.next_fire_times) == 5
    assert all(t.minute % 5 == 0 for t in active.next_fire_times)
    stopped = activation.set_active(
        svc.deps.uow(), svc.deps.keys, principal=who, workflow_id=active.row.id, active=False
    )
    assert (stopped.row.next_fire_at, stopped.next_fire_times) == (None, [])


def test_a_due_tick_starts_one_run_and_moves_the_schedule_on_however_often_it_is_seen() -> None:
    svc, who = service(), principal()
    workflow = _active(svc, who, CRON)
    tick = datetime(2026, 12, 4, 10, 5, tzinfo=UTC)
    _due(svc, workflow.row.id, tick)
    assert _fire(svc, tick + timedelta(seconds=1), "a") == 1
    assert svc.uow.workflows.rows[workflow.row.id].next_fire_at == tick + timedelta(minutes=5)
    # Another scheduler that saw the same tick due before the first moved it on.
    _due(svc, workflow.row.id, tick)
    assert _fire(svc, tick + timedelta(seconds=2), "b") == 0
    ((version, missed, fired_by, execution_id),) = svc.uow.ticks.fired.values()
    assert (version, missed, fired_by) == (1, 0, "a")
    assert len(svc.executor.starts) == 1 and execution_id is not None
    assert orjson.loads(svc.executor.starts[0].input)["scheduled_for"] == tick.isoformat()


def test_a_tick_whose_run_failed_to_start_stays_due_for_the_next_poll() -> None:
    svc, who = service(), principal()
    workflow = _active(svc, who, CRON)
    tick = datetime(2026, 12, 4, 10, 5, tzinfo=UTC)
    _due(svc, workflow.row.id, tick)

    svc.executor.failure = RuntimeError("the executor is away")
    assert _fire(svc, tick + timedelta(seconds=1)) == 0
    assert svc.uow.workflows.rows[workflow.row.id].next_fire_at == tick
    assert svc.uow.ticks.fired == {}
    svc.executor.failure = None
    assert _fire(svc, tick + timedelta(seconds=1)) == 1
