"""Credential references in definitions: what is checked on save, and how an export names them
and an import maps them back (ADR-039)."""

from __future__ import annotations

import copy

import pytest
from jobsprint.common import definitions
from jobsprint.workflows.domain import credentials
from jobsprint.workflows.domain.credentials import ConnectorNeeds, KnownCredential

CONNECTORS = {
    "ai": ConnectorNeeds(("ai_provider",), required=True),
    "email": ConnectorNeeds(("smtp",), required=True),
    "http": ConnectorNeeds(("bearer", "basic", "api_key"), required=False),
    "chat": ConnectorNeeds(("chat_webhook",), required=False),
}
LLM = KnownCredential("7b0c0f7e-0000-4000-8000-000000000001", "local llm", "ai_provider")
GITHUB = KnownCredential("7b0c0f7e-0000-4000-8000-000000000002", "github", "bearer")
KNOWN = {c.id: c for c in (LLM, GITHUB)}


def _definition(*nodes):
    return {
        "nodes": [{"id": "start", "type": "trigger.manual"}, *nodes],
        "edges": [{"from": "start", "to": n["id"]} for n in nodes],
    }


def _problems(*nodes):
    parsed = definitions.parse(_definition(*nodes))
    found = credentials.problems(credentials.references(parsed), connectors=CONNECTORS, known=KNOWN)
    return {p.field: p.description for p in found}


def test_a_credential_of_the_workspace_and_of_a_type_the_connector_takes_passes():
    assert (
        _problems(
            {
                "id": "ask",
                "type": "integration.ai.chat",
                "parameters": {"credential": LLM.id, "prompt": "hi"},
            },
            {"id": "get", "type": "integration.http.request", "parameters": {"credential": GITHUB.id}},
            {"id": "any", "type": "integration.http.request", "parameters": {"url": "https://x.test"}},
        )
        == {}
    )


def test_an_id_the_workspace_does_not_have_is_reported_at_the_nodes_credential():
    problems = _problems(
        {"id": "ask", "type": "integration.ai.chat", "parameters": {"credential": "no-such-id"}}
    )
    assert list(problems) == ["definition.nodes[1].parameters.credential"]
    assert (
        "no credential 'no-such-id' in this workspace"
        in problems["definition.nodes[1].parameters.credential"]
    )


def test_a_credential_of_a_type_the_connector_does_not_take_is_reported_with_the_types_it_takes():
    problems = _problems(
        {"id": "ask", "type": "integration.ai.chat", "parameters": {"credential": GITHUB.id}}
    )
    assert problems == {
        "definition.nodes[1].parameters.credential": "credential 'github' is of type bearer; "
        "integration.ai.chat takes ai_provider"
    }


def test_a_connector_that_needs_a_credential_must_have_one():
    problems = _problems(
        {"id": "mail", "type": "integration.email.send", "parameters": {"to": "a@b.test"}},
        {"id": "ask", "type": "integration.ai.chat", "parameters": {"credential": ""}},
        {"id": "post", "type": "integration.chat.post", "parameters": {"text": "optional credential"}},
    )
    assert list(problems) == [
        "definition.nodes[1].parameters.credential",
        "definition.nodes[2].parameters.credential",
    ]
    assert "needs a credential of type smtp" in problems["definition.nodes[1].parameters.credential"]


def test_an_expression_is_left_to_the_run_and_not_looked_up():
    parsed = definitions.parse(
        _definition(
            {"id": "ask", "type": "integration.ai.chat", "parameters": {"credential": "{{ input.cred }}"}},
            {"id": "get", "type": "integration.http.request", "parameters": {"credential": GITHUB.id}},
        )
    )
    refs = credentials.references(parsed)
    assert credentials.ids_to_look_up(refs) == [GITHUB.id]
    assert credentials.problems(refs, connectors=CONNECTORS, known=KNOWN) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [({"name": "local llm"}, "POST /v1/workflows/import"), (42, "a credential id (a string)")],
)
def test_a_reference_that_is_not_an_id_is_refused(value, message):
    problems = _problems({"id": "ask", "type": "integration.ai.chat", "parameters": {"credential": value}})
    assert message in problems["definition.nodes[1].parameters.credential"]


def test_a_connector_the_integrations_catalogue_does_not_list_is_checked_for_existence_only():
    problems = _problems(
        {"id": "x", "type": "integration.custom.act", "parameters": {"credential": GITHUB.id}},
        {"id": "y", "type": "integration.custom.act"},
    )
    assert problems == {}


