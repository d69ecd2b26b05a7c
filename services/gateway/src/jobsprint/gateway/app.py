"""The gateway's FastAPI application: `/v1` routes, problem+json errors, metrics, lifespan."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from jobsprint.common import redis_clients
from jobsprint.gateway import idempotency, problems
from jobsprint.gateway.api.deps import GatewayState
from jobsprint.gateway.api.models import ProblemDetails
from jobsprint.gateway.api.routes import (
    api_keys,
    audit,
    auth,
    execution_control,
    executions,
    health,
    hooks,
    integrations,
    members,
    workflows,
)
from jobsprint.gateway.apikeys import ApiKeyResolver
from jobsprint.gateway.clients import Clients
from jobsprint.gateway.config import Settings
from jobsprint.gateway.live import EventHub, EventRelay
from jobsprint.gateway.ratelimit import RateLimiter
from prometheus_client import Counter, Histogram
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter("jobsprint_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("jobsprint_http_request_seconds", "HTTP request latency", ["method", "route"])


class ObserveMiddleware:
    """Refuses a declared body over the limit (413), adds the rate-limit headers a dependency left
    in the request state, and counts and times every request by route. Plain ASGI rather than
    `@app.middleware("http")`, whose BaseHTTPMiddleware costs a task and a stream per request."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body_bytes:
            problem = problems.Problem(413, f"the request body is larger than {self.max_body_bytes} bytes")
            await problems.problem_response(problem, Request(scope))(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                extra = scope.get("state", {}).get("rate_limit_headers")
                if extra:
                    headers = MutableHeaders(scope=message)
                    for name, value in extra.items():
                        headers.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            path = getattr(scope.get("route"), "path", "unmatched")
            REQUESTS.labels(scope["method"], path, str(status)).inc()
            LATENCY.labels(scope["method"], path).observe(time.perf_counter() - started)


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis_client = redis_clients.async_client(settings.redis_url)
        clients = Clients.connect(settings)
        key_ring = settings.key_ring()
        hub = EventHub(settings.redis_url)
        await hub.start()
        relay = EventRelay(amqp_url=settings.amqp_url, redis_url=settings.redis_url)
        if settings.sse_relay_enabled:
            relay.start()
        app.state.gateway = GatewayState(
            settings=settings,
            clients=clients,
            key_ring=key_ring,
            redis=redis_client,
            limiter=RateLimiter(redis_client),
            api_keys=ApiKeyResolver(clients.auth, key_ring, timeout=settings.rpc_timeout_seconds),
            events=hub,
        )
        yield
        await asyncio.to_thread(relay.stop)
        await hub.close()
        await clients.close()
        await redis_client.aclose()

    app = FastAPI(
        title="Jobsprint API",
        version="1.0.0",
        summary="Workflow automation: define workflows, run them, read their executions.",
        openapi_url="/v1/openapi.json",
        docs_url="/v1/docs",
        redoc_url=None,
        lifespan=lifespan,
        responses={
            400: {"model": ProblemDetails, "description": "Malformed request."},
            401: {"model": ProblemDetails, "description": "Missing, invalid or revoked token."},
            403: {"model": ProblemDetails, "description": "Your role or key scope does not allow this."},
            422: {"model": ProblemDetails, "description": "Invalid request."},
            429: {"model": ProblemDetails, "description": "Rate limit exceeded."},
        },
    )
    problems.install(app)

    app.add_middleware(ObserveMiddleware, max_body_bytes=settings.max_body_bytes)

    for router in (
        auth.router,
        members.router,
        api_keys.router,
        audit.router,
        workflows.router,
        executions.router,
        execution_control.router,
        hooks.router,
        integrations.router,
    ):
        app.include_router(router, prefix="/v1")
    app.include_router(health.router)
    idempotency.install(app)
    return app
