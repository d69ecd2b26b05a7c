"""Retries, timeouts, waits, HTTP requests, cancel, retry, dead letters and pruning against real
Postgres, Redis and RabbitMQ, with a real local HTTP server standing in for the outside world."""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson
import pika
import pytest
from jobsprint.common import messaging, outbound
from jobsprint.common.errors import FailedPrecondition, InvalidArgument
from jobsprint.executor.adapters.orm import executions, outbox
from jobsprint.executor.adapters.repository import SqlExecutionRepository
from jobsprint.executor.service import control, dead_letters, maintenance, reading, running, starting
from sqlalchemy import select, update

pytestmark = pytest.mark.integration


class Recorder(BaseHTTPRequestHandler):
    disable_nagle_algorithm = True
    """/ok answers 200; /flaky/<n> answers 503 to the first n calls of each execution; /slow sleeps."""

    calls: dict[str, list[str]] = defaultdict(list)

    def _answer(self) -> None:
        key = self.headers.get("Idempotency-Key", "")
        execution = key.split(":")[0]
        Recorder.calls[execution].append(f"{self.path} {key}")
        if self.path.startswith("/flaky/"):
            failures = int(self.path.rsplit("/", 1)[1])
            if len(Recorder.calls[execution]) <= failures:
                self._send(503, {"error": "try later"})
                return
        if self.path == "/slow":
            time.sleep(1.5)
        self._send(200, {"path": self.path, "key": key})

    def _send(self, code: int, body: object) -> None:
        payload = orjson.dumps(body)
        self.send_response(code)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer

    def log_message(self, *_args: object) -> None:
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        pass  # a client that timed out and hung up is what the timeout test wants


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _start(ctx, principal, nodes, edges, run_input=None):
    definition = {"nodes": [{"id": "start", "type": "trigger.manual"}, *nodes], "edges": edges}
    return starting.start_execution(
        ctx.deps.uow(),
        ctx.deps.definitions,
        principal=principal,
        workflow_id=str(uuid.uuid4()),
        workflow_version=1,
        definition=orjson.dumps(definition),
        input_=orjson.dumps(run_input or {}),
    )


def _call(url: str, **extra) -> list[dict]:
    return [
        {"id": "call", "type": "core.http_request", "parameters": {"url": url, "method": "POST"}, **extra}
    ]


def _row(ctx, execution_id):
    with ctx.sessions() as session:
        return session.execute(select(executions).where(executions.c.id == execution_id)).first()


def _wake_message(ctx, execution_id):
    with ctx.sessions() as session:
        rows = session.execute(
            select(outbox.c.routing_key, outbox.c.body).where(outbox.c.exchange == messaging.DELAY_EXCHANGE)
        ).all()
    mine = [
        (key, orjson.loads(body)) for key, body in rows if orjson.loads(body)["execution_id"] == execution_id
    ]
    return mine[-1]


def _wake(ctx, execution_id):
    """What the delayed message does when it comes back: advance with its wake token, when due."""
    _key, body = _wake_message(ctx, execution_id)
    until = datetime.fromisoformat(_row(ctx, execution_id).resume["until"])
    time.sleep(max(0.0, (until - datetime.now(UTC)).total_seconds()))
    running.advance(ctx.deps, execution_id, wake=body["wake"])


def test_an_http_request_sends_the_idempotency_key_and_outputs_the_answer(ctx, principal, server):
    execution_id = _start(ctx, principal, _call(f"{server}/ok"), [{"from": "start", "to": "call"}])
    running.advance(ctx.deps, execution_id)

    execution = _row(ctx, execution_id)
    assert execution.status == "succeeded"
    assert execution.output["status"] == 200
    assert execution.output["body"] == {"path": "/ok", "key": f"{execution_id}:call:1"}


