"""Faults under load (issue 18): each scenario runs steady load, injects one fault into the
suite's own servers or processes, and then checks every execution the load started."""

from __future__ import annotations

import os
import signal
import time
import uuid
from datetime import datetime
from typing import Any

import httpx
import pika
import pytest
from jobsprint.common import messaging

from .conftest import Form
from .harness import (
    PASSWORD,
    Account,
    Load,
    Outcome,
    Recorder,
    Suite,
    assert_no_loss_or_duplicate,
    check,
    finished_at,
    operator_headers,
    prepare_account,
    readiness_during,
    record,
    signal_program,
    steady_load,
)
from .infra import Infra
from .netns import NamespacedWorkers

pytestmark = pytest.mark.chaos

# The gateway's time budget of one request (GATEWAY_RPC_TIMEOUT_SECONDS, 10) and a margin.
BUDGET_SECONDS = 15.0
LEASE_SECONDS = 5  # the chaos instance's EXECUTOR_LEASE_TTL_SECONDS
# A frozen worker's executions must be taken over within this long of the freeze.
TAKE_OVER_SECONDS = LEASE_SECONDS + 10.0


@pytest.mark.chaos_short
@pytest.mark.timeout(1800)
def test_rabbitmq_restarted_under_load(
    suite: Suite, infra: Infra, account: Account, recorder: Recorder, form: Form
):
    """Stop the broker, keep it down, start it again (twice in the long form): runs queue in the
    outbox and drain once it is back, with no manual step."""
    healed = 0.0
    restarts = form.rabbit_restarts
    # Long enough between the restarts for the form's number of runs (a broker start takes ~8 s).
    gap = max(form.before, (form.rabbit_runs / form.rate - restarts * (form.outage + 8)) / (restarts + 1))
    with steady_load(suite.url, account, rate=form.rate) as load:
        for _ in range(restarts):
            time.sleep(gap)
            infra.rabbitmq.stop()
            time.sleep(form.outage)
            infra.rabbitmq.start()
            healed = time.time()
        time.sleep(max(form.after, gap))
    outcome = check("RabbitMQ restarted", load, recorder, healed_at=healed)
    record(
        outcome,
        form=form.name,
        extra={"fault": f"{form.rabbit_restarts}x stop, {form.outage:.0f} s down, start"},
    )
    assert_no_loss_or_duplicate(outcome)
    assert outcome.drain_seconds is not None and outcome.drain_seconds <= 60, outcome.drain_seconds
    assert not outcome.other_5xx, outcome.other_5xx


def _login(base_url: str, email: str) -> dict[str, str]:
    with httpx.Client(base_url=base_url, timeout=30) as api:
        response = api.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _status(base_url: str, method: str, path: str, **kwargs: Any) -> int:
    try:
        with httpx.Client(base_url=base_url, timeout=30) as api:
            return api.request(method, path, **kwargs).status_code
    except httpx.HTTPError:
        return 0


@pytest.mark.chaos_short
@pytest.mark.timeout(1800)
def test_postgres_restarted_under_load(
    suite: Suite, infra: Infra, account: Account, recorder: Recorder, form: Form
):
    """Fast shutdown, down for the outage, start: 503 with Retry-After while it is down (no other
    5xx, nothing hanging past the time budget), readiness fails, recovery by itself within 10 s."""
    with steady_load(suite.url, account, rate=form.rate) as load:
        time.sleep(form.before)
        down_at = time.time()
        infra.postgres.stop("fast")
        time.sleep(form.outage)
        infra.postgres.start()
        healed = time.time()
        time.sleep(form.after)
    outcome = check("Postgres restarted", load, recorder, healed_at=healed)
    readiness = readiness_during(load, down_at + 2, healed)
    record(
        outcome,
        form=form.name,
        extra={
            "fault": f"pg_ctl stop -m fast, {form.outage:.0f} s down, start",
            "/readyz while down": ", ".join(f"{n}x {code}" for code, n in sorted(readiness.items())),
        },
    )
    assert_no_loss_or_duplicate(outcome)
    assert not outcome.other_5xx, f"5xx other than 503 while Postgres was down: {outcome.other_5xx}"
    assert outcome.without_retry_after == 0, "503 without Retry-After"
    assert outcome.slowest_answer <= BUDGET_SECONDS, f"an answer took {outcome.slowest_answer:.1f} s"
    assert readiness and readiness[200] == 0, f"/readyz while Postgres was down: {readiness}"
    assert outcome.recover_seconds is not None and outcome.recover_seconds <= 10, outcome.recover_seconds


