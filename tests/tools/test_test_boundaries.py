"""Tests import only their own service and the shared libraries: a test that needs another
service runs it as a process and calls its public gRPC API (`jobsprint.common.testing`). The
end-to-end tests drive the suite through its public faces, the console among them (an app, the
operator's client), and import no service."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = sorted(p.parent.name for p in ROOT.glob("services/*/pyproject.toml"))
SHARED = ("jobsprint.common", "jobsprint.api")
APPS = tuple(f"jobsprint.{p.parent.name}" for p in ROOT.glob("apps/*/pyproject.toml"))
# Known exceptions, each with its reason and what removes it.
ALLOWED = {
    # The doctor check after every e2e session (issue 13) runs the executor's own vitals query on
    # the test instance's database; it goes when the e2e suite asks `jobsprint doctor` instead.
    ("tests/e2e/conftest.py", "jobsprint.executor"),
    # The gateway authorises an idempotent replay as the service would (ADR-061): these tests
    # compare it with the services' method policies and credential types. They go when those
    # tables live in libs/common (or reach the gateway through an API).
    ("services/gateway/tests/unit/test_idempotency_and_events.py", "jobsprint.auth.entrypoints.grpc_api"),
    (
        "services/gateway/tests/unit/test_idempotency_and_events.py",
        "jobsprint.workflows.entrypoints.grpc_api",
    ),
    (
        "services/gateway/tests/unit/test_openapi_document.py",
        "jobsprint.integrations.domain.credential_types",
    ),
}


def jobsprint_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name for name in names if name.startswith("jobsprint.")}


def offending(tree: Path, allowed: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted(tree.rglob("*.py"))
        for name in sorted(jobsprint_imports(path))
        if not any(name == ok or name.startswith(ok + ".") for ok in allowed)
        and not any(
            str(path.relative_to(ROOT)) == f and (name == m or name.startswith(m + ".")) for f, m in ALLOWED
        )
    ]


def test_each_services_tests_import_only_that_service_and_the_shared_libraries() -> None:
    found = []
    for service in SERVICES:
        found += offending(ROOT / "services" / service / "tests", (f"jobsprint.{service}", *SHARED))
    assert found == []


def test_the_shared_librarys_and_the_end_to_end_tests_import_no_service() -> None:
    assert offending(ROOT / "libs" / "common" / "tests", SHARED) == []
    assert offending(ROOT / "tests" / "e2e", (*SHARED, *APPS)) == []
