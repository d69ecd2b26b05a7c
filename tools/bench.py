"""Benchmarks that print figures (`make bench`). Each figure is the median of several runs.

1. expressions: CEL evaluations per second of a compiled, cached `{{ … }}` parameter.
2. engine: in-process runs per second of a 10-node workflow (no I/O).
3. end to end: executions per second and latency p50/p99 of the issue's workflow
   (webhook → set → if → set → http_request to a local server) through the whole suite (gateway →
   workflows → executor → outbox → RabbitMQ → workers → Postgres) with 1, 2 and 4 worker
   processes, BENCH_CALLERS concurrent callers posting BENCH_EXECUTIONS webhook calls, on the
   `bench` instance it starts and stops. "run → finished" is the execution's created_at →
   finished_at; completion is read from Postgres, so measuring costs the suite nothing.
4. CPU per execution in every process (the suite's, its Postgres backends, RabbitMQ, Redis),
   with 2 workers: where the budget goes, and robust to a busy machine where rates are not.
5. Studio in headless Chromium (tools/bench_studio.py): the editor's cold first load, the
   JavaScript shipped, frame times of a 200-node workflow and of a live run of it.
6. The speed yardstick (tools/bench_speed.py): a webhook caller waiting for the run's answer,
   32 callers then one, with the suite's memory under load, beside n8n 2.8.4 in the same run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import multiprocessing
import os
import socket
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import orjson
import psycopg

sys.path.insert(0, str(Path(__file__).parent))
import devctl
from jobsprint.common import definitions
from jobsprint.executor.adapters.sandbox import SandboxPool
from jobsprint.executor.domain import engine, expressions, nodes
from jobsprint.executor.domain.sandboxing import Limits

REPEATS = 5
REPEATS_E2E = 3
EXECUTIONS = int(os.environ.get("BENCH_EXECUTIONS", "300"))
CALLERS = int(os.environ.get("BENCH_CALLERS", "8"))
WORKER_COUNTS = (1, 2, 4)


def median_rate(label: str, unit: str, runs: list[float]) -> None:
    print(
        f"{label:<48} median {statistics.median(runs):>10,.0f} {unit}  (runs: {', '.join(f'{r:,.0f}' for r in runs)})"
    )


def median_cost(label: str, runs: list[float]) -> None:
    print(
        f"{label:<48} median {statistics.median(runs):>10,.1f} µs  (runs: {', '.join(f'{r:,.1f}' for r in runs)})"
    )


def bench_expressions() -> None:
    """Microseconds per render of a plain expression (evaluated in process) and of a macro
    expression (evaluated in a sandbox process, ADR-056), over a small scope and over one with
    a ten-item list (the scope is converted to CEL values on every evaluation)."""
    small = {"input": expressions.to_cel({"qty": 3, "unit_price": 12.5})}
    items = {
        "input": expressions.to_cel(
            {"qty": 3, "unit_price": 12.5, "items": [{"price": i + 0.5, "qty": i} for i in range(10)]}
        )
    }
    cases = (
        ("plain {{ input.qty * input.unit_price }}", "{{ input.qty * input.unit_price }}", small, 20_000),
        (
            "macro {{ [1, 2, 3].map(i, i * input.qty) }}",
            "{{ [1, 2, 3].map(i, i * input.qty) }}",
            small,
            5_000,
        ),
        ("plain, ten-item scope", "{{ input.qty * input.unit_price }}", items, 5_000),
        ("macro over ten items", "{{ input.items.map(i, i.price * i.qty) }}", items, 5_000),
    )
    budget = expressions.Budget(sandbox=SandboxPool(Limits()))
    expressions.render(cases[1][1], small, budget=budget)  # starts the sandbox process
    for label, template, scope, n in cases:
        runs = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            for _ in range(n):
                expressions.render(template, scope, budget=budget)
            runs.append((time.perf_counter() - started) / n * 1e6)
        median_cost(f"expression render: {label}", runs)


def chain(length: int) -> dict:
    nodes = [{"id": "start", "type": "trigger.manual"}]
    edges = []
    for n in range(length - 1):
        nodes.append(
            {
                "id": f"s{n}",
                "type": "core.set",
                "parameters": {"values": {f"v{n}": f"{{{{ input.seed + {n} }}}}"}},
            }
        )
        edges.append({"from": nodes[-2]["id"], "to": f"s{n}"})
    return {"nodes": nodes, "edges": edges}


def bench_engine() -> None:
    definition = definitions.parse(chain(10))
    # As a worker runs it: the plan made once (service/definitions.py), the built-in node types.
    plan, catalogue = engine.plan(definition), nodes.built_in_catalogue()
    runs = []
    for _ in range(REPEATS):
        n, started = 2_000, time.perf_counter()
        for i in range(n):
            ctx = engine.RunContext(str(i), "wf", "2026-01-01T00:00:00Z", {"seed": i})
            engine.run(
                definition, ctx, catalogue=catalogue, completed={}, checkpoint=lambda _step: None, plan_=plan
            )
        runs.append(n / (time.perf_counter() - started))
    median_rate("engine runs of a 10-node workflow (no I/O)", "per second", runs)


def issue_workflow(url: str) -> dict:
    """The issue's benchmark workflow: webhook (async: 202 with the execution id) → set → if →
    set → http_request to a local server."""
    nodes = [
        {
            "id": "start",
            "type": "trigger.webhook",
            "parameters": {"method": "POST", "response_mode": "async"},
        },
        {"id": "price", "type": "core.set", "parameters": {"values": {"total": "{{ input.qty * 2 }}"}}},
        {"id": "big", "type": "core.if", "parameters": {"condition": "{{ steps.price.output.total > 10 }}"}},
        {"id": "label", "type": "core.set", "parameters": {"values": {"label": "big"}}},
        {"id": "notify", "type": "core.http_request", "parameters": {"url": url, "method": "POST"}},
    ]
    edges = [
        {"from": "start", "to": "price"},
        {"from": "price", "to": "big"},
        {"from": "big", "to": "label", "output": "true"},
        {"from": "label", "to": "notify"},
    ]
    return {"nodes": nodes, "edges": edges}


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


class _Target(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes: without TCP_NODELAY, Nagle and the client's
    # delayed ACK hold the body back ~40 ms on every keep-alive request.
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *_args: object) -> None:
        pass


def _serve_target(port: int) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", port), _Target)
    server.daemon_threads = True
    server.serve_forever()


def _local_target() -> tuple[str, multiprocessing.Process]:
    """The http_request node's target, in a process of its own so that the callers' threads in
    this process do not slow its answers down (one GIL)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = multiprocessing.Process(target=_serve_target, args=(port,), daemon=True)
    process.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            break
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", process


