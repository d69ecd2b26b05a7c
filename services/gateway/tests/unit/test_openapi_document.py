"""The OpenAPI document the gateway serves, built in-process: every error is problem+json, the
statuses each kind of operation can answer are listed, the headers it sends are declared, and
request bodies refuse unknown fields. (The e2e contract test checks the answers against it.)"""

from __future__ import annotations

from typing import Any

import pytest
from jobsprint.gateway.api.routes import hooks
from jobsprint.gateway.app import create_app
from jobsprint.gateway.config import Settings

PUBLIC = {
    ("post", "/v1/auth/register"),
    ("post", "/v1/auth/login"),
    ("post", "/v1/auth/refresh"),
    # The browser's session (ADR-071): the password, or the refresh cookie with its CSRF header.
    ("post", "/v1/auth/session"),
    ("post", "/v1/auth/session/refresh"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    *((method, "/v1/hooks/{token}") for method in ("get", "post", "put", "patch", "delete")),
}
OWN_ACCOUNT = {
    ("post", "/v1/auth/logout"),
    ("delete", "/v1/auth/session"),
    ("get", "/v1/me"),
    ("get", "/v1/me/sessions"),
    ("delete", "/v1/me/sessions/{session_id}"),
    # Not the account, but as open: any member may evaluate over their own sample data.
    ("post", "/v1/expressions/evaluate"),
}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return create_app(Settings(max_body_bytes=4096)).openapi()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, ops in document["paths"].items() for method, op in ops.items()]


