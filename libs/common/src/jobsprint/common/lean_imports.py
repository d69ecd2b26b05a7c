"""Keeps the parts of libraries no Jobsprint program uses out of its memory (issue 17, ADR-103).

Imported first by every program's `__main__` (`import jobsprint.common.lean_imports`), before
anything that imports these libraries. Three libraries pull in, when their package is imported,
an optional part that a service never calls:

- `cel`'s `__init__` imports its REPL, `cel.cli` (typer, rich, prompt_toolkit, pygments): about
  8 MB of a process that evaluates expressions. `cel.cli` is registered as an empty module, so
  `import cel` skips it; `cel.compile` and the rest of the package are unchanged.
- `httpx`'s `__init__` imports its command line, `httpx._main` (rich, pygments, click) when they
  are installed (they are, for the console), and falls back to a stub `main` when the import
  fails: about 6 MB. It is made to fail.
- `redis` imports the OpenTelemetry metrics SDK for its optional metrics
  (`redis.observability`, off unless an application sets it up, which Jobsprint does not) when
  the SDK is installed (it is, for tracing): about 2 MB; and `cryptography`, for OCSP checks of
  TLS certificates (`ssl_validate_ocsp`, which Jobsprint does not set).
- `jwt` imports `cryptography` for the asymmetric algorithms (RS256, ES256, EdDSA); Jobsprint
  signs and verifies HS256 only, with the algorithm pinned (`tokens`), which needs nothing but
  `hmac`. `cryptography` costs 8 MB (7 of them its Rust library's pages) in a process that never
  seals a secret (`envelope` imports it when it seals or opens one: workflows, integrations).

`redis` and `jwt` are imported once here with those optional modules hidden, so each records
them as missing (`OTEL_AVAILABLE`, `CRYPTOGRAPHY_AVAILABLE`, `has_crypto` false); the hidden
modules stay importable afterwards, for whoever really uses them.

Each entry is only set when the module is not loaded already, so a process that did load one
(a test session, the console) keeps it.
"""

from __future__ import annotations

import sys
import types

# Optional imports of redis and jwt that Jobsprint never uses.
_OPTIONAL = ("opentelemetry.sdk.metrics", "cryptography")


def _hide_unused_parts() -> None:
    if "cel" not in sys.modules:
        sys.modules.setdefault("cel.cli", types.ModuleType("cel.cli"))
    if "httpx" not in sys.modules:
        # None in sys.modules makes `import httpx._main` raise ImportError, which httpx handles.
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    if "redis" in sys.modules or "jwt" in sys.modules:
        return
    hidden = [name for name in _OPTIONAL if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import jwt  # noqa: F401
        import redis.asyncio  # noqa: F401
    finally:
        for name in hidden:
            del sys.modules[name]


_hide_unused_parts()