def _finished(database_url: str, ids: list[str]) -> list[tuple]:
    """(status, created_at, finished_at) of every execution once all are final, read from the
    executor's table: polling the API instead would spend the suite's CPU on the measurement.
    Each poll asks only for the executions not yet seen final, so it costs Postgres little."""
    done: list[tuple] = []
    waiting = list(ids)
    with psycopg.connect(database_url, autocommit=True) as connection:
        while True:
            rows = connection.execute(
                "SELECT id::text, status, created_at, finished_at FROM executor.executions"
                " WHERE id = ANY(%s::uuid[]) AND finished_at IS NOT NULL",
                (waiting,),
            ).fetchall()
            finished = {row[0] for row in rows}
            done.extend(row[1:] for row in rows)
            waiting = [i for i in waiting if i not in finished]
            if not waiting:
                return done
            time.sleep(0.1)


def post_all(
    host: str, port: int, path: str, headers: dict[str, str], *, executions: int, callers: int
) -> tuple[float, list[tuple[float, bytes]]]:
    """`callers` threads post `executions` JSON bodies `{"qty": n}` to `path` over keep-alive
    connections; returns the wall-clock start and (seconds, body) of every answer. Any answer of
    400 or more raises."""
    answers: list[tuple[float, bytes]] = []
    lock = threading.Lock()
    counter = iter(range(executions))
    request_headers = {**headers, "Content-Type": "application/json"}
    failures: list[str] = []

    def caller() -> None:
        # The standard library's keep-alive client: the load generator shares the two cores
        # with the suite, and httpx spent ~1.8 ms of CPU per request to http.client's fraction.
        connection = http.client.HTTPConnection(host, port, timeout=30)
        try:
            for seed in counter:
                sent = time.perf_counter()
                connection.request("POST", path, body=orjson.dumps({"qty": seed}), headers=request_headers)
                response = connection.getresponse()
                body = response.read()
                if response.status >= 400:
                    failures.append(f"POST {path} answered {response.status}: {body[:200]!r}")
                    return
                with lock:
                    answers.append((time.perf_counter() - sent, body))
        finally:
            connection.close()

    started = time.time()
    threads = [threading.Thread(target=caller) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(failures[0])
    return started, answers


def _burst(
    api: httpx.Client, run_url: str, headers: dict[str, str], executions: int, callers: int, database_url: str
) -> dict:
    """`callers` threads post `executions` runs; returns throughput and latencies once all finished."""
    base = httpx.URL(str(api.base_url))
    started, answers = post_all(
        base.host, base.port or 80, run_url, headers, executions=executions, callers=callers
    )
    ids = [orjson.loads(body)["execution_id"] for _seconds, body in answers]
    finished = _finished(database_url, ids)
    failed = [row for row in finished if row[0] != "succeeded"]
    assert not failed, f"{len(failed)} executions did not succeed: {failed[:3]}"
    ends = [row[2].timestamp() for row in finished]
    e2e = [(row[2] - row[1]).total_seconds() for row in finished]
    posts = [seconds for seconds, _body in answers]
    return {"rate": executions / (max(ends) - started), "e2e": e2e, "posts": posts, "count": executions}


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (empty when the process is gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def _cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def _processes(instance: devctl.Instance) -> dict[int, str]:
    """Every process that does work for one execution: the suite's programs, supervisord (it
    carries their log lines to the files), the Postgres backends of its database, and the shared
    RabbitMQ and Redis servers."""
    found: dict[int, str] = {}
    with contextlib.suppress(OSError, ValueError):
        found[int((instance.run_dir / "supervisord.pid").read_text())] = "supervisord (logs)"
    for line in devctl.supervisorctl(instance, "status").stdout.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[1] == "RUNNING":
            found[int(parts[3].rstrip(","))] = parts[0].split(":")[-1]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cmdline.startswith("postgres:") and f" {instance.database} " in cmdline:
            found[int(entry.name)] = "postgres (" + cmdline.split()[2].removeprefix("jobsprint_") + ")"
        elif "beam.smp" in cmdline and "rabbit" in cmdline:
            found[int(entry.name)] = "rabbitmq (shared)"
        elif cmdline.startswith("redis-server"):
            found[int(entry.name)] = "redis (shared)"
    return found


EXITED_BACKENDS = "postgres (backends that exited)"


class CpuMeter:
    """The CPU seconds each of an instance's processes spent between `__init__` and `spent()`,
    including the Postgres backends that came or went in between: a pool that opens and closes
    connections under load leaves backends that a list of processes taken before never sees (a
    backend's CPU goes to the postmaster's reaped-children time when it exits; a long-lived
    backend that exits in between is counted from where this meter first saw it)."""

    def __init__(self, instance: devctl.Instance) -> None:
        self._instance = instance
        self.processes = _processes(instance)
        self._before = {pid: _cpu_seconds(pid) for pid in self.processes}
        backend = next((pid for pid, name in self.processes.items() if name.startswith("postgres")), None)
        fields = _stat(backend) if backend is not None else []
        self._postmaster = int(fields[1]) if fields else None  # a backend's parent
        self._reaped = self._children_seconds()

    def _children_seconds(self) -> float:
        fields = _stat(self._postmaster) if self._postmaster is not None else []
        return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK") if fields else 0.0

    def spent(self) -> dict[str, float]:
        """CPU seconds by process name since this meter was made."""
        spent: dict[str, float] = {}
        now = _processes(self._instance)
        gone = 0.0
        for pid, name in {**self.processes, **now}.items():
            if pid in now:
                seconds = max(0.0, _cpu_seconds(pid) - self._before.get(pid, 0.0))
                spent[name] = spent.get(name, 0.0) + seconds
            elif name.startswith("postgres"):
                gone += self._before.get(pid, 0.0)  # its whole life is in the reaped time now
        exited = max(0.0, self._children_seconds() - self._reaped - gone)
        if exited:
            spent[EXITED_BACKENDS] = exited
        return spent


def _cpu_breakdown(instance: devctl.Instance, run: Callable[[], int]) -> None:
    """CPU milliseconds per execution in each process while `run` runs: where the budget goes.
    Robust to a busy machine, unlike a rate: a process's CPU time is its own."""
    meter = CpuMeter(instance)
    caller = os.getpid()
    before = _cpu_seconds(caller)
    executions = run()
    spent = meter.spent()
    total = sum(spent.values())
    print(f"{'  CPU per execution, all processes':<48} {total / executions * 1000:>7.2f} ms")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"{'    ' + name:<48} {seconds / executions * 1000:>7.2f} ms")
    # Not the suite's, but spent on the same cores: what sending the load and reading the results cost.
    load = _cpu_seconds(caller) - before
    print(f"{'  and the bench callers (this process)':<48} {load / executions * 1000:>7.2f} ms")


def signed_up(api: httpx.Client) -> dict[str, str]:
    """A new user's Authorization header on the instance `api` talks to."""
    email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
    api.post("/v1/auth/register", json={"email": email, "password": "benchmark password"}).raise_for_status()
    token = api.post("/v1/auth/login", json={"email": email, "password": "benchmark password"}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def active_webhook(api: httpx.Client, headers: dict[str, str], name: str, definition: dict) -> str:
    """Create and activate a webhook workflow; its public hook path (no token, as an outside
    system would call it)."""
    workflow = api.post("/v1/workflows", json={"name": name, "definition": definition}, headers=headers)
    workflow.raise_for_status()
    active = api.post(f"/v1/workflows/{workflow.json()['id']}/activate", headers=headers)
    active.raise_for_status()
    return "/v1/hooks/" + active.json()["webhook_url"].rsplit("/", 1)[1]


def bench_end_to_end(executions: int = EXECUTIONS, callers: int = CALLERS) -> None:
    instance = dataclasses.replace(devctl.INSTANCES["bench"], workers=max(WORKER_COUNTS))
    url, target = _local_target()
    database_url = devctl.PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + instance.database
    try:
        devctl.up(instance)
        with httpx.Client(base_url=instance.gateway_url, timeout=30) as api:
            headers = signed_up(api)
            run_url = active_webhook(api, headers, "bench", issue_workflow(url))
            _burst(
                api, run_url, headers, 50, callers, database_url
            )  # warm-up: connections, caches, JIT-free but cold
            for workers in WORKER_COUNTS:
                for n in range(max(WORKER_COUNTS)):
                    action = "start" if n < workers else "stop"
                    devctl.supervisorctl(instance, action, f"worker:worker-{n}")
                results = [
                    _burst(api, run_url, headers, executions, callers, database_url)
                    for _ in range(REPEATS_E2E)
                ]
                e2e = [v for r in results for v in r["e2e"]]
                posts = [v for r in results for v in r["posts"]]
                median_rate(
                    f"end to end, {workers} worker(s), {callers} callers",
                    "executions/s",
                    [r["rate"] for r in results],
                )
                print(
                    f"{'  run → finished latency':<48} p50 {_percentile(e2e, 0.5) * 1000:>7.1f} ms"
                    f"  p99 {_percentile(e2e, 0.99) * 1000:>7.1f} ms"
                )
                print(
                    f"{'  POST /v1/hooks/{token} latency':<48} p50 {_percentile(posts, 0.5) * 1000:>7.1f} ms"
                    f"  p99 {_percentile(posts, 0.99) * 1000:>7.1f} ms"
                )
            # Where the CPU goes, with two workers and the same callers.
            for n in range(max(WORKER_COUNTS)):
                devctl.supervisorctl(instance, "start" if n < 2 else "stop", f"worker:worker-{n}")
            _cpu_breakdown(
                instance, lambda: _burst(api, run_url, headers, executions, callers, database_url)["count"]
            )
            # Latency without a backlog: one caller, one run at a time, two workers.
            for n in range(max(WORKER_COUNTS)):
                devctl.supervisorctl(instance, "start" if n < 2 else "stop", f"worker:worker-{n}")
            single = [
                _burst(api, run_url, headers, executions // 2, 1, database_url) for _ in range(REPEATS_E2E)
            ]
            e2e = [v for r in single for v in r["e2e"]]
            median_rate("end to end, 2 workers, 1 caller", "executions/s", [r["rate"] for r in single])
            print(
                f"{'  run → finished latency':<48} p50 {_percentile(e2e, 0.5) * 1000:>7.1f} ms"
                f"  p99 {_percentile(e2e, 0.99) * 1000:>7.1f} ms"
            )
    finally:
        devctl.down(instance)
        target.terminate()


if __name__ == "__main__":
    print(
        f"jobsprint bench — medians of {REPEATS} runs ({REPEATS_E2E} for end to end), {os.cpu_count()} cores"
    )
    bench_expressions()
    if sys.argv[1:] != ["expressions"]:
        bench_engine()
        bench_end_to_end()
        import bench_studio

        bench_studio.main()
        # Last, and on its own: the yardstick of issue 17 beside n8n 2.8.4 (docs/performance.md).
        import bench_speed

        bench_speed.main()
