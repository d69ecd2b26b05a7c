"""Subworkflows, error workflows, cancel of callers and per-workflow concurrency limits against
real Postgres and Redis: what each transaction writes, and the messages it leaves in the outbox.
The workflows service is a resolver over a dict; messages are "delivered" by calling the
handlers the worker calls."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
import pytest
from jobsprint.common import events, messaging
from jobsprint.executor.adapters.orm import execution_events, executions, outbox, steps
from jobsprint.executor.domain import subworkflows
from jobsprint.executor.service import control, followups, running, starting
from sqlalchemy import select

from .conftest import Wired, wired

pytestmark = pytest.mark.integration

TRIGGER = {"id": "start", "type": "trigger.manual"}


class Workflows:
    """The workflows service: definitions by workflow id (current version 1)."""

    def __init__(self) -> None:
        self.definitions: dict[str, dict[str, Any]] = {}

    def add(self, nodes: list[dict[str, Any]], edges: list[dict[str, str]], **extra: Any) -> str:
        workflow_id = str(uuid.uuid4())
        self.definitions[workflow_id] = {"nodes": [TRIGGER, *nodes], "edges": edges, **extra}
        return workflow_id

    def resolve(
        self, *, workspace_id: str, workflow_id: str, version: int | None
    ) -> subworkflows.ResolvedWorkflow:
        if workflow_id not in self.definitions:
            raise subworkflows.ResolveFailure(f"workflow {workflow_id}: not found", retryable=False)
        return subworkflows.ResolvedWorkflow(workflow_id, 1, self.definitions[workflow_id])


@pytest.fixture(scope="module")
def workflows() -> Workflows:
    return Workflows()


@pytest.fixture(scope="module")
def wctx(engine, sandbox, loopback_requests, workflows) -> Iterator[Wired]:
    """The executor with `core.subworkflow` bound to `workflows` in its own catalogue, and a pool."""
    with ThreadPoolExecutor(4) as pool:
        yield wired(
            engine, sandbox, loopback_requests, workflows=workflows, max_subworkflow_depth=4, branch_pool=pool
        )


def _start(wctx, principal, workflows: Workflows, workflow_id: str, run_input: Any = None) -> str:
    return starting.start_execution(
        wctx.deps.uow(),
        wctx.deps.definitions,
        principal=principal,
        workflow_id=workflow_id,
        workflow_version=1,
        definition=orjson.dumps(workflows.definitions[workflow_id]),
        input_=orjson.dumps(run_input or {}),
    )


def _row(wctx, execution_id: str) -> Any:
    with wctx.sessions() as session:
        return session.execute(select(executions).where(executions.c.id == execution_id)).first()


def _messages(wctx, execution_id: str) -> list[dict[str, Any]]:
    """The run-queue messages (starts, wake-ups, requests) in the outbox for an execution."""
    with wctx.sessions() as session:
        bodies = session.execute(
            select(outbox.c.body)
            .where(outbox.c.exchange == messaging.EXECUTIONS_EXCHANGE)
            .order_by(outbox.c.id)
        ).scalars()
        return [m for m in map(orjson.loads, bodies) if m["execution_id"] == execution_id]


def _children(wctx, parent_id: str) -> list[Any]:
    with wctx.sessions() as session:
        return list(session.execute(select(executions).where(executions.c.parent_id == parent_id)).all())


def _deliver_last(wctx, execution_id: str) -> None:
    """Deliver the newest run-queue message of an execution, as a worker would."""
    message = _messages(wctx, execution_id)[-1]
    running.advance(wctx.deps, execution_id, wake=message.get("wake"))


def _caller(workflows: Workflows, callee: str, *, error_edge: bool = False) -> str:
    nodes = [
        {
            "id": "call",
            "type": "core.subworkflow",
            "parameters": {"workflow_id": callee, "input": {"n": "{{ input.n }}"}},
        },
        {"id": "after", "type": "core.set", "parameters": {"values": {"after": True}}},
        {"id": "handler", "type": "core.set", "parameters": {"values": {"handled": True}}},
    ]
    edges = [{"from": "start", "to": "call"}, {"from": "call", "to": "after"}]
    if error_edge:
        edges.append({"from": "call", "to": "handler", "output": "error"})
    return workflows.add(nodes, edges)


# --- subworkflows ------------------------------------------------------------------------------


def test_the_caller_waits_without_a_worker_and_the_childs_end_wakes_it_with_its_output(
    wctx, principal, workflows
):
    callee = workflows.add(
        [
            {
                "id": "double",
                "type": "core.set",
                "parameters": {"values": {"n": "{{ input.n * 2 }}"}, "keep_input": False},
            }
        ],
        [{"from": "start", "to": "double"}],
    )
    parent_id = _start(wctx, principal, workflows, _caller(workflows, callee), {"n": 21})

    running.advance(wctx.deps, parent_id)

    parent = _row(wctx, parent_id)
    [child] = _children(wctx, parent_id)
    assert parent.status == "waiting"
    assert parent.resume["kind"] == "subworkflow" and parent.resume["child_id"] == child.id
    assert (child.status, child.depth, child.workflow_id, child.input) == ("queued", 1, callee, {"n": 21})
    assert child.parent_wake == parent.resume["token"]
    assert _messages(wctx, child.id) == [{"execution_id": child.id}]

    _deliver_last(wctx, child.id)

    assert _row(wctx, child.id).status == "succeeded"
    assert _messages(wctx, parent_id)[-1] == {"execution_id": parent_id, "wake": parent.resume["token"]}
    _deliver_last(wctx, parent_id)
    parent = _row(wctx, parent_id)
    assert parent.status == "succeeded", parent.error
    assert parent.output == {"n": 42, "after": True}


def test_a_childs_failure_is_routed_by_the_callers_error_edge(wctx, principal, workflows):
    callee = workflows.add(
        [{"id": "boom", "type": "core.fail", "parameters": {"message": "no stock"}}],
        [{"from": "start", "to": "boom"}],
    )
    parent_id = _start(wctx, principal, workflows, _caller(workflows, callee, error_edge=True), {"n": 1})
    running.advance(wctx.deps, parent_id)
    [child] = _children(wctx, parent_id)

    _deliver_last(wctx, child.id)
    _deliver_last(wctx, parent_id)

    parent = _row(wctx, parent_id)
    assert _row(wctx, child.id).status == "failed"
    assert parent.status == "succeeded"
    assert parent.output["handled"] is True
    assert "no stock" in parent.output["error"] and child.id in parent.output["error"]


def test_a_stale_or_repeated_wake_up_of_the_caller_changes_nothing(wctx, principal, workflows):
    callee = workflows.add(
        [{"id": "pause", "type": "core.wait", "parameters": {"seconds": 600}}],
        [{"from": "start", "to": "pause"}],
    )
    parent_id = _start(wctx, principal, workflows, _caller(workflows, callee), {"n": 1})
    running.advance(wctx.deps, parent_id)

    running.advance(wctx.deps, parent_id, wake="not-the-token")
    running.advance(wctx.deps, parent_id)  # the start message again

    assert _row(wctx, parent_id).status == "waiting"
    assert len(_children(wctx, parent_id)) == 1


def test_cancelling_a_caller_cancels_the_executions_it_called_all_the_way_down(wctx, principal, workflows):
    leaf = workflows.add(
        [{"id": "pause", "type": "core.wait", "parameters": {"seconds": 600}}],
        [{"from": "start", "to": "pause"}],
    )
    middle = _caller(workflows, leaf)
    top_id = _start(wctx, principal, workflows, _caller(workflows, middle), {"n": 1})
    running.advance(wctx.deps, top_id)
    [middle_run] = _children(wctx, top_id)
    _deliver_last(wctx, middle_run.id)
    [leaf_run] = _children(wctx, middle_run.id)
    _deliver_last(wctx, leaf_run.id)
    assert _row(wctx, leaf_run.id).status == "waiting"

    control.cancel_execution(wctx.deps.uow(), principal=principal, execution_id=top_id)

    for execution_id in (top_id, middle_run.id, leaf_run.id):
        row = _row(wctx, execution_id)
        assert (row.status, row.resume) == ("cancelled", None)
        assert row.finished_at is not None
    assert top_id in _row(wctx, leaf_run.id).error


def test_cancelling_a_child_fails_the_step_of_its_waiting_caller(wctx, principal, workflows):
    callee = workflows.add(
        [{"id": "pause", "type": "core.wait", "parameters": {"seconds": 600}}],
        [{"from": "start", "to": "pause"}],
    )
    parent_id = _start(wctx, principal, workflows, _caller(workflows, callee), {"n": 1})
    running.advance(wctx.deps, parent_id)
    [child] = _children(wctx, parent_id)

    control.cancel_execution(wctx.deps.uow(), principal=principal, execution_id=child.id)
    _deliver_last(wctx, parent_id)

    parent = _row(wctx, parent_id)
    assert parent.status == "failed"
    assert "cancelled" in parent.error and child.id in parent.error


def test_recursion_stops_at_the_depth_limit_with_a_clear_error(wctx, principal, workflows):
    itself = str(uuid.uuid4())
    workflows.definitions[itself] = {
        "nodes": [
            TRIGGER,
            {"id": "again", "type": "core.subworkflow", "parameters": {"workflow_id": itself}},
        ],
        "edges": [{"from": "start", "to": "again"}],
    }
    top_id = _start(wctx, principal, workflows, itself)
    chain = [top_id]
    running.advance(wctx.deps, top_id)
    while children := _children(wctx, chain[-1]):
        chain.append(children[0].id)
        _deliver_last(wctx, chain[-1])
    for execution_id in reversed(chain[:-1]):
        _deliver_last(wctx, execution_id)

    assert len(chain) == 5  # depths 0 to 4: the limit in this module is 4
    deepest = _row(wctx, chain[-1])
    assert deepest.status == "failed" and "at most 4 deep" in deepest.error
    assert _row(wctx, top_id).status == "failed"


# --- error workflows ---------------------------------------------------------------------------


def test_a_final_failure_starts_its_error_workflow_exactly_once(wctx, principal, workflows):
    on_error = workflows.add(
        [{"id": "note", "type": "core.set", "parameters": {"values": {"saw": "{{ input.failed_node }}"}}}],
        [{"from": "start", "to": "note"}],
    )
    failing = workflows.add(
        [{"id": "boom", "type": "core.fail", "parameters": {"message": "bad input"}}],
        [{"from": "start", "to": "boom"}],
        settings={"error_workflow": on_error},
    )
    failed_id = _start(wctx, principal, workflows, failing)
    running.advance(wctx.deps, failed_id)

    [request] = [m for m in _messages(wctx, failed_id) if m.get("start")]
    assert request == {"execution_id": failed_id, "start": "error_workflow", "failed_node": "boom"}
    first = followups.start_error_workflow(
        wctx.deps.uow(),
        wctx.deps.workflows,
        wctx.deps.catalogue,
        failed_execution_id=failed_id,
        failed_node="boom",
    )
    again = followups.start_error_workflow(
        wctx.deps.uow(),
        wctx.deps.workflows,
        wctx.deps.catalogue,
        failed_execution_id=failed_id,
        failed_node="boom",
    )  # delivered twice

    assert first == again == subworkflows.error_execution_id(failed_id)
    with wctx.sessions() as session:
        runs = session.execute(select(executions).where(executions.c.error_of == failed_id)).all()
    assert len(runs) == 1
    assert runs[0].workflow_id == on_error
    assert runs[0].input["execution_id"] == failed_id
    assert runs[0].input["workflow_id"] == failing
    assert runs[0].input["failed_node"] == "boom"
    assert runs[0].input["error"] == "node 'boom': bad input"
    assert len(_messages(wctx, first)) == 1
    _deliver_last(wctx, first)
    assert _row(wctx, first).output["saw"] == "boom"


def test_an_error_workflows_own_failure_starts_no_further_error_workflow(wctx, principal, workflows):
    on_error = str(uuid.uuid4())
    workflows.definitions[on_error] = {
        "nodes": [TRIGGER, {"id": "boom", "type": "core.fail"}],
        "edges": [{"from": "start", "to": "boom"}],
        "settings": {"error_workflow": on_error},
    }
    failed_id = _start(wctx, principal, workflows, on_error)
    running.advance(wctx.deps, failed_id)
    run_id = followups.start_error_workflow(
        wctx.deps.uow(),
        wctx.deps.workflows,
        wctx.deps.catalogue,
        failed_execution_id=failed_id,
        failed_node="boom",
    )
    assert run_id is not None

    _deliver_last(wctx, run_id)

    assert _row(wctx, run_id).status == "failed"
    assert [m for m in _messages(wctx, run_id) if m.get("start")] == []


def test_success_and_cancel_start_no_error_workflow(wctx, principal, workflows):
    fine = workflows.add(
        [{"id": "ok", "type": "core.noop"}],
        [{"from": "start", "to": "ok"}],
        settings={"error_workflow": str(uuid.uuid4())},
    )
    done_id = _start(wctx, principal, workflows, fine)
    cancelled_id = _start(wctx, principal, workflows, fine)
    running.advance(wctx.deps, done_id)
    control.cancel_execution(wctx.deps.uow(), principal=principal, execution_id=cancelled_id)

    assert [m for m in _messages(wctx, done_id) + _messages(wctx, cancelled_id) if m.get("start")] == []
    assert (
        followups.start_error_workflow(
            wctx.deps.uow(),
            wctx.deps.workflows,
            wctx.deps.catalogue,
            failed_execution_id=done_id,
            failed_node="",
        )
        is None
    )


# --- concurrency limits ------------------------------------------------------------------------


def test_executions_beyond_the_limit_are_parked_and_admitted_one_by_one_as_others_end(
    wctx, principal, workflows
):
    limited = workflows.add(
        [{"id": "ok", "type": "core.noop"}], [{"from": "start", "to": "ok"}], settings={"max_concurrency": 1}
    )
    ids = [_start(wctx, principal, workflows, limited) for _ in range(3)]

    assert [(_row(wctx, i).status, _row(wctx, i).parked) for i in ids] == [
        ("queued", False),
        ("queued", True),
        ("queued", True),
    ]
    assert [len(_messages(wctx, i)) for i in ids] == [1, 0, 0]

    running.advance(wctx.deps, ids[0])
    assert (_row(wctx, ids[1]).parked, len(_messages(wctx, ids[1]))) == (False, 1)
    assert (_row(wctx, ids[2]).parked, len(_messages(wctx, ids[2]))) == (True, 0)

    control.cancel_execution(wctx.deps.uow(), principal=principal, execution_id=ids[1])  # ends it too
    assert (_row(wctx, ids[2]).parked, len(_messages(wctx, ids[2]))) == (False, 1)
    running.advance(wctx.deps, ids[2])
    assert [_row(wctx, i).status for i in ids] == ["succeeded", "cancelled", "succeeded"]


def test_a_parked_execution_that_is_cancelled_is_passed_over(wctx, principal, workflows):
    limited = workflows.add(
        [{"id": "ok", "type": "core.noop"}], [{"from": "start", "to": "ok"}], settings={"max_concurrency": 1}
    )
    first, parked, next_one = (_start(wctx, principal, workflows, limited) for _ in range(3))

    control.cancel_execution(wctx.deps.uow(), principal=principal, execution_id=parked)
    assert len(_messages(wctx, next_one)) == 0, "cancelling a parked execution frees no slot"
    running.advance(wctx.deps, first)

    assert len(_messages(wctx, parked)) == 0
    assert (_row(wctx, next_one).parked, len(_messages(wctx, next_one))) == (False, 1)


def test_simultaneous_starts_never_admit_more_than_the_limit(wctx, principal, workflows):
    limited = workflows.add(
        [{"id": "ok", "type": "core.noop"}], [{"from": "start", "to": "ok"}], settings={"max_concurrency": 2}
    )
    barrier = threading.Barrier(8)

    def start() -> str:
        barrier.wait()
        return _start(wctx, principal, workflows, limited)

    with ThreadPoolExecutor(8) as starters:
        ids = list(starters.map(lambda _i: start(), range(8)))

    assert sum(not _row(wctx, i).parked for i in ids) == 2


def test_subworkflow_runs_of_a_limited_workflow_do_not_wait_for_a_slot(wctx, principal, workflows):
    limited = workflows.add(
        [{"id": "ok", "type": "core.noop"}], [{"from": "start", "to": "ok"}], settings={"max_concurrency": 1}
    )
    parent_id = _start(wctx, principal, workflows, _caller(workflows, limited), {"n": 1})
    blocker = _start(wctx, principal, workflows, limited)  # holds the workflow's only slot

    running.advance(wctx.deps, parent_id)
    [child] = _children(wctx, parent_id)

    assert (_row(wctx, blocker).parked, child.parked, child.max_concurrency) == (False, False, None)
    assert len(_messages(wctx, child.id)) == 1


# --- retry after concurrent branches -----------------------------------------------------------


def test_retry_from_the_failed_step_reuses_the_branch_that_ran_beside_it(wctx, principal, workflows):
    workflow = workflows.add(
        [
            {"id": "side", "type": "core.set", "parameters": {"values": {"side": True}}},
            {"id": "boom", "type": "core.fail"},
        ],
        [{"from": "start", "to": "side"}, {"from": "start", "to": "boom"}],
    )
    failed_id = _start(wctx, principal, workflows, workflow)
    running.advance(wctx.deps, failed_id)

    retry_id = starting.retry_execution(
        wctx.deps.uow(), wctx.deps.definitions, principal=principal, execution_id=failed_id, from_start=False
    )

    with wctx.sessions() as session:
        copied = set(
            session.execute(select(steps.c.node_id).where(steps.c.execution_id == retry_id)).scalars()
        )
    assert copied == {"start", "side"}


# --- numbered event history (ADR-043) ----------------------------------------------------------


def _history(wctx, execution_id: str) -> list[tuple[int, str, dict[str, Any]]]:
    with wctx.sessions() as session:
        rows = session.execute(
            select(execution_events)
            .where(execution_events.c.execution_id == execution_id)
            .order_by(execution_events.c.seq)
        ).all()
    return [(row.seq, row.type, row.data) for row in rows]


def _published(wctx, execution_id: str) -> list[tuple[int | None, str, dict[str, Any]]]:
    """The execution's events in the outbox, by the number they carry."""
    with wctx.sessions() as session:
        bodies = session.execute(
            select(outbox.c.body).where(outbox.c.exchange == messaging.EVENTS_EXCHANGE)
        ).scalars()
        mine = [e for e in map(orjson.loads, bodies) if e["subject"] == execution_id]
    return sorted(
        ((events.sequence_of(e), e["type"].removeprefix(events.TYPE_PREFIX), e["data"]) for e in mine),
        key=lambda item: item[0] or 0,
    )


