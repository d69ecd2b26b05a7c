"""Listing executions (filters, keyset pages, isolation), batch reads, and each execution's
numbered event history, against real Postgres."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import orjson
import pytest
import redis
from jobsprint.common import events, messaging, redis_clients
from jobsprint.common.errors import InvalidArgument, NotFound
from jobsprint.executor.adapters import live
from jobsprint.executor.adapters.orm import executions, outbox
from jobsprint.executor.adapters.unit_of_work import EVENT_SOURCE
from jobsprint.executor.domain.executions import ExecutionFilter
from jobsprint.executor.entrypoints import worker
from jobsprint.executor.service import reading, running, starting
from sqlalchemy import select

pytestmark = pytest.mark.integration

DEFINITION = {
    "nodes": [
        {"id": "start", "type": "trigger.manual"},
        {"id": "set", "type": "core.set", "parameters": {"values": {"ok": True}}},
    ],
    "edges": [{"from": "start", "to": "set"}],
}


def _start(ctx, principal, workflow_id: str | None = None) -> str:
    return starting.start_execution(
        ctx.deps.uow(),
        ctx.deps.definitions,
        principal=principal,
        workflow_id=workflow_id or str(uuid.uuid4()),
        workflow_version=1,
        definition=orjson.dumps(DEFINITION),
        input_=b"{}",
    )


def _filters(**values) -> ExecutionFilter:
    return ExecutionFilter(workspace_id="", **values)


def _page(ctx, principal, *, order_by="", page_size=50, page_token="", **filters):
    return reading.list_executions(
        ctx.deps.uow(),
        principal=principal,
        filters=_filters(**filters),
        order_by=order_by,
        page_size=page_size,
        page_token=page_token,
    )


def _other(principal):
    return principal.__class__(**{**principal.__dict__, "workspace_id": str(uuid.uuid4())})


def test_pages_walk_every_execution_of_the_workspace_once_newest_first(ctx, principal):
    started = [_start(ctx, principal) for _ in range(7)]
    _start(ctx, _other(principal))  # another workspace's, never listed
    seen: list[str] = []
    token = ""
    while True:
        rows, token = _page(ctx, principal, page_size=3, page_token=token)
        seen += [row.id for row in rows]
        if not token:
            break
    assert sorted(seen) == sorted(started)
    created = {row.id: row.created_at for row in _page(ctx, principal, page_size=50)[0]}
    assert [created[i] for i in seen] == sorted(created[i] for i in seen)[::-1]


def test_pages_neither_repeat_nor_skip_while_executions_are_inserted(ctx, principal):
    first = [_start(ctx, principal) for _ in range(4)]
    rows, token = _page(ctx, principal, page_size=2)
    newer = _start(ctx, principal)  # lands before the first page: never in the following ones
    rest: list[str] = []
    while token:
        more, token = _page(ctx, principal, page_size=2, page_token=token)
        rest += [row.id for row in more]
    assert [row.id for row in rows] + rest == first[::-1]
    assert newer not in rest


def test_filters_by_workflow_status_and_time_ranges(ctx, principal):
    workflow_id = str(uuid.uuid4())
    done = _start(ctx, principal, workflow_id)
    running.advance(ctx.deps, done)
    queued = _start(ctx, principal, workflow_id)
    _start(ctx, principal)  # another workflow
    by_workflow = {row.id for row in _page(ctx, principal, workflow_id=workflow_id)[0]}
    assert by_workflow == {done, queued}
    succeeded = _page(ctx, principal, workflow_id=workflow_id, statuses=("succeeded",))[0]
    assert [(row.id, row.status) for row in succeeded] == [(done, "succeeded")]
    now = datetime.now(UTC)
    finished_recently = _page(
        ctx,
        principal,
        workflow_id=workflow_id,
        finished_after=now - timedelta(minutes=5),
        finished_before=now,
    )[0]
    assert [row.id for row in finished_recently] == [done]
    assert _page(ctx, principal, workflow_id=workflow_id, started_after=now + timedelta(minutes=1))[0] == []


def test_ordering_by_finish_time_lists_finished_executions_only(ctx, principal):
    workflow_id = str(uuid.uuid4())
    ids = [_start(ctx, principal, workflow_id) for _ in range(3)]
    for execution_id in reversed(ids):  # finish in the opposite order of creation
        running.advance(ctx.deps, execution_id)
    _start(ctx, principal, workflow_id)  # queued: not finished, not listed
    rows, token = _page(ctx, principal, workflow_id=workflow_id, order_by="finished_at", page_size=2)
    more, _ = _page(
        ctx, principal, workflow_id=workflow_id, order_by="finished_at", page_size=2, page_token=token
    )
    assert [row.id for row in rows + more] == ids[::-1]


def test_a_token_is_refused_with_other_filters_and_bad_input_is_invalid(ctx, principal):
    for _ in range(3):
        _start(ctx, principal)
    _rows, token = _page(ctx, principal, page_size=1)
    with pytest.raises(InvalidArgument, match="different query"):
        _page(ctx, principal, page_size=1, page_token=token, statuses=("failed",))
    with pytest.raises(InvalidArgument, match="not a token"):
        _page(ctx, principal, page_token="garbage!")
    with pytest.raises(InvalidArgument, match="status"):
        _page(ctx, principal, statuses=("done",))
    with pytest.raises(InvalidArgument, match="order"):
        _page(ctx, principal, order_by="status")
    with pytest.raises(InvalidArgument, match="workflow_id"):
        _page(ctx, principal, workflow_id="not-a-uuid")


def test_a_batch_answers_the_workspace_s_executions_in_order_and_the_rest_as_missing(ctx, principal):
    mine = [_start(ctx, principal) for _ in range(3)]
    running.advance(ctx.deps, mine[1])
    foreign = _start(ctx, _other(principal))
    asked = [mine[2], foreign, mine[1], "nonsense", mine[2], mine[0]]
    found, missing = reading.batch_get_executions(ctx.deps.uow(), principal=principal, execution_ids=asked)
    assert [execution.id for execution, _steps in found] == [mine[2], mine[1], mine[0]]
    assert missing == [foreign, "nonsense"]
    steps_of = {execution.id: [s.node_id for s in steps] for execution, steps in found}
    assert steps_of[mine[1]] == ["start", "set"]
    assert steps_of[mine[0]] == []
    with pytest.raises(InvalidArgument, match="at most 100"):
        reading.batch_get_executions(
            ctx.deps.uow(), principal=principal, execution_ids=[str(uuid.uuid4())] * 101
        )


def test_an_execution_s_events_are_numbered_from_one_and_published_with_their_number(ctx, principal):
    execution_id = _start(ctx, principal)
    running.advance(ctx.deps, execution_id)
    rows, status, more = reading.list_execution_events(
        ctx.deps.uow(), principal=principal, execution_id=execution_id, after=0, limit=0
    )
    assert status == "succeeded" and not more
    assert [(row.seq, row.type) for row in rows] == [
        (1, "execution.queued"),
        (2, "execution.started"),
        (3, "step.succeeded"),
        (4, "step.succeeded"),
        (5, "execution.finished"),
    ]
    assert rows[2].data == {"node_id": "start", "status": "succeeded", "attempts": 1}
    with ctx.sessions() as session:
        bodies = session.execute(
            select(outbox.c.body).where(outbox.c.exchange == "jobsprint.events")
        ).scalars()
        published = [orjson.loads(body) for body in bodies]
    mine = sorted(
        (events.sequence_of(e), e["type"], datetime.fromisoformat(e["time"]))
        for e in published
        if e.get("subject") == execution_id
    )
    assert mine == [(row.seq, f"io.jobsprint.{row.type}", row.created_at) for row in rows]
    later, _status, _more = reading.list_execution_events(
        ctx.deps.uow(), principal=principal, execution_id=execution_id, after=3, limit=1
    )
    assert [row.seq for row in later] == [4]
    with pytest.raises(NotFound):
        reading.list_execution_events(
            ctx.deps.uow(), principal=_other(principal), execution_id=execution_id, after=0, limit=0
        )


def test_a_published_event_has_the_envelope_events_cloud_event_writes(ctx, principal):
    # The executor builds its events' envelopes in SQL (one statement per transaction, ADR-048);
    # they must read exactly like the ones every other service builds with events.cloud_event.
    execution_id = _start(ctx, principal)
    data = {"node_id": "n", "text": 'line\n"quoted" é ✓', "ratio": 1.5, "big": 2**53, "none": None}
    with ctx.deps.uow() as uow:
        uow.event(execution_id, "step.failed", data)
        uow.commit()
    rows, _status, _more = reading.list_execution_events(
        ctx.deps.uow(), principal=principal, execution_id=execution_id, after=0, limit=0
    )
    with ctx.sessions() as session:
        row = session.execute(
            select(outbox.c.message_id, outbox.c.routing_key, outbox.c.body)
            .where(outbox.c.exchange == "jobsprint.events")
            .order_by(outbox.c.id.desc())
            .limit(1)
        ).one()
    published = orjson.loads(row.body)
    expected = orjson.loads(
        events.cloud_event(
            type_="step.failed",
            source=EVENT_SOURCE,
            subject=execution_id,
            data=data,
            sequence=rows[-1].seq,
            time=rows[-1].created_at,
        )
    )
    assert row.routing_key == "step.failed"
    assert list(published) == list(expected)
    assert {k: v for k, v in published.items() if k not in ("id", "time")} == {
        k: v for k, v in expected.items() if k not in ("id", "time")
    }
    assert datetime.fromisoformat(published["time"]) == rows[-1].created_at
    assert published["time"].endswith("+00:00")
    # The CloudEvents id is the AMQP message id, so a consumer can deduplicate by either.
    assert published["id"] == row.message_id and uuid.UUID(published["id"])


def test_concurrent_writers_never_share_an_event_number(ctx, principal):
    execution_id = _start(ctx, principal)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(20):
                with ctx.deps.uow() as uow:
                    for _ in range(2):
                        uow.event(execution_id, "step.succeeded", {"n": 1})
                    uow.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows, _status, _more = reading.list_execution_events(
        ctx.deps.uow(), principal=principal, execution_id=execution_id, after=0, limit=1000
    )
    assert [row.seq for row in rows] == list(range(1, 1 + 1 + 4 * 20 * 2))
    with ctx.sessions() as session:
        counter = session.execute(
            select(executions.c.event_seq).where(executions.c.id == execution_id)
        ).scalar()
    assert counter == rows[-1].seq  # the counter is the last number handed out


def test_a_run_and_every_event_it_publishes_are_in_the_trace_of_the_request_that_started_it(
    ctx, principal, tracer
):
    with tracer.start_as_current_span("request") as request:
        execution_id = _start(ctx, principal)
    with ctx.sessions() as session:
        run = session.execute(
            select(outbox.c.body, outbox.c.headers, outbox.c.message_id).where(
                outbox.c.exchange == "jobsprint.executions",
                outbox.c.body.contains(execution_id.encode()),
            )
        ).one()
    # The worker takes the message as the relay publishes it: body and the row's headers.
    delivery = messaging.Delivery(
        body=run.body, message_id=run.message_id, headers=run.headers, redelivered=False
    )
    assert worker.handle_delivery(ctx.deps, delivery) == messaging.Outcome.ACK
    with ctx.sessions() as session:
        published = session.execute(
            select(outbox.c.body, outbox.c.headers).where(outbox.c.exchange == "jobsprint.events")
        ).all()
    mine = [row.headers for row in published if orjson.loads(row.body).get("subject") == execution_id]
    assert len(mine) == 5  # queued, started, two steps, finished
    expected = request.get_span_context().trace_id
    assert {int(headers["traceparent"].split("-")[1], 16) for headers in mine} == {expected}


def test_the_bell_rings_each_execution_s_last_event_of_a_batch_on_its_channel_and_nothing_else(
    ctx, principal, it_env
):
    execution_id = _start(ctx, principal)
    running.advance(ctx.deps, execution_id)
    with ctx.sessions() as session:
        rows = [
            row
            for row in session.execute(select(outbox).order_by(outbox.c.id)).all()
            if execution_id.encode() in row.body
        ]
    assert {row.exchange for row in rows} == {"jobsprint.events", "jobsprint.executions"}
    client = redis.Redis.from_url(it_env["JOBSPRINT_REDIS_URL"])
    subscriber = client.pubsub(ignore_subscribe_messages=True)
    subscriber.subscribe(redis_clients.live_events_prefix(client) + execution_id)
    assert subscriber.get_message(timeout=2.0) is None  # the subscription is confirmed
    published = live.RELAYED.labels("published")._value.get()

    live.LiveEventBell(client)(rows)

    rung = []
    while (message := subscriber.get_message(timeout=2.0)) is not None:
        rung.append(message["data"])
    subscriber.close()
    events_of_it = [row.body for row in rows if row.exchange == "jobsprint.events"]
    assert len(events_of_it) == 5
    # One ring for the batch, its last event: a stream seeing the jump reads 1-4 from the history.
    assert rung == events_of_it[-1:]  # the run message rings nowhere
    assert [events.sequence_of(orjson.loads(body)) for body in rung] == [5]
    assert live.RELAYED.labels("published")._value.get() - published == 1


def test_a_bell_without_redis_costs_a_warning_not_the_relay(ctx, principal, caplog):
    execution_id = _start(ctx, principal)
    with ctx.sessions() as session:
        rows = session.execute(select(outbox).where(outbox.c.exchange == "jobsprint.events")).all()
    mine = [row for row in rows if execution_id.encode() in row.body]
    failed = live.RELAYED.labels("redis_error")._value.get()
    live.LiveEventBell(redis_clients.client("redis://127.0.0.1:1/0"))(mine)  # nothing listens there
    assert live.RELAYED.labels("redis_error")._value.get() - failed == len(mine) == 1
    assert "cannot ring execution events on Redis" in caplog.text
