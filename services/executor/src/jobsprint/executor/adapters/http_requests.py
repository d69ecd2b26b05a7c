"""`core.http_request`'s client: the process's one pooled HTTP client behind the SSRF guard,
made by bootstrap and bound into the node catalogue (`nodes.bind_http_requests`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import orjson
from jobsprint.common import outbound
from jobsprint.executor.domain.nodes import (
    ERROR,
    HTTP_4XX,
    HTTP_5XX,
    HTTP_429,
    NETWORK,
    TIMEOUT,
    NodeCall,
    NodeFailure,
    NodeResult,
)


class HttpRequester:
    """`core.http_request`, bound to the process's one pooled client (every connection through the
    SSRF guard, ADR-052) and to the operator's limits: the answer's body is read up to
    `max_response_bytes`, counted as it streams, and the whole call — connect to the last byte —
    ends within the node's timeout and never later than `max_seconds` (ADR-065)."""

    def __init__(self, client: httpx.Client, *, max_response_bytes: int, max_seconds: float) -> None:
        self._client = client
        self.max_response_bytes = max_response_bytes
        self.max_seconds = max_seconds

    def close(self) -> None:
        self._client.close()

    def __call__(self, parameters: Mapping[str, Any], _data: Any, call: NodeCall) -> NodeResult:
        method = str(parameters.get("method", "GET")).upper()
        url = parameters.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise NodeFailure(f"`url` must be an http(s) URL, not {url!r}")
        headers = {str(k): str(v) for k, v in (parameters.get("headers") or {}).items()}
        headers.setdefault("Idempotency-Key", call.idempotency_key)
        seconds = min(
            float(parameters.get("timeout_seconds", call.timeout_seconds)),
            call.timeout_seconds,
            self.max_seconds,
        )
        body = parameters.get("body")
        try:
            fetched = outbound.fetch(
                self._client,
                method,
                url,
                max_bytes=self.max_response_bytes,
                seconds=seconds,
                headers=headers,
                params=parameters.get("query") or None,
                json=body if body is not None and method not in ("GET", "HEAD") else None,
                timeout=seconds,
            )
        except outbound.OutboundRefused as exc:
            raise NodeFailure(f"{method} {url} is not allowed: {exc}", kind=ERROR) from exc
        except httpx.InvalidURL as exc:
            # Not an HTTPError: a host such as `0177.0.0.1` (octal) is refused while the URL is parsed.
            raise NodeFailure(f"{url!r} is not a valid URL: {exc}", kind=ERROR) from exc
        except outbound.ResponseTooLarge as exc:
            raise NodeFailure(
                f"{method} {url} answered more than {self.max_response_bytes} bytes; "
                "an operator can raise EXECUTOR_HTTP_MAX_RESPONSE_BYTES",
                kind=ERROR,
            ) from exc
        except httpx.TimeoutException as exc:
            raise NodeFailure(
                f"{method} {url} timed out after {seconds:g}s (connect to the last byte of the answer)",
                kind=TIMEOUT,
            ) from exc
        except httpx.HTTPError as exc:
            raise NodeFailure(f"{method} {url} failed: {exc}", kind=NETWORK) from exc
        response, raw = fetched.response, fetched.body
        content: Any
        try:
            content = orjson.loads(raw)
        except orjson.JSONDecodeError:
            content = raw.decode(response.encoding or "utf-8", errors="replace")
        output = {"status": response.status_code, "headers": dict(response.headers), "body": content}
        if response.status_code >= 400 and parameters.get("fail_on_status", True):
            status = response.status_code
            kind = HTTP_429 if status == 429 else HTTP_5XX if status >= 500 else HTTP_4XX
            raise NodeFailure(f"{method} {url} answered {status}", kind=kind)
        return NodeResult(output)
