"""Definitions that name other workflows — `core.subworkflow` nodes and the error workflow in
`settings` — are checked on save against the workflows of the caller's workspace, and workflow
settings against their rules."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest
from jobsprint.common.errors import InvalidArgument
from jobsprint.workflows.adapters.executor_client import ExecutorClient

from .conftest import UseCases

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def wctx(ctx, executor_target) -> Iterator[UseCases]:
    """The use cases, their executor's catalogue (which lists `core.subworkflow`) not cached."""
    yield ctx.replaced(executor=ExecutorClient(executor_target, catalogue_ttl=0))


def _plain() -> dict:
    return {"nodes": [{"id": "start", "type": "trigger.manual"}], "edges": []}


def _calling(workflow_id: str, *, version: object = None, settings: dict | None = None) -> dict:
    parameters: dict = {"workflow_id": workflow_id, "input": {"order": "{{ input.order }}"}}
    if version is not None:
        parameters["version"] = version
    definition = {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {"id": "call", "type": "core.subworkflow", "parameters": parameters},
        ],
        "edges": [{"from": "start", "to": "call"}],
    }
    if settings is not None:
        definition["settings"] = settings
    return definition


def _create(wctx, principal, definition: dict, name: str = "wf"):
    return wctx.create_workflow(
        principal=principal, name=name, description="", tags=[], definition=orjson.dumps(definition)
    )


def _problems(caught: pytest.ExceptionInfo[InvalidArgument]) -> dict[str, str]:
    return {v.field: v.description for v in caught.value.violations}


def test_a_definition_calling_a_workflow_of_the_workspace_with_an_error_workflow_saves(wctx, new_principal):
    principal = new_principal()
    callee = _create(wctx, principal, _plain(), "callee")
    handler = _create(wctx, principal, _plain(), "on error")

    saved = _create(
        wctx,
        principal,
        _calling(callee.row.id, version=1, settings={"error_workflow": handler.row.id, "max_concurrency": 2}),
    )

    assert saved.definition["settings"] == {"error_workflow": handler.row.id, "max_concurrency": 2}


def test_naming_a_workflow_of_another_workspace_or_none_at_all_is_refused_with_paths(wctx, new_principal):
    principal, stranger = new_principal(), new_principal()
    elsewhere = _create(wctx, stranger, _plain(), "not yours")
    missing = "00000000-0000-4000-8000-000000000001"

    with pytest.raises(InvalidArgument) as caught:
        _create(wctx, principal, _calling(elsewhere.row.id, settings={"error_workflow": missing}))

    assert _problems(caught) == {
        "definition.nodes[1].parameters.workflow_id": f"no workflow {elsewhere.row.id} in this workspace",
        "definition.settings.error_workflow": f"no workflow {missing} in this workspace",
    }


def test_a_pinned_version_that_does_not_exist_is_refused(wctx, new_principal):
    principal = new_principal()
    callee = _create(wctx, principal, _plain(), "callee")

    with pytest.raises(InvalidArgument) as caught:
        _create(wctx, principal, _calling(callee.row.id, version=7))

    assert _problems(caught) == {
        "definition.nodes[1].parameters.version": f"workflow {callee.row.id} has no version 7"
    }


def test_a_deleted_workflow_cannot_be_named(wctx, new_principal):
    principal = new_principal()
    callee = _create(wctx, principal, _plain(), "callee")
    wctx.delete_workflow(principal=principal, workflow_id=callee.row.id)

    with pytest.raises(InvalidArgument) as caught:
        _create(wctx, principal, _calling(callee.row.id))

    assert "definition.nodes[1].parameters.workflow_id" in _problems(caught)


def test_a_workflow_id_given_by_an_expression_is_checked_when_it_runs(wctx, new_principal):
    saved = _create(wctx, new_principal(), _calling("{{ input.which }}"))

    assert saved.row.current_version == 1


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        ({}, "definition.nodes[1].parameters"),
        ({"workflow_id": "nope"}, "definition.nodes[1].parameters.workflow_id"),
        (
            {"workflow_id": "00000000-0000-4000-8000-000000000001", "version": 0},
            "definition.nodes[1].parameters.version",
        ),
        (
            {"workflow_id": "00000000-0000-4000-8000-000000000001", "wait": True},
            "definition.nodes[1].parameters",
        ),
    ],
)
def test_subworkflow_parameters_are_checked_against_the_node_types_schema(
    wctx, new_principal, parameters, field
):
    definition = _calling("x")
    definition["nodes"][1]["parameters"] = parameters

    with pytest.raises(InvalidArgument) as caught:
        _create(wctx, new_principal(), definition)

    assert field in _problems(caught)


def test_bad_settings_are_refused_with_their_path(wctx, new_principal):
    definition = _plain()
    definition["settings"] = {"max_concurrency": 0, "retries": 3}

    with pytest.raises(InvalidArgument) as caught:
        _create(wctx, new_principal(), definition)

    assert set(_problems(caught)) == {"definition.settings.max_concurrency", "definition.settings.retries"}


def test_a_settings_change_is_a_new_version_and_shows_in_the_diff(wctx, new_principal):
    principal = new_principal()
    created = _create(wctx, principal, _plain())
    limited = _plain() | {"settings": {"max_concurrency": 1}}

    updated = wctx.update_workflow(
        principal=principal,
        workflow_id=created.row.id,
        mask=["definition"],
        etag=created.etag,
        definition=orjson.dumps(limited),
    )
    diff = wctx.diff_versions(principal=principal, workflow_id=created.row.id, from_version=1, to_version=2)

    assert updated.row.current_version == 2
    assert diff["settings_changed"] is True
