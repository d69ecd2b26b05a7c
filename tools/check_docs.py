"""Check that the documents name only things that exist (`make lint`).

    python tools/check_docs.py [FILE.md ...]        default: README.md and docs/**/*.md

A document fails when, in its code (inline `code` or a fenced block), it names
- a make target the Makefile does not have (`make <target>`),
- a setting no Settings class reads: an environment variable with a service's or the shared
  prefix (`GATEWAY_…`, `AUTH_…`, `WORKFLOWS_…`, `EXECUTOR_…`, `INTEGRATIONS_…`, `JOBSPRINT_…`);
  `PREFIX_*` must match at least one. Variables that are not settings but are read by the
  tooling (tools/*.py, docker-compose.yml's `${…}`, the test suites) or by an app (the console,
  apps/*/src) count as existing too;
- an endpoint: a `/v1/…` path the gateway does not route (any method). Placeholders (`{id}`,
  `<id>`, `$ID`) and example values stand for a path parameter.

Prose outside code is not read: "make sure" is not a make target. Exit status 1 with one line
per finding (file:line: what, and what exists instead when something close does).
"""

from __future__ import annotations

import difflib
import importlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("gateway", "auth", "workflows", "executor", "integrations")
PREFIXES = ("GATEWAY", "AUTH", "WORKFLOWS", "EXECUTOR", "INTEGRATIONS", "JOBSPRINT")
SETTING = re.compile(rf"\b(?:{'|'.join(PREFIXES)})_[A-Z0-9_]*\*?")
# A command: at the start of the code (after a shell prompt), or after `&&`, `;`, `|` or `(`.
MAKE_TARGET = re.compile(r"(?:^|&&|;|\||\()\s*(?:\$\s+)?make\s+([a-z][a-z0-9-]*)")
# A path and what stands before it in the same word: nothing, or the gateway's address.
ENDPOINT = re.compile(r"(\S*?)(/v1(?:/[^\s`'\"()\]|,;]*)?)")
GATEWAY_BASES = re.compile(
    r"^(?:[\"'(]*|\$\{?API\}?|\$\{?JOBSPRINT_URL\}?|https?://(?:127\.0\.0\.1|localhost)(?::\d+)?)$"
)
# A name a document mentions on purpose although it no longer exists (an ADR recording its
# removal): `<!-- docs-check: removed NAME -->` on the same line.
REMOVED = re.compile(r"<!--\s*docs-check:\s*removed\s+(\S+)\s*-->")
# Where the tooling reads a variable that is not a service setting.
ENVIRON_READ = re.compile(r"""environ(?:\.get)?\s*[\[(]\s*["']([A-Z0-9_]+)["']""")
COMPOSE_VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)")
# A console or other app reads its variables where it needs them: any quoted prefixed name there.
QUOTED_VARIABLE = re.compile(rf"[\"']((?:{'|'.join(PREFIXES)})_[A-Z0-9_]+)[\"']")


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        where = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{where}:{self.line}: {self.message}"