def resolve(document: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    name = ref["$ref"].rsplit("/", 1)[-1]
    section = "headers" if "/headers/" in ref["$ref"] else "schemas"
    return document["components"][section][name]  # type: ignore[no-any-return]


def test_it_is_openapi_3_1_with_no_fastapi_validation_model(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1")
    assert "HTTPValidationError" not in str(document)
    assert len(operations(document)) >= 50


def test_every_error_is_problem_json_with_the_problem_schema(document: dict[str, Any]) -> None:
    for method, path, op in operations(document):
        for status, response in op["responses"].items():
            if int(status) < 400 or path == "/readyz":
                continue
            assert list(response["content"]) == ["application/problem+json"], (method, path, status)
            schema = response["content"]["application/problem+json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ProblemDetails"}
    problem = document["components"]["schemas"]["ProblemDetails"]
    assert {"title", "status", "detail"} <= set(problem["required"])


def test_authenticated_operations_list_401_429_503_with_their_headers(document: dict[str, Any]) -> None:
    for method, path, op in operations(document):
        if (method, path) in PUBLIC:
            assert "security" not in op, (method, path)
            continue
        responses = op["responses"]
        assert {"401", "429", "503", "504", "500"} <= set(responses), (method, path)
        assert op["security"] == [{"bearer": []}]
        for status in ("429", "503"):
            retry_after = resolve(document, responses[status]["headers"]["Retry-After"])
            assert retry_after["required"] is True
        success = next(r for s, r in responses.items() if s.startswith("2"))
        for name in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"):
            assert resolve(document, success["headers"][name])["required"] is True, (method, path, name)
        # 403 is for a role or an API key's scope; the caller's own account needs neither (nor does
        # evaluating an expression over sample data).
        assert ("403" in responses) == ((method, path) not in OWN_ACCOUNT), (method, path)


def test_operations_with_a_body_list_400_413_and_422_and_refuse_unknown_fields(
    document: dict[str, Any],
) -> None:
    bodies = 0
    for method, path, op in operations(document):
        body = op.get("requestBody")
        if body is None or "application/json" not in body["content"]:
            continue
        if path.startswith("/v1/hooks/"):
            # A webhook takes any JSON (and other bodies), under its own size limit.
            assert "GATEWAY_WEBHOOK_MAX_BODY_BYTES" in op["responses"]["413"]["description"]
            continue
        bodies += 1
        assert {"400", "413", "422"} <= set(op["responses"]), (method, path)
        assert "4096 bytes" in op["responses"]["413"]["description"]
        schema = body["content"]["application/json"]["schema"]
        model = resolve(document, schema if "$ref" in schema else schema["anyOf"][0])
        assert model["additionalProperties"] is False, (method, path)
    assert bodies >= 15


def test_route_specific_statuses_and_headers_are_declared(document: dict[str, Any]) -> None:
    paths = document["paths"]
    patch = paths["/v1/workflows/{workflow_id}"]["patch"]["responses"]
    assert {"404", "412", "428"} <= set(patch)
    assert resolve(document, patch["200"]["headers"]["ETag"])["required"] is True
    created = paths["/v1/workflows"]["post"]["responses"]["201"]["headers"]
    assert {"Location", "ETag"} <= set(created)
    cancel = paths["/v1/executions/{execution_id}/cancel"]["post"]["responses"]
    assert "409" in cancel and "412" not in cancel
    hook = paths["/v1/hooks/{token}"]["post"]["responses"]
    assert {"202", "404", "405", "413", "429", "502", "504"} <= set(hook)
    assert "Allow" in hook["405"]["headers"]
    assert "422" in hook, "a body may hold a NUL character no run can keep"
    # Routes with no parameters that can fail validation list no 422 either.
    assert "422" not in paths["/v1/me"]["get"]["responses"]


def test_operations_taking_an_idempotency_key_declare_its_statuses_and_the_replay_header(
    document: dict[str, Any],
) -> None:
    takers = set()
    for method, path, op in operations(document):
        names = {(p["in"], p["name"]) for p in op.get("parameters", [])}
        if ("header", "Idempotency-Key") not in names:
            continue
        takers.add((method, path))
        key = next(p for p in op["parameters"] if p["name"] == "Idempotency-Key")
        assert key["required"] is False and key["schema"]["maxLength"] == 255
        responses = op["responses"]
        assert {"400", "409", "422", "503"} <= set(responses), (method, path)
        assert "Idempotency-Key" in responses["409"]["description"]
        assert resolve(document, responses["409"]["headers"]["Retry-After"])["required"] is False
        success = next(r for s, r in responses.items() if s.startswith("2"))
        replayed = resolve(document, success["headers"]["Idempotent-Replayed"])
        assert replayed["required"] is False and replayed["schema"]["enum"] == ["true"]
    assert takers == {
        ("post", "/v1/workflows"),
        ("post", "/v1/workflows/import"),
        ("post", "/v1/workflows/{workflow_id}/run"),
        ("post", "/v1/executions/{execution_id}/retry"),
        ("post", "/v1/dead-letters/{dead_letter_id}/replay"),
        ("post", "/v1/credentials"),
        ("post", "/v1/api-keys"),
        # Webhooks, whatever their method (scoped to the webhook; ADR-061).
        *((method, "/v1/hooks/{token}") for method in ("get", "post", "put", "patch", "delete")),
        ("post", "/v1/members"),
    }
    # A member already in the workspace is still the route's own 409.
    assert "member already" in document["paths"]["/v1/members"]["post"]["responses"]["409"]["description"]


def test_the_executions_list_links_its_next_page_and_the_event_stream_is_text_event_stream(
    document: dict[str, Any],
) -> None:
    paths = document["paths"]
    listed = paths["/v1/executions"]["get"]["responses"]["200"]
    assert resolve(document, listed["headers"]["Link"])["required"] is False
    stream = paths["/v1/executions/{execution_id}/events"]["get"]
    ok = stream["responses"]["200"]
    assert list(ok["content"]) == ["text/event-stream"]
    # OpenAPI 3.1: `schema` describes one event (`itemSchema` is 3.2 only).
    event = ok["content"]["text/event-stream"]["schema"]
    assert "itemSchema" not in ok["content"]["text/event-stream"]
    assert event["properties"]["data"]["contentSchema"] == {
        "$ref": "#/components/schemas/ExecutionEventPublic"
    }
    assert {"400", "401", "404", "429"} <= set(stream["responses"])
    last_event_id = next(p for p in stream["parameters"] if p["name"] == "Last-Event-ID")
    assert last_event_id["in"] == "header" and last_event_id["schema"]["pattern"] == "^[0-9]{0,18}$"
    for path in ("/v1/executions:batchGet", "/v1/workflows:batchGet"):
        batch = paths[path]["post"]
        assert "Idempotency-Key" not in str(batch.get("parameters", [])), "a read needs no key"
        assert {"400", "413", "422"} <= set(batch["responses"])


def test_the_credential_types_a_body_may_name_are_the_integrations_service_s(
    document: dict[str, Any],
) -> None:
    from jobsprint.integrations.domain.credential_types import CREDENTIAL_TYPES

    create = document["components"]["schemas"]["CredentialCreate"]
    assert set(create["properties"]["type"]["enum"]) == set(CREDENTIAL_TYPES)


@pytest.mark.security
def test_request_bodies_say_what_no_service_can_keep(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    storable = schemas["StorableJson"]
    assert {"type": "string", "pattern": "^[^\\u0000]*$"} in storable["anyOf"]
    run_input = schemas["RunRequest"]["properties"]["input"]
    assert run_input["additionalProperties"] == {"$ref": "#/components/schemas/StorableJson"}
    assert run_input["propertyNames"] == {"pattern": "^[^\\u0000]*$"}
    assert schemas["WorkflowCreate"]["properties"]["description"]["pattern"] == "^[^\\u0000]*$"
    register = schemas["RegisterRequest"]["properties"]
    assert register["email"]["format"] == "email" and register["password"]["minLength"] == 10
    assert document["paths"]["/v1/hooks/{token}"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ] == {"$ref": "#/components/schemas/StorableJson"}


@pytest.mark.security
def test_a_405_lists_every_method_of_the_path_the_most_literal_path_first() -> None:
    from jobsprint.gateway.problems import allowed_methods

    app = create_app(Settings())
    assert allowed_methods(app, "/v1/workflows") == ["GET", "HEAD", "POST"]
    assert allowed_methods(app, "/v1/workflows/abc") == ["GET", "HEAD", "PATCH", "DELETE"]
    assert allowed_methods(app, "/v1/workflows/import") == ["POST"]
    assert allowed_methods(app, "/v1/hooks/t") == ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]


def test_the_router_tries_webhooks_first_and_the_document_keeps_its_order(document) -> None:
    """Most requests are webhook calls: their routes are matched before the other routers'
    (each router tried first cost a match), while the document lists the API in its own order."""
    app = create_app(Settings())
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/hooks/" + "t" * 43,
        "root_path": "",
        "headers": [],
    }
    first = app.router.routes[0]
    assert first.matches(scope)[0].name == "FULL"
    assert isinstance(first, hooks.DirectHookRoute)
    assert first.path == "/v1/hooks/{token}"  # the edge's metrics label, as the documented route's
    paths = list(document["paths"])
    assert paths[0] == "/v1/auth/register", paths[:3]
    assert paths.index("/v1/hooks/{token}") > paths.index("/v1/executions/{execution_id}")


def test_webhook_calls_go_straight_to_the_endpoint_but_a_keyed_one_to_its_documented_route() -> None:
    """The direct route takes the webhook calls the documented routes would, except one with an
    `Idempotency-Key` (the documented route's dependency claims the key) and methods no webhook
    answers (left to the router's 405)."""
    app = create_app(Settings())

    def route_for(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> object:
        scope = {"type": "http", "method": method, "path": path, "root_path": "", "headers": headers}
        return next((r for r in app.router.routes if r.matches(scope)[0].name == "FULL"), None)

    token = "t" * 43
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        assert isinstance(route_for(method, f"/v1/hooks/{token}", []), hooks.DirectHookRoute), method
    keyed = route_for("POST", f"/v1/hooks/{token}", [(b"idempotency-key", b"k" * 16)])
    assert keyed is not None and not isinstance(keyed, hooks.DirectHookRoute)  # the hooks router
    assert not isinstance(route_for("HEAD", f"/v1/hooks/{token}", []), hooks.DirectHookRoute)
    assert route_for("POST", f"/v1/hooks/{token}/more", []) is None
    assert app.url_path_for("hook", token=token) == f"/v1/hooks/{token}"  # named by the documented route
