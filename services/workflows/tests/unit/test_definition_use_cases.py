"""The definition use cases against fakes: create, check, update with ETags and versions, the
checks a definition must pass (node catalogue, credentials, named workflows), import and export."""

from __future__ import annotations

import orjson
import pytest
from jobsprint.common.errors import FailedPrecondition, InvalidArgument, NotFound, Unavailable
from jobsprint.workflows.domain.credentials import ConnectorNeeds, KnownCredential
from jobsprint.workflows.service import definitions, import_export

from .fakes import FakeIntegrations, Service, principal, service

PLAIN = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {"id": "greet", "name": "Greet the caller", "type": "core.set", "parameters": {"values": {"v": 1}}},
    ],
    "edges": [{"from": "start", "to": "greet"}],
}


def _with(*nodes: dict) -> dict:
    return {
        "nodes": [{"id": "start", "type": "trigger.manual"}, *nodes],
        "edges": [{"from": "start", "to": n["id"]} for n in nodes],
    }


def create(svc: Service, who, definition: dict = PLAIN, *, name: str = "wf", tags: list[str] | None = None):
    d = svc.deps
    return definitions.create_workflow(
        d.uow(),
        d.keys,
        d.checks,
        principal=who,
        name=name,
        description="",
        tags=tags or [],
        definition=orjson.dumps(definition),
    )


def update(svc: Service, who, view, **request):
    d = svc.deps
    return definitions.update_workflow(
        d.uow(), d.keys, d.checks, principal=who, workflow_id=view.row.id, etag=view.etag, **request
    )


def test_a_created_workflow_is_version_one_inactive_with_clean_tags_and_announced_once() -> None:
    svc, who = service(), principal()
    created = create(svc, who, name="  greeter ", tags=["b", " a", "a"])
    assert (created.row.name, created.row.tags, created.row.current_version, created.row.active) == (
        "greeter",
        ["a", "b"],
        1,
        False,
    )
    assert created.definition == PLAIN and created.webhook_token == ""
    assert svc.uow.commits == 1
    assert [m.routing_key for m in svc.uow.published] == ["workflow.created"]
    # The search index holds the node's name among the definition's words.
    assert "Greet the caller" in svc.uow.workflows.indexed[created.row.id].definition


def test_a_node_type_the_executor_does_not_know_is_refused_and_nothing_is_stored() -> None:
    svc = service()
    with pytest.raises(InvalidArgument):
        create(svc, principal(), _with({"id": "x", "type": "core.teleport"}))
    assert (svc.uow.workflows.rows, svc.uow.commits, svc.uow.published) == ({}, 0, [])


def test_a_definition_over_the_size_limit_or_not_json_is_refused_before_anything_else() -> None:
    svc = service(max_definition_bytes=1024)
    with pytest.raises(InvalidArgument, match="larger than 1024 bytes"):
        create(
            svc,
            principal(),
            _with({"id": "s", "type": "core.set", "parameters": {"values": {"x": "y" * 2000}}}),
        )
    with pytest.raises(InvalidArgument, match="not JSON"):
        definitions.create_workflow(
            svc.deps.uow(),
            svc.deps.keys,
            svc.deps.checks,
            principal=principal(),
            name="x",
            description="",
            tags=[],
            definition=b"{nope",
        )
    assert svc.uow.workflows.rows == {}


def test_checking_a_workflow_validates_it_as_create_would_and_stores_nothing() -> None:
    svc = service()
    parsed = definitions.check_workflow(
        svc.deps.uow(),
        svc.deps.checks,
        principal=principal(),
        name="wf",
        description="",
        tags=[],
        definition=orjson.dumps(PLAIN),
    )
    assert len(parsed.nodes) == 2
    with pytest.raises(InvalidArgument) as refused:
        definitions.check_workflow(
            svc.deps.uow(),
            svc.deps.checks,
            principal=principal(),
            name=" ",
            description="",
            tags=[],
            definition=orjson.dumps(PLAIN),
        )
    assert [v.field for v in refused.value.violations] == ["name"]
    assert (svc.uow.workflows.rows, svc.uow.commits) == ({}, 0)


def test_a_definition_change_is_a_new_version_and_a_metadata_change_is_not() -> None:
    svc, who = service(), principal()
    created = create(svc, who)
    renamed = update(svc, who, created, mask=["name"], name="renamed")
    assert (renamed.row.name, renamed.row.current_version) == ("renamed", 1)
    assert renamed.etag != created.etag
    changed_graph = _with({"id": "s", "type": "core.set", "parameters": {"values": {"v": 2}}})
    changed = update(
        svc, who, renamed, mask=["definition"], definition=orjson.dumps(changed_graph), version_message="two"
    )
    assert (changed.row.current_version, changed.definition) == (2, changed_graph)
    assert svc.uow.workflows.versions[(created.row.id, 2)].message == "two"
    event = orjson.loads(svc.uow.published[-1].body)
    assert (event["data"]["fields"], event["data"]["version"]) == (["definition"], 2)


def test_an_update_that_changes_nothing_stores_and_announces_nothing() -> None:
    svc, who = service(), principal()
    created = create(svc, who)
    same = update(svc, who, created, mask=["name", "definition"], name="wf", definition=orjson.dumps(PLAIN))
    assert same.etag == created.etag
    assert (svc.uow.commits, len(svc.uow.published)) == (1, 1)


