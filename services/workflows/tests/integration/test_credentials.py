"""Credential references checked on save over real gRPC against the integrations service, export
and import across two workspaces, what a save does while integrations is down, and a cron tick
that is claimed twice still starting one execution."""

from __future__ import annotations

from datetime import timedelta

import orjson
import pytest
from jobsprint.common.errors import InvalidArgument, Unavailable
from jobsprint.common.identity import service_principal
from jobsprint.common.testing import free_port
from jobsprint.workflows.adapters.integrations_client import IntegrationsClient
from jobsprint.workflows.adapters.orm import cron_ticks, workflows
from jobsprint.workflows.domain import triggers
from jobsprint.workflows.domain.search import ListFilter
from sqlalchemy import select, text, update

from .conftest import delete_credential

pytestmark = pytest.mark.integration


def _definition(*nodes):
    return {
        "nodes": [{"id": "start", "type": "trigger.manual"}, *nodes],
        "edges": [{"from": "start", "to": n["id"]} for n in nodes],
    }


def _ask(credential, node_id="ask"):
    return {
        "id": node_id,
        "type": "integration.ai.chat",
        "parameters": {"credential": credential, "prompt": "hi"},
    }


def _create(ctx, principal, definition, name="uses credentials"):
    return ctx.create_workflow(
        principal=principal, name=name, description="", tags=[], definition=orjson.dumps(definition)
    )


def _violations(call):
    with pytest.raises(InvalidArgument) as refused:
        call()
    return refused.value, {v.field: v.description for v in refused.value.violations}


def test_a_workflow_using_a_credential_of_its_workspace_is_saved(ctx, credential, new_principal):
    principal = new_principal()
    llm = credential(principal, "llm", "ai_provider")
    created = _create(ctx, principal, _definition(_ask(llm.id)))
    assert created.definition["nodes"][1]["parameters"]["credential"] == llm.id


def test_every_bad_reference_is_reported_at_once_at_its_node(ctx, credential, new_principal):
    principal, stranger = new_principal(), new_principal()
    github = credential(principal, "github", "bearer")
    theirs = credential(stranger, "their llm", "ai_provider")
    definition = _definition(
        _ask("7b0c0f7e-0000-4000-8000-00000000dead", "unknown"),
        _ask(theirs.id, "foreign"),
        _ask(github.id, "wrong_type"),
        {"id": "mail", "type": "integration.email.send", "parameters": {"to": "a@example.com"}},
        {"id": "dynamic", "type": "integration.http.request", "parameters": {"credential": "{{ input.c }}"}},
        {"id": "bad_set", "type": "core.set", "parameters": {}},
    )
    _, problems = _violations(lambda: _create(ctx, principal, definition))
    assert set(problems) == {
        "definition.nodes[1].parameters.credential",
        "definition.nodes[2].parameters.credential",
        "definition.nodes[3].parameters.credential",
        "definition.nodes[4].parameters.credential",
        "definition.nodes[6].parameters",
    }
    assert "no credential" in problems["definition.nodes[1].parameters.credential"]
    assert "no credential" in problems["definition.nodes[2].parameters.credential"]  # another workspace's
    assert "is of type bearer" in problems["definition.nodes[3].parameters.credential"]
    assert "needs a credential of type smtp" in problems["definition.nodes[4].parameters.credential"]


def test_an_update_and_a_rollback_are_checked_like_a_create(ctx, credential, integrations, new_principal):
    principal = new_principal()
    llm = credential(principal, "llm", "ai_provider")
    created = _create(ctx, principal, _definition(_ask(llm.id)))
    _, problems = _violations(
        lambda: ctx.update_workflow(
            principal=principal,
            workflow_id=created.row.id,
            mask=["definition"],
            etag=created.etag,
            definition=orjson.dumps(_definition(_ask("not-a-credential"))),
        )
    )
    assert list(problems) == ["definition.nodes[1].parameters.credential"]
    second = ctx.update_workflow(
        principal=principal,
        workflow_id=created.row.id,
        mask=["definition"],
        etag=created.etag,
        definition=orjson.dumps(_definition({"id": "done", "type": "core.noop"})),
    )
    delete_credential(integrations, principal, llm.id)
    _, problems = _violations(
        lambda: ctx.rollback_workflow(
            principal=principal, workflow_id=created.row.id, version=1, etag=second.etag
        )
    )
    assert "no credential" in problems["definition.nodes[1].parameters.credential"]


def test_while_integrations_is_unreachable_a_workflow_with_credentials_is_not_saved(ctx, ring, new_principal):
    down = ctx.replaced(
        integrations=IntegrationsClient(
            f"127.0.0.1:{free_port()}", key_ring=ring, catalogue_ttl=60, deadline_seconds=2
        ),
    )
    principal = new_principal()
    with pytest.raises(Unavailable, match="cannot be checked; nothing was saved"):
        _create(down, principal, _definition(_ask("7b0c0f7e-0000-4000-8000-000000000001")))
    listed, _ = ctx.list_workflows(principal=principal, filters=ListFilter(), page_size=10, page_token="")
    assert listed == []
    # A workflow with no integration node does not need the integrations service.
    assert _create(down, principal, _definition({"id": "done", "type": "core.noop"})).row.current_version == 1