def _types(wctx, execution_id: str) -> list[str]:
    history = _history(wctx, execution_id)
    assert [seq for seq, _type, _data in history] == list(range(1, len(history) + 1))
    assert _published(wctx, execution_id) == history  # each published event is its history's
    return [type_ for _seq, type_, _data in history]


def test_a_subworkflow_call_numbers_the_events_of_caller_and_called_in_their_histories(
    wctx, principal, workflows
):
    callee = workflows.add([{"id": "ok", "type": "core.noop"}], [{"from": "start", "to": "ok"}])
    parent_id = _start(wctx, principal, workflows, _caller(workflows, callee), {"n": 1})
    running.advance(wctx.deps, parent_id)
    [child] = _children(wctx, parent_id)
    _deliver_last(wctx, child.id)
    _deliver_last(wctx, parent_id)

    # The caller is started once (its wake-up resumes it) and its `handler`, off the error edge,
    # is skipped.
    assert _types(wctx, parent_id) == [
        "execution.queued",
        "execution.started",
        "step.succeeded",
        "step.skipped",
        "execution.waiting",
        "step.succeeded",
        "step.succeeded",
        "execution.finished",
    ]
    assert _history(wctx, parent_id)[4][2] == {
        "node_id": "call",
        "reason": "subworkflow",
        "attempt": 1,
        "child": child.id,
    }
    assert _types(wctx, child.id) == [
        "execution.queued",
        "execution.started",
        "step.succeeded",
        "step.succeeded",
        "execution.finished",
    ]
    assert _history(wctx, child.id)[0][2]["parent_execution_id"] == parent_id


