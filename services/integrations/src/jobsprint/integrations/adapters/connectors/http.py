"""`http`: any HTTP request, through the SSRF guard, with a credential of an HTTP type."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import httpx
import orjson
from jobsprint.common import outbound
from jobsprint.integrations.adapters.connectors.base import ActionContext
from jobsprint.integrations.adapters.connectors.httpcalls import (
    HTTP_CREDENTIAL_TYPES,
    auth_headers,
    check_destination,
    mapped_errors,
    status_error,
)
from jobsprint.integrations.domain.connector import (
    Action,
    ActionResult,
    PermanentError,
    object_schema,
)

STRING_MAP = {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}}

REQUEST = Action(
    "request",
    "Send an HTTP request. Non-2xx answers fail the step (5xx, 408 and 429 as retryable) unless "
    "`fail_on_status` is false. Non-GET requests carry the step's `Idempotency-Key` header.",
    object_schema(
        {
            "method": {"enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]},
            "url": {"type": "string", "pattern": "^https?://", "maxLength": 8192},
            "headers": STRING_MAP,
            "query": STRING_MAP,
            "json": {},
            "form": STRING_MAP,
            "body": {"type": "string"},
            "timeout_seconds": {"type": "number", "exclusiveMinimum": 0, "maximum": 300},
            "follow_redirects": {"type": "boolean"},
            "fail_on_status": {"type": "boolean"},
            "idempotency_header": {"type": ["string", "null"], "maxLength": 64},
        },
        ("url",),
    ),
    object_schema(
        {
            "status": {"type": "integer"},
            "headers": {"type": "object"},
            "body": {},
            "url": {"type": "string"},
        },
        ("status", "headers", "body"),
    ),
)


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


def _credentials_stay_home(first: httpx.URL, credential_headers: set[str]) -> Any:
    """A request hook: a redirect to another origin loses the credential's headers (httpx strips
    `Authorization` itself, but not an API key in a header of the credential's choosing)."""
    home = _origin(first)

    def hook(request: httpx.Request) -> None:
        if _origin(request.url) != home:
            for name in [*credential_headers, "Authorization"]:
                request.headers.pop(name, None)

    return hook


class HttpConnector:
    name = "http"
    description = "Any HTTP API: methods, headers, query, JSON/form/raw bodies, credentials, redirects."
    credential_types = HTTP_CREDENTIAL_TYPES
    credential_required = False
    actions = (REQUEST,)

    def invoke(self, ctx: ActionContext, action: str, parameters: Mapping[str, Any]) -> ActionResult:
        method = str(parameters.get("method", "GET"))
        bodies = [key for key in ("json", "form", "body") if key in parameters]
        if len(bodies) > 1:
            raise PermanentError(f"give at most one of json, form and body (got {', '.join(bodies)})")
        headers = {str(k): str(v) for k, v in (parameters.get("headers") or {}).items()}
        check_destination(ctx.credential, str(parameters["url"]))
        extra_headers, auth = auth_headers(ctx, ctx.credential)
        headers.update(extra_headers)
        idempotency_header = parameters.get("idempotency_header", "Idempotency-Key")
        if method not in ("GET", "HEAD", "OPTIONS") and idempotency_header and ctx.idempotency_key:
            headers.setdefault(str(idempotency_header), ctx.idempotency_key)
        timeout = float(parameters.get("timeout_seconds", ctx.limits.http_timeout_seconds))
        redirects = ctx.limits.http_max_redirects if parameters.get("follow_redirects", True) else 0
        request: dict[str, Any] = {"headers": headers, "auth": auth}
        if "json" in parameters:
            request["content"] = orjson.dumps(parameters["json"])
            headers.setdefault("Content-Type", "application/json")
        elif "form" in parameters:
            request["data"] = {str(k): str(v) for k, v in parameters["form"].items()}
        elif "body" in parameters:
            request["content"] = str(parameters["body"]).encode()
        url = str(parameters["url"])
        target: str | httpx.URL = url
        if parameters.get("query"):
            # Merged into the URL's own query; httpx's `params=` would replace it.
            with mapped_errors(f"{method} {url}"):
                target = httpx.URL(url).copy_merge_params(
                    {str(k): str(v) for k, v in parameters["query"].items()}
                )
        with (
            ctx.http(timeout=timeout, max_redirects=redirects) as client,
            mapped_errors(f"{method} {url}"),
        ):
            client.event_hooks["request"].append(
                _credentials_stay_home(httpx.URL(target), set(extra_headers))
            )
            fetched = outbound.fetch(
                client,
                method,
                target,
                max_bytes=ctx.limits.http_max_response_bytes,
                seconds=timeout,
                **request,
            )
        response, raw = fetched.response, fetched.body
        body: Any = raw.decode(response.encoding or "utf-8", errors="replace")
        if "json" in response.headers.get("content-type", "") and raw:
            with contextlib.suppress(orjson.JSONDecodeError):
                body = orjson.loads(raw)
        if parameters.get("fail_on_status", True) and response.status_code >= 400:
            raise status_error(response.status_code, f"{method} {url}", raw.decode(errors="replace"))
        return ActionResult(
            {
                "status": response.status_code,
                "headers": dict(response.headers),
                "body": body,
                "url": str(response.url),
            }
        )

    def test(self, ctx: ActionContext, target: str) -> str:
        if not target:
            raise PermanentError("give the URL to test this credential against")
        result = self.invoke(ctx, "request", {"method": "GET", "url": target})
        return f"GET {target} answered HTTP {result.output['status']}"


CONNECTOR = HttpConnector()
