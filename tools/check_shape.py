"""Checks what can be checked mechanically of "the shape of a service" (docs/development.md,
ADR-085) in every service listed in SHAPED:

- the layout: `domain/`, `service/`, `adapters/`, `entrypoints/` and `bootstrap.py`; no `handlers.py`;
- `domain/` imports no framework or I/O library, no settings, no other layer of its service, and
  from `jobsprint.common` only modules that themselves import none of those (followed through);
- `service/` imports no framework or I/O library and none of its service's adapters,
  entrypoints, bootstrap or settings (it depends on ports, `service/ports.py`);
- SQLAlchemy is imported only in `adapters/` (and `bootstrap.py`, which makes the engine);
- no module of `service/` or `entrypoints/` is over MAX_LINES lines;
- no module-level mutable state written at run time: no `global` statement, no function that
  stores into, deletes from or calls a mutating method of a module-level name (a line marked
  `# shape: allowed, <why>` is let through: say why it is not a registry).

The last rule also holds for the trees in STATELESS: the shared library, the gateway, the console.

    uv run python tools/check_shape.py            # every service in SHAPED and STATELESS; exit 1 on a violation

A service joins SHAPED when it has been restructured; `tests/tools/test_check_shape.py` runs the
check for each one, so `make test-unit` fails on a violation.
"""

from __future__ import annotations

import ast
import functools
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMON = ROOT / "libs" / "common" / "src"

# Services restructured into the shape; the others join as they are.
SHAPED = ("integrations", "auth", "executor", "workflows")

LAYERS = ("domain", "service", "adapters", "entrypoints")
MAX_LINES = 400

# Frameworks, transports, drivers and clients: none of them in domain/ or service/.
IO_LIBRARIES = frozenset(
    {
        "aiohttp",
        "aiosmtpd",
        "alembic",
        "anyio",
        "fastapi",
        "grpc",
        "grpc_health",
        "grpc_reflection",
        "grpc_status",
        "httpcore",
        "httpx",
        "mcp",
        "pika",
        "psycopg",
        "psycopg_pool",
        "redis",
        "requests",
        "smtplib",
        "socket",
        "sqlalchemy",
        "ssl",
        "starlette",
        "uvicorn",
        "http.client",
        "http.server",
        "urllib.request",
        "google.protobuf",
        "google.rpc",
        "jobsprint.api",
    }
)
# Settings are read at the edge and passed in: the domain never sees them.
SETTINGS = frozenset({"pydantic_settings", "jobsprint.common.settings"})
# A write to module-level state the check cannot tell from a registry (a memo of a pure function),
# marked on its line with the reason: `# shape: allowed, <why>`.
ALLOW = "# shape: allowed"
MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "remove",
        "pop",
        "popitem",
        "clear",
        "update",
        "setdefault",
        "add",
        "discard",
    }
)


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    rule: str

    def __str__(self) -> str:
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.rule}"


def _matches(module: str, names: Iterable[str]) -> str | None:
    return next((n for n in names if module == n or module.startswith(n + ".")), None)


def _from_base(node: ast.ImportFrom, package: str) -> str:
    """The module a `from … import` imports from, relative imports resolved against `package`."""
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
    return base


