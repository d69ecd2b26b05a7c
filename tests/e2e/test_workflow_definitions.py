"""Definitions over HTTP: ETag/If-Match updates, versions, diff and rollback, the trash, search
with pages, export and import, and validation errors that point at the node and field."""

from __future__ import annotations

import time
import uuid
from typing import Any

import devctl
import httpx
import pytest

from .conftest import PRICE_WORKFLOW, User, create_workflow, register_and_login

pytestmark = pytest.mark.e2e


def _problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


def test_an_update_needs_the_current_etag_and_a_stale_one_gets_412(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    url = f"/v1/workflows/{workflow['id']}"
    read = api.get(url, headers=user.headers)
    etag = read.headers["ETag"]
    assert etag == read.json()["etag"]
    _problem(api.patch(url, json={"name": "no etag"}, headers=user.headers), 428)
    renamed = api.patch(url, json={"name": "renamed"}, headers={**user.headers, "If-Match": etag})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "renamed" and renamed.headers["ETag"] != etag
    stale = _problem(
        api.patch(url, json={"name": "lost update"}, headers={**user.headers, "If-Match": etag}), 412
    )
    assert "changed since you read it" in stale["detail"]
    assert api.get(url, headers=user.headers).json()["name"] == "renamed"


def test_each_saved_graph_is_a_version_that_can_be_diffed_and_rolled_back(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    url = f"/v1/workflows/{workflow['id']}"
    changed = {**PRICE_WORKFLOW["definition"]}
    changed["nodes"] = [
        changed["nodes"][0],
        {"id": "price", "type": "core.set", "parameters": {"values": {"total": "{{ input.qty * 2 }}"}}},
    ]
    saved = api.patch(
        url,
        json={"definition": changed, "version_message": "flat price"},
        headers={**user.headers, "If-Match": workflow["etag"]},
    )
    assert saved.json()["version"] == 2, saved.text
    versions = api.get(f"{url}/versions", headers=user.headers).json()["items"]
    assert [(v["version"], v["message"]) for v in versions] == [(2, "flat price"), (1, "")]
    diff = api.get(f"{url}/versions/diff", params={"from": 1, "to": 2}, headers=user.headers).json()
    assert [c["id"] for c in diff["nodes_changed"]] == ["price"]
    rolled = api.post(
        f"{url}/versions/1/rollback", headers={**user.headers, "If-Match": saved.headers["ETag"]}
    )
    assert rolled.status_code == 200, rolled.text
    assert (rolled.json()["version"], rolled.json()["definition"]) == (3, PRICE_WORKFLOW["definition"])
    assert api.get(f"{url}/versions/2", headers=user.headers).json()["definition"] == changed


def test_a_deleted_workflow_is_gone_from_reads_and_lists_until_restored(api: httpx.Client, user: User):
    workflow = create_workflow(api, user)
    url = f"/v1/workflows/{workflow['id']}"
    assert api.delete(url, headers=user.headers).status_code == 204
    _problem(api.get(url, headers=user.headers), 404)
    trash = api.get("/v1/workflows", params={"deleted": "true"}, headers=user.headers).json()["items"]
    assert [w["id"] for w in trash] == [workflow["id"]]
    restored = api.post(f"{url}/restore", headers=user.headers)
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None


def test_search_finds_by_name_tag_and_node_and_pages_with_a_token(api: httpx.Client, user: User):
    word = f"zebra{uuid.uuid4().hex[:6]}"
    for index in range(5):
        create_workflow(api, user, {**PRICE_WORKFLOW, "name": f"{word} {index}", "tags": ["stripes"]})
    create_workflow(api, user, {**PRICE_WORKFLOW, "name": "other", "description": f"about {word}"})
    seen, token = [], None
    while True:
        params: dict[str, str | int] = {"q": word, "limit": 2, **({"cursor": token} if token else {})}
        page = api.get("/v1/workflows", params=params, headers=user.headers).json()
        seen += [w["name"] for w in page["items"]]
        token = page["next_cursor"]
        if not token:
            break
    assert len(seen) == 6 and seen[-1] == "other", seen
    tagged = api.get("/v1/workflows", params={"tag": "stripes"}, headers=user.headers).json()["items"]
    assert len(tagged) == 5


def test_an_exported_workflow_imports_as_a_new_one(api: httpx.Client, user: User):
    workflow = create_workflow(api, user, {**PRICE_WORKFLOW, "tags": ["finance"]})
    exported = api.get(f"/v1/workflows/{workflow['id']}/export", headers=user.headers).json()
    assert exported == {
        "format": "jobsprint.workflow/v1",
        "name": "order total",
        "description": "",
        "tags": ["finance"],
        "definition": PRICE_WORKFLOW["definition"],
    }
    imported = api.post("/v1/workflows/import", json=exported, headers=user.headers)
    assert imported.status_code == 201, imported.text
    assert imported.json()["id"] != workflow["id"]
    assert imported.json()["definition"] == workflow["definition"]


def test_validation_errors_point_at_the_node_and_field(api: httpx.Client, user: User):
    definition: dict[str, Any] = {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {"id": "price", "type": "core.set", "parameters": {"values": {"total": "{{ input.qty * }}"}}},
            {
                "id": "flag",
                "type": "core.set",
                "parameters": {"values": {}, "keep_input": 3, "colour": "red"},
            },
            {"id": "tick", "type": "trigger.cron", "parameters": {"expression": "every day"}},
        ],
        "edges": [{"from": "start", "to": "price"}, {"from": "price", "to": "flag"}],
    }
    first = _problem(
        api.post("/v1/workflows", json={"name": "bad", "definition": definition}, headers=user.headers), 422
    )
    assert [e["field"] for e in first["errors"]] == [
        "definition.nodes"
    ]  # two triggers: the shape comes first
    definition["nodes"].pop()
    body = _problem(
        api.post("/v1/workflows", json={"name": "bad", "definition": definition}, headers=user.headers), 422
    )
    fields = {e["field"] for e in body["errors"]}
    assert fields == {
        "definition.nodes[1].parameters.values.total",
        "definition.nodes[2].parameters",
        "definition.nodes[2].parameters.keep_input",
    }


def test_an_active_cron_workflow_shows_its_next_fire_times(api: httpx.Client, user: User):
    body = {
        "name": "weekday mornings",
        "definition": {
            "nodes": [
                {
                    "id": "tick",
                    "type": "trigger.cron",
                    "parameters": {"expression": "0 9 * * 1-5", "timezone": "America/New_York"},
                },
                {"id": "note", "type": "core.noop"},
            ],
            "edges": [{"from": "tick", "to": "note"}],
        },
    }
    workflow = create_workflow(api, user, body)
    assert workflow["schedule"]["next_fire_times"] == []
    active = api.post(f"/v1/workflows/{workflow['id']}/activate", headers=user.headers).json()
    times = active["schedule"]["next_fire_times"]
    assert len(times) == 5 and times == sorted(times)
    assert active["schedule"] | {"next_fire_times": []} == {
        "expression": "0 9 * * 1-5",
        "timezone": "America/New_York",
        "missed_ticks": "skip",
        "next_fire_times": [],
    }
    stopped = api.post(f"/v1/workflows/{workflow['id']}/deactivate", headers=user.headers).json()
    assert stopped["schedule"]["next_fire_times"] == []


# --- credentials in definitions, export and import across workspaces (ADR-039) ----------------


def _credential(api: httpx.Client, user: User, name: str, type_: str) -> dict:
    config, secret = {
        "ai_provider": (
            {"base_url": "https://llm.example.com/v1", "model": "m"},
            {"api_key": "sk-" + uuid.uuid4().hex},
        ),
        "bearer": ({}, {"token": "tok-" + uuid.uuid4().hex}),
    }[type_]
    response = api.post(
        "/v1/credentials",
        json={"name": name, "type": type_, "config": config, "secret": secret},
        headers=user.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def _uses_credentials(llm_id: str, github_id: str) -> dict:
    return {
        "name": "summarise issues",
        "tags": ["ai"],
        "definition": {
            "nodes": [
                {"id": "start", "type": "trigger.manual"},
                {
                    "id": "fetch",
                    "type": "integration.http.request",
                    "parameters": {"credential": github_id, "url": "https://api.github.example/issues"},
                },
                {
                    "id": "summarise",
                    "type": "integration.ai.chat",
                    "parameters": {"credential": llm_id, "prompt": "Summarise {{ steps.fetch.output.body }}"},
                },
            ],
            "edges": [{"from": "start", "to": "fetch"}, {"from": "fetch", "to": "summarise"}],
        },
    }


def test_a_reference_to_a_credential_the_workspace_lacks_or_of_the_wrong_type_gets_422_at_the_node(
    api: httpx.Client, user: User
):
    github = _credential(api, user, "github", "bearer")
    other = register_and_login(api)
    theirs = _credential(api, other, "their llm", "ai_provider")
    body = _problem(
        api.post("/v1/workflows", json=_uses_credentials(theirs["id"], github["id"]), headers=user.headers),
        422,
    )
    assert body["errors"] == [
        {
            "field": "definition.nodes[2].parameters.credential",
            "message": f"no credential {theirs['id']!r} in this workspace; use the id of one of its "
            "credentials (GET /v1/credentials)",
        }
    ]
    wrong_type = _problem(
        api.post("/v1/workflows", json=_uses_credentials(github["id"], github["id"]), headers=user.headers),
        422,
    )
    assert wrong_type["errors"] == [
        {
            "field": "definition.nodes[2].parameters.credential",
            "message": "credential 'github' is of type bearer; integration.ai.chat takes ai_provider",
        }
    ]


def test_a_write_only_api_key_saves_a_workflow_that_uses_a_credential_and_a_read_key_exports_it(
    api: httpx.Client, user: User
):
    llm, github = _credential(api, user, "llm", "ai_provider"), _credential(api, user, "github", "bearer")

    def key(*scopes: str) -> dict[str, str]:
        created = api.post("/v1/api-keys", json={"name": "ci", "scopes": list(scopes)}, headers=user.headers)
        assert created.status_code == 201, created.text
        return {"Authorization": f"Bearer {created.json()['key']}"}

    saved = api.post("/v1/workflows", json=_uses_credentials(llm["id"], github["id"]), headers=key("write"))
    assert saved.status_code == 201, saved.text
    exported = api.get(f"/v1/workflows/{saved.json()['id']}/export", headers=key("read"))
    assert exported.status_code == 200, exported.text


def test_an_export_round_trips_through_another_workspace_with_credentials_mapped_by_name(
    api: httpx.Client, user: User
):
    llm, github = (
        _credential(api, user, "Team LLM", "ai_provider"),
        _credential(api, user, "GitHub", "bearer"),
    )
    workflow = create_workflow(api, user, _uses_credentials(llm["id"], github["id"]))
    response = api.get(f"/v1/workflows/{workflow['id']}/export", headers=user.headers)
    assert response.status_code == 200, response.text
    exported = response.json()
    for secret_or_id in (llm["id"], github["id"], workflow["id"], user.access_token):
        assert secret_or_id not in response.text
    nodes = {n["id"]: n for n in exported["definition"]["nodes"]}
    assert nodes["fetch"]["parameters"]["credential"] == {"name": "GitHub", "type": "bearer"}
    assert nodes["summarise"]["parameters"] == {
        "credential": {"name": "Team LLM", "type": "ai_provider"},
        "prompt": "Summarise {{ steps.fetch.output.body }}",
    }

    other = register_and_login(api)
    missing = _problem(api.post("/v1/workflows/import", json=exported, headers=other.headers), 422)
    assert "no credential named 'GitHub' (bearer), 'Team LLM' (ai_provider)" in missing["detail"]
    assert {e["field"] for e in missing["errors"]} == {
        "definition.nodes[1].parameters.credential",
        "definition.nodes[2].parameters.credential",
    }
    their_llm = _credential(api, other, "Team LLM", "ai_provider")
    still_missing = _problem(api.post("/v1/workflows/import", json=exported, headers=other.headers), 422)
    assert "'GitHub' (bearer)" in still_missing["detail"] and "Team LLM" not in still_missing["detail"]
    their_github = _credential(api, other, "GitHub", "bearer")
    imported = api.post("/v1/workflows/import", json=exported, headers=other.headers)
    assert imported.status_code == 201, imported.text
    copy = imported.json()
    assert copy["id"] != workflow["id"] and (copy["version"], copy["active"]) == (1, False)
    assert imported.headers["Location"] == f"/v1/workflows/{copy['id']}"
    uses = {n["id"]: n.get("parameters", {}).get("credential") for n in copy["definition"]["nodes"]}
    assert (uses["fetch"], uses["summarise"]) == (their_github["id"], their_llm["id"])
    # Exported again from the other workspace, it is the same file.
    again = api.get(f"/v1/workflows/{copy['id']}/export", headers=other.headers).json()
    assert again == exported
    # The source workspace still cannot see the copy.
    assert api.get(f"/v1/workflows/{copy['id']}", headers=user.headers).status_code == 404


def test_while_integrations_is_down_saving_a_workflow_with_credentials_answers_503_and_saves_nothing(
    api: httpx.Client, user: User, suite: devctl.Instance
):
    llm, github = _credential(api, user, "llm", "ai_provider"), _credential(api, user, "github", "bearer")
    before = api.get("/v1/workflows", headers=user.headers).json()["items"]
    devctl.supervisorctl(suite, "stop", "integrations", check=True)
    try:
        down = api.post(
            "/v1/workflows", json=_uses_credentials(llm["id"], github["id"]), headers=user.headers
        )
        body = _problem(down, 503)
        assert down.headers["Retry-After"].isdigit()
        assert "credentials this workflow uses cannot be checked; nothing was saved" in body["detail"]
        assert api.get("/v1/workflows", headers=user.headers).json()["items"] == before
        # A workflow without integration nodes does not need the integrations service.
        create_workflow(api, user)
    finally:
        devctl.supervisorctl(suite, "start", "integrations", check=True)
        deadline = time.monotonic() + 60
        while not devctl.grpc_serving(suite.grpc_port("integrations")):
            assert time.monotonic() < deadline, "integrations did not come back"
            time.sleep(0.2)
    # As a client told "retry shortly" would: callers reconnect to a restarted service within
    # their channel's reconnect backoff (at most 5 s, grpc_client), answering 503 until then.
    deadline = time.monotonic() + 20
    while True:
        saved = api.post(
            "/v1/workflows", json=_uses_credentials(llm["id"], github["id"]), headers=user.headers
        )
        if saved.status_code != 503 or time.monotonic() > deadline:
            break
        time.sleep(min(float(saved.headers.get("Retry-After", "1")), 1.0))
    assert saved.status_code == 201, saved.text
