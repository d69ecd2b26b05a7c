"""Use cases that run, cancel, retry and dead-letter executions, against the fakes (no Postgres):
the states they leave, the events and messages they commit, how many transactions they take."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import orjson
import pytest
from jobsprint.common import messaging
from jobsprint.common.errors import FailedPrecondition, NotFound
from jobsprint.executor.domain.executions import LeaseBusy
from jobsprint.executor.service import control, dead_letters, maintenance, reading, running, starting

from .fakes import Service, service
from .test_starting_and_reading import CALLER, DEFINITION, STRANGER, start

FAILING: dict[str, Any] = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {"id": "ok", "type": "core.set", "parameters": {"values": {"a": 1}}},
        {"id": "boom", "type": "core.fail", "parameters": {"message": "no"}, "retry": {"max_attempts": 1}},
    ],
    "edges": [{"from": "start", "to": "ok"}, {"from": "ok", "to": "boom"}],
}
WAITING: dict[str, Any] = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {"id": "pause", "type": "core.wait", "parameters": {"seconds": 60}},
    ],
    "edges": [{"from": "start", "to": "pause"}],
}


def types(svc: Service, execution_id: str) -> list[str]:
    return [type_ for i, type_, _data in svc.uow.events_published if i == execution_id]


def test_a_run_of_nodes_without_side_effects_commits_once_with_its_end() -> None:
    svc = service()
    execution_id = start(svc)
    before = svc.uow.commits

    running.advance(svc.deps, execution_id)

    row = svc.uow.executions.rows[execution_id]
    assert (row.status, row.output, row.leased_until) == ("succeeded", {"n": 2, "twice": 4}, None)
    assert svc.uow.commits - before == 1  # the take-over commits with the checkpoints and the end
    assert types(svc, execution_id)[1:] == [
        "execution.started",
        "step.succeeded",
        "step.succeeded",
        "execution.finished",
    ]
    assert svc.leases.let_go_of == [(execution_id, True)]


def test_a_steps_start_and_end_both_come_from_the_workers_clock() -> None:
    svc = service()
    execution_id = start(svc)
    running.advance(svc.deps, execution_id)

    steps = svc.uow.executions.steps(execution_id)
    assert [s.node_id for s in steps] == ["start", "double"]
    for step in steps:
        assert step.finished_at is not None and step.started_at is not None
        assert step.started_at <= step.finished_at <= svc.clock.now


def test_a_run_again_changes_nothing_and_a_run_held_elsewhere_waits() -> None:
    svc = service()
    execution_id = start(svc)
    running.advance(svc.deps, execution_id)
    commits = svc.uow.commits
    running.advance(svc.deps, execution_id)
    assert svc.uow.commits == commits

    other = start(svc)
    with svc.uow:
        svc.uow.executions.take_over(other, wake=None, lease_seconds=30)
        svc.uow.commit()
    with pytest.raises(LeaseBusy):
        running.advance(svc.deps, other)
    assert svc.uow.executions.rows[other].status == "running"


def test_a_wait_suspends_the_execution_with_its_delayed_wake_up() -> None:
    svc = service()
    execution_id = start(svc, WAITING)
    running.advance(svc.deps, execution_id)

    row = svc.uow.executions.rows[execution_id]
    assert row.status == "waiting" and row.resume is not None
    [wake_up] = [m for m in svc.uow.published if m.exchange == messaging.DELAY_EXCHANGE]
    assert orjson.loads(wake_up.body) == {"execution_id": execution_id, "wake": row.resume["token"]}
    assert types(svc, execution_id)[-1] == "execution.waiting"


def test_a_failure_ends_the_run_and_a_retry_reuses_the_steps_before_it() -> None:
    svc = service()
    failed = start(svc, FAILING)
    running.advance(svc.deps, failed)
    assert svc.uow.executions.rows[failed].status == "failed"
    assert svc.uow.executions.letters == {}  # one attempt allowed: nothing exhausted

    retry_id = starting.retry_execution(
        svc.deps.uow(), svc.deps.definitions, principal=CALLER, execution_id=failed, from_start=False
    )

    assert svc.uow.executions.rows[retry_id].retry_of == failed
    assert [s.node_id for s in svc.uow.executions.steps(retry_id)] == ["start", "ok"]
    with pytest.raises(FailedPrecondition):
        starting.retry_execution(
            svc.deps.uow(), svc.deps.definitions, principal=CALLER, execution_id=retry_id, from_start=True
        )


def test_a_cancel_ends_a_live_execution_once_and_refuses_a_finished_one() -> None:
    svc = service()
    execution_id = start(svc)

    control.cancel_execution(svc.deps.uow(), principal=CALLER, execution_id=execution_id)

    row = svc.uow.executions.rows[execution_id]
    assert (row.status, row.fence) == ("cancelled", 1)
    assert types(svc, execution_id)[-1] == "execution.cancelled"
    commits = svc.uow.commits
    with pytest.raises(FailedPrecondition, match="already cancelled"):
        control.cancel_execution(svc.deps.uow(), principal=CALLER, execution_id=execution_id)
    with pytest.raises(NotFound):
        control.cancel_execution(svc.deps.uow(), principal=STRANGER, execution_id=execution_id)
    assert svc.uow.commits == commits


def test_a_cancel_hands_the_workflows_slot_to_the_next_parked_execution() -> None:
    svc = service()
    limited = {**DEFINITION, "settings": {"max_concurrency": 1}}
    first, parked = start(svc, limited), start(svc, limited)

    control.cancel_execution(svc.deps.uow(), principal=CALLER, execution_id=first)

    assert svc.uow.executions.rows[parked].parked is False
    assert orjson.loads(svc.uow.published[-1].body) == {"execution_id": parked}


def test_an_unhandled_execution_ends_failed_with_a_dead_letter_replayed_once() -> None:
    svc = service()
    execution_id = start(svc)

    dead_letters.record_unhandled(svc.deps.uow(), svc.deps.definitions, execution_id, "KeyError: x")

    row = svc.uow.executions.rows[execution_id]
    assert row.status == "failed" and "KeyError: x" in row.error
    [letter], token = dead_letters.list_dead_letters(
        svc.deps.reads(), principal=CALLER, page_size=0, page_token=""
    )
    assert (letter.reason, token) == ("unhandled_error", "")
    replay_id = dead_letters.replay_dead_letter(
        svc.deps.uow(), svc.deps.definitions, principal=CALLER, dead_letter_id=letter.id
    )
    assert svc.uow.executions.rows[replay_id].retry_of == execution_id
    with pytest.raises(FailedPrecondition, match="already replayed"):
        dead_letters.replay_dead_letter(
            svc.deps.uow(), svc.deps.definitions, principal=CALLER, dead_letter_id=letter.id
        )
    with pytest.raises(NotFound):
        dead_letters.replay_dead_letter(
            svc.deps.uow(), svc.deps.definitions, principal=STRANGER, dead_letter_id=letter.id
        )


def test_pruning_deletes_only_what_finished_before_the_cut_off() -> None:
    svc = service()
    done, live = start(svc), start(svc)
    running.advance(svc.deps, done)
    assert maintenance.prune(svc.deps.uow, older_than_days=1) == 0
    svc.clock.now += timedelta(days=2)
    assert maintenance.prune(svc.deps.uow, older_than_days=1) == 1
    assert list(svc.uow.executions.rows) == [live]
    execution, _steps = reading.get_execution(svc.deps.uow(), principal=CALLER, execution_id=live)
    assert execution.status == "queued"
