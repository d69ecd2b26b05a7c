"""What every answer carries (security headers, no caching of anyone's data), CORS for the one
origin the test instance allows, the rendered API reference and its own Content-Security-Policy,
and a service that is down answering 503 with Retry-After."""

from __future__ import annotations

import re
import time
import uuid

import devctl
import httpx
import pytest

from .conftest import PRICE_WORKFLOW, User, create_workflow, wait_for_execution

pytestmark = pytest.mark.e2e

ALLOWED_ORIGIN = "https://app.example.test"  # GATEWAY_CORS_ALLOWED_ORIGINS of the test instance


def _security_headers(response: httpx.Response) -> None:
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_answers_carry_security_headers_and_none_may_be_cached(api: httpx.Client, user: User):
    for response in (
        api.get("/v1/me", headers=user.headers),
        api.get("/v1/me"),  # 401
        api.post("/v1/auth/login", json={"email": user.email, "password": "wrong password!"}),
        api.get("/healthz"),
        api.get("/v1/no-such-route"),
    ):
        _security_headers(response)
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert response.headers["Cache-Control"] == "no-store", response.request.url


def test_a_replayed_answer_and_an_event_stream_carry_the_edge_headers(api: httpx.Client, user: User):
    # The idempotency recorder sits inside the edge: a replay gets the security and rate-limit
    # headers of its own request, never stored ones.
    # (A workflow, not an API key: a key's replay no longer holds its secret, ADR-061.)
    key = str(uuid.uuid4())
    body = {**PRICE_WORKFLOW, "name": f"edge {key[:8]}"}
    first = api.post("/v1/workflows", json=body, headers={**user.headers, "Idempotency-Key": key})
    assert first.status_code == 201, first.text
    again = api.post("/v1/workflows", json=body, headers={**user.headers, "Idempotency-Key": key})
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    _security_headers(again)
    assert again.headers["Cache-Control"] == "no-store", "a workspace's data is in this body"
    assert int(again.headers["RateLimit-Remaining"]) < int(first.headers["RateLimit-Remaining"])
    # An event stream is not held back by a proxy, and not cached either.
    workflow = create_workflow(api, user)
    run = api.post(f"/v1/workflows/{workflow['id']}/run", json={"input": {}}, headers=user.headers)
    wait_for_execution(api, user, run.json()["execution_id"])
    stream = api.get(f"/v1/executions/{run.json()['execution_id']}/events", headers=user.headers)
    assert stream.status_code == 200 and stream.headers["content-type"].startswith("text/event-stream")
    assert stream.headers["Cache-Control"] == "no-cache" and stream.headers["X-Accel-Buffering"] == "no"
    _security_headers(stream)
    assert "event: execution.finished" in stream.text


