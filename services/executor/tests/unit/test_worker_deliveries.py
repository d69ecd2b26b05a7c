"""The worker's consumer against the fakes: what it answers RabbitMQ for each kind of delivery,
and what a delivery it cannot handle leaves behind (ADR-057)."""

from __future__ import annotations

import orjson
from jobsprint.common import messaging
from jobsprint.executor.entrypoints import worker

from .fakes import service
from .test_starting_and_reading import CALLER, WORKFLOW, start


def delivery(body: bytes) -> messaging.Delivery:
    return messaging.Delivery(body=body, message_id="m-1", headers={}, redelivered=False)


def test_a_run_message_advances_its_execution_and_is_acked() -> None:
    svc = service()
    execution_id = start(svc)

    outcome = worker.handle_delivery(svc.deps, delivery(orjson.dumps({"execution_id": execution_id})))

    assert outcome == messaging.Outcome.ACK
    assert svc.uow.executions.rows[execution_id].status == "succeeded"


def test_a_malformed_message_is_dead_lettered_untouched() -> None:
    svc = service()
    assert worker.handle_delivery(svc.deps, delivery(b"{not json")) == messaging.Outcome.DEAD_LETTER
    assert (
        worker.handle_delivery(svc.deps, delivery(b'{"execution_id": "x"}')) == messaging.Outcome.DEAD_LETTER
    )
    assert svc.uow.commits == 0


def test_an_execution_the_worker_cannot_handle_ends_failed_with_a_dead_letter() -> None:
    svc = service()
    broken = "00000000-0000-4000-8000-00000000000b"
    with svc.uow:  # stored before a release that reads definitions differently, say
        svc.uow.executions.insert(
            id=broken,
            workspace_id=CALLER.workspace_id,
            workflow_id=WORKFLOW,
            workflow_version=1,
            definition={"nodes": "not a list"},
            status="queued",
            input={},
        )
        svc.uow.commit()

    outcome = worker.handle_delivery(svc.deps, delivery(orjson.dumps({"execution_id": broken})))

    assert outcome == messaging.Outcome.DEAD_LETTER
    row = svc.uow.executions.rows[broken]
    assert row.status == "failed" and row.error.startswith("dead-lettered: a worker could not handle")
    assert [letter.reason for letter in svc.uow.executions.letters.values()] == ["unhandled_error"]
    assert svc.leases.holding == {}  # the lease taken for the run was let go
