"""The workflows service with a real executor gRPC server beside it: validation against the
executor's node catalogue, workspace isolation, and runs that pin a version."""

from __future__ import annotations

import orjson
import pytest
from jobsprint.common.errors import InvalidArgument, NotFound

pytestmark = pytest.mark.integration
DEFINITION = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {"id": "greet", "type": "core.set", "parameters": {"values": {"hello": "{{ input.name }}"}}},
    ],
    "edges": [{"from": "start", "to": "greet"}],
}


def test_a_created_workflow_reads_back_as_version_one(new_principal, ctx):
    principal = new_principal()
    created = ctx.create_workflow(
        principal=principal,
        name="greeter",
        description="says hi",
        tags=["b", "a", "a"],
        definition=orjson.dumps(DEFINITION),
    )
    read = ctx.get_workflow(principal=principal, workflow_id=created.row.id)
    assert (read.row.name, read.row.current_version, read.row.tags, read.definition) == (
        "greeter",
        1,
        ["a", "b"],
        DEFINITION,
    )


def test_a_node_type_the_executor_does_not_know_is_refused_with_its_path(new_principal, ctx):
    bad = {**DEFINITION, "nodes": [*DEFINITION["nodes"], {"id": "x", "type": "core.teleport"}]}
    with pytest.raises(InvalidArgument) as refused:
        ctx.create_workflow(
            principal=new_principal(), name="bad", description="", tags=[], definition=orjson.dumps(bad)
        )
    assert [v.field for v in refused.value.violations] == ["definition.nodes[2].type"]


def test_a_workflow_of_another_workspace_is_not_found(new_principal, ctx):
    created = ctx.create_workflow(
        principal=new_principal(),
        name="mine",
        description="",
        tags=[],
        definition=orjson.dumps(DEFINITION),
    )
    with pytest.raises(NotFound):
        ctx.get_workflow(principal=new_principal(), workflow_id=created.row.id)
    with pytest.raises(NotFound):
        ctx.run_workflow(principal=new_principal(), workflow_id=created.row.id, input_=b"{}")


def test_running_starts_an_execution_of_the_pinned_version_in_the_executor(new_principal, ctx, finished):
    principal = new_principal()
    created = ctx.create_workflow(
        principal=principal, name="run me", description="", tags=[], definition=orjson.dumps(DEFINITION)
    )
    execution_id, version, status = ctx.run_workflow(
        principal=principal, workflow_id=created.row.id, input_=b'{"name": "Ada"}'
    )
    assert (version, status) == (1, "queued")
    execution = finished(principal, execution_id)
    assert (execution.status, orjson.loads(execution.output)) == (
        "succeeded",
        {"name": "Ada", "hello": "Ada"},
    )


def test_activation_is_recorded_and_idempotent(new_principal, ctx):
    principal = new_principal()
    created = ctx.create_workflow(
        principal=principal, name="toggle", description="", tags=[], definition=orjson.dumps(DEFINITION)
    )
    assert ctx.set_active(principal=principal, workflow_id=created.row.id, active=True).row.active
    assert ctx.set_active(principal=principal, workflow_id=created.row.id, active=True).row.active
    assert not ctx.set_active(principal=principal, workflow_id=created.row.id, active=False).row.active
