"""`core.http_request` against a server that answers too much or too slowly: the body cap holds
while the answer streams, and the node's timeout bounds the whole call, not each read."""

from __future__ import annotations

import time
import uuid

import orjson
import pytest
from jobsprint.common.testing import MisbehavingServer, misbehaving_server
from jobsprint.executor.adapters.orm import executions
from jobsprint.executor.service import running, starting
from sqlalchemy import select

pytestmark = [pytest.mark.integration, pytest.mark.security]


@pytest.fixture(scope="module")
def server():
    with misbehaving_server() as served:
        yield served


def _run(ctx, principal, parameters: dict, **node: object):
    definition = {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {"id": "call", "type": "core.http_request", "parameters": parameters, **node},
        ],
        "edges": [{"from": "start", "to": "call"}],
    }
    execution_id = starting.start_execution(
        ctx.deps.uow(),
        ctx.deps.definitions,
        principal=principal,
        workflow_id=str(uuid.uuid4()),
        workflow_version=1,
        definition=orjson.dumps(definition),
        input_=b"{}",
    )
    running.advance(ctx.deps, execution_id)
    with ctx.sessions() as session:
        return session.execute(select(executions).where(executions.c.id == execution_id)).first()


def test_a_huge_chunked_answer_fails_the_step_at_the_cap_without_reading_it_all(
    ctx, principal, server: MisbehavingServer, http_requests
) -> None:
    ctx = http_requests(max_response_bytes=1024 * 1024)
    path = f"/big?bytes={300 * 1024 * 1024}&for={uuid.uuid4().hex}"  # 300 MiB, no Content-Length

    execution = _run(ctx, principal, {"url": f"{server.url}{path}"})

    assert execution.status == "failed"
    assert "answered more than 1048576 bytes" in execution.error
    assert "EXECUTOR_HTTP_MAX_RESPONSE_BYTES" in execution.error
    time.sleep(0.2)  # the server notices the hang-up
    # The worker stopped reading at the cap: the server could not push the 300 MiB through.
    assert server.sent[path] < 32 * 1024 * 1024


def test_an_answer_trickled_a_byte_at_a_time_fails_at_the_nodes_timeout(
    ctx, principal, server: MisbehavingServer
) -> None:
    started = time.monotonic()

    # 60 bytes, one every half second: each read is quick, the whole answer takes 30 s.
    execution = _run(ctx, principal, {"url": f"{server.url}/trickle?interval=0.5"}, timeout_seconds=2)

    assert execution.status == "failed"
    assert "timed out after 2s" in execution.error
    assert time.monotonic() - started < 10


def test_the_operators_ceiling_bounds_a_node_that_asks_for_longer(
    ctx, principal, server: MisbehavingServer, http_requests
) -> None:
    ctx = http_requests(max_seconds=1.5)
    started = time.monotonic()

    execution = _run(
        ctx, principal, {"url": f"{server.url}/trickle-headers?interval=0.5", "timeout_seconds": 120}
    )

    assert execution.status == "failed"
    assert "timed out after 1.5s" in execution.error
    assert time.monotonic() - started < 10
