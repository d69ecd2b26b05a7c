"""Webhook tokens, HMAC-SHA256 signatures and how an HTTP request becomes a run's input."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from jobsprint.common import jsondoc
from jobsprint.common.redaction import redact_headers

SIGNATURE_HEADER = "x-jobsprint-signature-256"
MIN_SECRET_LENGTH = 16
MAX_SECRET_LENGTH = 256


def new_token() -> str:
    """256 random bits, URL-safe: unguessable, so the URL itself is the capability."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What a token is looked up by: its SHA-256 (a slow hash is for guessable input; a token
    is 256 random bits), so the table holds no usable token (ADR-069)."""
    return hashlib.sha256(token.encode()).hexdigest()


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(secret: str, body: bytes, presented: str | None) -> bool:
    if not presented:
        return False
    return hmac.compare_digest(signature(secret, body), presented.strip().lower())


def _collect(pairs: Iterable[tuple[str, str]], *, lower: bool) -> dict[str, Any]:
    """One value stays a string; a repeated name becomes a list of its values, in order."""
    collected: dict[str, Any] = {}
    for raw_name, value in pairs:
        name = raw_name.lower() if lower else raw_name
        if name not in collected:
            collected[name] = value
        elif isinstance(collected[name], list):
            collected[name].append(value)
        else:
            collected[name] = [collected[name], value]
    return collected


def request_scope(
    *,
    method: str,
    headers: Iterable[tuple[str, str]],
    query: Iterable[tuple[str, str]],
    redacted_headers: Iterable[str] = (),
) -> dict[str, Any]:
    """`request` in the run's expressions: method, headers (names lower-cased) and query. It is
    stored with the execution, so the values of credential headers (Authorization, Cookie,
    API-key-like names and `redacted_headers`) are replaced by `[redacted]` (ADR-069)."""
    return {
        "method": method.upper(),
        "headers": _collect(redact_headers(headers, extra=redacted_headers), lower=True),
        "query": _collect(query, lower=False),
    }


def run_input(*, content_type: str, body: bytes) -> Any:
    """`input` of a webhook run: the JSON body; a form body as an object; other text as a string
    (JSON sent as text too is JSON). JSON that no service can keep (too deep, a lone surrogate,
    ...), and a body sent as JSON that is none, raise `jsondoc.UnstorableDocument`: a string of it
    would hide the error."""
    if not body.strip():
        return {}
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        value: Any = _collect(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True), lower=False)
    else:
        try:
            return jsondoc.loads(body)
        except jsondoc.UnstorableDocument:
            raise
        except ValueError as exc:
            if media_type == "application/json" or media_type.endswith("+json"):
                raise jsondoc.UnstorableDocument("", f"text that is not JSON, sent as {media_type}") from exc
            value = body.decode("utf-8", "replace")
    # A form or text may still hold a NUL.
    problem = jsondoc.find_unstorable(value)
    if problem is not None:
        raise problem
    return value