@pytest.mark.chaos_short
@pytest.mark.timeout(1800)
def test_redis_stopped_under_load(
    suite: Suite, infra: Infra, account: Account, recorder: Recorder, form: Form
):
    """Redis stopped for the outage: no revoked token accepted, during it or after it (the
    revocation list outlives a Redis restart without persistence); logins stay up on the
    in-process rate limits; no run lost or doubled; recovery by itself."""
    revoked = _login(suite.url, account.email)
    assert _status(suite.url, "POST", "/v1/auth/logout", headers=revoked, json={}) in (200, 204)
    assert _status(suite.url, "GET", "/v1/me", headers=revoked) == 401
    with steady_load(suite.url, account, rate=form.rate) as load:
        time.sleep(form.before)
        infra.redis.stop()
        time.sleep(min(2.0, form.outage / 3))
        revoked_during = _status(suite.url, "GET", "/v1/me", headers=revoked)
        login_during = _status(
            suite.url, "POST", "/v1/auth/login", json={"email": account.email, "password": PASSWORD}
        )
        time.sleep(max(0.0, form.outage - min(2.0, form.outage / 3)))
        infra.redis.start()
        healed = time.time()
        time.sleep(2)
        revoked_after = _status(suite.url, "GET", "/v1/me", headers=revoked)
        time.sleep(max(0.0, form.after - 2))
    outcome = check("Redis stopped", load, recorder, healed_at=healed)
    record(
        outcome,
        form=form.name,
        extra={
            "fault": f"redis shutdown nosave, {form.outage:.0f} s down, start (empty)",
            "revoked token: during / after": f"{revoked_during} / {revoked_after}",
            "login while down": str(login_during),
        },
    )
    assert_no_loss_or_duplicate(outcome)
    assert revoked_during in (401, 503), f"a revoked token answered {revoked_during} while Redis was down"
    assert login_during == 200, f"login while Redis was down: {login_during} (documented: logins stay up)"
    assert not outcome.other_5xx, outcome.other_5xx
    assert outcome.recover_seconds is not None and outcome.recover_seconds <= 10, outcome.recover_seconds
    assert revoked_after == 401, f"a token revoked before Redis restarted answered {revoked_after} after it"


@pytest.mark.timeout(1800)
def test_every_service_process_killed_in_turn(suite: Suite, account: Account, recorder: Recorder, form: Form):
    """SIGKILL of the gateway, auth, workflows, executor API and integrations, one after the other
    under load: the supervisor restarts each; callers see retries or 503s, no accepted run is lost."""
    restarts: dict[str, float] = {}
    with steady_load(suite.url, account, rate=form.rate) as load:
        time.sleep(form.before)
        for program in ("gateway", "auth", "workflows", "executor", "integrations"):
            pid = signal_program(suite, program, signal.SIGKILL)
            restarts[program] = suite.wait_running(program, other_than=pid)
            time.sleep(form.between_kills)
        healed = time.time()
        time.sleep(form.after)
    outcome = check("SIGKILL of each service process", load, recorder, healed_at=healed)
    record(
        outcome,
        form=form.name,
        extra={
            "fault": "SIGKILL gateway, auth, workflows, executor, integrations in turn",
            "restarted by the supervisor in": ", ".join(f"{p} {s:.1f} s" for p, s in restarts.items()),
        },
    )
    assert_no_loss_or_duplicate(outcome)
    assert not outcome.other_5xx, outcome.other_5xx


