"""Pure parts of idempotency (what counts as the same request) and of live events (one event, the
same whichever way it arrives)."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, datetime

import orjson
import pytest
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.common import events
from jobsprint.gateway.idempotency import _fingerprint
from jobsprint.gateway.live import LiveEvent
from starlette.requests import Request


def _request(path: str = "/v1/workflows", query: str = "", method: str = "POST") -> Request:
    return Request(
        {"type": "http", "method": method, "path": path, "query_string": query.encode(), "headers": []}
    )


def test_the_same_json_with_other_spacing_or_key_order_is_the_same_request():
    one = _fingerprint(_request(), b'{"name": "a", "tags": ["x", "y"]}')
    assert one == _fingerprint(_request(), b'{"tags":["x","y"],"name":"a"}')
    assert one != _fingerprint(_request(), b'{"name": "a", "tags": ["y", "x"]}')


def test_another_path_query_method_or_body_is_another_request():
    base = _fingerprint(_request(), b"{}")
    assert base != _fingerprint(_request("/v1/api-keys"), b"{}")
    assert base != _fingerprint(_request(query="wait=true"), b"{}")
    assert base != _fingerprint(_request(method="PUT"), b"{}")
    assert base != _fingerprint(_request(), b"")
    # Not JSON: compared byte for byte.
    assert _fingerprint(_request(), b"{oops") != _fingerprint(_request(), b"{oops ")


def test_a_published_event_and_the_history_s_copy_are_the_same_event():
    when = datetime(2026, 11, 25, 21, 0, 0, 123456, tzinfo=UTC)
    published = events.cloud_event(
        type_="step.succeeded",
        source="/jobsprint/executor",
        subject="e-1",
        data={"node_id": "a", "status": "succeeded", "attempts": 1},
        sequence=3,
        time=when,
    )
    stamp = executor_pb2.ExecutionEvent().time
    stamp.FromDatetime(when)
    history = executor_pb2.ExecutionEvent(
        execution_id="e-1",
        sequence=3,
        type="step.succeeded",
        data=orjson.dumps({"node_id": "a", "status": "succeeded", "attempts": 1}),
        time=stamp,
    )
    assert LiveEvent.from_envelope(published) == LiveEvent.from_message(history)
    assert orjson.loads(published)["sequence"] == "000000000003"


def test_an_envelope_without_a_sequence_or_not_json_is_no_live_event():
    unnumbered = events.cloud_event(type_="workflow.updated", source="/w", subject="w-1", data={})
    assert LiveEvent.from_envelope(unnumbered) is None
    assert LiveEvent.from_envelope(b"not json") is None
    assert LiveEvent.from_envelope(b"[1, 2]") is None


# The RPC each route with `Idempotency-Key` calls: a replay is authorised for the action that
# RPC is in its service's method policy, so the two must agree.
IDEMPOTENT_ROUTES = {
    ("POST", "/v1/api-keys"): ("auth", "CreateApiKey"),
    ("POST", "/v1/members"): ("auth", "AddMember"),
    ("POST", "/v1/workflows"): ("workflows", "CreateWorkflow"),
    ("POST", "/v1/workflows/import"): ("workflows", "ImportWorkflow"),
    ("POST", "/v1/workflows/{workflow_id}/run"): ("workflows", "RunWorkflow"),
    ("POST", "/v1/executions/{execution_id}/retry"): ("executor", "RetryExecution"),
    ("POST", "/v1/dead-letters/{dead_letter_id}/replay"): ("executor", "ReplayDeadLetter"),
    ("POST", "/v1/credentials"): ("integrations", "CreateCredential"),
}


@pytest.mark.security
def test_each_idempotent_route_is_authorised_before_a_replay_as_its_service_would():
    from fastapi.routing import APIRoute
    from jobsprint.auth.entrypoints.grpc_api import POLICY as AUTH_POLICY
    from jobsprint.common.access import MethodPolicy
    from jobsprint.gateway.app import create_app
    from jobsprint.gateway.config import Settings
    from jobsprint.gateway.idempotency import Idempotent
    from jobsprint.workflows.entrypoints.grpc_api import POLICY as WORKFLOWS_POLICY

    policies = {"auth": AUTH_POLICY, "workflows": WORKFLOWS_POLICY}
    document = create_app(Settings()).openapi()
    found = {}
    for method, path in IDEMPOTENT_ROUTES:
        assert "Idempotency-Key" in str(document["paths"][path][method.lower()]["parameters"]), path
    from jobsprint.gateway.api import routes as route_modules

    for module in pkgutil.iter_modules(route_modules.__path__):
        router = importlib.import_module(f"{route_modules.__name__}.{module.name}").router
        for route in router.routes:
            if not isinstance(route, APIRoute):
                continue
            for dependency in route.dependencies:
                if isinstance(dependency.dependency, Idempotent):
                    for method in route.methods:
                        found[(method, f"/v1{route.path}")] = dependency.dependency
    assert set(found) == set(IDEMPOTENT_ROUTES)
    for route, (service, rpc) in IDEMPOTENT_ROUTES.items():
        policy = policies.get(service, MethodPolicy())
        assert found[route].action == policy.action_for(f"/{service}/{rpc}"), route
    assert found[("POST", "/v1/api-keys")].secret_fields == ("key",)