def test_a_stale_or_missing_etag_is_refused_and_changes_nothing() -> None:
    svc, who = service(), principal()
    created = create(svc, who)
    update(svc, who, created, mask=["name"], name="first")
    with pytest.raises(FailedPrecondition, match="changed since you read it"):
        update(svc, who, created, mask=["name"], name="second")
    with pytest.raises(FailedPrecondition, match="must name the version"):
        definitions.update_workflow(
            svc.deps.uow(),
            svc.deps.keys,
            svc.deps.checks,
            principal=who,
            workflow_id=created.row.id,
            mask=["name"],
            etag="",
            name="third",
        )
    assert svc.uow.workflows.rows[created.row.id].name == "first"
    assert svc.uow.rollbacks >= 2


def test_an_update_mask_must_name_updatable_fields() -> None:
    svc, who = service(), principal()
    created = create(svc, who)
    with pytest.raises(InvalidArgument) as refused:
        update(svc, who, created, mask=["active"])
    assert refused.value.violations[0].field == "update_mask"


def test_another_workspaces_workflow_is_not_found_and_a_malformed_id_neither() -> None:
    svc = service()
    created = create(svc, principal())
    for workflow_id in (created.row.id, "not-a-uuid"):
        with pytest.raises(NotFound):
            definitions.get_workflow(
                svc.deps.uow(), svc.deps.keys, principal=principal(), workflow_id=workflow_id
            )


def test_a_called_workflow_must_exist_in_the_workspace_with_the_pinned_version() -> None:
    svc, who = service(), principal()
    callee = create(svc, who, name="callee")
    stranger = create(svc, principal(), name="not yours")

    def calling(workflow_id: str, **parameters: object) -> dict:
        node = {
            "id": "call",
            "type": "core.subworkflow",
            "parameters": {"workflow_id": workflow_id, **parameters},
        }
        return _with(node)

    assert create(svc, who, calling(callee.row.id, version=1)).row.current_version == 1
    with pytest.raises(InvalidArgument) as refused:
        create(svc, who, calling(stranger.row.id))
    assert [v.field for v in refused.value.violations] == ["definition.nodes[1].parameters.workflow_id"]
    with pytest.raises(InvalidArgument) as refused:
        create(svc, who, calling(callee.row.id, version=7))
    assert [v.field for v in refused.value.violations] == ["definition.nodes[1].parameters.version"]


LLM = KnownCredential("7b0c0f7e-0000-4000-8000-000000000001", "prod smtp", "smtp")


def _email(credential: object) -> dict:
    return _with({"id": "mail", "type": "integration.email.send", "parameters": {"credential": credential}})


def _integrations(workspace_id: str) -> FakeIntegrations:
    return FakeIntegrations({"email": ConnectorNeeds(("smtp",), required=True)}, [(workspace_id, LLM)])


def test_credentials_are_checked_with_the_integrations_service_and_nothing_is_saved_while_it_is_down() -> (
    None
):
    who = principal()
    svc = service(_integrations(who.workspace_id))
    assert create(svc, who, _email(LLM.id)).row.current_version == 1
    with pytest.raises(InvalidArgument) as refused:
        create(svc, who, _email("7b0c0f7e-0000-4000-8000-00000000dead"))
    assert "no credential" in refused.value.violations[0].description
    svc.integrations.down = True
    with pytest.raises(Unavailable, match="nothing was saved"):
        create(svc, who, _email(LLM.id))
    assert len(svc.uow.workflows.rows) == 1
    # A definition with no integration node does not ask.
    assert create(svc, who).row.current_version == 1


def test_an_export_names_credentials_and_an_import_maps_the_names_back() -> None:
    who = principal()
    svc = service(_integrations(who.workspace_id))
    created = create(svc, who, _email(LLM.id), name="mailer", tags=["ops"])
    exported = import_export.export_workflow(
        svc.deps.uow(), svc.deps.keys, svc.deps.integrations, principal=who, workflow_id=created.row.id
    )
    assert exported.definition["nodes"][1]["parameters"]["credential"] == {
        "name": "prod smtp",
        "type": "smtp",
    }
    imported = import_export.import_workflow(
        svc.deps.uow(),
        svc.deps.keys,
        svc.deps.checks,
        principal=who,
        name=exported.name,
        description=exported.description,
        tags=exported.tags,
        definition=orjson.dumps(exported.definition),
    )
    assert imported.row.id != created.row.id
    assert imported.definition == created.definition


def test_an_import_naming_a_credential_the_workspace_lacks_reports_it_once_and_stores_nothing() -> None:
    who = principal()
    svc = service(_integrations(who.workspace_id))
    before = len(svc.uow.workflows.rows)
    with pytest.raises(InvalidArgument, match="no credential named 'missing'") as refused:
        import_export.import_workflow(
            svc.deps.uow(),
            svc.deps.keys,
            svc.deps.checks,
            principal=who,
            name="x",
            description="",
            tags=[],
            definition=orjson.dumps(_email({"name": "missing", "type": "smtp"})),
        )
    assert [v.field for v in refused.value.violations] == ["definition.nodes[1].parameters.credential"]
    assert len(svc.uow.workflows.rows) == before
