"""What a JSON document from outside may hold, checked once where it enters (ADR-060).

Every service stores and re-serialises user JSON (run input, webhook bodies, definitions,
credential configs and secrets, imports) with orjson, into Postgres JSONB, and walks it in
expressions. Some documents a parser accepts cannot go that way, and used to fail deep inside
with a 500:
- nesting deeper than orjson writes (255 levels) or Python recurses (about 1,000);
- a lone UTF-16 surrogate (`"\\ud800"`): valid JSON syntax, not a Unicode string, so it cannot
  be encoded as UTF-8 (orjson, Postgres);
- a NUL character (Postgres keeps none in text or JSONB), an integer beyond 64 bits or a number
  that is not finite (JSON tools downstream cannot write them back).

`find_unstorable` walks a parsed value without recursion and names the first such place;
`loads` parses and checks in one step. Both are the only place these rules live.
"""

from __future__ import annotations

import json
import math
from typing import Any

# Objects and arrays nested inside one another, counting the outermost as 1. Real payloads
# (GitHub, Stripe and Slack webhooks, OpenAPI documents) stay under 20; 64 is also what .NET's
# System.Text.Json allows by default, and well under orjson's 255 and Python's recursion limit.
MAX_DEPTH = 64

_INT64 = range(-(2**63), 2**63)


class UnstorableDocument(ValueError):
    """A document no service can keep: `where` is the path (`input.a[2]`), `what` the reason."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where or 'the document'}: {what}" if where else what)
        self.where = where
        self.what = what


def _string_problem(value: str) -> str | None:
    if value.isascii():
        return "a NUL character (U+0000)" if "\x00" in value else None
    if "\x00" in value:
        return "a NUL character (U+0000)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        return f"a lone surrogate (U+{code:04X}), which is not a Unicode character"
    return None


def _scalar_problem(value: Any) -> str | None:
    if isinstance(value, str):
        return _string_problem(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if value in _INT64 else "an integer beyond 64 bits"
    if isinstance(value, float):
        return None if math.isfinite(value) else "a number that is not finite"
    return None


def _too_deep(max_depth: int) -> str:
    return f"objects and arrays nested more than {max_depth} levels deep"


def _join(where: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else str(key)


def find_unstorable(
    value: Any, *, where: str = "", max_depth: int = MAX_DEPTH, depth: int = 0
) -> UnstorableDocument | None:
    """The first place in `value` that no service can keep, or None. `depth` is how deep `value`
    itself sits (0: it is the document; 1: a field of the document's top object)."""
    stack: list[tuple[Any, str, int]] = [(value, where, depth)]
    while stack:
        item, path, level = stack.pop()
        if isinstance(item, dict | list | tuple):
            if level + 1 > max_depth:
                shown = path if len(path) <= 60 else path[:60] + "…"
                return UnstorableDocument(shown, _too_deep(max_depth))
            if isinstance(item, dict):
                children = list(item.items())
                for key, _child in children:
                    if isinstance(key, str) and (problem := _string_problem(key)) is not None:
                        return UnstorableDocument(path, f"{problem} in a key")
            else:
                children = list(enumerate(item))
            # Reversed, so the first problem in document order is the one found.
            stack.extend((child, _join(path, key), level + 1) for key, child in reversed(children))
        elif (problem := _scalar_problem(item)) is not None:
            return UnstorableDocument(path, problem)
    return None


def loads(data: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse a JSON document and check it: `json.JSONDecodeError` when it is not JSON,
    `UnstorableDocument` when it is JSON no service can keep. The standard library's parser, not
    orjson: orjson turns an integer beyond 64 bits into a float without a word, and refuses NaN
    and lone surrogates as bad syntax, where they deserve to be named."""
    try:
        value = json.loads(data)
    except RecursionError as exc:
        raise UnstorableDocument("", _too_deep(max_depth)) from exc
    problem = find_unstorable(value, max_depth=max_depth)
    if problem is not None:
        raise problem
    return value