def test_only_integration_nodes_reference_credentials():
    parsed = definitions.parse(
        _definition({"id": "s", "type": "core.set", "parameters": {"values": {}, "credential": "x"}})
    )
    assert credentials.references(parsed) == []


# --- export and import ----------------------------------------------------------------------------

STORED = _definition(
    {
        "id": "ask",
        "type": "integration.ai.chat",
        "parameters": {"credential": LLM.id, "prompt": "{{ input.q }}"},
    },
    {
        "id": "get",
        "type": "integration.http.request",
        "parameters": {"credential": GITHUB.id, "url": "https://x"},
    },
    {"id": "again", "type": "integration.ai.chat", "parameters": {"credential": LLM.id}},
    {"id": "dyn", "type": "integration.http.request", "parameters": {"credential": "{{ input.cred }}"}},
    {"id": "gone", "type": "integration.http.request", "parameters": {"credential": "deleted-since"}},
    {"id": "set", "type": "core.set", "parameters": {"values": {"credential": LLM.id}}},
)


def test_an_export_names_each_credential_and_carries_no_id():
    before = copy.deepcopy(STORED)
    assert credentials.exported_ids(STORED) == sorted([LLM.id, GITHUB.id, "deleted-since"])
    exported = credentials.named(STORED, by_id=KNOWN)
    params = [n.get("parameters", {}) for n in exported["nodes"]]
    assert params[1] == {
        "credential": {"name": "local llm", "type": "ai_provider"},
        "prompt": "{{ input.q }}",
    }
    assert params[2]["credential"] == {"name": "github", "type": "bearer"}
    assert params[3]["credential"] == {"name": "local llm", "type": "ai_provider"}
    assert params[4]["credential"] == "{{ input.cred }}"
    assert params[5]["credential"] == {"name": None, "type": None}
    assert params[6] == {"values": {"credential": LLM.id}}  # not an integration node: untouched
    assert before == STORED  # the stored definition is not changed in place
    assert GITHUB.id not in str(exported["nodes"][:6])


def test_an_import_maps_names_to_the_importing_workspaces_ids():
    theirs = {
        "local llm": KnownCredential("new-llm-id", "local llm", "ai_provider"),
        "github": KnownCredential("new-github-id", "github", "bearer"),
    }
    exported = credentials.named(STORED, by_id=KNOWN)
    exported["nodes"].pop(5)  # the deleted credential's node
    assert credentials.referenced_names(exported) == ["github", "local llm"]
    mapped = credentials.with_ids(exported, by_name=theirs)
    assert (mapped.problems, mapped.missing) == ([], [])
    assert [n.get("parameters", {}).get("credential") for n in mapped.definition["nodes"][1:5]] == [
        "new-llm-id",
        "new-github-id",
        "new-llm-id",
        "{{ input.cred }}",
    ]


def test_an_import_names_every_credential_the_workspace_lacks_once_and_each_node_that_uses_it():
    exported = credentials.named(STORED, by_id=KNOWN)
    mapped = credentials.with_ids(exported, by_name={})
    assert mapped.missing == [("local llm", "ai_provider"), ("github", "bearer")]
    assert [p.field for p in mapped.problems] == [
        "definition.nodes[1].parameters.credential",
        "definition.nodes[2].parameters.credential",
        "definition.nodes[3].parameters.credential",
        "definition.nodes[5].parameters.credential",
    ]
    assert (
        mapped.problems[0].description
    ) == "no credential named 'local llm' in this workspace; create one of type ai_provider"
    assert "deleted in the workspace it came from" in mapped.problems[3].description
    assert "'local llm' (ai_provider), 'github' (bearer)" in mapped.summary


def test_an_import_refuses_a_same_named_credential_of_another_type():
    exported = credentials.named(
        _definition({"id": "ask", "type": "integration.ai.chat", "parameters": {"credential": LLM.id}}),
        by_id=KNOWN,
    )
    mapped = credentials.with_ids(
        exported, by_name={"local llm": KnownCredential("x", "local llm", "bearer")}
    )
    assert mapped.problems[0].description == (
        "credential 'local llm' in this workspace is of type bearer; the export expects ai_provider"
    )


def test_an_import_tolerates_a_definition_of_any_shape_for_validation_to_report():
    for raw in (
        None,
        [],
        {"nodes": "x"},
        {"nodes": [1, {"type": 3}, {"type": "integration.a.b", "parameters": []}]},
    ):
        assert credentials.referenced_names(raw) == []
        assert credentials.with_ids(raw, by_name={}).problems == []