def test_a_wait_writes_its_event_and_its_delayed_wake_up_with_its_checkpoints(wctx, principal, workflows):
    pausing = workflows.add(
        [{"id": "pause", "type": "core.wait", "parameters": {"seconds": 600}}],
        [{"from": "start", "to": "pause"}],
    )
    execution_id = _start(wctx, principal, workflows, pausing)
    running.advance(wctx.deps, execution_id)

    assert _types(wctx, execution_id) == [
        "execution.queued",
        "execution.started",
        "step.succeeded",
        "execution.waiting",
    ]
    waiting = _history(wctx, execution_id)[-1][2]
    assert (waiting["node_id"], waiting["reason"]) == ("pause", "wait") and waiting["until"]
    with wctx.sessions() as session:
        delayed = [
            orjson.loads(body)
            for body in session.execute(
                select(outbox.c.body).where(outbox.c.exchange == messaging.DELAY_EXCHANGE)
            ).scalars()
        ]
    assert {"execution_id": execution_id, "wake": _row(wctx, execution_id).resume["token"]} in delayed


def test_a_cancel_numbers_the_cancellation_of_each_execution_it_reaches(wctx, principal, workflows):
    leaf = workflows.add(
        [{"id": "pause", "type": "core.wait", "parameters": {"seconds": 600}}],
        [{"from": "start", "to": "pause"}],
    )
    top_id = _start(wctx, principal, workflows, _caller(workflows, _caller(workflows, leaf)), {"n": 1})
    running.advance(wctx.deps, top_id)
    [middle_run] = _children(wctx, top_id)
    _deliver_last(wctx, middle_run.id)
    [leaf_run] = _children(wctx, middle_run.id)
    before = len(_history(wctx, leaf_run.id))  # queued only: it has not run

    control.cancel_execution(wctx.deps.uow(), principal=principal, execution_id=top_id)

    for execution_id in (top_id, middle_run.id, leaf_run.id):
        assert _types(wctx, execution_id)[-1] == "execution.cancelled"
    assert len(_history(wctx, leaf_run.id)) == before + 1
    assert _history(wctx, top_id)[-1][2] == {"status": "cancelled", "was": "waiting"}
    assert _history(wctx, leaf_run.id)[-1][2] == {
        "status": "cancelled",
        "was": "queued",
        "cancelled_with": top_id,
    }