def imports(tree: ast.AST, package: str) -> Iterator[tuple[int, str]]:
    """(line, absolute module) of every import in `tree`, at any depth; `package` resolves
    relative imports. `from x import y` yields `x.y` too, since `y` may be a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _from_base(node, package)
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


@functools.cache
def _is_module(module: str) -> bool:
    """Whether `module` names a module of this repository (not an object inside one)."""
    relative = Path(*module.split("."))
    roots = [COMMON, ROOT / "libs" / "api" / "src", *(ROOT / "services").glob("*/src")]
    return any(
        (root / relative.with_suffix(".py")).is_file() or (root / relative / "__init__.py").is_file()
        for root in roots
    )


@functools.cache
def _common_module(module: str) -> Path | None:
    relative = Path(*module.split("."))
    for candidate in (COMMON / relative.with_suffix(".py"), COMMON / relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def impure_through(module: str) -> str | None:
    """The framework, I/O or settings module that `module` (a jobsprint.common module) imports,
    itself or through other jobsprint.common modules; None when it is pure."""
    path = _common_module(module)
    if path is None:
        return None
    for _line, imported in imports(_parse(path), module):
        found = _matches(imported, IO_LIBRARIES | SETTINGS)
        if found:
            return f"{module} -> {found}"
        if imported.startswith("jobsprint.common.") and imported != module and _common_module(imported):
            through = impure_through(imported)
            if through:
                return f"{module} -> {through}"
    return None


def _modules(package_dir: Path) -> list[Path]:
    return sorted(p for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts)


def _package_of(path: Path, src: Path) -> str:
    return ".".join(path.relative_to(src).with_suffix("").parts)


def _check_domain(path: Path, tree: ast.Module, package: str, own: str) -> Iterator[Violation]:
    for line, module in imports(tree, package):
        found = _matches(module, IO_LIBRARIES)
        if found:
            yield Violation(path, line, f"domain imports {found} (a framework or I/O library)")
        elif _matches(module, SETTINGS) or module.startswith(f"{own}.config"):
            yield Violation(path, line, f"domain imports settings ({module}): pass values in instead")
        elif _matches(module, [f"{own}.{layer}" for layer in ("service", "adapters", "entrypoints")]) or (
            module == f"{own}.bootstrap"
        ):
            yield Violation(path, line, f"domain imports an outer layer ({module})")
        elif module.startswith("jobsprint.common.") and _common_module(module):
            through = impure_through(module)
            if through:
                yield Violation(path, line, f"domain imports {module}, which is not pure ({through})")


def _check_service(path: Path, tree: ast.Module, package: str, own: str) -> Iterator[Violation]:
    outer = [f"{own}.adapters", f"{own}.entrypoints", f"{own}.bootstrap", f"{own}.config"]
    for line, module in imports(tree, package):
        found = _matches(module, IO_LIBRARIES | SETTINGS)
        if found:
            yield Violation(path, line, f"a use case imports {found}: put it behind a port in adapters/")
        elif _matches(module, outer):
            yield Violation(path, line, f"a use case imports {module}: depend on a port (service/ports.py)")


def _check_sqlalchemy(path: Path, tree: ast.Module, package: str, layer: str) -> Iterator[Violation]:
    if layer == "adapters" or (path.name == "bootstrap.py" and layer == ""):
        return
    for line, module in imports(tree, package):
        if _matches(module, ["sqlalchemy"]):
            yield Violation(path, line, "SQLAlchemy outside adapters/: SQL belongs in a repository")
            return


def _module_names(tree: ast.Module, package: str) -> set[str]:
    """Names bound at module level to objects: assignments, and names imported from a module
    (`from registry import CATALOGUE`), not modules imported (`from jobsprint.common import db`)."""
    names: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        elif isinstance(node, ast.ImportFrom):
            base = _from_base(node, package)
            for alias in node.names:
                if not _is_module(f"{base}.{alias.name}"):
                    names.add(alias.asname or alias.name)
        for target in targets:
            names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _local_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    arguments = function.args
    names = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    names.update(a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None)
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, ast.Subscript | ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _check_state(path: Path, tree: ast.Module, package: str) -> Iterator[Violation]:
    module_level = _module_names(tree, package)
    allowed = {n for n, text in enumerate(path.read_text().splitlines(), 1) if ALLOW in text}
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        local = _local_names(function)
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                yield Violation(path, node.lineno, f"`global {', '.join(node.names)}`: module-level state")
                continue
            written: ast.expr | None = None
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del):
                written = node.value
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MUTATING_METHODS
                and isinstance(node.func.value, ast.Name)
            ):
                written = node.func.value
            if written is None:
                continue
            name = _root_name(written)
            if name and name in module_level and name not in local and written.lineno not in allowed:
                yield Violation(
                    path, written.lineno, f"writes module-level `{name}`: make it an object bootstrap builds"
                )


def check_service(name: str, *, services: Path = ROOT / "services") -> list[Violation]:
    """Every violation of the shape in `services/<name>`."""
    src = services / name / "src"
    package_dir = src / "jobsprint" / name
    own = f"jobsprint.{name}"
    violations: list[Violation] = []
    for layer in LAYERS:
        if not (package_dir / layer / "__init__.py").is_file():
            violations.append(Violation(package_dir, 0, f"no {layer}/ package"))
    if not (package_dir / "bootstrap.py").is_file():
        violations.append(Violation(package_dir, 0, "no bootstrap.py (the composition root)"))
    if (package_dir / "handlers.py").exists():
        violations.append(
            Violation(package_dir / "handlers.py", 0, "handlers.py: split it into service/ by topic")
        )
    for path in _modules(package_dir):
        relative = path.relative_to(package_dir)
        layer = relative.parts[0] if len(relative.parts) > 1 else ""
        tree = _parse(path)
        package = _package_of(path.parent, src)
        if layer == "domain":
            violations.extend(_check_domain(path, tree, package, own))
        elif layer == "service":
            violations.extend(_check_service(path, tree, package, own))
        violations.extend(_check_sqlalchemy(path, tree, package, layer))
        if layer in ("service", "entrypoints"):
            lines = len(path.read_text().splitlines())
            if lines > MAX_LINES:
                violations.append(
                    Violation(path, lines, f"{lines} lines (at most {MAX_LINES}): split it by topic")
                )
        violations.extend(_check_state(path, tree, package))
    # `from x import y` is checked as `x` and as `x.y`: one finding per line and rule.
    return list(dict.fromkeys(violations))


# Trees outside the services held to the rule of no module-level state written at run time.
STATELESS = (
    COMMON / "jobsprint" / "common",
    ROOT / "services" / "gateway" / "src" / "jobsprint" / "gateway",
    ROOT / "apps" / "console" / "src" / "jobsprint" / "console",
)


def check_state(package_dir: Path) -> list[Violation]:
    """Module-level state written at run time anywhere in a package (the shared library, the
    gateway, the console: what is not a service in the shape still keeps no registry)."""
    src = package_dir.parent.parent
    return [
        v
        for path in _modules(package_dir)
        for v in _check_state(path, _parse(path), _package_of(path.parent, src))
    ]


def main(argv: list[str]) -> int:
    names = argv or list(SHAPED)
    violations = [v for name in names for v in check_service(name)]
    if not argv:
        violations += [v for tree in STATELESS for v in check_state(tree)]
    for violation in violations:
        print(violation)
    if violations:
        print(
            f"check-shape: {len(violations)} violations of the shape (docs/development.md)", file=sys.stderr
        )
        return 1
    print(f"check-shape: {', '.join(names)} in shape")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
