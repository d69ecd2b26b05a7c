"""`{{ … }}` expressions in node parameters: how they are found, compiled, and checked before they
run (ADR-017, ADR-056). One reading for the workflows service (validation on save) and the
executor (every evaluation, and the evaluate API), so a definition that saves is one that runs.

CEL does not mix int and double, so integer literals are rewritten to doubles before compiling
(`input.qty + 1` compiles as `input.qty + 1.0`), except a literal list index (`items[0]`).

The static check refuses what is certain to be too costly before it runs: comprehension macros
(`all`, `exists`, `exists_one`, `map`, `filter`) nested more than `MAX_COMPREHENSION_DEPTH`
deep, and an estimated cost above `MAX_ESTIMATED_COST`. The estimate counts the expression's
operations, each weighed by `NOMINAL_ITERATIONS` per enclosing comprehension: the work if every
list had that many elements. The sizes are known only when it runs, where the executor's
budget (time and memory, ADR-056) is what holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import cel

if TYPE_CHECKING:
    from jobsprint.common.errors import FieldViolation

TEMPLATE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
MAX_EXPRESSION_LENGTH = 4096
MAX_COMPREHENSION_DEPTH = 3
NOMINAL_ITERATIONS = 100
MAX_ESTIMATED_COST = 10_000_000
# The names an expression can read (DESIGN "Workflow model").
SCOPE_NAMES = frozenset({"input", "steps", "execution", "request"})
COMPREHENSION_MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})

# CEL's tokens, one at a time. Raw strings (`r'…'`) have no escapes, so `r"\"` is a whole
# string; other strings end at the first unescaped quote; single-quoted ones hold no newline.
_TOKENS = re.compile(
    r"""(?P<string>(?:[rR][bB]?|[bB][rR])(?:'''.*?'''|\"\"\".*?\"\"\"|'[^'\n]*'|"[^"\n]*")"""
    r"""|[bB]?(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))"""
    r"""|(?P<comment>//[^\n]*)"""
    r"""|(?P<number>(?<![\w.])(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)[uU]?)"""
    r"""|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"""
    r"""|(?P<space>\s+)"""
    r"""|(?P<other>.)""",
    re.DOTALL,
)
_OPENING, _CLOSING = "([{", ")]}"


def is_expression(value: object) -> bool:
    return isinstance(value, str) and TEMPLATE.search(value) is not None


def _is_literal_index(source: str, start: int, end: int) -> bool:
    """`items[0]` is an index; `[0]` (a one-element list literal) is not."""
    before = source[:start].rstrip()
    if not before.endswith("[") or not source[end:].lstrip().startswith("]"):
        return False
    subject = before[:-1].rstrip()
    return bool(subject) and (subject[-1].isalnum() or subject[-1] in "_])")


def as_double_literals(source: str) -> str:
    """The source with every integer literal a double, but literal list indexes."""
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
def compile_cel(source: str) -> Any:
    """The compiled program (a `cel.Program`); ValueError when it does not parse."""
    return cel.compile(as_double_literals(source))


@dataclass(frozen=True)
class Shape:
    """What the source says about an expression's cost, read without running it."""

    comprehension_depth: int
    estimated_cost: int


@lru_cache(maxsize=4096)
def shape(source: str) -> Shape:
    """Read from the tokens: a call is a name followed by `(`; a comprehension macro's arguments
    are one level deeper. Strings and comments weigh nothing."""
    tokens = [
        (kind, match.group(0))
        for match in _TOKENS.finditer(source)
        for kind in (match.lastgroup,)
        if kind not in ("space", "comment")
    ]
    frames: list[bool] = []  # per open bracket: whether it holds a comprehension's arguments
    depth = deepest = cost = 0
    for index, (kind, text) in enumerate(tokens):
        if text in _OPENING and kind == "other":
            previous = tokens[index - 1] if index else ("", "")
            opens = text == "(" and previous[0] == "name" and previous[1] in COMPREHENSION_MACROS
            frames.append(opens)
            depth += opens
            deepest = max(deepest, depth)
            continue
        if text in _CLOSING and kind == "other":
            if frames and frames.pop():
                depth -= 1
            continue
        if text not in (",", ".", ":"):
            cost += NOMINAL_ITERATIONS**depth
    return Shape(comprehension_depth=deepest, estimated_cost=cost)


def problem(source: str) -> str | None:
    """Why the expression inside `{{ … }}` may not be saved or run, or None when it may."""
    if len(source) > MAX_EXPRESSION_LENGTH:
        return f"longer than {MAX_EXPRESSION_LENGTH} characters"
    if not source.strip():
        return "empty expression `{{ }}`"
    try:
        compile_cel(source)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a Rust panic arrives as PanicException, a BaseException
        return f"does not parse: {_first_line(exc)}"
    found = shape(source)
    if found.comprehension_depth > MAX_COMPREHENSION_DEPTH:
        return (
            f"comprehension macros ({', '.join(sorted(COMPREHENSION_MACROS))}) are nested"
            f" {found.comprehension_depth} deep; at most {MAX_COMPREHENSION_DEPTH} levels are allowed"
        )
    if found.estimated_cost > MAX_ESTIMATED_COST:
        return (
            f"estimated cost {found.estimated_cost:,} is above the limit of {MAX_ESTIMATED_COST:,}"
            f" (each operation counted {NOMINAL_ITERATIONS} times per enclosing comprehension);"
            " nest fewer comprehensions or move work out of the innermost one"
        )
    return None


def _first_line(exc: BaseException) -> str:
    # The parser's messages repeat the source under each error: its first line says enough.
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def template_problems(text: str) -> list[str]:
    """What is wrong with the `{{ … }}` parts of one parameter string (empty: nothing)."""
    if "{{" not in text:
        return []
    if "{{" in TEMPLATE.sub("", text):
        return ["has `{{` without a closing `}}`"]
    found = []
    for match in TEMPLATE.finditer(text):
        if not match.group(1).strip():
            found.append("empty expression `{{ }}`")
            continue
        reason = problem(match.group(1))
        if reason is not None:
            shown = match.group(1).strip()
            shown = shown if len(shown) <= 120 else shown[:117] + "..."
            found.append(f"expression {{{{ {shown} }}}} {reason}")
    return found


def problems(parameters: Mapping[str, Any], *, path: str) -> list[FieldViolation]:
    """Every expression problem in a node's parameters, each at its field:
    `{path}.parameters.values.total`."""
    from jobsprint.common.errors import FieldViolation

    return [
        FieldViolation(where, message)
        for where, text in _strings(dict(parameters), f"{path}.parameters")
        for message in template_problems(text)
    ]
