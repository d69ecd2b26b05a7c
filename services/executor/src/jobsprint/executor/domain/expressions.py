"""`{{ … }}` expressions in node parameters, evaluated by CEL (ADR-017), never by `eval`.

CEL cannot import, reach attributes of host objects, loop without bound or recurse, and it
always terminates. CEL does not mix int and double (`7 * 1.5` is an error there), so numbers
enter as doubles: every number in the scope, and every integer literal written in an
expression (except a literal list index such as `items[0]`). Results that are whole doubles
leave as integers, so `{{ input.qty * 2 }}` with qty 3 gives 6, as a person would expect.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cel
import orjson

MAX_EXPRESSION_LENGTH = 4096
MAX_RESULT_BYTES = 256 * 1024
TEMPLATE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# One CEL token of interest at a time: string literals (skipped whole), numbers, and the rest.
_TOKENS = re.compile(
    r"""(?P<string>[rRbB]{0,2}(?:'''.*?'''|\"\"\".*?\"\"\"|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"))"""
    r"""|(?P<number>(?<![\w.])(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)[uU]?)"""
    r"""|(?P<other>.)""",
    re.DOTALL,
)


@dataclass
class ExpressionError(Exception):
    """An expression that does not parse or evaluate; says which one, where, and why."""

    expression: str
    message: str
    parameter: str = ""

    def __str__(self) -> str:
        where = f" in parameter {self.parameter!r}" if self.parameter else ""
        return f"expression {{{{ {self.expression.strip()} }}}}{where}: {self.message}"


def _is_literal_index(source: str, start: int, end: int) -> bool:
    """`items[0]` is an index; `[0]` (a one-element list literal) is not."""
    before = source[:start].rstrip()
    if not before.endswith("[") or not source[end:].lstrip().startswith("]"):
        return False
    subject = before[:-1].rstrip()
    return bool(subject) and (subject[-1].isalnum() or subject[-1] in "_])")


def _as_double_literals(source: str) -> str:
    out: list[str] = []
    for match in _TOKENS.finditer(source):
        number = match.group("number")
        if number is None:
            out.append(match.group(0))
            continue
        is_plain_int = number.isdigit()
        is_index = _is_literal_index(source, match.start(), match.end())
        out.append(f"{number}.0" if is_plain_int and not is_index else number)
    return "".join(out)


@lru_cache(maxsize=4096)
def _compile(source: str) -> Any:
    return cel.compile(_as_double_literals(source))


def compile_expression(source: str) -> None:
    """Check that an expression parses (for validation on save)."""
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ExpressionError(source[:80], f"longer than {MAX_EXPRESSION_LENGTH} characters")
    try:
        _compile(source)
    except Exception as exc:
        raise ExpressionError(source, f"does not parse: {exc}") from exc


def to_cel(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): to_cel(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_cel(v) for v in value]
    return value


def from_cel(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {str(k): from_cel(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [from_cel(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def evaluate(source: str, scope: Mapping[str, Any], *, parameter: str = "") -> Any:
    compile_expression(source)
    try:
        result = _compile(source).execute(scope)
    except KeyError as exc:
        raise ExpressionError(source, f"no such key {exc}", parameter) from exc
    except Exception as exc:
        raise ExpressionError(source, str(exc).split("\n", 1)[0], parameter) from exc
    result = from_cel(result)
    if len(orjson.dumps(result, default=str)) > MAX_RESULT_BYTES:
        raise ExpressionError(source, f"result larger than {MAX_RESULT_BYTES} bytes", parameter)
    return result


def render(value: Any, scope: Mapping[str, Any], *, parameter: str = "") -> Any:
    """Evaluate every `{{ … }}` in a parameter value, recursively through objects and lists.

    A string that is exactly one expression keeps the result's type; otherwise each result is
    rendered into the string (JSON for objects and lists).
    """
    if isinstance(value, str):
        matches = list(TEMPLATE.finditer(value))
        if not matches:
            return value
        if len(matches) == 1 and matches[0].span() == (0, len(value)):
            return evaluate(matches[0].group(1), scope, parameter=parameter)

        def _text(match: re.Match[str]) -> str:
            result = evaluate(match.group(1), scope, parameter=parameter)
            if isinstance(result, str):
                return result
            # CEL maps come back in no fixed order; sorted keys make the text deterministic.
            return orjson.dumps(result, option=orjson.OPT_SORT_KEYS).decode()

        return TEMPLATE.sub(_text, value)
    if isinstance(value, Mapping):
        return {
            k: render(v, scope, parameter=f"{parameter}.{k}" if parameter else k) for k, v in value.items()
        }
    if isinstance(value, list):
        return [render(v, scope, parameter=f"{parameter}[{i}]") for i, v in enumerate(value)]
    return value
