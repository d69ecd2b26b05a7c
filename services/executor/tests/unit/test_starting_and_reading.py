"""Use cases that start and read executions, against the fakes (no Postgres): what each stores,
publishes and commits, and that a refusal stores nothing."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
import pytest
from jobsprint.common import messaging
from jobsprint.common.errors import AlreadyExists, InvalidArgument, NotFound
from jobsprint.common.tokens import Principal
from jobsprint.executor.domain.executions import ExecutionFilter
from jobsprint.executor.service import previews, reading, starting

from .fakes import Service, service

WORKSPACE = str(uuid.uuid4())


def caller(workspace_id: str) -> Principal:
    return Principal(str(uuid.uuid4()), workspace_id, ("owner",), token_id="t", expires_at=0, token="t")


CALLER = caller(WORKSPACE)
STRANGER = caller(str(uuid.uuid4()))
WORKFLOW = str(uuid.uuid4())
DEFINITION: dict[str, Any] = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {"id": "double", "type": "core.set", "parameters": {"values": {"twice": "{{ input.n * 2 }}"}}},
    ],
    "edges": [{"from": "start", "to": "double"}],
}


def start(svc: Service, definition: dict[str, Any] = DEFINITION, **kw: Any) -> str:
    return starting.start_execution(
        svc.deps.uow(),
        svc.deps.definitions,
        principal=kw.pop("principal", CALLER),
        workflow_id=kw.pop("workflow_id", WORKFLOW),
        workflow_version=1,
        definition=orjson.dumps(definition),
        input_=orjson.dumps(kw.pop("input", {"n": 2})),
        **kw,
    )


def test_a_start_stores_a_queued_execution_with_its_run_message_and_event_in_one_commit() -> None:
    svc = service()
    execution_id = start(svc, priority=3)

    row = svc.uow.executions.rows[execution_id]
    assert (row.status, row.workspace_id, row.input, row.priority) == ("queued", WORKSPACE, {"n": 2}, 3)
    assert svc.uow.commits == 1
    [run] = svc.uow.published
    assert (run.exchange, run.routing_key, run.priority) == (messaging.EXECUTIONS_EXCHANGE, "run", 3)
    assert orjson.loads(run.body) == {"execution_id": execution_id}
    assert svc.uow.events_published == [
        (execution_id, "execution.queued", {"workflow_id": WORKFLOW, "status": "queued"})
    ]


def test_a_start_with_a_key_already_used_answers_the_first_execution_and_stores_nothing_new() -> None:
    svc = service()
    first = start(svc, idempotency_key="order-7")
    again = start(svc, idempotency_key="order-7")

    assert again == first
    assert list(svc.uow.executions.rows) == [first]
    assert svc.uow.commits == 1
    assert len(svc.uow.published) == 1


def test_a_key_used_for_another_workflow_is_refused() -> None:
    svc = service()
    start(svc, idempotency_key="order-7")
    with pytest.raises(AlreadyExists, match="another workflow"):
        start(svc, idempotency_key="order-7", workflow_id=str(uuid.uuid4()))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"priority": 99}, "priority must be between"),
        ({"idempotency_key": "k" * 201}, "longer than 200"),
        ({"definition": {"nodes": [{"id": "x", "type": "core.nope"}], "edges": []}}, None),
    ],
)
def test_a_refused_start_stores_and_publishes_nothing(change: dict[str, Any], message: str | None) -> None:
    svc = service()
    with pytest.raises(InvalidArgument, match=message):
        start(svc, **change)
    assert svc.uow.executions.rows == {}
    assert (svc.uow.commits, svc.uow.published) == (0, [])


def test_an_execution_over_its_workflows_limit_is_parked_without_a_run_message() -> None:
    svc = service()
    limited = {**DEFINITION, "settings": {"max_concurrency": 1}}
    running = start(svc, limited)
    parked = start(svc, limited)

    assert [svc.uow.executions.rows[i].parked for i in (running, parked)] == [False, True]
    assert [orjson.loads(m.body)["execution_id"] for m in svc.uow.published] == [running]


def test_another_workspaces_execution_is_not_found() -> None:
    svc = service()
    execution_id = start(svc)
    with pytest.raises(NotFound):
        reading.get_execution(svc.deps.uow(), principal=STRANGER, execution_id=execution_id)
    with pytest.raises(NotFound):
        reading.get_execution(svc.deps.uow(), principal=CALLER, execution_id="not-a-uuid")
    execution, steps = reading.get_execution(svc.deps.uow(), principal=CALLER, execution_id=execution_id)
    assert (execution.id, steps) == (execution_id, [])


def test_a_batch_answers_in_request_order_once_each_and_names_what_it_did_not_find() -> None:
    svc = service()
    first, second = start(svc), start(svc)
    found, missing = reading.batch_get_executions(
        svc.deps.uow(), principal=CALLER, execution_ids=[second, "nope", first, second]
    )
    assert [execution.id for execution, _steps in found] == [second, first]
    assert missing == ["nope"]


def test_a_page_token_holds_its_filters_and_the_pages_cover_every_execution_once() -> None:
    svc = service()
    started = {start(svc) for _ in range(5)}
    filters = ExecutionFilter(workspace_id="", statuses=("queued",))
    seen: list[str] = []
    token = ""
    while True:
        rows, token = reading.list_executions(
            svc.deps.uow(), principal=CALLER, filters=filters, order_by="", page_size=2, page_token=token
        )
        seen.extend(row.id for row in rows)
        if not token:
            break
    assert sorted(seen) == sorted(started)
    _rows, token = reading.list_executions(
        svc.deps.uow(), principal=CALLER, filters=filters, order_by="", page_size=2, page_token=""
    )
    with pytest.raises(InvalidArgument):
        reading.list_executions(
            svc.deps.uow(),
            principal=CALLER,
            filters=ExecutionFilter(workspace_id=""),
            order_by="",
            page_size=2,
            page_token=token,
        )


@pytest.mark.parametrize(
    ("filters", "order_by", "field"),
    [
        (ExecutionFilter(workspace_id=""), "name", "order_by"),
        (ExecutionFilter(workspace_id="", statuses=("done",)), "", "status"),
        (ExecutionFilter(workspace_id="", workflow_id="wf"), "", "workflow_id"),
    ],
)
def test_a_listing_refuses_what_it_cannot_filter_or_order_by(
    filters: ExecutionFilter, order_by: str, field: str
) -> None:
    with pytest.raises(InvalidArgument) as refused:
        reading.list_executions(
            service().deps.uow(),
            principal=CALLER,
            filters=filters,
            order_by=order_by,
            page_size=0,
            page_token="",
        )
    assert [v.field for v in refused.value.violations] == [field]


def test_events_are_numbered_in_order_and_read_after_a_sequence() -> None:
    svc = service()
    execution_id = start(svc)
    rows, status, more = reading.list_execution_events(
        svc.deps.uow(), principal=CALLER, execution_id=execution_id, after=0, limit=0
    )
    assert ([(r.seq, r.type) for r in rows], status, more) == ([(1, "execution.queued")], "queued", False)
    with pytest.raises(InvalidArgument):
        reading.list_execution_events(
            svc.deps.uow(), principal=CALLER, execution_id=execution_id, after=-1, limit=0
        )


def test_a_preview_renders_a_cheap_expression_without_a_sandbox() -> None:
    result = previews.evaluate_expression(None, value="{{ input.n * 2 }}", scope=b'{"input": {"n": 4}}')
    assert orjson.loads(result) == 8
    with pytest.raises(InvalidArgument) as refused:
        previews.evaluate_expression(None, value="{{ input.n * 2 }}", scope=b"[]")
    assert [v.field for v in refused.value.violations] == ["scope"]