@pytest.mark.timeout(1800)
def test_frozen_worker_is_taken_over(suite: Suite, account: Account, recorder: Recorder, form: Form):
    """A worker frozen with SIGSTOP past its lease, then resumed: the other worker takes its
    executions over while it is frozen; its late writes are refused by fencing; each side effect
    once per idempotency key."""
    freeze = form.freeze
    with steady_load(suite.url, account, rate=form.rate) as load:
        time.sleep(form.before)
        frozen_at = time.time()
        pid = signal_program(suite, "worker:worker-0", signal.SIGSTOP)
        try:
            time.sleep(freeze)
        finally:
            os.kill(pid, signal.SIGCONT)
        resumed = time.time()
        time.sleep(form.after)
    outcome = check("worker frozen (SIGSTOP) past its lease", load, recorder, healed_at=resumed)
    held = _held(load, outcome, frozen_at=frozen_at, resumed=resumed)
    waits = _waits(load, outcome, frozen_at=frozen_at, resumed=resumed)
    fenced = _log_count(suite, "worker-0", "leaving it to that worker", since=resumed)
    outcome.notes.append(
        f"{len(held)} runs finished more than {TAKE_OVER_SECONDS:.0f} s after the freeze or their acceptance;"
        f" the resumed worker's writes refused by the fence: {fenced}"
    )
    record(
        outcome,
        form=form.name,
        extra={
            "fault": f"SIGSTOP worker-0 for {freeze:.0f} s (lease {LEASE_SECONDS} s), SIGCONT",
            f"runs held past {TAKE_OVER_SECONDS:.0f} s": str(len(held)),
            "longest wait after the freeze (or acceptance)": _seconds(max(waits, default=0.0)),
        },
    )
    assert_no_loss_or_duplicate(outcome)
    assert not held, f"runs held by the frozen worker past {TAKE_OVER_SECONDS:.0f} s: {held[:5]}"


def _held(load: Load, outcome: Outcome, *, frozen_at: float, resumed: float) -> list[str]:
    """Runs accepted before the worker resumed that finished more than TAKE_OVER_SECONDS after
    the later of their acceptance and the freeze: the ones the frozen worker sat on."""
    return [
        eid
        for run in load.started
        if run.acknowledged and run.acknowledged <= resumed
        for eid in run.execution_ids
        if finished_at(outcome.executions.get(eid)) > max(run.acknowledged, frozen_at) + TAKE_OVER_SECONDS
    ]


def _waits(load: Load, outcome: Outcome, *, frozen_at: float, resumed: float) -> list[float]:
    """How long after the later of its acceptance and the freeze each run accepted while the
    worker was frozen (or just before) finished: what the frozen worker's runs waited."""
    return [
        finished_at(outcome.executions.get(eid)) - max(run.acknowledged, frozen_at)
        for run in load.started
        if run.acknowledged and frozen_at - TAKE_OVER_SECONDS <= run.acknowledged <= resumed
        for eid in run.execution_ids
    ]


def _seconds(value: float) -> str:
    return "never" if value == float("inf") else f"{value:.1f} s"


def _log_count(suite: Suite, program: str, text: str, *, since: float) -> int:
    path = suite.instance.run_dir / "logs" / f"{program}.log"
    count = 0
    for line in path.read_text(errors="replace").splitlines():
        if text in line and line.startswith('{"ts":"'):
            at = datetime.fromisoformat(line[7:31].replace("Z", "+00:00")).timestamp()
            count += at >= since
    return count


def _queue_depth(infra: Infra, queue: str) -> int:
    listed = infra.rabbitmq.ctl("list_queues", "-p", Suite.vhost(), "name", "messages")
    for line in listed.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == queue and parts[1].isdigit():
            return int(parts[1])
    return 0


