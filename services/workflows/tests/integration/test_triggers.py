"""Webhooks (tokens, methods, signatures, the request reaching the run) and cron schedules fired
exactly once per tick by three workflows-service processes at once."""

from __future__ import annotations

import time
from contextlib import ExitStack

import orjson
import pytest
from jobsprint.common.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from jobsprint.common.identity import service_principal
from jobsprint.common.testing import grpc_service
from jobsprint.workflows.adapters.orm import cron_ticks, workflows
from jobsprint.workflows.domain import webhooks
from jobsprint.workflows.domain.workflow import MethodNotAllowed
from sqlalchemy import func, select, text, update

pytestmark = pytest.mark.integration

ECHO = {
    "nodes": [
        {"id": "hook", "type": "trigger.webhook", "parameters": {"method": "POST", "response_mode": "wait"}},
        {
            "id": "echo",
            "type": "core.set",
            "parameters": {
                "values": {
                    "method": "{{ request.method }}",
                    "event": "{{ request.headers['x-event'] }}",
                    "page": "{{ request.query.page }}",
                    "doubled": "{{ input.amount * 2 }}",
                }
            },
        },
    ],
    "edges": [{"from": "hook", "to": "echo"}],
}


def _cron(expression: str = "* * * * *", **parameters):
    return {
        "nodes": [
            {"id": "tick", "type": "trigger.cron", "parameters": {"expression": expression, **parameters}},
            {"id": "note", "type": "core.set", "parameters": {"values": {"at": "{{ input.scheduled_for }}"}}},
        ],
        "edges": [{"from": "tick", "to": "note"}],
    }


@pytest.fixture
def ingress(ring):
    return service_principal(ring, service="gateway", workspace_id="", scopes=("run",))


def _webhook_workflow(ctx, principal, definition=ECHO):
    created = ctx.create_workflow(
        principal=principal, name="hook", description="", tags=[], definition=orjson.dumps(definition)
    )
    return ctx.set_active(principal=principal, workflow_id=created.row.id, active=True)


def _hook(ctx, ingress, token, *, method="POST", body=b'{"amount": 21}', headers=(), query=()):
    return ctx.trigger_webhook(
        principal=ingress,
        token=token,
        method=method,
        headers=[("Content-Type", "application/json"), *headers],
        query=list(query),
        body=body,
    )


def test_the_request_method_headers_query_and_body_reach_the_run(ctx, finished, new_principal, ingress):
    principal = new_principal()
    workflow = _webhook_workflow(ctx, principal)
    run = _hook(ctx, ingress, workflow.webhook_token, headers=[("X-Event", "paid")], query=[("page", "3")])
    assert (run.workflow_id, run.response_mode) == (workflow.row.id, "wait")
    execution = finished(principal, run.execution_id)
    assert orjson.loads(execution.input) == {"amount": 21}
    assert orjson.loads(execution.output) == {
        "amount": 21,
        "method": "POST",
        "event": "paid",
        "page": "3",
        "doubled": 42,
    }


def test_an_inactive_unknown_or_deleted_hook_is_not_found(ctx, new_principal, ingress):
    principal = new_principal()
    workflow = _webhook_workflow(ctx, principal)
    token = workflow.webhook_token
    with pytest.raises(NotFound):
        _hook(ctx, ingress, "x" * 43)
    ctx.set_active(principal=principal, workflow_id=workflow.row.id, active=False)
    with pytest.raises(NotFound):
        _hook(ctx, ingress, token)
    ctx.set_active(principal=principal, workflow_id=workflow.row.id, active=True)
    ctx.delete_workflow(principal=principal, workflow_id=workflow.row.id)
    with pytest.raises(NotFound):
        _hook(ctx, ingress, token)


def test_a_method_the_trigger_does_not_allow_is_refused_naming_the_allowed_one(ctx, new_principal, ingress):
    workflow = _webhook_workflow(ctx, new_principal())
    with pytest.raises(MethodNotAllowed) as refused:
        _hook(ctx, ingress, workflow.webhook_token, method="GET")
    assert refused.value.violations[0].description == "POST"


def test_a_rotated_token_retires_the_old_url(ctx, new_principal, ingress):
    principal = new_principal()
    workflow = _webhook_workflow(ctx, principal)
    rotated = ctx.rotate_webhook_token(principal=principal, workflow_id=workflow.row.id)
    assert rotated.webhook_token != workflow.webhook_token
    with pytest.raises(NotFound):
        _hook(ctx, ingress, workflow.webhook_token)
    assert _hook(ctx, ingress, rotated.webhook_token).execution_id


