"""`tools/check_shape.py`: every service in the shape stays in it, and each rule finds what it
is there to find (in service trees written here for the purpose)."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import check_shape


@pytest.mark.parametrize("service", check_shape.SHAPED)
def test_every_service_in_the_shape_keeps_it(service: str) -> None:
    assert [str(v) for v in check_shape.check_service(service)] == []


@pytest.mark.parametrize("package", check_shape.STATELESS, ids=lambda p: p.name)
def test_the_shared_library_the_gateway_and_the_console_keep_no_module_state(package: Path) -> None:
    assert [str(v) for v in check_shape.check_state(package)] == []


GOOD = {
    "domain/__init__.py": "",
    "domain/things.py": """
        from dataclasses import dataclass
        from jobsprint.common.errors import NotFound

        @dataclass(frozen=True)
        class Thing:
            id: str
        """,
    "service/__init__.py": "",
    "service/ports.py": """
        from abc import ABC, abstractmethod

        class Things(ABC):
            @abstractmethod
            def get(self, thing_id: str) -> object: ...
        """,
    "service/things.py": """
        from jobsprint.demo.service.ports import Things

        def get_thing(things: Things, thing_id: str) -> object:
            found = {}
            found[thing_id] = things.get(thing_id)
            return found
        """,
    "adapters/__init__.py": "",
    "adapters/repository.py": """
        from sqlalchemy import select
        """,
    "entrypoints/__init__.py": "",
    "entrypoints/grpc_api.py": """
        import grpc
        """,
    "bootstrap.py": """
        from sqlalchemy import Engine
        """,
}


def tree(root: Path, files: dict[str, str]) -> Path:
    """`services/demo` under `root` with `files` (relative to its package), and `root/services`."""
    package = root / "services" / "demo" / "src" / "jobsprint" / "demo"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root / "services"


def rules(tmp_path: Path, changes: dict[str, str | None] | None = None) -> list[str]:
    """The rules broken by GOOD with `changes` (file → text; None removes the file)."""
    files = dict(GOOD)
    for name, text in (changes or {}).items():
        if text is None:
            files.pop(name)
        else:
            files[name] = text
    return [v.rule for v in check_shape.check_service("demo", services=tree(tmp_path, files))]


def test_a_service_in_the_shape_passes(tmp_path: Path) -> None:
    assert rules(tmp_path) == []


def test_a_missing_layer_a_missing_bootstrap_and_a_handlers_module_are_found(tmp_path: Path) -> None:
    found = rules(tmp_path, {"service/__init__.py": None, "bootstrap.py": None, "handlers.py": ""})
    assert found == ["no service/ package", "no bootstrap.py (the composition root)", found[2]]
    assert found[2].startswith("handlers.py")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import httpx", "domain imports httpx (a framework or I/O library)"),
        ("from grpc import StatusCode", "domain imports grpc (a framework or I/O library)"),
        ("from sqlalchemy.orm import Session", "domain imports sqlalchemy"),
        ("from jobsprint.common.settings import BaseServiceSettings", "domain imports settings"),
        ("from jobsprint.demo.config import Settings", "domain imports settings"),
        ("from jobsprint.demo.adapters import repository", "domain imports an outer layer"),
        ("from ..service import things", "domain imports an outer layer"),
        ("from jobsprint.common import outbound", "which is not pure (jobsprint.common.outbound -> "),
        ("from jobsprint.common.db import make_engine", "which is not pure"),
    ],
)
def test_the_domain_imports_no_framework_io_settings_or_outer_layer(
    tmp_path: Path, source: str, expected: str
) -> None:
    found = rules(tmp_path, {"domain/things.py": source})
    assert any(expected in rule for rule in found), found


def test_the_domain_may_import_the_pure_parts_of_the_shared_library(tmp_path: Path) -> None:
    pure = "from jobsprint.common.errors import NotFound\nfrom jobsprint.common.redaction import Masker\n"
    assert rules(tmp_path, {"domain/things.py": pure}) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import redis", "a use case imports redis"),
        ("from jobsprint.api.demo.v1 import demo_pb2", "a use case imports jobsprint.api"),
        ("from jobsprint.demo.adapters.repository import SqlThings", "depend on a port"),
        ("from jobsprint.demo import bootstrap", "depend on a port"),
    ],
)
def test_a_use_case_depends_on_ports_not_on_adapters_or_io(
    tmp_path: Path, source: str, expected: str
) -> None:
    found = rules(tmp_path, {"service/things.py": source})
    assert found and all(expected in rule for rule in found), found


def test_sql_outside_adapters_is_found(tmp_path: Path) -> None:
    found = rules(tmp_path, {"entrypoints/grpc_api.py": "from sqlalchemy import select"})
    assert found == ["SQLAlchemy outside adapters/: SQL belongs in a repository"]


def test_a_use_case_module_over_the_limit_is_found(tmp_path: Path) -> None:
    long = "\n".join(f"X{n} = {n}" for n in range(check_shape.MAX_LINES + 1))
    assert rules(tmp_path, {"service/things.py": long}) == [
        f"{check_shape.MAX_LINES + 1} lines (at most {check_shape.MAX_LINES}): split it by topic"
    ]


@pytest.mark.parametrize(
    "source",
    [
        "REGISTRY = {}\ndef register(name, thing):\n    REGISTRY[name] = thing\n",
        "REGISTRY = {}\ndef forget(name):\n    del REGISTRY[name]\n",
        "TOKENS = []\ndef remember(token):\n    TOKENS.append(token)\n",
        "from jobsprint.demo.domain.things import CATALOGUE\ndef drop(name):\n    CATALOGUE.pop(name)\n",
        "COUNT = 0\ndef bump():\n    global COUNT\n    COUNT += 1\n",
    ],
)
def test_module_level_state_written_at_run_time_is_found(tmp_path: Path, source: str) -> None:
    found = rules(tmp_path, {"adapters/registry.py": source})
    assert len(found) == 1 and ("module-level" in found[0] or "global" in found[0]), found


def test_local_names_modules_and_marked_lines_are_not_module_state(tmp_path: Path) -> None:
    source = """
        from jobsprint.common import audit
        CACHE = {}

        def fine(items, session):
            CACHE_COPY = {}
            CACHE_COPY["x"] = 1
            items.append(1)
            audit.append(session, [])
            CACHE["k"] = 1  # shape: allowed, a memo of a pure function
        """
    assert rules(tmp_path, {"adapters/registry.py": source}) == []