def test_an_http_request_to_an_address_the_operator_did_not_allow_fails_without_connecting(
    ctx, principal, server, http_requests
):
    # The operator's default: public addresses only (this module's tests allow loopback).
    ctx = http_requests(outbound.OutboundPolicy())
    refused = {
        target: _start(ctx, principal, _call(target), [{"from": "start", "to": "call"}])
        for target in (f"{server}/ok", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/")
    }
    for execution_id in refused.values():
        running.advance(ctx.deps, execution_id)
    for target, execution_id in refused.items():
        execution = _row(ctx, execution_id)
        assert execution.status == "failed", target
        assert "is not allowed" in execution.error and "not a public address" in execution.error, (
            execution.error
        )
    assert Recorder.calls[refused[f"{server}/ok"]] == []  # refused before any connection


def test_a_failing_request_is_retried_through_a_delayed_wake_up_with_a_new_key_per_attempt(
    ctx, principal, server
):
    retry = {"max_attempts": 3, "backoff_seconds": 0.2}
    execution_id = _start(
        ctx, principal, _call(f"{server}/flaky/2", retry=retry), [{"from": "start", "to": "call"}]
    )

    running.advance(ctx.deps, execution_id)
    waiting = _row(ctx, execution_id)
    routing_key, body = _wake_message(ctx, execution_id)
    assert waiting.status == "waiting"
    assert (waiting.resume["node_id"], waiting.resume["kind"], waiting.resume["attempt"]) == (
        "call",
        "retry",
        2,
    )
    assert routing_key == messaging.delay_queue(messaging.DELAY_BUCKETS_MS[0])
    assert body["wake"] == waiting.resume["token"]

    _wake(ctx, execution_id)
    assert _row(ctx, execution_id).status == "waiting"
    _wake(ctx, execution_id)

    finished = _row(ctx, execution_id)
    assert finished.status == "succeeded"
    assert finished.resume is None
    assert [call.split()[1] for call in Recorder.calls[execution_id]] == [
        f"{execution_id}:call:{n}" for n in (1, 2, 3)
    ]
    _, steps = reading.get_execution(ctx.deps.uow(), principal=principal, execution_id=execution_id)
    assert {s.node_id: s.attempts for s in steps}["call"] == 3


def test_a_wake_up_with_a_stale_token_leaves_the_waiting_execution_alone(ctx, principal, server):
    retry = {"max_attempts": 2, "backoff_seconds": 0.01}
    execution_id = _start(
        ctx, principal, _call(f"{server}/flaky/5", retry=retry), [{"from": "start", "to": "call"}]
    )
    running.advance(ctx.deps, execution_id)

    running.advance(ctx.deps, execution_id, wake="not-the-token")
    running.advance(ctx.deps, execution_id)

    assert _row(ctx, execution_id).status == "waiting"
    assert len(Recorder.calls[execution_id]) == 1


def test_a_node_past_its_timeout_fails_as_a_timeout(ctx, principal, server):
    execution_id = _start(
        ctx, principal, _call(f"{server}/slow", timeout_seconds=0.3), [{"from": "start", "to": "call"}]
    )
    started = time.monotonic()
    running.advance(ctx.deps, execution_id)

    execution = _row(ctx, execution_id)
    assert time.monotonic() - started < 1.4
    assert execution.status == "failed"
    assert "timed out after 0.3s" in execution.error


def test_an_execution_that_exhausts_its_retries_is_a_dead_letter_and_replays_from_the_failed_step(
    ctx, principal, server
):
    nodes = [
        {"id": "prep", "type": "core.set", "parameters": {"values": {"prepared": True}}},
        *_call(f"{server}/flaky/2", retry={"max_attempts": 2, "backoff_seconds": 0.01}),
    ]
    edges = [{"from": "start", "to": "prep"}, {"from": "prep", "to": "call"}]
    execution_id = _start(ctx, principal, nodes, edges)
    running.advance(ctx.deps, execution_id)
    _wake(ctx, execution_id)
    assert _row(ctx, execution_id).status == "failed"

    letters, more = dead_letters.list_dead_letters(
        ctx.deps.reads(), principal=principal, page_size=10, page_token=""
    )
    assert more == ""
    assert [(d.execution_id, d.reason) for d in letters] == [(execution_id, "retries_exhausted")]
    assert "answered 503" in letters[0].error

    replay_id = dead_letters.replay_dead_letter(
        ctx.deps.uow(), ctx.deps.definitions, principal=principal, dead_letter_id=letters[0].id
    )
    replay, copied = reading.get_execution(ctx.deps.uow(), principal=principal, execution_id=replay_id)
    assert replay.retry_of == execution_id
    assert [s.node_id for s in copied] == ["start", "prep"]
    with pytest.raises(FailedPrecondition, match="already replayed"):
        dead_letters.replay_dead_letter(
            ctx.deps.uow(), ctx.deps.definitions, principal=principal, dead_letter_id=letters[0].id
        )


def test_dead_letters_page_newest_first_without_repeats_while_more_arrive(ctx, principal):
    principal = principal.__class__(**{**principal.__dict__, "workspace_id": str(uuid.uuid4())})  # empty
    nodes = [{"id": "stop", "type": "core.fail", "parameters": {"message": "no"}}]
    executions_ = [_start(ctx, principal, nodes, [{"from": "start", "to": "stop"}]) for _ in range(5)]

    def bury(execution_id: str) -> None:
        with ctx.sessions.begin() as session:
            SqlExecutionRepository(session).add_dead_letter(
                execution_id=execution_id,
                workspace_id=principal.workspace_id,
                reason="unhandled_error",
                error="x",
            )

    for execution_id in executions_[:4]:
        bury(execution_id)
    first, token = dead_letters.list_dead_letters(
        ctx.deps.reads(), principal=principal, page_size=2, page_token=""
    )
    bury(executions_[4])  # newer than every page already handed out: not in the later ones
    second, last = dead_letters.list_dead_letters(
        ctx.deps.reads(), principal=principal, page_size=2, page_token=token
    )
    assert [d.execution_id for d in [*first, *second]] == executions_[3::-1]
    assert token and last == ""  # the second page was the last
    with pytest.raises(InvalidArgument, match="page_token"):
        dead_letters.list_dead_letters(
            ctx.deps.reads(), principal=principal, page_size=2, page_token="not-a-token"
        )


def test_retry_from_the_failed_step_reuses_earlier_outputs_and_from_start_reuses_none(ctx, principal):
    nodes = [
        {"id": "prep", "type": "core.set", "parameters": {"values": {"n": "{{ input.n }}"}}},
        {"id": "check", "type": "core.fail", "parameters": {"message": "no"}},
    ]
    edges = [{"from": "start", "to": "prep"}, {"from": "prep", "to": "check"}]
    execution_id = _start(ctx, principal, nodes, edges, {"n": 1})
    running.advance(ctx.deps, execution_id)

    from_failed = starting.retry_execution(
        ctx.deps.uow(), ctx.deps.definitions, principal=principal, execution_id=execution_id, from_start=False
    )
    from_start = starting.retry_execution(
        ctx.deps.uow(), ctx.deps.definitions, principal=principal, execution_id=execution_id, from_start=True
    )

    _, failed_steps = reading.get_execution(ctx.deps.uow(), principal=principal, execution_id=from_failed)
    _, start_steps = reading.get_execution(ctx.deps.uow(), principal=principal, execution_id=from_start)
    assert [s.node_id for s in failed_steps] == ["start", "prep"]
    assert start_steps == []
    running.advance(ctx.deps, from_failed)
    assert _row(ctx, from_failed).error == "node 'check': no"
    with pytest.raises(FailedPrecondition, match="only a failed or cancelled"):
        starting.retry_execution(
            ctx.deps.uow(),
            ctx.deps.definitions,
            principal=principal,
            execution_id=_start(ctx, principal, [], []),
            from_start=True,
        )


def test_a_cancelled_waiting_execution_ignores_its_wake_up(ctx, principal):
    nodes = [{"id": "pause", "type": "core.wait", "parameters": {"seconds": 0.2}}]
    execution_id = _start(ctx, principal, nodes, [{"from": "start", "to": "pause"}])
    running.advance(ctx.deps, execution_id)
    assert _row(ctx, execution_id).status == "waiting"

    control.cancel_execution(ctx.deps.uow(), principal=principal, execution_id=execution_id)
    _key, body = _wake_message(ctx, execution_id)
    time.sleep(0.25)
    running.advance(ctx.deps, execution_id, wake=body["wake"])

    assert _row(ctx, execution_id).status == "cancelled"
    with pytest.raises(FailedPrecondition, match="already cancelled"):
        control.cancel_execution(ctx.deps.uow(), principal=principal, execution_id=execution_id)


def test_pruning_deletes_only_executions_finished_before_the_retention_period(ctx, principal):
    old, recent = (_start(ctx, principal, [], []) for _ in range(2))
    running.advance(ctx.deps, old)
    running.advance(ctx.deps, recent)
    with ctx.sessions.begin() as session:
        session.execute(
            update(executions)
            .where(executions.c.id == old)
            .values(finished_at=datetime(2000, 1, 1, tzinfo=UTC))
        )

    assert maintenance.prune(ctx.deps.uow, older_than_days=30) >= 1
    assert _row(ctx, old) is None
    assert _row(ctx, recent).status == "succeeded"


def test_a_delayed_message_comes_back_to_the_run_queue_after_its_bucket_delay(it_env):
    url = it_env["JOBSPRINT_AMQP_URL"]
    connection = pika.BlockingConnection(messaging.connection_parameters(url))
    channel = connection.channel()
    messaging.declare_run_topology(channel)
    spy = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(spy, messaging.EXECUTIONS_EXCHANGE, routing_key=messaging.RUN_ROUTING_KEY)
    publisher = messaging.Publisher(url)
    marker = str(uuid.uuid4())
    sent = time.monotonic()
    publisher.publish(
        messaging.OutgoingMessage(
            exchange=messaging.DELAY_EXCHANGE,
            routing_key=messaging.delay_queue(400),
            body=orjson.dumps({"execution_id": marker}),
            message_id=marker,
            headers={},
        )
    )
    arrived = None
    for _method, properties, _body in channel.consume(spy, inactivity_timeout=0.05, auto_ack=True):
        if properties is not None and properties.message_id == marker:
            arrived = time.monotonic() - sent
            break
        if time.monotonic() - sent > 5:
            break
    channel.cancel()
    publisher.close()
    connection.close()
    assert arrived is not None, "the delayed message never came back"
    assert 0.35 <= arrived < 1.5


def test_an_execution_priority_rides_on_its_run_message_and_carries_over_to_its_retry(ctx, principal):
    definition = orjson.dumps(
        {
            "nodes": [{"id": "start", "type": "trigger.manual"}, {"id": "stop", "type": "core.fail"}],
            "edges": [{"from": "start", "to": "stop"}],
        }
    )
    execution_id = starting.start_execution(
        ctx.deps.uow(),
        ctx.deps.definitions,
        principal=principal,
        workflow_id=str(uuid.uuid4()),
        workflow_version=1,
        definition=definition,
        input_=b"{}",
        priority=7,
    )
    running.advance(ctx.deps, execution_id)
    retry_id = starting.retry_execution(
        ctx.deps.uow(), ctx.deps.definitions, principal=principal, execution_id=execution_id, from_start=True
    )

    with ctx.sessions() as session:
        priorities = {
            orjson.loads(body)["execution_id"]: priority
            for body, priority in session.execute(
                select(outbox.c.body, outbox.c.priority).where(
                    outbox.c.routing_key == messaging.RUN_ROUTING_KEY
                )
            ).all()
        }
    assert priorities[execution_id] == 7
    assert priorities[retry_id] == 7
    with pytest.raises(InvalidArgument, match="priority must be between 0 and 10"):
        starting.start_execution(
            ctx.deps.uow(),
            ctx.deps.definitions,
            principal=principal,
            workflow_id=str(uuid.uuid4()),
            workflow_version=1,
            definition=definition,
            input_=b"{}",
            priority=11,
        )
