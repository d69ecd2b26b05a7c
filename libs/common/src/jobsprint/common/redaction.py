"""Secrets kept out of what a service hands on: step outputs, error messages, recorded requests.

The one masking implementation, used wherever secrets are masked (ADR-066). Two rules:

- **By value** — a `Masker` is told the secrets of one call (a credential's secret fields, an
  OAuth2 access token it obtained) and replaces each in every string of a value, keys included,
  together with the forms a secret travels in: URL-encoded, JSON-escaped, hex, base64 (whole, as
  the `user:password` of HTTP basic auth, and inside any longer base64 text, at each of the three
  alignments a secret can have there).
- **By name** — the values of headers that carry credentials are replaced wholesale: in an outside
  server's echo of our request (a mapping keyed by a header the call authenticated with), and in
  recorded request headers (`redact_headers`: Authorization, Cookie, API-key-like names and names
  an operator configures).

A masked string reads `[redacted]` where the secret was. Values shorter than `MIN_SECRET_LENGTH`
are not masked by value: replacing every "abc" in an output would mangle it and hide nothing.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

REDACTED = "[redacted]"
MIN_SECRET_LENGTH = 4
# Base64 pieces shorter than this are too likely to occur by chance in other base64 text.
_MIN_BASE64_CORE = 6

# Request headers that carry credentials by their very name.
CREDENTIAL_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "apikey",
        "x-auth-token",
        "x-access-token",
        "x-amz-security-token",
        "x-goog-api-key",
    }
)
# ... and those whose name says they do (X-Stripe-Api-Key, X-Session-Token, X-Client-Secret, ...).
_CREDENTIAL_NAME = re.compile(r"api[-_]?key|token|secret|password|passwd|credential|session|[-_]auth$", re.I)


def is_credential_header(name: str, extra: Iterable[str] = ()) -> bool:
    lowered = name.strip().lower()
    return (
        lowered in CREDENTIAL_HEADERS
        or lowered in {e.strip().lower() for e in extra}
        or bool(_CREDENTIAL_NAME.search(lowered))
    )


def redact_headers(headers: Iterable[tuple[str, str]], *, extra: Iterable[str] = ()) -> list[tuple[str, str]]:
    """`headers` with the value of every credential-carrying header replaced by `[redacted]`
    (the name stays, so a workflow can still see that one was sent)."""
    names = tuple(extra)
    return [(name, REDACTED if is_credential_header(name, names) else value) for name, value in headers]


def _base64_cores(raw: bytes) -> set[str]:
    """The base64 text that encodes `raw` wherever it sits in a longer encoded string: for each of
    the three alignments, the characters that depend on `raw`'s bytes alone."""
    cores = set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw).decode().rstrip("=")
        start = -(-offset * 8 // 6)  # ceil: the first character holding no padding bit
        end = (offset + len(raw)) * 8 // 6  # floor: past the last character holding only raw bits
        core = encoded[start:end]
        if len(core) >= _MIN_BASE64_CORE:
            cores.add(core)
            cores.add(core.replace("+", "-").replace("/", "_"))  # the URL-safe alphabet
    return cores


def derived_forms(secret: str) -> set[str]:
    """`secret` and the encodings it may travel in."""
    raw = secret.encode()
    forms = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode(),
        *_base64_cores(raw),
    }
    if len(raw) >= 8:
        forms.add(raw.hex())
    parts = urlsplit(secret) if secret.startswith(("http://", "https://")) else None
    if parts is not None:
        # A secret URL (a chat webhook) is often echoed without its scheme and host.
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if len(path) >= 8:
            forms.add(path)
    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


class Masker:
    """Masks the secrets of one call in whatever leaves it. Not shared between calls."""

    def __init__(self, secrets: Iterable[Any] = (), *, header_names: Iterable[str] = ()) -> None:
        self._needles: set[str] = set()
        self._ordered: list[str] = []
        self._headers: set[str] = set()
        for secret in secrets:
            self.add_secret(secret)
        for name in header_names:
            self.add_header(name)

    def add_secret(self, secret: Any) -> None:
        if isinstance(secret, bool) or not isinstance(secret, str | int):
            return
        text = str(secret)
        if len(text) < MIN_SECRET_LENGTH:
            return
        self._needles |= derived_forms(text)
        self._ordered = sorted(self._needles, key=len, reverse=True)  # longest first

    def add_basic_auth(self, username: str, password: str) -> None:
        """What HTTP basic auth sends: base64 of `username:password`."""
        self.add_secret(password)
        token = base64.b64encode(f"{username}:{password}".encode()).decode()
        self._needles.add(token)
        self._ordered = sorted(self._needles, key=len, reverse=True)

    def add_header(self, name: str) -> None:
        """A header this call authenticated with: an echo of it is masked whatever its value."""
        self._headers.add(name.strip().lower())

    def __bool__(self) -> bool:
        return bool(self._ordered or self._headers)

    def text(self, value: str) -> str:
        for needle in self._ordered:
            if needle in value:
                value = value.replace(needle, REDACTED)
        return value

    def mask(self, value: Any) -> Any:
        """`value` (JSON-like) with every secret masked; a mapping entry named after a header this
        call authenticated with is masked whole (a server's echo of our request)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {
                self.mask(k): REDACTED
                if isinstance(k, str) and k.lower() in self._headers and v is not None
                else self.mask(v)
                for k, v in value.items()
            }
        if isinstance(value, list | tuple):
            return [self.mask(v) for v in value]
        return value
