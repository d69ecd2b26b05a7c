"""Count the Postgres statements and commits one execution costs the executor (`make bench`'s
workflow, in-process on the `it` instance), and one webhook request the workflows service before
it asks the executor to start the run: `uv run python tools/roundtrips.py`. Statements are
counted as SQLAlchemy sends them and as `db.execute_on_driver` and `db.read_on_driver` do."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench
import devctl
import orjson
from jobsprint.common import db, outbound
from jobsprint.common.envelope import MasterKeyRing
from jobsprint.common.identity import service_principal
from jobsprint.common.tokens import KeyRing, Principal
from jobsprint.executor import bootstrap
from jobsprint.executor.adapters.http_requests import HttpRequester
from jobsprint.executor.adapters.orm import executions
from jobsprint.executor.service import running, starting
from jobsprint.executor.service.dependencies import RunLimits
from jobsprint.workflows import bootstrap as workflows_bootstrap
from jobsprint.workflows.domain.workflow import Started
from jobsprint.workflows.service import activation, definitions, webhooks
from jobsprint.workflows.service.ports import Executor, Integrations
from sqlalchemy import Engine, event, select

HOOK = {
    "nodes": [
        {"id": "hook", "type": "trigger.webhook", "parameters": {"method": "POST"}},
        {"id": "note", "type": "core.set", "parameters": {"values": {"seen": "{{ input.event }}"}}},
    ],
    "edges": [{"from": "hook", "to": "note"}],
}


class _StartsNothing(Executor):
    """The executor as the workflows service sees it, answering without a call: its own
    statements are the executor's part, counted separately."""

    def node_types(self, principal: Principal) -> Any:
        return {"trigger.webhook": {}, "core.set": {}}

    def start_execution(self, principal: Principal, *, workflow_id: str, version: int, **_: Any) -> Started:
        return Started(str(uuid.uuid4()), version, "queued")


class _NoIntegrations(Integrations):
    def connectors(self, workspace_id: str) -> Any:
        return {}

    def credentials(self, workspace_id: str, *, ids: Any = (), names: Any = ()) -> Any:
        return []


def main() -> None:
    instance = devctl.INSTANCES["it"]
    devctl.prepare(instance)
    env = devctl.environment(instance)
    engine = db.make_engine(env["EXECUTOR_DATABASE_URL"], pool_size=2, ping_idle_after=None)
    counts = {"statements": 0, "commits": 0, "alone": 0}

    def count(key: str) -> None:
        counts[key] += 1

    event.listen(engine, "before_cursor_execute", lambda *_a: count("statements"))
    event.listen(engine, "commit", lambda *_a: count("commits"))
    # The hot statements that run on the driver connection pass no SQLAlchemy event: count them
    # where they are sent.
    on_driver = db.execute_on_driver

    def counted(*args: Any, **kwargs: Any) -> Any:
        count("statements")
        return on_driver(*args, **kwargs)

    db.execute_on_driver = counted  # type: ignore[assignment]
    read_on_driver = db.read_on_driver

    def counted_read(*args: Any, **kwargs: Any) -> Any:
        count("statements")
        return read_on_driver(*args, **kwargs)

    db.read_on_driver = counted_read  # type: ignore[assignment]
    last_of_transaction = db.last_of_transaction

    def counted_last(session: Any, *args: Any, **kwargs: Any) -> Any:
        # Alone (nothing ran before it), it is its own transaction: no BEGIN, no COMMIT (ADR-111).
        count("statements" if session.in_transaction() else "alone")
        return last_of_transaction(session, *args, **kwargs)

    db.last_of_transaction = counted_last  # type: ignore[assignment]
    ring = KeyRing(keys={"k": "x" * 32}, current_kid="k", issuer="jobsprint", audience="jobsprint")
    token, _ = ring.issue(
        subject=str(uuid.uuid4()), workspace_id=str(uuid.uuid4()), roles=["owner"], ttl_seconds=60
    )
    url, target = bench._local_target()
    # The workflow's HTTP call goes to a server on loopback, which the SSRF guard refuses by default.
    deps = bootstrap.wire(
        engine=engine,
        sandbox=None,
        http_requests=HttpRequester(
            outbound.client(
                outbound.OutboundPolicy.from_settings(allow=["127.0.0.0/8"], denied_ports=()), timeout=30
            ),
            max_response_bytes=1024 * 1024,
            max_seconds=30,
        ),
        limits=RunLimits(max_steps=100, max_output_bytes=65536),
    )
    try:
        execution_id = starting.start_execution(
            deps.uow(),
            deps.definitions,
            principal=ring.verify(token),
            workflow_id=str(uuid.uuid4()),
            workflow_version=1,
            definition=orjson.dumps(bench.issue_workflow(url)),
            input_=b'{"qty": 9}',
        )
        print(f"start an execution:   {_counted(counts)}")
        counts.update(statements=0, commits=0, alone=0)
        running.advance(deps, execution_id)
        print(f"advance it to the end: {_counted(counts)}")
        with engine.connect() as connection:
            status = connection.execute(
                select(executions.c.status).where(executions.c.id == execution_id)
            ).scalar()
        assert status == "succeeded", f"the execution {status}; see the it instance's logs"
    finally:
        target.terminate()
        engine.dispose()
    workflows_engine = db.make_engine(env["WORKFLOWS_DATABASE_URL"], pool_size=2, ping_idle_after=None)
    event.listen(workflows_engine, "before_cursor_execute", lambda *_a: count("statements"))
    event.listen(workflows_engine, "commit", lambda *_a: count("commits"))
    try:
        hook_request(workflows_engine, env, ring, token, counts)
    finally:
        workflows_engine.dispose()


def _counted(counts: dict[str, int]) -> str:
    alone = f", {counts['alone']} alone (its own transaction)" if counts["alone"] else ""
    return f"{counts['statements'] + counts['alone']} statements, {counts['commits']} commits{alone}"


def hook_request(
    engine: Engine, env: dict[str, str], ring: KeyRing, token: str, counts: dict[str, int]
) -> None:
    """A webhook request in the workflows service, up to its StartExecution call."""
    deps = workflows_bootstrap.wire(
        engine=engine,
        executor=_StartsNothing(),
        integrations=_NoIntegrations(),
        master_keys=MasterKeyRing.from_json(
            env["WORKFLOWS_MASTER_KEYS"], env["WORKFLOWS_MASTER_KEY_CURRENT"]
        ),
        key_ring=ring,
        max_definition_bytes=65536,
    )
    owner = ring.verify(token)
    created = definitions.create_workflow(
        deps.uow(),
        deps.keys,
        deps.checks,
        principal=owner,
        name="hook",
        description="",
        tags=[],
        definition=orjson.dumps(HOOK),
    )
    hook = activation.set_active(
        deps.uow(), deps.keys, principal=owner, workflow_id=created.row.id, active=True
    )
    ingress = service_principal(ring, service="gateway", workspace_id="", scopes=("run",))
    for first in (True, False):  # the first parses the trigger; later requests find it remembered
        counts.update(statements=0, commits=0, alone=0)
        webhooks.trigger_webhook(
            deps.ingress,
            principal=ingress,
            token=hook.webhook_token,
            method="POST",
            headers=[("Content-Type", "application/json")],
            query=[],
            body=b'{"event": "paid"}',
        )
        if not first:
            print(
                f"a webhook request:    {counts['statements']} statements, {counts['commits']} commits (workflows)"
            )


if __name__ == "__main__":
    main()
