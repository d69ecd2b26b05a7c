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
  the SDK is installed (it is, for tracing): about 2 MB. Redis is imported once here with that
  SDK hidden, so it records `OTEL_AVAILABLE = False`; the SDK stays importable afterwards.

Each entry is only set when the module is not loaded already, so a process that did load one
(a test session, the console) keeps it.
"""

from __future__ import annotations

import sys
import types

_REDIS_OPTIONAL = "opentelemetry.sdk.metrics"


def _hide_unused_parts() -> None:
    if "cel" not in sys.modules:
        sys.modules.setdefault("cel.cli", types.ModuleType("cel.cli"))
    if "httpx" not in sys.modules:
        # None in sys.modules makes `import httpx._main` raise ImportError, which httpx handles.
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    if "redis" not in sys.modules and _REDIS_OPTIONAL not in sys.modules:
        sys.modules[_REDIS_OPTIONAL] = None  # type: ignore[assignment]
        try:
            import redis.asyncio  # noqa: F401
        finally:
            del sys.modules[_REDIS_OPTIONAL]


_hide_unused_parts()
