"""Workflow search and listing at scale (`.venv/bin/python tools/bench_workflows.py [N]`).

Creates N workflows (default 2000) in a fresh workspace of the `it` instance's database through
the workflows service's use cases, then prints the median and p95 latency of list queries:
the first page by `updated_at`, a ranked full-text search, a tag filter, and walking every page
of a search. Validation uses the built-in node catalogue in-process (no executor needed).
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).parent))
import devctl
from jobsprint.common import db
from jobsprint.common.envelope import MasterKeyRing
from jobsprint.common.tokens import KeyRing, Principal
from jobsprint.executor.domain.nodes import built_in_catalogue
from jobsprint.workflows import bootstrap
from jobsprint.workflows.adapters.executor_client import ExecutorClient
from jobsprint.workflows.adapters.integrations_client import IntegrationsClient
from jobsprint.workflows.domain.search import ListFilter
from jobsprint.workflows.service import definitions, search

WORDS = ["invoice", "report", "sync", "slack", "customer", "order", "refund", "nightly", "crm", "lead"]


class InProcessCatalogue(ExecutorClient):
    def __init__(self) -> None:
        self._schemas = {t: dict(n.parameters_schema) for t, n in built_in_catalogue().items()}

    def node_types(self, principal: Principal) -> Any:
        return self._schemas


def _definition(i: int) -> bytes:
    return orjson.dumps(
        {
            "nodes": [
                {"id": "start", "type": "trigger.manual"},
                {
                    "id": "step",
                    "name": f"{WORDS[i % 7]} step",
                    "type": "core.set",
                    "parameters": {"values": {"i": i}},
                },
            ],
            "edges": [{"from": "start", "to": "step"}],
        }
    )


def _time(label: str, call: Any, repeats: int = 30) -> None:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        runs.append((time.perf_counter() - started) * 1000)
    runs.sort()
    print(
        f"{label:<52} median {statistics.median(runs):7.2f} ms   p95 {runs[int(len(runs) * 0.95) - 1]:7.2f} ms"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    instance = devctl.INSTANCES["it"]
    devctl.prepare(instance)
    env = devctl.environment(instance)
    ring = KeyRing(
        keys=orjson.loads(env["JOBSPRINT_JWT_KEYS"]),
        current_kid=env["JOBSPRINT_JWT_CURRENT_KID"],
        issuer="jobsprint",
        audience="jobsprint",
    )
    token, _ = ring.issue(
        subject=str(uuid.uuid4()), workspace_id=str(uuid.uuid4()), roles=["owner"], ttl_seconds=3600
    )
    principal = ring.verify(token)
    engine = db.make_engine(env["WORKFLOWS_DATABASE_URL"], pool_size=2)
    deps = bootstrap.wire(
        engine=engine,
        executor=InProcessCatalogue(),
        # The benchmark's definitions have no integration node, so this is never called.
        integrations=IntegrationsClient(
            env["WORKFLOWS_INTEGRATIONS_TARGET"], key_ring=ring, catalogue_ttl=60, deadline_seconds=5
        ),
        master_keys=MasterKeyRing.from_json(
            env["WORKFLOWS_MASTER_KEYS"], env["WORKFLOWS_MASTER_KEY_CURRENT"]
        ),
        key_ring=ring,
        max_definition_bytes=65536,
    )
    started = time.perf_counter()
    for i in range(count):
        definitions.create_workflow(
            deps.uow(),
            deps.keys,
            deps.checks,
            principal=principal,
            name=f"{WORDS[i % 10]} {WORDS[(i // 10) % 10]} {i}",
            description=f"{WORDS[(i * 3) % 10]} workflow number {i}",
            tags=[WORDS[i % 5]],
            definition=_definition(i),
        )
    elapsed = time.perf_counter() - started
    print(
        f"created {count} workflows in {elapsed:.1f} s ({count / elapsed:.0f}/s, validated, one transaction each)"
    )

    def page(filters: ListFilter, size: int = 50) -> Any:
        return search.list_workflows(
            deps.uow(), deps.keys, principal=principal, filters=filters, page_size=size, page_token=""
        )

    def walk() -> None:
        token = ""
        while True:
            _, token = search.list_workflows(
                deps.uow(),
                deps.keys,
                principal=principal,
                filters=ListFilter(query="invoice"),
                page_size=50,
                page_token=token,
            )
            if not token:
                return

    _time("first page, newest first (50)", lambda: page(ListFilter()))
    _time("ranked search 'invoice' (50)", lambda: page(ListFilter(query="invoice")))
    _time(
        "search 'nightly -refund' by name (50)",
        lambda: page(ListFilter(query="nightly -refund", order_by="name")),
    )
    _time("tag filter 'slack' (50)", lambda: page(ListFilter(tags=("slack",))))
    _time("every page of 'invoice' (50 per page)", walk, repeats=5)
    engine.dispose()


if __name__ == "__main__":
    main()