def test_error_workflow_runs_and_retries_start_their_histories_and_a_missing_one_is_told(
    wctx, principal, workflows
):
    on_error = workflows.add([{"id": "ok", "type": "core.noop"}], [{"from": "start", "to": "ok"}])
    failing = workflows.add(
        [{"id": "boom", "type": "core.fail"}],
        [{"from": "start", "to": "boom"}],
        settings={"error_workflow": on_error},
    )
    failed_id = _start(wctx, principal, workflows, failing)
    running.advance(wctx.deps, failed_id)
    run_id = followups.start_error_workflow(
        wctx.deps.uow(),
        wctx.deps.workflows,
        wctx.deps.catalogue,
        failed_execution_id=failed_id,
        failed_node="boom",
    )
    assert run_id is not None
    assert _types(wctx, run_id) == ["execution.queued"]
    assert _history(wctx, run_id)[0][2]["error_of"] == failed_id

    retry_id = starting.retry_execution(
        wctx.deps.uow(), wctx.deps.definitions, principal=principal, execution_id=failed_id, from_start=True
    )
    assert _types(wctx, retry_id) == ["execution.queued"]
    assert _history(wctx, retry_id)[0][2]["retry_of"] == failed_id

    orphan = workflows.add(
        [{"id": "boom", "type": "core.fail"}],
        [{"from": "start", "to": "boom"}],
        settings={"error_workflow": str(uuid.uuid4())},  # no such workflow
    )
    orphan_id = _start(wctx, principal, workflows, orphan)
    running.advance(wctx.deps, orphan_id)
    assert (
        followups.start_error_workflow(
            wctx.deps.uow(),
            wctx.deps.workflows,
            wctx.deps.catalogue,
            failed_execution_id=orphan_id,
            failed_node="boom",
        )
        is None
    )
    assert _types(wctx, orphan_id)[-2:] == ["execution.finished", "execution.error_workflow_failed"]
