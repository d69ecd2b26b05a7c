"""The chaos suite's harness: a suite instance on the suite's own servers, a recording HTTP
target, steady load that retries as a careful client would, and the check of every execution
the load started (issue 18)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import devctl
import httpx
import orjson
from jobsprint.common.testing import recording_server

from .infra import Infra

ROOT = Path(__file__).resolve().parents[2]
INSTANCE = devctl.INSTANCES["chaos"]
PASSWORD = "correct horse battery staple"


# --- The suite instance -------------------------------------------------------------------------


class Suite:
    """The `chaos` instance of tools/devctl.py, pointed at `infra` through its environment."""

    def __init__(self, infra: Infra) -> None:
        self.infra = infra
        self.instance = INSTANCE
        self.env = {**os.environ, **infra.devctl_env()}
        self.url = INSTANCE.gateway_url

    @staticmethod
    def vhost() -> str:
        return INSTANCE.vhost

    def devctl(self, command: str) -> None:
        done = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "devctl.py"), command, "--instance", INSTANCE.name],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"devctl {command} failed: {done.stdout}{done.stderr}")

    def up(self, timeout: float = 400.0) -> None:
        """devctl up; on a busy machine its 90 s for every process to answer may not be enough,
        so past that this waits on until `timeout`."""
        try:
            self.devctl("up")
        except RuntimeError as failed:
            if "not healthy" not in str(failed):
                raise
            deadline = time.monotonic() + timeout
            while not self.healthy():
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)

    def healthy(self) -> bool:
        return (
            all(devctl.grpc_serving(INSTANCE.grpc_port(service)) for service in devctl.SERVICES)
            and devctl.gateway_ready(INSTANCE)
            and devctl.workers_running(INSTANCE)
        )

    def down(self) -> None:
        self.devctl("down")

    def environment(self) -> dict[str, str]:
        """The processes' environment (devctl env), as the supervisor gives it to them."""
        done = subprocess.run(
            [sys.executable, str(ROOT / "tools" / "devctl.py"), "env", "--instance", INSTANCE.name],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
        return {**self.env, **values}

    def supervisorctl(self, *args: str) -> str:
        return devctl.supervisorctl(INSTANCE, *args).stdout

    def pid(self, program: str) -> int:
        found = self.supervisorctl("pid", program).strip()
        return int(found) if found.isdigit() else 0

    def wait_running(self, program: str, *, other_than: int = 0, timeout: float = 60.0) -> float:
        """Seconds until the supervisor has `program` RUNNING again under a new pid."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            pid = self.pid(program)
            if pid and pid != other_than and "RUNNING" in self.supervisorctl("status", program):
                return time.monotonic() - started
            time.sleep(0.2)
        raise TimeoutError(f"{program} not running again after {timeout:.0f}s")

    def ready(self) -> bool:
        return devctl.gateway_ready(INSTANCE)


def signal_program(suite: Suite, program: str, signum: int) -> int:
    pid = suite.pid(program)
    assert pid > 0, f"{program} has no pid"
    os.kill(pid, signum)
    return pid


# --- The outside world the workflows call ---------------------------------------------------------


def _flaky_first_attempt(key: str) -> int:
    """503 to the first attempt of the `flaky` node, so every run retries once."""
    parts = key.split(":")
    return 503 if len(parts) == 3 and parts[1] == "flaky" and parts[2] == "1" else 200


class Recorder:
    """The outside world: the shared recording server (`jobsprint.common.testing`), reachable
    from the workers' network namespace too, answering 503 to the first attempt of the `flaky`
    node. Every call is kept with its `Idempotency-Key` (`{execution_id}:{node_id}:{attempt}`)."""

    def __init__(self, host: str = "0.0.0.0") -> None:
        self._served = recording_server(host=host, status_for=_flaky_first_attempt)
        self.target = self._served.__enter__()
        self.port = self.target.port

    def url(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}/effect"

    def keys_of(self, execution_id: str) -> dict[str, int]:
        """How many times each key of the execution was called."""
        with self.target.lock:
            return dict(Counter(self.target.keys.get(execution_id, [])))

    def close(self) -> None:
        self._served.__exit__(None, None, None)


def workload(url: str, trigger: str) -> dict[str, Any]:
    """Two parallel branches (a computed value; an HTTP call), joined, a 1 s wait, then an HTTP
    call that fails its first attempt with 503 and is retried."""
    start: dict[str, Any] = {"id": "start", "type": trigger}
    if trigger == "trigger.webhook":
        start["parameters"] = {"method": "POST", "response_mode": "async"}
    nodes = [
        start,
        {"id": "double", "type": "core.set", "parameters": {"values": {"double": "{{ input.seed * 2 }}"}}},
        {"id": "call", "type": "core.http_request", "parameters": {"url": url, "method": "POST"}},
        {"id": "join", "type": "core.merge", "parameters": {"mode": "all"}},
        {"id": "pause", "type": "core.wait", "parameters": {"seconds": 1}},
        {
            "id": "flaky",
            "type": "core.http_request",
            "parameters": {"url": url, "method": "POST"},
            "retry": {
                "max_attempts": 3,
                "backoff_seconds": 0.5,
                "max_backoff_seconds": 1,
                "retry_on": ["http_5xx"],
            },
        },
        {
            "id": "done",
            "type": "core.set",
            "parameters": {
                "values": {"seed": "{{ input.seed }}", "double": "{{ steps.double.output.double }}"},
                "keep_input": False,
            },
        },
    ]
    edges = [
        {"from": "start", "to": "double"},
        {"from": "start", "to": "call"},
        {"from": "double", "to": "join"},
        {"from": "call", "to": "join"},
        {"from": "join", "to": "pause"},
        {"from": "pause", "to": "flaky"},
        {"from": "flaky", "to": "done"},
    ]
    return {"name": f"chaos {trigger}", "definition": {"nodes": nodes, "edges": edges, "output": "done"}}


CANARY: dict[str, Any] = {
    "name": "chaos canary",
    "definition": {
        "nodes": [
            {"id": "start", "type": "trigger.manual"},
            {"id": "ok", "type": "core.set", "parameters": {"values": {"ok": True}}},
        ],
        "edges": [{"from": "start", "to": "ok"}],
    },
}


@dataclass
class Account:
    email: str
    headers: dict[str, str]
    manual_id: str
    webhook_url: str
    canary_id: str
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def relogin(self, stale: str) -> None:
        """A new access token once the one in `headers` (`stale`) has expired (15 minutes: a long
        scenario outlives it); the first caller to notice logs in, the others reuse its token."""
        with self.lock:
            if self.headers["Authorization"] != stale:
                return
            with httpx.Client(base_url=self.base_url, timeout=30) as api:
                response = api.post("/v1/auth/login", json={"email": self.email, "password": PASSWORD})
            if response.status_code == 200:
                self.headers["Authorization"] = f"Bearer {response.json()['access_token']}"


def prepare_account(base_url: str, effect_url: str) -> Account:
    with httpx.Client(base_url=base_url, timeout=30) as api:
        email = f"chaos-{uuid.uuid4().hex[:12]}@example.com"
        registered = api.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
        assert registered.status_code == 201, registered.text
        login = api.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

        def create(body: dict[str, Any]) -> str:
            made = api.post("/v1/workflows", json=body, headers=headers)
            assert made.status_code == 201, made.text
            return str(made.json()["id"])

        manual = create(workload(effect_url, "trigger.manual"))
        hook = create(workload(effect_url, "trigger.webhook"))
        activated = api.post(f"/v1/workflows/{hook}/activate", headers=headers)
        assert activated.status_code == 200, activated.text
        webhook_url = api.get(f"/v1/workflows/{hook}", headers=headers).json()["webhook_url"]
        return Account(email, headers, manual, webhook_url, create(CANARY), base_url=base_url)


def operator_headers(base_url: str) -> dict[str, str]:
    """Signed in as the chaos instance's operator (AUTH_OPERATOR_EMAILS, ADR-102), who lists the
    dead letters of no workspace; registered on first use (registering it again answers alike)."""
    body = {"email": devctl.CHAOS_OPERATOR_EMAIL, "password": PASSWORD}
    with httpx.Client(base_url=base_url, timeout=30) as api:
        registered = api.post("/v1/auth/register", json=body)
        assert registered.status_code == 201, registered.text
        login = api.post("/v1/auth/login", json=body)
        assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


# --- Load -----------------------------------------------------------------------------------------


@dataclass
class Started:
    key: str
    kind: str  # manual | webhook | canary
    seed: int
    submitted: float  # wall clock of the first attempt
    acknowledged: float = 0.0
    execution_ids: set[str] = field(default_factory=set)
    attempts: int = 0
    gave_up: str = ""


@dataclass
class Answer:
    at: float
    path: str
    status: int
    seconds: float
    detail: str = ""
    retry_after: bool = True


class Load:
    """Steady load: `rate` runs a second, alternately manual runs and webhook calls, each with an
    `Idempotency-Key` and retried with it on 503, 409, 429 and dropped connections (as a careful
    client does) until `patience` seconds have passed; a canary run every `canary_every` seconds
    measures when the suite completes runs again; `/readyz` is read twice a second."""

    def __init__(self, base_url: str, account: Account, *, rate: float, patience: float = 180.0) -> None:
        self.base_url = base_url
        self.account = account
        self.rate = rate
        self.patience = patience
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.started: list[Started] = []
        self.answers: list[Answer] = []
        self.readiness: list[tuple[float, int]] = []
        self.threads: list[threading.Thread] = []
        self.seed = 0
        self.pending = 0

    # Each request runs in a thread of its own so one held-up request never slows the rate.
    def _submit(self, kind: str) -> None:
        with self.lock:
            self.seed += 1
            run = Started(key=str(uuid.uuid4()), kind=kind, seed=self.seed, submitted=time.time())
            self.started.append(run)
            self.pending += 1
        try:
            self._drive(run)
        finally:
            with self.lock:
                self.pending -= 1

    def _drive(self, run: Started) -> None:
        account = self.account
        body: dict[str, Any] = {"seed": run.seed}
        payload: dict[str, Any]
        if run.kind == "webhook":
            url, payload = account.webhook_url, body
        else:
            workflow = account.canary_id if run.kind == "canary" else account.manual_id
            url = f"{self.base_url}/v1/workflows/{workflow}/run"
            payload = {"input": body}
        deadline = run.submitted + self.patience
        with httpx.Client(timeout=30) as client:
            while True:
                run.attempts += 1
                headers = {"Idempotency-Key": run.key}
                if run.kind != "webhook":
                    headers |= account.headers
                began = time.monotonic()
                try:
                    response = client.post(url, json=payload, headers=headers)
                except httpx.HTTPError as exc:
                    self._answer(url, 0, time.monotonic() - began, type(exc).__name__)
                    wait = 1.0
                else:
                    self._answer(
                        url,
                        response.status_code,
                        time.monotonic() - began,
                        response.text[:200],
                        retry_after="retry-after" in response.headers,
                    )
                    if response.status_code == 202:
                        run.execution_ids.add(response.json()["execution_id"])
                        run.acknowledged = time.time()
                        return
                    if response.status_code == 401 and "expired" in response.text and run.kind != "webhook":
                        account.relogin(headers["Authorization"])
                        continue
                    if response.status_code not in (409, 429, 500, 502, 503, 504):
                        run.gave_up = f"{response.status_code} {response.text[:120]}"
                        return
                    wait = float(response.headers.get("retry-after") or 1)
                if time.time() + wait > deadline:
                    run.gave_up = f"no 202 within {self.patience:.0f}s"
                    return
                time.sleep(min(wait, 5.0))

    def _answer(
        self, url: str, status: int, seconds: float, detail: str, *, retry_after: bool = True
    ) -> None:
        path = "/v1/hooks" if "/hooks/" in url else ("/run" if url.endswith("/run") else url)
        with self.lock:
            self.answers.append(Answer(time.time(), path, status, seconds, detail, retry_after))

    def _pace(self) -> None:
        interval = 1.0 / self.rate
        tick = time.monotonic()
        n = 0
        while not self.stop_event.is_set():
            kind = "webhook" if n % 2 else "manual"
            n += 1
            thread = threading.Thread(target=self._submit, args=(kind,), daemon=True)
            thread.start()
            self.threads.append(thread)
            tick += interval
            self.stop_event.wait(max(0.0, tick - time.monotonic()))

    def _canaries(self) -> None:
        while not self.stop_event.wait(1.0):
            thread = threading.Thread(target=self._submit, args=("canary",), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _readiness(self) -> None:
        with httpx.Client(timeout=5) as client:
            while not self.stop_event.wait(0.5):
                try:
                    status = client.get(f"{self.base_url}/readyz").status_code
                except httpx.HTTPError:
                    status = 0
                with self.lock:
                    self.readiness.append((time.time(), status))

    def start(self) -> None:
        for target in (self._pace, self._canaries, self._readiness):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        """Stop starting runs; wait for the requests still retrying to get their answer."""
        self.stop_event.set()
        for thread in list(self.threads):
            thread.join(timeout=self.patience + 40)


@contextmanager
def steady_load(base_url: str, account: Account, *, rate: float) -> Iterator[Load]:
    load = Load(base_url, account, rate=rate)
    load.start()
    try:
        yield load
    finally:
        load.stop()


# --- The check ------------------------------------------------------------------------------------


def _when(value: str | None) -> float:
    return datetime.fromisoformat(value).timestamp() if value else 0.0


def finished_at(execution: dict[str, Any] | None) -> float:
    return _when(execution.get("finished_at")) if execution else float("inf")


def fetch_executions(base_url: str, account: Account, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    with httpx.Client(base_url=base_url, timeout=30) as api:
        for i in range(0, len(ids), 100):
            chunk = ids[i : i + 100]
            for _ in range(30):
                stale = account.headers["Authorization"]
                try:
                    response = api.post(
                        "/v1/executions:batchGet", json={"ids": chunk}, headers=account.headers
                    )
                except httpx.HTTPError:
                    time.sleep(1)
                    continue
                if response.status_code == 200:
                    found.update({item["id"]: item for item in response.json()["items"]})
                    break
                if response.status_code == 401:
                    account.relogin(stale)
                    continue
                time.sleep(1)
            else:
                raise AssertionError(
                    f"could not read executions back: {response.status_code} {response.text[:200]}"
                )
    return found


@dataclass
class Outcome:
    scenario: str
    started: int = 0
    acknowledged: int = 0
    succeeded: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)
    duplicated_runs: int = 0
    duplicated_effects: list[str] = field(default_factory=list)
    repeated_calls: int = 0
    recover_seconds: float | None = None
    drain_seconds: float | None = None
    other_5xx: Counter[str] = field(default_factory=Counter)
    answers_503: int = 0
    without_retry_after: int = 0
    dropped: int = 0
    slowest_answer: float = 0.0
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    executions: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def row(self) -> dict[str, str]:
        failed = ", ".join(f"{n}x {reason}" for reason, n in self.failed.most_common()) or "0"
        if self.refused:
            failed += "; not accepted: " + ", ".join(f"{n}x {r}" for r, n in self.refused.most_common())
        return {
            "runs started": str(self.started),
            "accepted (202)": str(self.acknowledged),
            "succeeded": str(self.succeeded),
            "failed (reasons)": failed,
            "lost": str(len(self.lost)),
            "duplicated runs / side effects": f"{self.duplicated_runs} / {len(self.duplicated_effects)}",
            "calls repeated with the same key": str(self.repeated_calls),
            "time to recover": _seconds(self.recover_seconds),
            "backlog drained": _seconds(self.drain_seconds),
            "503 answers (without Retry-After)": f"{self.answers_503} ({self.without_retry_after})",
            "dropped connections / timeouts (retried)": str(self.dropped),
            "5xx other than 503": ", ".join(f"{n}x {k}" for k, n in self.other_5xx.most_common()) or "0",
            "slowest answer": f"{self.slowest_answer:.1f} s",
        }


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


def check(
    scenario: str,
    load: Load,
    recorder: Recorder,
    *,
    healed_at: float | None,
    settle: float = 240.0,
) -> Outcome:
    """Every run the load started: finished (else lost), once (one execution per key, one
    distinct side-effect key per attempt), and when the suite worked again after `healed_at`."""
    outcome = Outcome(scenario)
    runs = [run for run in load.started if run.kind != "canary"]
    outcome.started = len(runs)
    ids = sorted({eid for run in load.started for eid in run.execution_ids})
    deadline = time.monotonic() + settle
    executions: dict[str, dict[str, Any]] = {}
    while True:
        executions = fetch_executions(load.base_url, load.account, ids)
        unfinished = [
            eid
            for eid in ids
            if executions.get(eid, {}).get("status") not in ("succeeded", "failed", "cancelled")
        ]
        if not unfinished or time.monotonic() > deadline:
            break
        time.sleep(2)
    outcome.executions = executions
    for run in runs:
        if run.gave_up and not run.execution_ids:
            outcome.refused[run.gave_up[:80]] += 1
            continue
        outcome.acknowledged += 1
        if len(run.execution_ids) > 1:
            outcome.duplicated_runs += 1
        for eid in run.execution_ids:
            execution = executions.get(eid)
            if execution is None or execution["status"] not in ("succeeded", "failed", "cancelled"):
                outcome.lost.append(f"{eid} ({execution['status'] if execution else 'missing'})")
                continue
            if execution["status"] == "succeeded":
                outcome.succeeded += 1
                if execution.get("output") != {"seed": run.seed, "double": run.seed * 2}:
                    outcome.problems.append(f"{eid}: wrong output {execution.get('output')}")
            else:
                outcome.failed[str(execution.get("error") or execution["status"])[:90]] += 1
            attempts = {step["node_id"]: step["attempts"] for step in execution.get("steps", [])}
            expected = {f"{eid}:call:{n}" for n in range(1, attempts.get("call", 0) + 1)}
            expected |= {f"{eid}:flaky:{n}" for n in range(1, attempts.get("flaky", 0) + 1)}
            seen = recorder.keys_of(eid)
            extra = set(seen) - expected
            if extra:
                outcome.duplicated_effects.append(f"{eid}: {sorted(extra)}")
            outcome.repeated_calls += sum(n - 1 for n in seen.values())
    for answer in load.answers:
        outcome.slowest_answer = max(outcome.slowest_answer, answer.seconds)
        if answer.status == 503:
            outcome.answers_503 += 1
            outcome.without_retry_after += not answer.retry_after
        elif answer.status == 0:
            outcome.dropped += 1
        elif answer.status >= 500:
            outcome.other_5xx[f"{answer.status} {answer.path} {answer.detail[:60]}"] += 1
    if healed_at is not None:
        finished_after = [
            _when(executions[eid].get("finished_at"))
            for run in load.started
            if run.kind == "canary"
            for eid in run.execution_ids
            if eid in executions and _when(executions[eid].get("finished_at")) >= healed_at
        ]
        outcome.recover_seconds = (min(finished_after) - healed_at) if finished_after else None
        before = [
            _when(executions[eid].get("finished_at"))
            for run in runs
            if run.acknowledged and run.acknowledged <= healed_at
            for eid in run.execution_ids
            if eid in executions
        ]
        if before:
            outcome.drain_seconds = max(0.0, max(before) - healed_at)
    return outcome


def readiness_during(load: Load, start: float, end: float) -> Counter[int]:
    return Counter(status for at, status in load.readiness if start <= at <= end)


# --- Reporting ------------------------------------------------------------------------------------

REPORT = ROOT / ".run" / INSTANCE.name / "chaos-report.jsonl"


# Every scenario's row in this session, by test name: conftest writes docs/reliability.md from them.
RESULTS: dict[str, dict[str, Any]] = {}


def record(outcome: Outcome, *, form: str, extra: dict[str, str] | None = None) -> None:
    row = {**outcome.row(), **(extra or {})}
    test = os.environ.get("PYTEST_CURRENT_TEST", outcome.scenario).split("::")[-1].split(" ")[0]
    RESULTS[test] = {"scenario": outcome.scenario, "row": row, "notes": list(outcome.notes)}
    lines = [f"\n== chaos: {outcome.scenario} ({form}) =="]
    width = max(len(k) for k in row)
    lines += [f"  {k.ljust(width)}  {v}" for k, v in row.items()]
    for note in outcome.notes:
        lines.append(f"  note: {note}")
    for what in outcome.lost[:10]:
        lines.append(f"  LOST {what}")
    for what in outcome.duplicated_effects[:10]:
        lines.append(f"  DUPLICATED {what}")
    for what in outcome.problems[:10]:
        lines.append(f"  PROBLEM {what}")
    print("\n".join(lines), flush=True)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a") as out:
        out.write(
            orjson.dumps(
                {"scenario": outcome.scenario, "form": form, "row": row, "notes": outcome.notes}
            ).decode()
            + "\n"
        )


def assert_no_loss_or_duplicate(outcome: Outcome) -> None:
    assert not outcome.lost, f"{len(outcome.lost)} lost: {outcome.lost[:5]}"
    assert outcome.duplicated_runs == 0, f"{outcome.duplicated_runs} keys started two executions"
    assert not outcome.duplicated_effects, f"duplicated side effects: {outcome.duplicated_effects[:5]}"
    assert not outcome.problems, outcome.problems[:5]


def pause_then(seconds: float, action: Callable[[], None]) -> float:
    time.sleep(seconds)
    action()
    return time.time()


SIGNALS = {"KILL": signal.SIGKILL, "STOP": signal.SIGSTOP, "CONT": signal.SIGCONT}
RANDOM = random.Random()
