"""The gateway's FastAPI application: `/v1` routes, problem+json errors, the OpenAPI document and
its rendered reference, metrics, lifespan."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from jobsprint.common import redis_clients, revocation, tracing
from jobsprint.gateway import docs, idempotency, openapi, problems, studio
from jobsprint.gateway.api.deps import (
    GatewayState,
    _auth_rate_limit,
    _own_principal,
    _principal,
    refuse_repeated_query_parameters,
)
from jobsprint.gateway.api.models import ProblemDetails
from jobsprint.gateway.api.routes import (
    api_keys,
    audit,
    auth,
    execution_control,
    executions,
    expressions,
    health,
    hooks,
    integrations,
    members,
    node_types,
    session,
    workflow_triggers,
    workflow_versions,
    workflows,
    workspace,
)
from jobsprint.gateway.apikeys import ApiKeyResolver
from jobsprint.gateway.cache import ResponseCache
from jobsprint.gateway.clients import Clients
from jobsprint.gateway.config import Settings
from jobsprint.gateway.edge import EdgeMiddleware, install_cors
from jobsprint.gateway.invalidation import InvalidationFeed
from jobsprint.gateway.limits import WorkspaceLimits
from jobsprint.gateway.live import EventHub
from jobsprint.gateway.ratelimit import RateLimiter
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

DESCRIPTION = """\
The public API of Jobsprint. Authenticate with `Authorization: Bearer <access token or API key>`.
Every error is `application/problem+json` (RFC 9457); each operation lists the statuses it can
answer and the headers it sends (`RateLimit-*`, `Retry-After`, `ETag`, `Location`, `Link`).
Creating POSTs take an `Idempotency-Key`; a replayed answer carries `Idempotent-Replayed: true`."""


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        redis_client = redis_clients.async_client(settings.redis_url)
        clients = Clients.connect(settings)
        key_ring = settings.key_ring()
        cache = ResponseCache(
            redis_client,
            local_ttl_seconds=settings.cache_local_ttl_seconds,
            local_max_entries=settings.cache_local_max_entries,
            redis_ttl_seconds=settings.cache_redis_ttl_seconds,
            enabled=settings.cache_enabled,
        )
        feed = InvalidationFeed(cache, amqp_url=settings.amqp_url, redis_url=settings.redis_url)
        if settings.cache_enabled:
            feed.start()
        hub = EventHub(settings.redis_url)
        await hub.start()
        app.state.gateway = GatewayState(
            settings=settings,
            clients=clients,
            key_ring=key_ring,
            redis=redis_client,
            limiter=RateLimiter(redis_client),
            api_keys=ApiKeyResolver(clients.auth, key_ring, timeout=settings.rpc_timeout_seconds),
            cache=cache,
            events=hub,
            limits=WorkspaceLimits(clients.auth, key_ring, settings),
            revoked=revocation.AsyncRevocationChecker(redis_client),
        )
        yield
        await asyncio.to_thread(feed.stop)
        await hub.close()
        await clients.close()
        await redis_client.aclose()

    app = FastAPI(
        title="Jobsprint API",
        version="1.0.0",
        summary="Workflow automation: define workflows, run them, read their executions.",
        description=DESCRIPTION,
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(refuse_repeated_query_parameters)],
        # One span per request (its trace id goes into the logs and on to the services): FastAPI's
        # when spans are exported, `tracing.AsgiTraceContext`'s otherwise (ADR-113). Not a span
        # per dependency, endpoint and serialisation, nor OpenTelemetry metrics beside the
        # Prometheus ones, nor OpenTelemetry logs beside the JSON ones (it looked the provider up
        # in the environment on every request): together they cost more CPU than the rest of a
        # webhook request.
        telemetry={
            "tracing": bool(settings.otlp_endpoint),
            "operation_spans": False,
            "metrics": False,
            "logs": False,
        },
    )
    problems.install(app)

    hook_routes: list[Any] = []
    for router in (
        auth.router,
        session.router,
        members.router,
        workspace.router,
        api_keys.router,
        audit.router,
        workflows.router,
        workflow_versions.router,
        workflow_triggers.router,
        executions.router,
        execution_control.router,
        expressions.router,
        hooks.router,
        integrations.router,
        node_types.router,
    ):
        before = len(app.router.routes)
        app.include_router(router, prefix="/v1")
        if router is hooks.router:
            hook_routes = app.router.routes[before:]
    app.include_router(health.router)
    docs.install(app)
    studio.install(app, settings.web_dir)
    # The document lists the routes in the order above; the router tries the webhooks first, as
    # most requests are theirs: each router tried before the right one costs a match (the
    # hooks were 13th, ~100 µs a request, 5% of the gateway's time under the speed bench).
    documented = list(app.routes)
    ahead = {id(route) for route in hook_routes}
    # Ahead of them, the same endpoint called straight from the router (`DirectHookRoute`).
    app.router.routes[:] = [hooks.DirectHookRoute(), *hook_routes] + [
        route for route in documented if id(route) not in ahead
    ]

    document: dict[str, Any] = {}

    def build_openapi() -> dict[str, Any]:
        if not document:
            document.update(
                openapi.build(
                    app,
                    routes=documented,
                    principal_dependency=_principal,
                    self_service_dependency=_own_principal,
                    address_limit_dependency=_auth_rate_limit,
                    idempotent_dependency=(idempotency.Idempotent, idempotency.HookIdempotent),
                    max_body_bytes=settings.max_body_bytes,
                    problem_model=ProblemDetails,
                )
            )
        return document

    app.openapi = build_openapi  # type: ignore[method-assign]

    # Outermost last. Innermost, the idempotency recorder keeps a first answer as the route gave
    # it; the edge wraps everything, so replays, CORS preflights and problems all carry the
    # security and rate-limit headers.
    idempotency.install(app)
    install_cors(app, settings)
    app.add_middleware(
        EdgeMiddleware,
        max_body_bytes=settings.max_body_bytes,
        webhook_max_body_bytes=settings.webhook_max_body_bytes,
        budget_seconds=settings.rpc_timeout_seconds,
    )
    if not settings.otlp_endpoint:
        app.add_middleware(tracing.AsgiTraceContext)
    if settings.trusted_proxies:
        # Outermost: the client address is settled before anything counts it. Only the listed
        # peers' forwarded headers are believed (uvicorn's own would trust any loopback peer).
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app
