"""Webhook ingress: `ANY /v1/hooks/{token}`, public. The request becomes a run of the workflow.

The token in the URL is the credential (256 random bits, rotatable); a workflow may also require
an HMAC-SHA256 signature, which the workflows service checks, so the secret never leaves it.
The gateway calls it with a short-lived service token (ADR-022, ADR-036).
"""

from __future__ import annotations

from typing import Any

import grpc
import orjson
from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import JSONResponse
from jobsprint.api.workflows.v1 import workflows_pb2
from jobsprint.common.grpc_errors import describe
from jobsprint.common.identity import auth_metadata, service_principal
from jobsprint.gateway.api import models
from jobsprint.gateway.api.deps import PublicRpc, State, public_rpc
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.api.waiting import finished_answer
from jobsprint.gateway.idempotency import HookIdempotent
from jobsprint.gateway.live import Rung
from jobsprint.gateway.openapi import errors, headers, merge
from jobsprint.gateway.problems import PROBLEM_JSON, Problem
from starlette.datastructures import URLPath
from starlette.routing import BaseRoute, Match, NoMatchFound, compile_path, get_route_path
from starlette.types import Receive, Scope, Send

router = APIRouter(prefix="/hooks", tags=["webhooks"], route_class=DocumentRoute)

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Hop-by-hop and framing headers describe this connection, not the sender's request.
DROPPED_HEADERS = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "content-length"}
)


def _problem(status_code: int, title: str, detail: str, **extra: object) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status_code, "detail": detail, **extra}
    return JSONResponse(body, status_code=status_code, media_type=PROBLEM_JSON)


async def hook(token: str, request: Request, rpc: PublicRpc, state: State) -> Response:
    """Start a run of the workflow behind this URL. `input` is the JSON body; `request` holds the
    method, headers and query. `async` mode answers 202 with the execution id; `wait` mode answers
    with the workflow's output."""
    limits = await state.limits.for_hook(token)
    decision = await state.limiter.check(
        scope="hook", key=token[:64], limit=limits.webhook_rate_limit_per_minute
    )
    if not decision.allowed:
        raise Problem(
            429, "too many requests to this webhook; retry after the given time", headers=decision.headers
        )
    # At most GATEWAY_WEBHOOK_MAX_BODY_BYTES: the edge counts the bytes as they arrive (413 past it).
    body = await request.body()
    ingress = service_principal(state.key_ring, service="gateway", workspace_id="", scopes=("run",))
    try:
        run = await rpc.with_metadata(auth_metadata(ingress))(
            workflows_pb2.TriggerWebhookRequest(
                token=token,
                method=request.method,
                headers=[
                    workflows_pb2.Header(name=name, value=value)
                    for name, value in request.headers.items()
                    if name.lower() not in DROPPED_HEADERS
                ],
                query=[workflows_pb2.Header(name=k, value=v) for k, v in request.query_params.multi_items()],
                body=body,
            ),
        )
    except grpc.aio.AioRpcError as exc:
        allowed = _allowed_method(exc)
        if allowed:
            raise Problem(
                405, f"this webhook accepts {allowed} requests only", headers={"Allow": allowed}
            ) from exc
        raise
    state.limits.learn_hook(token, run.workspace_id)
    location = {"Location": f"/v1/executions/{run.execution_id}"}
    if run.response_mode != "wait":
        accepted = models.HookAccepted(execution_id=run.execution_id)
        return JSONResponse(accepted.model_dump(), status_code=status.HTTP_202_ACCEPTED, headers=location)
    acting = service_principal(
        state.key_ring, service="gateway", workspace_id=run.workspace_id, scopes=("read",)
    )
    # The workflow may ask for a shorter wait than the gateway's, never a longer one.
    seconds = min(
        run.wait_timeout_seconds or state.settings.webhook_wait_seconds, state.settings.webhook_wait_seconds
    )
    execution = await finished_answer(
        rpc.with_metadata(auth_metadata(acting)), state.events, execution_id=run.execution_id, seconds=seconds
    )
    if execution is None:
        response = _problem(
            504,
            "Gateway Timeout",
            f"the run did not finish within {seconds:g} s; it goes on: "
            f"GET /v1/executions/{run.execution_id} with a token of the workspace",
            execution_id=run.execution_id,
        )
        response.headers.update(location)
        return response
    if execution.status != "succeeded":
        return _problem(
            502,
            "Workflow Failed",
            f"the run {execution.status}: {execution.error or 'no error message'}",
            execution_id=run.execution_id,
        )
    if isinstance(execution, Rung):
        output = execution.output or b"null"
    else:
        output = orjson.dumps(orjson.loads(execution.output) if execution.output else None)
    return Response(output, media_type="application/json", headers={"X-Execution-Id": run.execution_id})