@pytest.mark.chaos_short
@pytest.mark.timeout(1800)
def test_poison_message_is_dead_lettered_once(
    suite: Suite, infra: Infra, account: Account, recorder: Recorder, form: Form
):
    """A run message no worker can decode, published among the load's: it lands in the run
    queue's dead-letter queue once, the queue goes on, and GET /v1/dead-letters?scope=instance
    shows it once to the instance operator, never to the workspace (ADR-102)."""
    amqp_url = suite.environment()["JOBSPRINT_AMQP_URL"]
    message_id = f"chaos-poison-{uuid.uuid4().hex[:12]}"
    before = _queue_depth(infra, messaging.RUN_DLQ)
    with steady_load(suite.url, account, rate=form.rate) as load:
        time.sleep(form.before)
        connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        try:
            connection.channel().basic_publish(
                exchange=messaging.EXECUTIONS_EXCHANGE,
                routing_key=messaging.RUN_ROUTING_KEY,
                body=b"\xff\x00 not a run message",
                properties=pika.BasicProperties(delivery_mode=2, message_id=message_id),
            )
        finally:
            connection.close()
        published = time.time()
        time.sleep(form.after)
    outcome = check("poison message", load, recorder, healed_at=published)
    landed = _queue_depth(infra, messaging.RUN_DLQ) - before
    operator = operator_headers(suite.url)
    with httpx.Client(base_url=suite.url, timeout=30) as api:
        listed = api.get("/v1/dead-letters", params={"scope": "instance", "limit": 500}, headers=operator)
        assert listed.status_code == 200, listed.text
        letters = [
            letter
            for letter in listed.json()["items"]
            if (letter.get("message") or {}).get("message_id") == message_id
        ]
        workspace = api.get("/v1/dead-letters", params={"limit": 500}, headers=account.headers).json()[
            "items"
        ]
        refused = api.get("/v1/dead-letters", params={"scope": "instance"}, headers=account.headers)
    record(
        outcome,
        form=form.name,
        extra={
            "fault": "one undecodable message published to the run queue",
            "in executor.run.dlq": str(landed),
            "listed to the operator (scope=instance)": str(len(letters)),
        },
    )
    assert_no_loss_or_duplicate(outcome)
    assert landed == 1, f"the poison message is in the dead-letter queue {landed} times"
    assert outcome.recover_seconds is not None, "no run finished after the poison message"
    assert len(letters) == 1, f"the operator's list shows the poison message {len(letters)} times"
    assert letters[0]["reason"] == "malformed" and letters[0]["workspace_id"] is None
    assert letters[0]["message"]["preview"] == "\\xff\\x00 not a run message"
    assert all(letter["reason"] != "malformed" for letter in workspace), (
        "a workspace lists the poison message"
    )
    assert refused.status_code == 403, refused.text


@pytest.mark.skipif(os.geteuid() != 0, reason="making a network namespace and veth pair needs root")
@pytest.mark.timeout(1800)
def test_network_to_the_broker_degraded_then_partitioned(suite: Suite, recorder: Recorder, form: Form):
    """Workers in a network namespace of their own; their AMQP traffic squeezed through 64 kbit/s
    with a 10-packet queue (delay and tail drop; the kernel here has no netem), then cut (every
    packet dropped): runs slow down, none is lost or doubled, and the partition heals by itself."""
    with NamespacedWorkers(suite) as workers:
        account = prepare_account(suite.url, recorder.url(workers.host_ip))
        with steady_load(suite.url, account, rate=form.rate) as load:
            time.sleep(form.before)
            workers.shape(rate=DEGRADED_RATE, queue=DEGRADED_QUEUE)
            time.sleep(form.netem)
            workers.shape(rate=DEGRADED_RATE, queue=0)
            time.sleep(form.partition)
            workers.clear()
            healed = time.time()
            time.sleep(form.after)
        outcome = check("network to the broker degraded, then partitioned", load, recorder, healed_at=healed)
    record(
        outcome,
        form=form.name,
        extra={
            "fault": f"workers in a netns; their AMQP traffic through {DEGRADED_RATE}/s with a"
            f" {DEGRADED_QUEUE}-packet queue for {form.netem:.0f} s, then every packet dropped for"
            f" {form.partition:.0f} s",
        },
    )
    assert_no_loss_or_duplicate(outcome)
    assert outcome.recover_seconds is not None, "the suite did not recover from the partition by itself"
    assert not outcome.other_5xx, outcome.other_5xx


DEGRADED_RATE = "64kbit"
DEGRADED_QUEUE = 10
