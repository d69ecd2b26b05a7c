"""The speed yardstick of issue 17, measured on this machine: a webhook caller that waits for the
run's answer, Jobsprint beside n8n 2.8.4, in the same run, as ratios.

The workflow: webhook (Jobsprint `response_mode: wait`; n8n "respond when last node finishes") →
set → set → set, every execution's history saved (both products' defaults). n8n 2.8.4 is the
newest n8n that runs on this machine's Node 20; it is installed from the npm registry into
`.cache/n8n-2.8.4` on first use (with an `xlsx` override, as the registry has no 0.20) and runs as
shipped: one instance, regular mode, Postgres, default settings.

For each product in turn, REPEATS times, alternating: wrk with 32 connections for 15 s, then one
connection for 10 s, against the webhook. Requests/s is executions/s (each answer is a finished
run; an answer other than 200 fails the bench). While the 32 connections run, the resident memory
(RSS) of the product's own processes is sampled every second; its peak is reported: n8n and its
children (the task runner); Jobsprint's gateway, services and workers as `make up` starts them
(not supervisord, the local process manager, which a deployment does not run). Postgres, RabbitMQ
and Redis are the machine's and are counted for neither.

`make bench` runs this after the other benchmarks; `python tools/bench_speed.py` runs it alone.
Jobsprint runs in two setups, one after the other, each alternating with n8n: a process per
service with one worker, as `make up` starts it, and the four gRPC services on one node
(`SINGLE_NODE=1 make up`, ADR-106) with two workers. BENCH_SPEED_REPEATS changes the repeats (3),
BENCH_SPEED_SETUPS the setups ("processes:1,node:2").
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import httpx

sys.path.insert(0, str(Path(__file__).parent))
import bench
import bench_n8n
import devctl

ROOT = Path(__file__).resolve().parent.parent
N8N_VERSION = "2.8.4"
N8N_HOME = ROOT / ".cache" / f"n8n-{N8N_VERSION}"
# 2.8.4 asks for xlsx 0.20 from SheetJS's own server, which this machine cannot reach.
N8N_OVERRIDES = {"xlsx": "0.18.5"}
REPEATS = int(os.environ.get("BENCH_SPEED_REPEATS", "3"))


@dataclass(frozen=True)
class Setup:
    """How the suite runs: a process per service (`make up`) or the four gRPC services in one
    (`SINGLE_NODE=1 make up`, ADR-106), with this many workers."""

    single_node: bool
    workers: int

    @property
    def label(self) -> str:
        return f"jobsprint {'one node' if self.single_node else 'processes'}, {self.workers}w"

    @classmethod
    def parse(cls, text: str) -> Setup:
        topology, _, workers = text.partition(":")
        assert topology in ("processes", "node"), f"{text!r}: processes:N or node:N"
        return cls(single_node=topology == "node", workers=int(workers or "1"))


# As `make up` starts the suite (a process per service, one worker), and on one node with two
# workers (its memory leaves room for the second). BENCH_SPEED_SETUPS="processes:2,node:1", ...
SETUPS = [Setup.parse(item) for item in os.environ.get("BENCH_SPEED_SETUPS", "processes:1,node:2").split(",")]
LOADED = (32, 15)  # connections, seconds
# Where the CPU, the memory and one waiting caller's milliseconds go (BENCH_SPEED_BREAKDOWN=0: not).
BREAKDOWN = os.environ.get("BENCH_SPEED_BREAKDOWN", "1") != "0"
SINGLE = (1, 10)
BODY = '{"qty": 3}'
PATH = "bench-wait"


@dataclass(frozen=True)
class Load:
    connections: int
    rate: float  # answers per second
    p50_ms: float
    p99_ms: float
    answers: int
    peak_rss_mb: float = 0.0


def wrk() -> str:
    """wrk's path; installed from Debian's packages when missing (as .ci/run installs Chromium)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("bench: installing wrk from Debian's packages", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk") or "/usr/bin/wrk"


_SCRIPT = ROOT / ".cache" / "bench-wait.lua"
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def drive(url: str, connections: int, seconds: int, rss: RssSampler | None = None) -> Load:
    """wrk against `url` (POST, JSON body): answers/s and latency percentiles."""
    _SCRIPT.parent.mkdir(parents=True, exist_ok=True)
    _SCRIPT.write_text(
        f"wrk.method = 'POST'\nwrk.body = '{BODY}'\nwrk.headers['Content-Type'] = 'application/json'\n"
    )
    command = [wrk(), f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    with rss or contextlib.nullcontext():
        out = subprocess.run(
            [*command, "-s", str(_SCRIPT), url], capture_output=True, text=True, check=True
        ).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    assert not bad, f"{url}: {bad.group(1)} answers were not 2xx\n{out}"
    errors = re.search(r"Socket errors: .*", out)
    assert not errors, f"{url}: {errors.group(0)}\n{out}"
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    return Load(
        connections=connections,
        rate=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        answers=int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        peak_rss_mb=rss.peak_mb if rss else 0.0,
    )


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(roots: list[int]) -> list[int]:
    """`roots` and every process below them."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


class RssSampler:
    """The summed RSS of a set of process trees, sampled every second while in the `with`; its peak."""

    def __init__(self, roots: list[int]) -> None:
        self._roots = roots
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def sample(self) -> float:
        return sum(_rss_kb(pid) for pid in descendants(self._roots)) / 1024

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self.peak_mb = max(self.peak_mb, self.sample())

    def __enter__(self) -> RssSampler:
        self.peak_mb = self.sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()


def jobsprint_workflow() -> dict:
    return bench_n8n.jobsprint_sets_workflow(response_mode="wait")


def n8n_workflow() -> dict:
    nodes = [
        bench_n8n._webhook("w0", PATH, response_mode="lastNode"),
        bench_n8n._set("w1", "s1", "a", "number", "={{ $json.body.qty + 1 }}"),
        bench_n8n._set("w2", "s2", "b", "number", "={{ $json.a + 1 }}"),
        bench_n8n._set("w3", "s3", "c", "number", "={{ $json.b + 1 }}"),
    ]
    return {"nodes": nodes, "connections": bench_n8n._chain(["Webhook", "s1", "s2", "s3"])}


@contextlib.contextmanager
def running_jobsprint(setup: Setup) -> Iterator[tuple[str, list[int], devctl.Instance]]:
    """The bench instance as `setup` says, the workflow active: its webhook URL, the pids of its
    programs, and the instance."""
    instance = dataclasses.replace(
        devctl.INSTANCES["bench"], workers=setup.workers, single_node=setup.single_node
    )
    devctl.up(instance)
    try:
        with httpx.Client(base_url=instance.gateway_url, timeout=30) as api:
            headers = bench.signed_up(api)
            url = instance.gateway_url + bench.active_webhook(api, headers, PATH, jobsprint_workflow())
            answer = api.post(url, content=BODY, headers={"content-type": "application/json"})
            assert answer.status_code == 200 and answer.json()["c"] == 6, answer.text
        pids = [pid for pid, name in bench._processes(instance).items() if name in _programs(instance)]
        yield url, pids, instance
    finally:
        devctl.down(instance)


def _programs(instance: devctl.Instance) -> set[str]:
    services = ("node",) if instance.single_node else devctl.SERVICES
    return {"gateway", *services, *(f"worker-{n}" for n in range(instance.workers))}


@contextlib.contextmanager
def running_n8n() -> Iterator[tuple[str, list[int]]]:
    binary = bench_n8n.install(N8N_VERSION, N8N_HOME, N8N_OVERRIDES)
    with bench_n8n.running_n8n(
        binary, "", engine=None, definitions={PATH: n8n_workflow()}, home=N8N_HOME
    ) as n8n:
        url = f"http://127.0.0.1:{bench_n8n.PORT}/webhook/{PATH}"
        answer = httpx.post(url, content=BODY, headers={"content-type": "application/json"}, timeout=30)
        assert answer.status_code == 200 and answer.json().get("c") == 6, answer.text
        yield url, [n8n.pid]


def breakdown(instance: devctl.Instance, url: str) -> None:
    """Jobsprint's figures behind the ratios: each process's CPU per execution and RSS under the
    32-caller load, and one caller's path hop by hop (docs/performance.md)."""
    meter = bench.CpuMeter(instance)
    programs = {pid: name for pid, name in meter.processes.items() if name in _programs(instance)}
    idle = {pid: _rss_kb(pid) / 1024 for pid in programs}
    peaks: dict[int, float] = dict.fromkeys(programs, 0.0)
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(1.0):
            for pid in programs:
                peaks[pid] = max(peaks[pid], sum(_rss_kb(p) for p in descendants([pid])) / 1024)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    load = drive(url, *LOADED)
    stop.set()
    sampler.join()
    spent = meter.spent()
    print(f"jobsprint under {LOADED[0]} callers ({load.rate:.0f} executions/s): CPU per execution and memory")
    print(f"  {'all processes':<28} {sum(spent.values()) / load.answers * 1000:6.2f} ms")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        pid = next((p for p, n in programs.items() if n == name), None)
        memory = f"   RSS idle {idle[pid]:4.0f} MB, under load {peaks[pid]:4.0f} MB" if pid else ""
        print(f"    {name:<26} {seconds / load.answers * 1000:6.2f} ms{memory}")
    print(f"  {'suite RSS':<28} idle {sum(idle.values()):4.0f} MB, under load {sum(peaks.values()):4.0f} MB")
    hops(instance, url)


def hops(instance: devctl.Instance, url: str, runs: int = 300) -> None:
    """One caller's waiting path, measured from outside the gateway: the trigger called as the
    gateway calls it, the execution row's timestamps (transaction starts, Postgres's clock, this
    machine's), the end's ring heard on Redis, and the whole answer through the gateway."""
    import grpc
    import orjson
    import psycopg
    import redis
    from jobsprint.api.workflows.v1 import workflows_pb2, workflows_pb2_grpc
    from jobsprint.common import redis_clients
    from jobsprint.common.identity import auth_metadata, service_principal
    from jobsprint.gateway.config import Settings as GatewaySettings

    env = devctl.environment(instance)
    with mock.patch.dict(os.environ, env):
        ring = GatewaySettings().key_ring()  # the key ring the gateway signs its calls with
    token = url.rsplit("/", 1)[1]
    channel = grpc.insecure_channel(f"127.0.0.1:{instance.grpc_port('workflows')}")
    stub = workflows_pb2_grpc.WorkflowsServiceStub(channel)
    client = redis.Redis.from_url(env["JOBSPRINT_REDIS_URL"])
    rings = client.pubsub(ignore_subscribe_messages=True)
    rings.subscribe(redis_clients.finished_channel(client))
    rings.get_message(timeout=1.0)
    marks = []
    request = workflows_pb2.TriggerWebhookRequest(
        token=token,
        method="POST",
        headers=[workflows_pb2.Header(name="content-type", value="application/json")],
        body=BODY.encode(),
    )
    for _ in range(runs):
        metadata = auth_metadata(service_principal(ring, service="gateway", workspace_id="", scopes=("run",)))
        called = time.time()
        run = stub.TriggerWebhook(request, metadata=metadata, timeout=5)
        replied = time.time()
        while True:
            message = rings.get_message(timeout=2.0)
            assert message is not None, "no ring within 2 s"
            if orjson.loads(message["data"])["id"] == run.execution_id:
                break
        marks.append((run.execution_id, called, replied, time.time()))
        time.sleep(0.005)
    rings.close()
    client.close()
    channel.close()
    database = devctl.PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + instance.database
    with psycopg.connect(database, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT id::text, created_at, started_at FROM executor.executions WHERE id = ANY(%s::uuid[])",
            ([m[0] for m in marks],),
        ).fetchall()
    stamps = {row[0]: (row[1].timestamp(), row[2].timestamp()) for row in rows}

    def p50(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:6.2f} ms"

    whole = drive(url, *SINGLE)
    print(f"one caller's waiting path, p50 of {runs} runs one at a time")
    print(f"  {'the answer through the gateway (wrk)':<76} {whole.p50_ms:6.2f} ms")
    print(
        f"  {'trigger called → ring heard (all but the gateway HTTP edge)':<76} {p50([m[3] - m[1] for m in marks])}"
    )
    print(
        f"    {'call → executor start transaction begins (workflows, its call to the executor)':<74} {p50([stamps[m[0]][0] - m[1] for m in marks])}"
    )
    print(
        f"    {'start transaction begins → reply back (commit, gRPC back twice)':<74} {p50([m[2] - stamps[m[0]][0] for m in marks])}"
    )
    print(
        f"    {'start transaction begins → worker take-over begins (outbox relay, broker)':<74} {p50([stamps[m[0]][1] - stamps[m[0]][0] for m in marks])}"
    )
    print(
        f"    {'take-over begins → end rung and heard (3 steps, checkpoint, commit)':<74} {p50([m[3] - stamps[m[0]][1] for m in marks])}"
    )


def _line(label: str, runs: list[Load]) -> str:
    rate = statistics.median(r.rate for r in runs)
    return (
        f"  {label:<26} {rate:>7.1f} executions/s  p50 {statistics.median(r.p50_ms for r in runs):>7.1f} ms"
        f"  p99 {statistics.median(r.p99_ms for r in runs):>7.1f} ms"
        + (
            f"  peak RSS {statistics.median(r.peak_rss_mb for r in runs):>5.0f} MB"
            if runs[0].peak_rss_mb
            else ""
        )
        + f"   (runs: {', '.join(f'{r.rate:.0f}/s' for r in runs)})"
    )


def main() -> dict[str, dict[int, list[Load]]]:
    print(
        f"webhook (wait) → set → set → set: {', '.join(setup.label for setup in SETUPS)} and n8n "
        f"{N8N_VERSION}, wrk {LOADED[0]} connections {LOADED[1]} s then {SINGLE[0]} connection "
        f"{SINGLE[1]} s, medians of {REPEATS} runs alternating with n8n's, {os.cpu_count()} cores",
        flush=True,
    )
    results: dict[str, dict[int, list[Load]]] = {"n8n": {}}
    with running_n8n() as (theirs, their_pids):
        drive(theirs, LOADED[0], 5)  # warm-up: connections, caches, JIT
        for setup in SETUPS:
            with running_jobsprint(setup) as (ours, our_pids, instance):
                drive(ours, LOADED[0], 5)
                targets = {setup.label: (ours, our_pids), "n8n": (theirs, their_pids)}
                for _ in range(REPEATS):
                    for name, (url, pids) in targets.items():
                        for connections, seconds in (LOADED, SINGLE):
                            sampler = RssSampler(pids) if connections == LOADED[0] else None
                            load = drive(url, connections, seconds, sampler)
                            results.setdefault(name, {}).setdefault(connections, []).append(load)
                if BREAKDOWN:
                    print(f"-- {setup.label}")
                    breakdown(instance, ours)
    for connections in (LOADED[0], SINGLE[0]):
        print(f"{connections} caller{'s' if connections > 1 else ''}")
        for name in results:
            print(_line(name, results[name][connections]))
        theirs_runs = results["n8n"][connections]
        for setup in SETUPS:
            mine = results[setup.label][connections]

            def ratio(field: str, a: list[Load] = mine, b: list[Load] = theirs_runs) -> float:
                return statistics.median(getattr(r, field) for r in a) / statistics.median(
                    getattr(r, field) for r in b
                )

            line = (
                f"  {'/ n8n, ' + setup.label.removeprefix('jobsprint '):<26} {ratio('rate'):>7.2f}x"
                f"        p50 {ratio('p50_ms'):>6.2f}x    p99 {ratio('p99_ms'):>6.2f}x"
            )
            if connections == LOADED[0]:
                line += f"    RSS {ratio('peak_rss_mb'):>5.2f}x"
            print(line)
    return results


if __name__ == "__main__":
    main()