def _allowed_method(exc: grpc.aio.AioRpcError) -> str:
    """The workflows service refuses a method with UNIMPLEMENTED and the allowed one as a field
    violation on `method`."""
    if exc.code() != grpc.StatusCode.UNIMPLEMENTED:
        return ""
    failure = describe(exc.trailing_metadata(), exc.code(), exc.details())
    return next((description for field, description in failure.violations if field == "method"), "")


HOOK_RESPONSES = merge(
    {
        200: {
            "description": "`wait` mode: the workflow's output, as JSON.",
            "content": {"application/json": {"schema": {}}},
        },
        202: {"description": "`async` mode: the run is queued."},
    },
    headers(200, "X-Execution-Id"),
    headers(202, "Location"),
    errors(
        401,
        404,
        405,
        413,
        422,
        429,
        502,
        504,
        e422="The body holds what no run can keep (a NUL character).",
        e401="The workflow requires a signature and `X-Jobsprint-Signature-256` is missing or wrong.",
        e404="No active webhook at this URL.",
        e413="The body is larger than `GATEWAY_WEBHOOK_MAX_BODY_BYTES` (1 MiB unless configured).",
        e429="Too many requests to this webhook URL.",
        e504="`wait` mode: the run did not finish in time (it goes on; `execution_id` names it), or a "
        "service did not answer within the request's time budget.",
    ),
    headers(405, "Allow"),
    headers(429, "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"),
)
HOOK_BODY = {
    "requestBody": {
        "required": False,
        "description": "A JSON body becomes the run's `input` (held to what a run can keep: 422 otherwise). "
        "Other bodies are taken too, as they come: a form (`application/x-www-form-urlencoded`) as an "
        "object, other text as a string. Signed workflows check `X-Jobsprint-Signature-256` against these "
        "exact bytes.",
        # Only JSON has a schema to hold a body to; the rest is bytes, whatever they are.
        "content": {"application/json": {"schema": {}}},
    }
}
# One route per method, so each has its own operation id in the OpenAPI document.
for _method in METHODS:
    router.add_api_route(
        "/{token}",
        hook,
        methods=[_method],
        status_code=status.HTTP_202_ACCEPTED,
        responses=HOOK_RESPONSES,
        operation_id=f"hook_{_method.lower()}",
        response_model=models.HookAccepted,
        openapi_extra=HOOK_BODY if _method != "GET" else None,
        # `Idempotency-Key`, scoped to this webhook: a sender's retry does not start a second run.
        dependencies=[Depends(HookIdempotent())],
    )


class DirectHookRoute(BaseRoute):
    """`/v1/hooks/{token}` as the router tries it first: the same `hook`, called straight from
    the router with what its dependencies would give it, past FastAPI's per-route layers
    (dependency resolution, the request wrappers, the exit stack), which cost the gateway about a
    quarter of its CPU per webhook call. Everything around the router still applies — the edge
    (budget, body limit, headers, metrics by this route's path), CORS, the idempotency recorder,
    and the problem handlers, which answer what `hook` raises.

    A request with an `Idempotency-Key` is left to the documented route, whose dependency claims
    the key; the documented routes also remain what the OpenAPI document describes."""

    def __init__(self, path: str = "/v1/hooks/{token}") -> None:
        self.path = path  # the edge labels its metrics with it, as with the documented route
        self.path_regex, _format, _convertors = compile_path(path)
        self.methods = frozenset(METHODS)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        # Nameless: the documented routes behind it answer for `hook`.
        raise NoMatchFound(name, path_params)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] not in self.methods:
            return Match.NONE, {}
        found = self.path_regex.match(get_route_path(scope))
        if found is None or any(name == b"idempotency-key" for name, _value in scope["headers"]):
            return Match.NONE, {}
        path_params = {**scope.get("path_params", {}), **found.groupdict()}
        return Match.FULL, {"endpoint": hook, "path_params": path_params, "route": self}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        state: Any = scope["app"].state.gateway
        response = await hook(scope["path_params"]["token"], request, public_rpc(request, state), state)
        await response(scope, receive, send)
