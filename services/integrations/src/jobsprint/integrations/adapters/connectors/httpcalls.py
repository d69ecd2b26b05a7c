"""What HTTP-based connectors share: applying a credential to a request and mapping transport
failures to retryable or permanent errors. Answers are read with `outbound.fetch` (libs/common),
under the size cap and one deadline for the whole call, as `core.http_request` reads them."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import orjson
from jobsprint.common import outbound
from jobsprint.common.outbound import OutboundRefused, ResponseTooLarge
from jobsprint.integrations.adapters.connectors.base import ActionContext
from jobsprint.integrations.domain.connector import (
    Credential,
    PermanentError,
    RateLimited,
    RetryableError,
)
from jobsprint.integrations.domain.credential_types import host_allowed

HTTP_CREDENTIAL_TYPES = ("bearer", "basic", "api_key", "oauth2_client_credentials")
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
DEFAULT_TOKEN_LIFETIME_SECONDS = 300


@contextmanager
def mapped_errors(what: str) -> Iterator[None]:
    """Turn httpx and guard failures into ActionErrors that say whether to retry."""
    try:
        yield
    except OutboundRefused as exc:
        raise PermanentError(f"{what}: destination refused by the SSRF guard: {exc}") from exc
    except ResponseTooLarge as exc:
        raise PermanentError(f"{what}: {exc}") from exc
    except httpx.TimeoutException as exc:
        raise RetryableError(f"{what}: timed out ({type(exc).__name__})") from exc
    except httpx.TooManyRedirects as exc:
        raise PermanentError(f"{what}: too many redirects") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise PermanentError(f"{what}: invalid URL: {exc}") from exc
    except httpx.ConnectError as exc:
        if isinstance(exc.__context__, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(
            exc
        ):
            raise PermanentError(f"{what}: the server's TLS certificate is not trusted: {exc}") from exc
        raise RetryableError(f"{what}: connection failed: {exc}") from exc
    except httpx.TransportError as exc:
        raise RetryableError(f"{what}: connection failed: {exc}") from exc


def status_error(status: int, what: str, detail: str = "") -> Exception:
    message = f"{what}: the server answered HTTP {status}" + (f": {detail[:300]}" if detail else "")
    if status == 429:
        return RateLimited(message)
    if status in RETRYABLE_STATUS:
        return RetryableError(message)
    return PermanentError(message)


def _oauth2_token(ctx: ActionContext, credential: Credential) -> str:
    cache_key = ctx.oauth2_tokens.key(credential)
    cached = ctx.oauth2_tokens.get(cache_key)
    if cached is not None:
        ctx.masker.add_secret(cached)
        return cached
    config, secret = credential.config, credential.secret
    form = {"grant_type": "client_credentials"}
    if config.get("scope"):
        form["scope"] = str(config["scope"])
    seconds = ctx.limits.http_timeout_seconds
    with ctx.http(timeout=seconds) as client, mapped_errors("oauth2 token request"):
        fetched = outbound.fetch(
            client,
            "POST",
            str(config["token_url"]),
            max_bytes=64 * 1024,
            seconds=seconds,
            data=form,
            auth=(str(config["client_id"]), str(secret["client_secret"])),
            headers={"Accept": "application/json"},
        )
    response, body = fetched.response, fetched.body
    if response.status_code != 200:
        raise status_error(response.status_code, "oauth2 token request")
    try:
        answer = orjson.loads(body)
        token = str(answer["access_token"])
        lifetime = float(answer.get("expires_in") or DEFAULT_TOKEN_LIFETIME_SECONDS)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise PermanentError("the oauth2 token endpoint answered without an access_token") from exc
    ctx.masker.add_secret(token)
    ctx.oauth2_tokens.put(cache_key, token, lifetime)
    return token


def check_destination(credential: Credential | None, url: str | httpx.URL) -> None:
    """Refuse to send `credential` to a host outside its `allowed_hosts` (when it has them)."""
    allowed = credential.config.get("allowed_hosts") if credential is not None else None
    if not allowed:
        return
    try:
        host = httpx.URL(url).host
    except httpx.InvalidURL as exc:
        raise PermanentError(f"invalid URL: {exc}") from exc
    if not host_allowed(host, allowed):
        raise PermanentError(
            f"this credential may be sent only to {', '.join(allowed)}; {host!r} is not one of them "
            "(an editor can change the credential's allowed_hosts, entering its secret again)"
        )


def auth_headers(ctx: ActionContext, credential: Credential | None) -> tuple[dict[str, str], Any]:
    """(headers, httpx auth) that apply `credential` to a request."""
    if credential is None:
        return {}, None
    secret = credential.secret
    if credential.type == "bearer":
        return {"Authorization": f"Bearer {secret['token']}"}, None
    if credential.type == "basic":
        return {}, (str(credential.config["username"]), str(secret["password"]))
    if credential.type == "api_key":
        return {str(credential.config.get("header") or "X-API-Key"): str(secret["key"])}, None
    if credential.type == "oauth2_client_credentials":
        return {"Authorization": f"Bearer {_oauth2_token(ctx, credential)}"}, None
    raise PermanentError(f"a {credential.type!r} credential cannot authenticate an HTTP request")