def test_a_signed_hook_needs_a_valid_signature(ctx, new_principal, ingress):
    principal = new_principal()
    workflow = _webhook_workflow(ctx, principal)
    ctx.set_webhook_secret(principal=principal, workflow_id=workflow.row.id, secret="s3cret-s3cret-s3cret")
    body = b'{"amount": 5}'
    with pytest.raises(Unauthenticated, match="x-jobsprint-signature-256"):
        _hook(ctx, ingress, workflow.webhook_token, body=body)
    with pytest.raises(Unauthenticated):
        _hook(
            ctx,
            ingress,
            workflow.webhook_token,
            body=body,
            headers=[(webhooks.SIGNATURE_HEADER, webhooks.signature("another-secret-entirely", body))],
        )
    good = [(webhooks.SIGNATURE_HEADER, webhooks.signature("s3cret-s3cret-s3cret", body))]
    assert _hook(ctx, ingress, workflow.webhook_token, body=body, headers=good).execution_id


def test_a_short_secret_is_refused_and_only_the_ingress_may_trigger(ctx, new_principal):
    principal = new_principal()
    workflow = _webhook_workflow(ctx, principal)
    with pytest.raises(InvalidArgument):
        ctx.set_webhook_secret(principal=principal, workflow_id=workflow.row.id, secret="short")
    with pytest.raises(PermissionDenied):
        _hook(ctx, principal, workflow.webhook_token)


def test_activating_a_cron_workflow_schedules_its_next_ticks_and_deactivating_stops_them(ctx, new_principal):
    principal = new_principal()
    created = ctx.create_workflow(
        principal=principal,
        name="daily",
        description="",
        tags=[],
        definition=orjson.dumps(_cron("30 6 * * *", timezone="Asia/Tokyo")),
    )
    assert created.next_fire_times == []
    active = ctx.set_active(principal=principal, workflow_id=created.row.id, active=True)
    assert len(active.next_fire_times) == 5
    assert all(t.astimezone().utctimetuple()[3:5] == (21, 30) for t in active.next_fire_times)  # 06:30 JST
    stopped = ctx.set_active(principal=principal, workflow_id=created.row.id, active=False)
    assert (stopped.row.next_fire_at, stopped.next_fire_times) == (None, [])


@pytest.fixture
def three_workflows_services(it_env, executor_target, integrations_target):
    """Three real `python -m jobsprint.workflows` processes, each with its scheduler."""
    env = {
        **it_env,
        "WORKFLOWS_EXECUTOR_TARGET": executor_target,
        "WORKFLOWS_INTEGRATIONS_TARGET": integrations_target,
        "WORKFLOWS_SCHEDULER_POLL_SECONDS": "0.1",
    }
    with ExitStack() as stack:
        yield [stack.enter_context(grpc_service("workflows", env=env)) for _ in range(3)]


def test_three_workflows_processes_start_exactly_one_execution_per_cron_tick(
    ctx, executions_of, new_principal, three_workflows_services
):
    principal = new_principal()
    ids = []
    for index in range(12):
        created = ctx.create_workflow(
            principal=principal,
            name=f"cron {index}",
            description="",
            tags=[],
            definition=orjson.dumps(_cron()),
        )
        ctx.set_active(principal=principal, workflow_id=created.row.id, active=True)
        ids.append(created.row.id)
    try:
        for _round in range(2):
            # Make this minute's tick due now for all twelve at once: three schedulers race for them.
            with ctx.sessions.begin() as session:
                session.execute(
                    update(workflows)
                    .where(workflows.c.id.in_(ids))
                    .values(next_fire_at=text("date_trunc('minute', now())"))
                )
            deadline = time.monotonic() + 20
            while True:
                with ctx.sessions() as session:
                    pending = session.execute(
                        select(func.count()).where(
                            workflows.c.id.in_(ids), workflows.c.next_fire_at <= func.now()
                        )
                    ).scalar_one()
                if pending == 0:
                    break
                assert time.monotonic() < deadline, f"{pending} schedules still due"
                time.sleep(0.1)
        with ctx.sessions() as session:
            ticks = session.execute(
                select(cron_ticks.c.workflow_id, cron_ticks.c.execution_id, cron_ticks.c.fired_by).where(
                    cron_ticks.c.workflow_id.in_(ids)
                )
            ).all()
        started = {i: len(executions_of(principal, i)) for i in ids}
        ticks_per_workflow = {i: sum(1 for t in ticks if t.workflow_id == i) for i in ids}
        assert all(t.execution_id for t in ticks)
        # Both rounds may fall in one minute (one tick) or two; either way one execution per tick.
        assert started == ticks_per_workflow
        assert set(ticks_per_workflow.values()) <= {1, 2} and min(ticks_per_workflow.values()) == 1
    finally:
        for workflow_id in ids:
            ctx.set_active(principal=principal, workflow_id=workflow_id, active=False)
