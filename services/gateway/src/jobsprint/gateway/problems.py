"""Errors as RFC 9457 problem details (`application/problem+json`), whatever raised them."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

import grpc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from jobsprint.common.grpc_errors import describe
from jobsprint.gateway.api.routing import InvalidDocument
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.errors = errors or []
        self.headers = headers or {}


def problem_response(problem: Problem, request: Request) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.url.path,
    }
    if problem.errors:
        body["errors"] = problem.errors
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers)


def from_rpc_error(exc: grpc.aio.AioRpcError, *, path: str = "") -> Problem:
    """The problem a failed gRPC call answers with: the one place gRPC codes become HTTP statuses
    (the table is `jobsprint.common.grpc_errors.HTTP_STATUS`). Retryable answers (429, 503)
    carry `Retry-After`; 5xx details do not leak a service's internals."""
    failure = describe(exc.trailing_metadata(), exc.code(), exc.details())
    status, detail = failure.http_status, failure.message
    headers: dict[str, str] = {}
    if failure.retry_after is not None:
        headers["Retry-After"] = str(failure.retry_after)
    if status == 503:
        detail = f"a service is unavailable right now ({failure.message}); retry shortly"
    elif status == 504:
        detail = "a service did not answer in time; retry later"
    elif status >= 500:
        detail = "an internal service failed; retry later"
    if status >= 500:
        log.warning("upstream %s on %s: %s", exc.code().name, path, exc.details())
    errors = [{"field": field, "message": message} for field, message in failure.violations]
    return Problem(status, detail, errors=errors, headers=headers)


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


def _path_methods(app: FastAPI) -> list[tuple[re.Pattern[str], int, list[str]]]:
    """Each documented path as a pattern, its number of parameters, and its methods (HEAD
    wherever GET is)."""
    table = []
    for path, operations in app.openapi().get("paths", {}).items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        methods = [m.upper() for m in operations if m in ("get", "put", "post", "delete", "patch", "options")]
        if "GET" in methods:
            methods.append("HEAD")
        table.append((pattern, path.count("{"), methods))
    return table


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the API answers at `path`, as its document lists them."""
    table = getattr(app.state, "path_methods", None)
    if table is None:
        table = app.state.path_methods = _path_methods(app)
    matches = [(params, methods) for pattern, params, methods in table if pattern.match(path)]
    # The most literal path wins (`/v1/workflows/import` over `/v1/workflows/{workflow_id}`).
    fewest = min((params for params, _methods in matches), default=0)
    found = {method for params, methods in matches if params == fewest for method in methods}
    order = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
    return [m for m in order if m in found]


def install(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            position = next(
                (e.get("ctx", {}).get("error", "") for e in errors if e.get("type") == "json_invalid"), ""
            )
            return problem_response(
                Problem(
                    400,
                    f"the request body is not valid JSON: {position}".rstrip(": "),
                    title="Malformed JSON",
                ),
                request,
            )
        details = [{"field": _location(tuple(e["loc"])), "message": e["msg"]} for e in errors]
        summary = "; ".join(f"{d['field']}: {d['message']}" for d in details[:5])
        return problem_response(
            Problem(422, f"the request is invalid: {summary}", title="Invalid request", errors=details),
            request,
        )

    @app.exception_handler(InvalidDocument)
    async def _document(request: Request, exc: InvalidDocument) -> JSONResponse:
        problem = Problem(
            422,
            str(exc.detail),
            title="Invalid request",
            errors=[{"field": exc.field, "message": exc.message}],
        )
        return problem_response(problem, request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # The router names the methods of the one route it matched (each method is a route of
            # its own here); a 405 lists every method of the path (RFC 9110 §15.5.6).
            allowed = allowed_methods(app, request.url.path)
            if allowed:
                headers["Allow"] = ", ".join(allowed)
                detail = f"{request.method} is not allowed here; use {', '.join(allowed)}"
        return problem_response(Problem(exc.status_code, detail, headers=headers), request)

    @app.exception_handler(grpc.aio.AioRpcError)
    async def _rpc(request: Request, exc: grpc.aio.AioRpcError) -> JSONResponse:
        return problem_response(from_rpc_error(exc, path=request.url.path), request)

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect) -> JSONResponse:
        # The caller closed the connection before its body arrived (a load tool stopping, a
        # client's timeout): nothing went wrong here, and no one is left to read the answer.
        log.info(
            "%s %s: the client closed the connection before its body arrived",
            request.method,
            request.url.path,
        )
        return problem_response(
            Problem(
                400, "the connection closed before the request's body arrived", title="Client Closed Request"
            ),
            request,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return problem_response(Problem(500, "an unexpected error happened; it has been logged"), request)