def code_spans(text: str) -> Iterator[tuple[int, str, set[str]]]:
    """(line number, code, names the line marks as removed) for every fenced block line and
    every inline code span."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        removed = set(REMOVED.findall(line))
        if fenced:
            yield number, line, removed
            continue
        for match in re.finditer(r"(`+)(.+?)\1", line):
            yield number, match.group(2), removed


# --- what exists -------------------------------------------------------------------------------


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z0-9-]*):", (ROOT / "Makefile").read_text(), flags=re.MULTILINE))


def settings_variables() -> set[str]:
    names: set[str] = set()
    for service in SERVICES:
        cls = importlib.import_module(f"jobsprint.{service}.config").Settings
        prefix = cls.model_config.get("env_prefix", "")
        for name, field in cls.model_fields.items():
            alias = field.validation_alias
            names.add(alias if isinstance(alias, str) else f"{prefix}{name}".upper())
    return names


def tooling_variables() -> set[str]:
    """Variables read outside the Settings classes: by tools, tests, the apps (the console) and
    docker-compose.yml."""
    names = set(COMPOSE_VARIABLE.findall((ROOT / "docker-compose.yml").read_text()))
    names |= set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    sources = [*ROOT.glob("tools/*.py"), *ROOT.glob("tests/**/*.py"), *ROOT.glob("**/conftest.py")]
    for path in sources:
        if ".venv" not in path.parts:
            names |= set(ENVIRON_READ.findall(path.read_text()))
    for path in ROOT.glob("apps/*/src/**/*.py"):
        names |= set(QUOTED_VARIABLE.findall(path.read_text()))
    return names


def gateway_paths() -> list[str]:
    from jobsprint.gateway.app import create_app
    from jobsprint.gateway.config import Settings

    app = create_app(Settings())
    # The API's paths are in its OpenAPI document; the few routes outside it (the reference
    # pages, the document itself) are the app's own.
    documented = set(app.openapi()["paths"])
    return sorted(
        documented | {route.path for route in app.routes if isinstance(getattr(route, "path", None), str)}
    )


# --- matching ----------------------------------------------------------------------------------


def _segments(path: str) -> list[str]:
    return path.strip("/").split("/")


def _is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _matches(named: str, route: str) -> bool:
    """Whether a path a document names is `route`: the same literal segments, anything in a
    parameter's place (a placeholder or an example value). A trailing `…`/`...`/`*` segment
    stands for any rest."""
    wanted, have = _segments(named), _segments(route)
    if wanted and wanted[-1] in ("...", "…", "*"):
        wanted = wanted[:-1]
        have = have[: len(wanted)]
    if len(wanted) != len(have):
        return False
    for doc_segment, route_segment in zip(wanted, have, strict=True):
        if _is_parameter(route_segment):
            continue
        # A parameter followed by a custom method (`{id}:cancel`) is not used by the gateway;
        # `:batchGet` is part of a literal segment.
        if doc_segment != route_segment:
            return False
    return True


def _clean_endpoint(raw: str) -> str:
    path = raw.split("?", 1)[0].split("#", 1)[0]
    return path.rstrip(".:>")


@dataclass
class Known:
    targets: set[str]
    variables: set[str]
    paths: list[str]

    @classmethod
    def load(cls) -> Known:
        return cls(make_targets(), settings_variables() | tooling_variables(), gateway_paths())


def _closest(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def check_text(path: Path, text: str, known: Known) -> list[Finding]:
    findings = []
    for line, code, removed in code_spans(text):
        for target in MAKE_TARGET.findall(code):
            if target not in known.targets:
                findings.append(
                    Finding(path, line, f"make {target}: no such target{_closest(target, known.targets)}")
                )
        for variable in SETTING.findall(code):
            if variable.endswith("*"):
                if not any(v.startswith(variable[:-1]) for v in known.variables):
                    findings.append(Finding(path, line, f"{variable}: matches no setting"))
            elif variable.endswith("_") or variable in known.variables or variable in removed:
                continue  # a bare prefix (`GATEWAY_`) names the family, not a setting
            else:
                findings.append(
                    Finding(path, line, f"{variable}: no such setting{_closest(variable, known.variables)}")
                )
        for base, raw in ENDPOINT.findall(code):
            if not GATEWAY_BASES.match(base):
                continue  # another server's URL, a file path, a string that holds `/v1/`
            endpoint = _clean_endpoint(raw)
            if endpoint in ("/v1", "/v1/") or any(_matches(endpoint, route) for route in known.paths):
                continue
            findings.append(
                Finding(
                    path, line, f"{endpoint}: the gateway has no such path{_closest(endpoint, known.paths)}"
                )
            )
    return findings


def documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def main(argv: list[str]) -> int:
    paths = [Path(arg).resolve() for arg in argv] or documents()
    known = Known.load()
    findings = [finding for path in paths for finding in check_text(path, path.read_text(), known)]
    for finding in findings:
        print(finding, file=sys.stderr)
    if not findings:
        print(f"docs: {len(paths)} documents name only make targets, settings and endpoints that exist")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
