"""The gateway app against a real gRPC server that plays the workflows service (so a test can make
it slow, down or refuse), with the `it` instance's Redis and RabbitMQ: deadlines, error mapping
and the response cache, through HTTP."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import grpc
import httpx
import orjson
import pika
import pytest
from google.protobuf import any_pb2
from google.protobuf.timestamp_pb2 import Timestamp
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status
from jobsprint.api.workflows.v1 import workflows_pb2, workflows_pb2_grpc
from jobsprint.common import events, messaging
from jobsprint.common.access import Action, authorize
from jobsprint.common.errors import PermissionDenied
from jobsprint.common.tokens import KeyRing, bearer_token
from jobsprint.gateway.app import create_app
from jobsprint.gateway.cache import Key, ResponseCache
from jobsprint.gateway.config import Settings
from prometheus_client import REGISTRY

pytestmark = pytest.mark.integration

KEYS = '{"it-gw": "gateway-integration-test-key-0123456789abcdef"}'
RING = KeyRing(keys=orjson.loads(KEYS), current_kid="it-gw", issuer="jobsprint", audience="jobsprint")


@dataclass
class FakeWorkflows(workflows_pb2_grpc.WorkflowsServiceServicer):
    """GetWorkflow and UpdateWorkflow of one workspace's workflows, with a revision per workflow;
    `failure` makes the next calls fail with that code, `delay` makes them slow."""

    workspace_id: str
    revisions: dict[str, int] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    deadlines: list[float | None] = field(default_factory=list)
    failure: tuple[grpc.StatusCode, str] | None = None
    delay: float = 0.0

    def _workflow(self, workflow_id: str) -> workflows_pb2.Workflow:
        stamp = Timestamp()
        stamp.GetCurrentTime()
        revision = self.revisions[workflow_id]
        return workflows_pb2.Workflow(
            id=workflow_id,
            name=f"revision {revision}",
            definition=b'{"nodes": [{"id": "start", "type": "trigger.manual"}], "edges": []}',
            version=revision,
            etag=str(revision),
            trigger_type="trigger.manual",
            create_time=stamp,
            update_time=stamp,
        )

    async def _enter(self, method: str, request: Any, context: grpc.aio.ServicerContext) -> None:
        """What the real service does first: verify the caller, authorise, look the workflow up in
        the caller's workspace."""
        self.calls.append(method)
        self.deadlines.append(context.time_remaining())
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.failure is not None:
            await context.abort(*self.failure)
        principal = RING.verify(bearer_token(dict(context.invocation_metadata()).get("authorization")))
        try:
            authorize(principal, Action.READ if method.startswith("Get") else Action.WRITE)
        except PermissionDenied as denied:
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, denied.message)
        if request.id not in self.revisions or principal.workspace_id != self.workspace_id:
            await context.abort(grpc.StatusCode.NOT_FOUND, f"no workflow {request.id!r} in this workspace")

    async def GetWorkflow(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        await self._enter("GetWorkflow", request, context)
        return workflows_pb2.GetWorkflowResponse(workflow=self._workflow(request.id))

    async def UpdateWorkflow(self, request: Any, context: grpc.aio.ServicerContext) -> Any:
        await self._enter("UpdateWorkflow", request, context)
        if request.etag.strip('"') != str(self.revisions[request.id]):
            stale = status_pb2.Status(code=grpc.StatusCode.FAILED_PRECONDITION.value[0], message="stale ETag")
            detail = any_pb2.Any()
            detail.Pack(
                error_details_pb2.PreconditionFailure(
                    violations=[
                        error_details_pb2.PreconditionFailure.Violation(type="ETAG", subject=request.id)
                    ]
                )
            )
            stale.details.append(detail)
            await context.abort_with_status(rpc_status.to_status(stale))
        self.revisions[request.id] += 1
        return workflows_pb2.UpdateWorkflowResponse(workflow=self._workflow(request.id))


@dataclass
class Gateway:
    http: httpx.AsyncClient
    service: FakeWorkflows
    settings: Settings
    app: Any

    @property
    def cache(self) -> ResponseCache:
        return self.app.state.gateway.cache  # type: ignore[no-any-return]

    def token(
        self, *, workspace_id: str | None = None, roles: tuple[str, ...] = ("owner",), **extra: Any
    ) -> dict[str, str]:
        token, _ = self.settings.key_ring().issue(
            subject=str(uuid.uuid4()),
            workspace_id=workspace_id or self.service.workspace_id,
            roles=list(roles),
            ttl_seconds=300,
            **extra,
        )
        return {"Authorization": f"Bearer {token}"}


def _settings(it_env: dict[str, str], port: int, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "workflows_target": f"127.0.0.1:{port}",
        "auth_target": "127.0.0.1:1",
        "executor_target": "127.0.0.1:1",
        "integrations_target": "127.0.0.1:1",
        "redis_url": it_env["JOBSPRINT_REDIS_URL"],
        "amqp_url": it_env["JOBSPRINT_AMQP_URL"],
        "jwt_keys": KEYS,
        "jwt_current_kid": "it-gw",
        "jwt_keys_file": None,
    }
    return Settings(**{**values, **overrides})


@asynccontextmanager
async def gateway(
    it_env: dict[str, str], service: FakeWorkflows, port: int, **overrides: Any
) -> AsyncIterator[Gateway]:
    settings = _settings(it_env, port, **overrides)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield Gateway(http, service, settings, app)


@asynccontextmanager
async def fake_service(service: FakeWorkflows) -> AsyncIterator[int]:
    server = grpc.aio.server()
    workflows_pb2_grpc.add_WorkflowsServiceServicer_to_server(service, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        yield port
    finally:
        await server.stop(0)


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(scenario())


def lookups(result: str) -> float:
    return (
        REGISTRY.get_sample_value(
            "jobsprint_gateway_cache_lookups_total", {"cache": "workflow", "result": result}
        )
        or 0.0
    )


async def until(condition: Callable[[], bool], *, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


# --- deadlines and errors ----------------------------------------------------------------------


def test_each_call_gets_what_is_left_of_the_request_budget_and_a_slow_service_is_504(it_env):
    # A budget of a second leaves a busy machine time to reach the service (with half a second,
    # a loaded run spent it all before the call and never made it); the service takes three.
    service = FakeWorkflows(workspace_id=str(uuid.uuid4()), revisions={"w": 1}, delay=3.0)

    async def scenario() -> None:
        async with (
            fake_service(service) as port,
            gateway(it_env, service, port, rpc_timeout_seconds=1.0, cache_enabled=False) as gw,
        ):
            started = time.monotonic()
            slow = await gw.http.get("/v1/workflows/w", headers=gw.token())
            assert time.monotonic() - started < 2.8, "the gateway waited past its budget"
            problem(slow, 504)
            assert service.deadlines, "the call never reached the service"
            assert service.deadlines[0] is not None and 0 < service.deadlines[0] <= 1.0

    run(scenario)


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (grpc.StatusCode.NOT_FOUND, 404),
        (grpc.StatusCode.ALREADY_EXISTS, 409),
        (grpc.StatusCode.FAILED_PRECONDITION, 409),
        (grpc.StatusCode.INVALID_ARGUMENT, 422),
        (grpc.StatusCode.PERMISSION_DENIED, 403),
        (grpc.StatusCode.RESOURCE_EXHAUSTED, 429),
        (grpc.StatusCode.UNAVAILABLE, 503),
        (grpc.StatusCode.DEADLINE_EXCEEDED, 504),
    ],
)
def test_a_refusal_becomes_its_http_status_with_retry_after_when_retryable(it_env, code, status):
    service = FakeWorkflows(workspace_id=str(uuid.uuid4()), revisions={"w": 1}, failure=(code, "no"))

    async def scenario() -> None:
        async with fake_service(service) as port, gateway(it_env, service, port, cache_enabled=False) as gw:
            response = await gw.http.get("/v1/workflows/w", headers=gw.token())
            problem(response, status)
            assert ("Retry-After" in response.headers) == (status in (429, 503))
            assert response.headers["Cache-Control"] == "no-store"

    run(scenario)


def test_a_service_that_is_not_listening_is_503_with_retry_after(it_env):
    service = FakeWorkflows(workspace_id=str(uuid.uuid4()))

    async def scenario() -> None:
        async with gateway(it_env, service, 1, cache_enabled=False) as gw:
            response = await gw.http.get(f"/v1/workflows/{uuid.uuid4()}", headers=gw.token())
            body = problem(response, 503)
            assert response.headers["Retry-After"] == "1"
            assert "unavailable" in body["detail"]

    run(scenario)


# --- the response cache --------------------------------------------------------------------------


def test_a_read_is_cached_and_a_change_through_this_gateway_is_seen_at_once(it_env):
    workflow_id = str(uuid.uuid4())
    service = FakeWorkflows(workspace_id=str(uuid.uuid4()), revisions={workflow_id: 1})

    async def scenario() -> None:
        async with fake_service(service) as port, gateway(it_env, service, port) as gw:
            headers = gw.token()
            first = await gw.http.get(f"/v1/workflows/{workflow_id}", headers=headers)
            second = await gw.http.get(f"/v1/workflows/{workflow_id.upper()}", headers=headers)
            assert first.status_code == second.status_code == 200
            assert first.json() == second.json()
            assert service.calls.count("GetWorkflow") == 1, "the second read came from the cache"
            assert second.headers["ETag"] == '"1"'

            patched = await gw.http.patch(
                f"/v1/workflows/{workflow_id}", json={"name": "x"}, headers={**headers, "If-Match": '"1"'}
            )
            assert patched.status_code == 200 and patched.headers["ETag"] == '"2"'
            after = await gw.http.get(f"/v1/workflows/{workflow_id}", headers=headers)
            assert after.headers["ETag"] == '"2"' and after.json()["version"] == 2

    run(scenario)


def test_a_stale_if_match_drops_the_cached_copy_so_the_next_read_is_fresh(it_env):
    workflow_id = str(uuid.uuid4())
    service = FakeWorkflows(workspace_id=str(uuid.uuid4()), revisions={workflow_id: 1})

    async def scenario() -> None:
        async with fake_service(service) as port, gateway(it_env, service, port) as gw:
            headers = gw.token()
            assert (await gw.http.get(f"/v1/workflows/{workflow_id}", headers=headers)).headers[
                "ETag"
            ] == '"1"'
            service.revisions[workflow_id] = 5  # changed behind the gateway's back, no event
            stale = await gw.http.patch(
                f"/v1/workflows/{workflow_id}", json={"name": "x"}, headers={**headers, "If-Match": '"1"'}
            )
            problem(stale, 412)
            fresh = await gw.http.get(f"/v1/workflows/{workflow_id}", headers=headers)
            assert fresh.headers["ETag"] == '"5"'

    run(scenario)


def test_the_cache_never_answers_for_another_workspace_or_a_caller_without_read(it_env):
    workflow_id = str(uuid.uuid4())
    service = FakeWorkflows(workspace_id=str(uuid.uuid4()), revisions={workflow_id: 1})

    async def scenario() -> None:
        async with fake_service(service) as port, gateway(it_env, service, port) as gw:
            owner = gw.token()
            assert (await gw.http.get(f"/v1/workflows/{workflow_id}", headers=owner)).status_code == 200
            stranger = gw.token(workspace_id=str(uuid.uuid4()))
            problem(await gw.http.get(f"/v1/workflows/{workflow_id}", headers=stranger), 404)
            # A key of this workspace without the read scope is refused by the service, not served.
            write_only = gw.token(kind="api_key", scopes=("write",), roles=("editor",))
            problem(await gw.http.get(f"/v1/workflows/{workflow_id}", headers=write_only), 403)
            assert service.calls.count("GetWorkflow") == 3

    run(scenario)


def test_a_workflow_event_invalidates_every_replica_in_process_and_in_redis(it_env):
    workflow_id = str(uuid.uuid4())
    service = FakeWorkflows(workspace_id=str(uuid.uuid4()), revisions={workflow_id: 1})

    async def scenario() -> None:
        async with (
            fake_service(service) as port,
            gateway(it_env, service, port) as a,
            gateway(it_env, service, port) as b,
        ):
            app_caches = [a.cache, b.cache]
            await until(lambda: all(cache.local_in_use for cache in app_caches))
            headers = a.token()
            l2_before = lookups("l2_hit")
            assert (await a.http.get(f"/v1/workflows/{workflow_id}", headers=headers)).headers[
                "ETag"
            ] == '"1"'
            assert (await b.http.get(f"/v1/workflows/{workflow_id}", headers=headers)).headers[
                "ETag"
            ] == '"1"'
            assert lookups("l2_hit") == l2_before + 1, "the second replica read the first one's entry"
            assert service.calls.count("GetWorkflow") == 1

            service.revisions[workflow_id] = 2  # changed elsewhere; the service publishes the event
            _publish(
                it_env["JOBSPRINT_AMQP_URL"],
                "workflow.updated",
                subject=workflow_id,
                data={"workspace_id": service.workspace_id},
            )
            await until(
                lambda: all(cache.local.get(_key(service, workflow_id)) is None for cache in app_caches)
            )
            for replica in (a, b):
                fresh = await replica.http.get(f"/v1/workflows/{workflow_id}", headers=headers)
                assert fresh.headers["ETag"] == '"2"'

    run(scenario)


def _key(service: FakeWorkflows, workflow_id: str) -> Key:
    return Key("workflow", service.workspace_id, workflow_id)


def _publish(url: str, routing_key: str, *, subject: str, data: dict[str, Any]) -> None:
    connection = pika.BlockingConnection(messaging.connection_parameters(url))
    try:
        channel = connection.channel()
        channel.exchange_declare(messaging.EVENTS_EXCHANGE, exchange_type="topic", durable=True)
        body = events.cloud_event(type_=routing_key, source="test", subject=subject, data=data)
        channel.basic_publish(messaging.EVENTS_EXCHANGE, routing_key, body)
    finally:
        connection.close()


def test_without_the_event_feed_the_in_process_level_is_not_used(it_env):
    workflow_id = str(uuid.uuid4())
    service = FakeWorkflows(workspace_id=str(uuid.uuid4()), revisions={workflow_id: 1})

    async def scenario() -> None:
        async with (
            fake_service(service) as port,
            gateway(it_env, service, port, amqp_url="amqp://guest:guest@127.0.0.1:1/%2F") as gw,
        ):
            cache = gw.cache
            headers = gw.token()
            for _ in range(2):
                assert (await gw.http.get(f"/v1/workflows/{workflow_id}", headers=headers)).status_code == 200
            assert not cache.local_in_use and len(cache.local) == 0
            assert service.calls.count("GetWorkflow") == 1, "Redis (L2) still served the second read"

    run(scenario)


def test_the_cached_body_is_what_the_service_said(it_env):
    workflow_id = str(uuid.uuid4())
    service = FakeWorkflows(workspace_id=str(uuid.uuid4()), revisions={workflow_id: 3})

    async def scenario() -> None:
        async with fake_service(service) as port, gateway(it_env, service, port) as gw:
            headers = gw.token()
            uncached = (await gw.http.get(f"/v1/workflows/{workflow_id}", headers=headers)).json()
            cached = (await gw.http.get(f"/v1/workflows/{workflow_id}", headers=headers)).json()
            assert cached == uncached
            assert orjson.loads(orjson.dumps(cached))["name"] == "revision 3"

    run(scenario)


# --- callers that leave ------------------------------------------------------------------------


def test_a_caller_that_leaves_before_its_body_arrives_is_not_an_error(it_env, caplog):
    """A webhook caller that hangs up mid-body (wrk stopping, a client's timeout) is logged as
    such, not as an unhandled error with a traceback and a 500."""
    service = FakeWorkflows(workspace_id=str(uuid.uuid4()))
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    path = "/v1/hooks/" + "t" * 43
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"gateway"),
            (b"content-type", b"application/json"),
            (b"content-length", b"10"),
        ],
        "client": ("127.0.0.1", 40000),
        "server": ("gateway", 80),
    }

    async def scenario() -> None:
        async with fake_service(service) as port, gateway(it_env, service, port) as gw:
            await gw.app(scope, receive, send)

    with caplog.at_level("INFO"):
        run(scenario)
    started = [m for m in sent if m["type"] == "http.response.start"]
    assert [m["status"] for m in started] == [400]
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")], caplog.text
    assert "closed the connection before its body arrived" in caplog.text