def test_the_reference_page_renders_from_this_origin_under_its_own_policy(api: httpx.Client):
    page = api.get("/v1/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    _security_headers(page)
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy and "connect-src 'self'" in policy
    assert "<script>" not in page.text, "no inline script: the policy allows none"
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(source.startswith("/v1/docs/") for source in sources), sources
    for source in sources:
        asset = api.get(source)
        assert asset.status_code == 200, source
        assert asset.headers["Cache-Control"] == "no-cache"
    bundle = api.get("/v1/docs/assets/swagger-ui-bundle.js")
    assert "SwaggerUIBundle" in bundle.text and len(bundle.content) > 500_000
    assert "/v1/openapi.json" in api.get("/v1/docs/init.js").text
    document = api.get("/v1/openapi.json")
    assert document.json()["openapi"].startswith("3.1")
    assert document.headers["Cache-Control"] == "no-cache"


def test_cors_answers_the_configured_origin_only(api: httpx.Client, user: User):
    preflight = {
        "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "authorization, if-match, content-type",
    }
    allowed = api.options("/v1/workflows/x", headers={"Origin": ALLOWED_ORIGIN, **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert "PATCH" in allowed.headers["Access-Control-Allow-Methods"]
    assert "if-match" in allowed.headers["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in allowed.headers
    _security_headers(allowed)

    refused = api.options("/v1/workflows/x", headers={"Origin": "https://evil.example", **preflight})
    assert refused.status_code == 400
    assert "Access-Control-Allow-Origin" not in refused.headers

    simple = api.get("/v1/me", headers={**user.headers, "Origin": ALLOWED_ORIGIN})
    assert simple.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert "RateLimit-Remaining" in simple.headers["Access-Control-Expose-Headers"]
    assert "ETag" in simple.headers["Access-Control-Expose-Headers"]
    foreign = api.get("/v1/me", headers={**user.headers, "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in foreign.headers


def test_a_request_body_over_the_limit_is_413_before_anything_reads_it(api: httpx.Client, user: User):
    response = api.post(
        "/v1/workflows",
        content=b"{" + b" " * (3 * 1024 * 1024) + b"}",
        headers={**user.headers, "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    _security_headers(response)


def test_a_parameter_given_twice_or_a_time_that_is_not_rfc_3339_is_refused(api: httpx.Client, user: User):
    twice = api.get("/v1/workflows?limit=1&limit=2", headers=user.headers)
    assert twice.status_code == 422
    assert twice.json()["errors"] == [{"field": "limit", "message": "given more than once"}]
    epoch = api.get("/v1/workflows", params={"updated_after": "1764151200"}, headers=user.headers)
    assert epoch.status_code == 422
    assert "RFC 3339" in epoch.json()["detail"]
    fine = api.get(
        "/v1/workflows",
        params=[("tag", "a"), ("tag", "b"), ("updated_after", "2026-01-01T00:00:00Z")],
        headers=user.headers,
    )
    assert fine.status_code == 200, fine.text


def test_what_no_service_can_store_is_refused_at_its_field_and_huge_doubles_survive(
    api: httpx.Client, user: User
):
    workflow = create_workflow(api, user)
    url = f"/v1/workflows/{workflow['id']}/run"
    nul = api.post(url, json={"input": {"note": "a\u0000b"}}, headers=user.headers)
    assert nul.status_code == 422
    assert nul.json()["errors"][0]["field"] == "input"
    assert "NUL" in nul.json()["errors"][0]["message"]
    huge_int = api.post(
        url,
        content=b'{"input": {"n": 123456789012345678901234567890}}',
        headers={**user.headers, "content-type": "application/json"},
    )
    assert huge_int.status_code == 422
    renamed = api.patch(
        f"/v1/workflows/{workflow['id']}", json={"name": "x\u0000"}, headers={**user.headers, "If-Match": "*"}
    )
    assert renamed.status_code == 422
    # A double beyond 64 bits is a double: stored, run and read back as one.
    run = api.post(f"{url}?wait=true", json={"input": {"qty": 1e30, "unit_price": 2}}, headers=user.headers)
    assert run.status_code == 200, run.text
    assert run.json()["output"]["total"] == 2e30
    execution = api.get(f"/v1/executions/{run.json()['execution_id']}", headers=user.headers)
    assert execution.status_code == 200 and execution.json()["input"] == {"qty": 1e30, "unit_price": 2}


def test_while_the_executor_is_down_its_routes_answer_503_with_retry_after(
    api: httpx.Client, user: User, suite: devctl.Instance
):
    workflow = create_workflow(api, user)
    run = api.post(
        f"/v1/workflows/{workflow['id']}/run",
        json={"input": {"qty": 1, "unit_price": 1}},
        headers=user.headers,
    )
    execution_id = run.json()["execution_id"]
    wait_for_execution(api, user, execution_id)
    devctl.supervisorctl(suite, "stop", "executor", check=True)
    try:
        down = api.get(f"/v1/executions/{execution_id}", headers=user.headers)
        assert down.status_code == 503, down.text
        assert down.headers["content-type"] == "application/problem+json"
        assert int(down.headers["Retry-After"]) >= 1
        assert "unavailable" in down.json()["detail"]
        # The rest of the API is unaffected; a read of the workflow may even come from the cache.
        assert api.get(f"/v1/workflows/{workflow['id']}", headers=user.headers).status_code == 200
    finally:
        devctl.supervisorctl(suite, "start", "executor", check=True)
        deadline = time.monotonic() + 60
        while not devctl.grpc_serving(suite.grpc_port("executor")):
            assert time.monotonic() < deadline, "the executor did not come back"
            time.sleep(0.2)
    # Back within the retry the answers asked for.
    deadline = time.monotonic() + 30
    while (again := api.get(f"/v1/executions/{execution_id}", headers=user.headers)).status_code == 503:
        assert time.monotonic() < deadline, "still 503 long after the executor came back"
        time.sleep(int(again.headers["Retry-After"]))
    assert again.status_code == 200, again.text
