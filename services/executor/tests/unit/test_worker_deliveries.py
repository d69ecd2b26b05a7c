"""The worker's consumer against the fakes: what it answers RabbitMQ for each kind of delivery,
and what a delivery it cannot handle leaves behind (ADR-057)."""

from __future__ import annotations

import dataclasses

import orjson
import pytest
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


def test_a_malformed_message_is_dead_lettered_with_a_letter_of_no_workspace() -> None:
    svc = service()
    assert worker.handle_delivery(svc.deps, delivery(b"{not json")) == messaging.Outcome.DEAD_LETTER
    other = messaging.Delivery(
        body=b'{"execution_id": "x"}', message_id=None, headers={}, redelivered=False, routing_key="run"
    )
    assert worker.handle_delivery(svc.deps, other) == messaging.Outcome.DEAD_LETTER

    letters = sorted(svc.uow.executions.letters.values(), key=lambda d: d.id)
    assert [(d.reason, d.execution_id, d.workspace_id) for d in letters] == [("malformed", None, None)] * 2
    assert (letters[0].message_id, letters[0].preview, letters[0].size_bytes) == ("m-1", "{not json", 9)
    assert letters[1].message_id is None and str(letters[1].message_key).startswith("sha256:")
    assert letters[1].routing_key == "run"
    assert svc.uow.executions.rows == {}  # no execution was touched


def test_a_redelivered_malformed_message_makes_one_letter() -> None:
    svc = service()
    for redelivered in (False, True):
        copy = messaging.Delivery(body=b"\xff junk", message_id="m-1", headers={}, redelivered=redelivered)
        assert worker.handle_delivery(svc.deps, copy) == messaging.Outcome.DEAD_LETTER
    without_id = messaging.Delivery(body=b"\xfe junk", message_id=None, headers={}, redelivered=False)
    for _ in range(2):
        worker.handle_delivery(svc.deps, without_id)

    assert [d.preview for d in svc.uow.executions.letters.values()] == ["\\xff junk", "\\xfe junk"]


def test_a_malformed_message_is_handed_back_while_postgres_is_away(monkeypatch: pytest.MonkeyPatch) -> None:
    class Down(Exception):
        pass

    svc = service()
    deps = dataclasses.replace(svc.deps, storage_errors=(Down,))
    real = svc.uow.executions.add_malformed_letter

    def down(**_: object) -> bool:
        raise Down("connection refused")

    monkeypatch.setattr(worker.time, "sleep", lambda _seconds: None)
    monkeypatch.setattr(svc.uow.executions, "add_malformed_letter", down)
    outages = worker.Outages()
    assert worker.handle_delivery(deps, delivery(b"junk"), outages) == messaging.Outcome.REQUEUE
    assert svc.uow.executions.letters == {}

    monkeypatch.setattr(svc.uow.executions, "add_malformed_letter", real)
    assert worker.handle_delivery(deps, delivery(b"junk"), outages) == messaging.Outcome.DEAD_LETTER
    assert len(svc.uow.executions.letters) == 1


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
