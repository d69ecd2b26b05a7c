"""Count the Postgres statements and commits one execution costs the executor (`make bench`'s
workflow, in-process on the `it` instance): `uv run python tools/roundtrips.py`. Statements are
counted as SQLAlchemy sends them and as `db.execute_on_driver` does."""

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
from jobsprint.common.tokens import KeyRing
from jobsprint.executor import bootstrap
from jobsprint.executor.adapters.http_requests import HttpRequester
from jobsprint.executor.adapters.orm import executions
from jobsprint.executor.service import running, starting
from jobsprint.executor.service.dependencies import RunLimits
from sqlalchemy import event, select


def main() -> None:
    instance = devctl.INSTANCES["it"]
    devctl.prepare(instance)
    env = devctl.environment(instance)
    engine = db.make_engine(env["EXECUTOR_DATABASE_URL"], pool_size=2, ping_idle_after=None)
    counts = {"statements": 0, "commits": 0}

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
        print(f"start an execution:   {counts['statements']} statements, {counts['commits']} commits")
        counts.update(statements=0, commits=0)
        running.advance(deps, execution_id)
        print(f"advance it to the end: {counts['statements']} statements, {counts['commits']} commits")
        with engine.connect() as connection:
            status = connection.execute(
                select(executions.c.status).where(executions.c.id == execution_id)
            ).scalar()
        assert status == "succeeded", f"the execution {status}; see the it instance's logs"
    finally:
        target.terminate()
        engine.dispose()


if __name__ == "__main__":
    main()
