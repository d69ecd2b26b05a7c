"""What every response passes through on its way out: the request's time budget starts, bodies
above the limit are refused (413) — a declared `Content-Length` at once, a chunked or lying body
as soon as the bytes received pass the limit, without reading the rest — rate-limit and security
headers are added, and each request is counted and timed by route. Plain ASGI rather than `@app.middleware("http")`, whose
BaseHTTPMiddleware costs a task and a stream per request.

Security headers (ADR-049): `nosniff`, no referrer, no framing, a Content-Security-Policy that
allows nothing (JSON needs nothing; `/v1/docs` sets its own), and `Cache-Control: no-store` on
every answer but the public reference documents, so no shared cache keeps a token or a
workspace's data. CORS is off unless `GATEWAY_CORS_ALLOWED_ORIGINS` lists origins.
"""

from __future__ import annotations

import time

from fastapi import FastAPI, Request
from jobsprint.gateway import problems
from jobsprint.gateway.config import Settings
from prometheus_client import Counter, Histogram
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter("jobsprint_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("jobsprint_http_request_seconds", "HTTP request latency", ["method", "route"])

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": API_CSP,
    "Cross-Origin-Resource-Policy": "same-origin",
}
# Public documents that may be cached (still revalidated: they change with a deploy).
CACHEABLE_PREFIXES = ("/v1/openapi.json", "/v1/docs")

# CORS: the methods and headers the API uses, and the response headers a browser client reads.
CORS_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
CORS_REQUEST_HEADERS = ["Authorization", "Content-Type", "If-Match", "Idempotency-Key", "Last-Event-ID"]
CORS_EXPOSED_HEADERS = [
    "ETag",
    "Location",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "X-Execution-Id",
    "Link",
    "Idempotent-Replayed",
]


def install_cors(app: FastAPI, settings: Settings) -> None:
    """CORS for the configured origins only; none configured, none allowed (no CORS headers, and
    a preflight gets 405). Credentials are bearer tokens in a header, never cookies."""
    if not settings.cors_allowed_origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_allowed_origins,
        allow_methods=CORS_METHODS,
        allow_headers=CORS_REQUEST_HEADERS,
        expose_headers=CORS_EXPOSED_HEADERS,
        allow_credentials=False,
        max_age=settings.cors_max_age_seconds,
    )


WEBHOOK_PREFIX = "/v1/hooks/"


class BodyTooLarge(StarletteHTTPException):
    """Raised by `receive` the moment the bytes received pass the limit. An HTTP exception, so
    whoever is reading (FastAPI parsing a body, a dependency, a route streaming it) lets it through
    to the problem handler, which answers 413."""

    def __init__(self, limit: int, what: str) -> None:
        # `Connection: close`: the rest of the body is never read, so the connection cannot carry
        # another request.
        super().__init__(413, f"the {what} is larger than {limit} bytes", headers={"Connection": "close"})


def _body_limit(limit: int, what: str, receive: Receive) -> Receive:
    """`receive`, counting the body's bytes as they arrive: nothing past `limit` is ever read."""
    received = 0

    async def counting_receive() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit, what)
        return message

    return counting_receive


class EdgeMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, webhook_max_body_bytes: int, budget_seconds: float
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.webhook_max_body_bytes = webhook_max_body_bytes
        self.budget_seconds = budget_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        scope.setdefault("state", {})["deadline"] = started + self.budget_seconds
        cacheable = scope["path"].startswith(CACHEABLE_PREFIXES)
        status = 500
        started_response = False
        if scope["path"].startswith(WEBHOOK_PREFIX):
            limit, what = self.webhook_max_body_bytes, "webhook body"
        else:
            limit, what = self.max_body_bytes, "request body"

        async def send_with_headers(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                status = message["status"]
                started_response = True
                headers = MutableHeaders(scope=message)
                for name, value in (scope.get("state", {}).get("rate_limit_headers") or {}).items():
                    headers.setdefault(name, value)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Cache-Control", "no-cache" if cacheable else "no-store")
            await send(message)

        length = dict(scope["headers"]).get(b"content-length", b"")
        try:
            if length.isdigit() and int(length) > limit:
                await self._too_large(scope, receive, send_with_headers, BodyTooLarge(limit, what))
                return
            try:
                await self.app(scope, _body_limit(limit, what, receive), send_with_headers)
            except BodyTooLarge as exc:
                # Read outside the routes' error handling (a middleware): answer here, unless an
                # answer already started (then the server closes the connection).
                if started_response:
                    raise
                await self._too_large(scope, receive, send_with_headers, exc)
        finally:
            path = getattr(scope.get("route"), "path", "unmatched")
            REQUESTS.labels(scope["method"], path, str(status)).inc()
            LATENCY.labels(scope["method"], path).observe(time.monotonic() - started)

    @staticmethod
    async def _too_large(scope: Scope, receive: Receive, send: Send, exc: BodyTooLarge) -> None:
        problem = problems.Problem(413, str(exc.detail), headers=dict(exc.headers or {}))
        await problems.problem_response(problem, Request(scope))(scope, receive, send)