def test_an_export_imports_into_another_workspace_with_credentials_mapped_by_name(
    ctx, credential, new_principal
):
    source, target = new_principal(), new_principal()
    llm = credential(source, "team llm", "ai_provider")
    github = credential(source, "github", "bearer")
    original = _create(
        ctx,
        source,
        _definition(
            _ask(llm.id),
            {
                "id": "get",
                "type": "integration.http.request",
                "parameters": {"credential": github.id, "url": "https://x"},
            },
        ),
        name="portable",
    )
    exported = ctx.export_workflow(principal=source, workflow_id=original.row.id)
    document = orjson.dumps(exported.definition)
    assert llm.id.encode() not in document and github.id.encode() not in document
    assert exported.definition["nodes"][1]["parameters"]["credential"] == {
        "name": "team llm",
        "type": "ai_provider",
    }

    def import_into(principal):
        return ctx.import_workflow(
            principal=principal,
            name=exported.name,
            description="",
            tags=exported.tags,
            definition=document,
        )

    refused, problems = _violations(lambda: import_into(target))
    assert "no credential named 'team llm' (ai_provider), 'github' (bearer)" in refused.message
    assert set(problems) == {
        "definition.nodes[1].parameters.credential",
        "definition.nodes[2].parameters.credential",
    }
    their_llm = credential(target, "team llm", "ai_provider")
    refused, problems = _violations(lambda: import_into(target))
    assert "'github' (bearer)" in refused.message and "team llm" not in refused.message
    their_github = credential(target, "github", "bearer")
    imported = import_into(target)
    assert imported.row.id != original.row.id and imported.row.workspace_id == target.workspace_id
    assert (imported.row.current_version, imported.row.active) == (1, False)
    assert [n.get("parameters", {}).get("credential") for n in imported.definition["nodes"][1:]] == [
        their_llm.id,
        their_github.id,
    ]


def test_an_export_of_a_workflow_whose_credential_was_deleted_names_none(
    ctx, credential, integrations, new_principal
):
    principal = new_principal()
    llm = credential(principal, "short-lived", "ai_provider")
    created = _create(ctx, principal, _definition(_ask(llm.id)))
    delete_credential(integrations, principal, llm.id)
    exported = ctx.export_workflow(principal=principal, workflow_id=created.row.id)
    assert exported.definition["nodes"][1]["parameters"]["credential"] == {"name": None, "type": None}
    _, problems = _violations(
        lambda: ctx.import_workflow(
            principal=principal,
            name="again",
            description="",
            tags=[],
            definition=orjson.dumps(exported.definition),
        )
    )
    assert "names no credential" in problems["definition.nodes[1].parameters.credential"]


def test_a_cron_tick_claimed_again_after_its_run_started_starts_no_second_run(
    ctx, executions_of, ring, new_principal
):
    """The window the idempotency key closes: the executor started the tick's run, but the
    scheduler's transaction never committed (a lost answer, a crash), so the tick is due again."""
    principal = new_principal()
    definition = {
        "nodes": [
            {"id": "tick", "type": "trigger.cron", "parameters": {"expression": "* * * * *"}},
            {"id": "note", "type": "core.noop"},
        ],
        "edges": [{"from": "tick", "to": "note"}],
    }
    created = _create(ctx, principal, definition, name="every minute")
    ctx.set_active(principal=principal, workflow_id=created.row.id, active=True)
    with ctx.sessions.begin() as session:
        tick = session.execute(
            update(workflows)
            .where(workflows.c.id == created.row.id)
            .values(next_fire_at=text("date_trunc('minute', now())"))
            .returning(workflows.c.next_fire_at)
        ).scalar_one()
    # The first claim's StartExecution, whose answer the scheduler never recorded.
    acting = service_principal(
        ring, service="workflows", workspace_id=principal.workspace_id, scopes=("run",)
    )
    first = ctx.deps.executor.start_execution(
        acting,
        workflow_id=created.row.id,
        version=1,
        definition=orjson.dumps(definition),
        input_=b"{}",
        idempotency_key=triggers.tick_key(created.row.id, tick),
    )
    try:
        # `now` just after the tick, so a minute boundary passing meanwhile cannot pick another tick.
        assert ctx.fire_due_schedules(now=tick + timedelta(seconds=1), fired_by="test") >= 1
        with ctx.sessions() as session:
            recorded = session.execute(
                select(cron_ticks.c.execution_id).where(cron_ticks.c.workflow_id == created.row.id)
            ).scalar_one()
        started = len(executions_of(principal, created.row.id))
        assert (recorded, started) == (first.id, 1)
    finally:
        ctx.set_active(principal=principal, workflow_id=created.row.id, active=False)
