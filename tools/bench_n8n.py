"""The yardstick, measured on this machine: n8n running the same workflows as Jobsprint, so that
Jobsprint's speed is quoted as a ratio rather than against a figure from another machine.

`make bench-n8n` installs n8n 1.123 (the last line that runs on Node 20) into `.cache/n8n` on first
use, with npm from the public registry, and starts it beside the `bench` instance. For each
workflow — the issue's benchmark (webhook → set → if → set → http_request to a local server) and
the issue's yardstick (webhook → set → set → set) — it alternates bursts of BENCH_EXECUTIONS
webhook calls from BENCH_CALLERS callers to each, REPEATS times, and prints executions/s
(median), run → finished latency, CPU per execution (n8n and its Postgres backends; the whole
suite, RabbitMQ and Redis included, for Jobsprint) and the ratio.

n8n runs as one instance in regular mode on Postgres, saving every execution's data (its
defaults), its webhooks answering at once ("onReceived") as Jobsprint's async webhooks do; first
with the expression engine it used before its isolated-vm sandbox (its fastest), then with that
sandbox, its default since 1.12x.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).parent))
import bench
import devctl

ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / ".cache" / "n8n"
N8N_VERSION = "1.123.81"
PORT = int(os.environ.get("N8N_BENCH_PORT", "25678"))
DATABASE = "n8n_bench"
REPEATS = 3
EXECUTIONS = int(os.environ.get("BENCH_EXECUTIONS", "300"))
CALLERS = int(os.environ.get("BENCH_CALLERS", "8"))


def install(version: str = N8N_VERSION, home: Path = HOME, overrides: dict[str, str] | None = None) -> Path:
    """n8n `version` installed with npm into `home` (once); its binary."""
    binary = home / "node_modules" / ".bin" / "n8n"
    package = {
        "name": "n8n-bench",
        "private": True,
        "dependencies": {"n8n": version},
        # Not on the npm registry (xlsx) or not building on Node 20 (isolated-vm 6): the versions
        # the registry has that do. Neither is on the path of these workflows.
        "overrides": overrides if overrides is not None else {"xlsx": "0.18.5", "isolated-vm": "5.0.4"},
    }
    manifest = home / "package.json"
    if binary.exists() and manifest.exists() and json.loads(manifest.read_text()) == package:
        return binary
    home.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(package, indent=1))
    print(f"bench: installing n8n {version} into {home} with npm (several minutes, once)", flush=True)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=home, check=True)
    return binary


def _node(id_: str, name: str, type_: str, version: float, parameters: dict, **extra: object) -> dict:
    return {
        "id": id_,
        "name": name,
        "type": f"n8n-nodes-base.{type_}",
        "typeVersion": version,
        "position": [0, 0],
        "parameters": parameters,
        **extra,
    }


def _set(id_: str, name: str, field: str, kind: str, value: str) -> dict:
    assignment = {"id": f"{id_}v", "name": field, "type": kind, "value": value}
    return _node(
        id_,
        name,
        "set",
        3.4,
        {"mode": "manual", "assignments": {"assignments": [assignment]}, "includeOtherFields": True},
    )


def _webhook(id_: str, path: str, response_mode: str = "onReceived") -> dict:
    parameters = {"httpMethod": "POST", "path": path, "responseMode": response_mode, "options": {}}
    return _node(
        id_, "Webhook", "webhook", 2, parameters, webhookId=str(uuid.uuid5(uuid.NAMESPACE_URL, path))
    )


def _chain(names: list[str]) -> dict:
    return {a: {"main": [[{"node": b, "type": "main", "index": 0}]]} for a, b in itertools.pairwise(names)}


def workflows(target: str) -> dict[str, dict]:
    """The two workflows, n8n's format, keyed by webhook path."""
    condition = {
        "id": "c1",
        "leftValue": "={{ $json.total }}",
        "rightValue": 10,
        "operator": {"type": "number", "operation": "gt"},
    }
    issue_nodes = [
        _webhook("i1", "bench-issue"),
        _set("i2", "price", "total", "number", "={{ $json.body.qty * 2 }}"),
        _node(
            "i3",
            "big",
            "if",
            2.2,
            {"conditions": {"options": {"version": 2}, "conditions": [condition], "combinator": "and"}},
        ),
        _set("i4", "label", "label", "string", "big"),
        _node("i5", "notify", "httpRequest", 4.2, {"method": "POST", "url": target, "options": {}}),
    ]
    issue_connections = _chain(["Webhook", "price"]) | _chain(["label", "notify"])
    issue_connections["price"] = {"main": [[{"node": "big", "type": "main", "index": 0}]]}
    issue_connections["big"] = {"main": [[{"node": "label", "type": "main", "index": 0}], []]}
    sets_nodes = [
        _webhook("s0", "bench-sets"),
        _set("s1", "s1", "a", "number", "={{ $json.body.qty + 1 }}"),
        _set("s2", "s2", "b", "number", "={{ $json.a + 1 }}"),
        _set("s3", "s3", "c", "number", "={{ $json.b + 1 }}"),
    ]
    return {
        "bench-issue": {"nodes": issue_nodes, "connections": issue_connections},
        "bench-sets": {"nodes": sets_nodes, "connections": _chain(["Webhook", "s1", "s2", "s3"])},
    }


def jobsprint_sets_workflow(response_mode: str = "async") -> dict:
    """The yardstick in Jobsprint's format: webhook → set → set → set."""
    nodes: list[dict] = [
        {
            "id": "start",
            "type": "trigger.webhook",
            "parameters": {"method": "POST", "response_mode": response_mode},
        }
    ]
    for n, (field, source) in enumerate(
        (("a", "input.qty"), ("b", "steps.s1.output.a"), ("c", "steps.s2.output.b"))
    ):
        nodes.append(
            {
                "id": f"s{n + 1}",
                "type": "core.set",
                "parameters": {"values": {field: f"{{{{ {source} + 1 }}}}"}},
            }
        )
    edges = [{"from": a["id"], "to": b["id"]} for a, b in itertools.pairwise(nodes)]
    return {"nodes": nodes, "edges": edges}


def _environment(home: Path = HOME) -> dict[str, str]:
    return {
        **os.environ,
        "DB_TYPE": "postgresdb",
        "DB_POSTGRESDB_HOST": "127.0.0.1",
        "DB_POSTGRESDB_PORT": "5432",
        "DB_POSTGRESDB_DATABASE": DATABASE,
        "DB_POSTGRESDB_USER": "postgres",
        "DB_POSTGRESDB_PASSWORD": "",
        "N8N_USER_FOLDER": str(home / "home"),
        "N8N_PORT": str(PORT),
        "N8N_LISTEN_ADDRESS": "127.0.0.1",
        "N8N_DIAGNOSTICS_ENABLED": "false",
        "N8N_VERSION_NOTIFICATIONS_ENABLED": "false",
        "N8N_TEMPLATES_ENABLED": "false",
        "N8N_LOG_LEVEL": "warn",
        "N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS": "false",
        "EXECUTIONS_MODE": "regular",
    }


def _admin() -> psycopg.Connection:
    return psycopg.connect(devctl.PG_ADMIN_URL, autocommit=True)


def _database_url() -> str:
    return devctl.PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + DATABASE


@contextlib.contextmanager
def running_n8n(
    binary: Path,
    target: str,
    *,
    engine: str | None,
    definitions: dict[str, dict] | None = None,
    home: Path = HOME,
):
    """n8n started on a new database with `definitions` (by default this module's two workflows,
    keyed by webhook path) imported and active; `engine` is N8N_EXPRESSION_ENGINE (None: as
    shipped)."""
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    shutil.rmtree(home / "home", ignore_errors=True)
    env = _environment(home) | ({"N8N_EXPRESSION_ENGINE": engine} if engine else {})
    definitions = definitions if definitions is not None else workflows(target)
    exported = [
        {
            "id": f"bench{n:011d}",
            "name": path,
            "active": False,
            "settings": {"executionOrder": "v1"},
            **definition,
        }
        for n, (path, definition) in enumerate(definitions.items())
    ]
    (home / "workflows.json").write_text(json.dumps(exported))
    log = open(home / "n8n.log", "ab")  # noqa: SIM115 (closed below)
    # n8n 2 publishes each workflow (`publish:workflow`); 1.x activates them all at once.
    if (home / "node_modules" / "n8n" / "dist" / "commands" / "publish").is_dir():
        activate = [["publish:workflow", f"--id={workflow['id']}"] for workflow in exported]
    else:
        activate = [["update:workflow", "--all", "--active=true"]]
    for command in (["import:workflow", f"--input={home / 'workflows.json'}"], *activate):
        subprocess.run([str(binary), *command], env=env, stdout=log, stderr=log, check=True)
    process = subprocess.Popen([str(binary), "start"], env=env, stdout=log, stderr=log)
    try:
        # n8n registers each active workflow's webhook as it starts: wait for every one.
        deadline = time.monotonic() + 120
        waiting = set(definitions)
        while waiting:
            assert process.poll() is None, f"n8n exited; see {home / 'n8n.log'}"
            for path in sorted(waiting):
                with contextlib.suppress(httpx.HTTPError):
                    answer = httpx.post(f"http://127.0.0.1:{PORT}/webhook/{path}", json={"qty": 0})
                    if answer.status_code == 200:
                        waiting.discard(path)
            assert time.monotonic() < deadline, (
                f"n8n's webhooks {sorted(waiting)} never answered; see {home / 'n8n.log'}"
            )
            time.sleep(0.5)
        yield process
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
        if process.poll() is None:
            process.kill()
        log.close()


def _finished_after(connection: psycopg.Connection, path: str, after: int, count: int) -> list[tuple]:
    """(status, startedAt, stoppedAt) of the `count` executions of `path`'s workflow after id `after`."""
    while True:
        rows = connection.execute(
            'SELECT e.status, e."startedAt", e."stoppedAt" FROM execution_entity e'
            ' JOIN workflow_entity w ON w.id = e."workflowId"'
            ' WHERE w.name = %s AND e.id > %s AND e."stoppedAt" IS NOT NULL',
            (path, after),
        ).fetchall()
        if len(rows) >= count:
            return rows
        time.sleep(0.2)


def _processes(n8n: subprocess.Popen) -> dict[int, str]:
    found = {n8n.pid: "n8n"}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if cmdline.startswith("postgres:") and f" {DATABASE} " in cmdline:
                found[int(entry.name)] = "postgres (n8n)"
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[1]) == n8n.pid:  # n8n's own children (task runner)
                found[int(entry.name)] = "n8n"
    return found


def burst_n8n(n8n: subprocess.Popen, path: str, executions: int, callers: int) -> dict:
    with psycopg.connect(_database_url(), autocommit=True) as connection:
        after = connection.execute("SELECT coalesce(max(id), 0) FROM execution_entity").fetchone()[0]
        processes = _processes(n8n)
        before = {pid: bench._cpu_seconds(pid) for pid in processes}
        started, _answers = bench.post_all(
            "127.0.0.1", PORT, f"/webhook/{path}", {}, executions=executions, callers=callers
        )
        rows = _finished_after(connection, path, after, executions)
    cpu = sum(max(0.0, bench._cpu_seconds(pid) - before[pid]) for pid in processes)
    assert {row[0] for row in rows} == {"success"}, {row[0] for row in rows}
    ends = [row[2].timestamp() for row in rows]
    return {
        "rate": executions / (max(ends) - started),
        "e2e": [(row[2] - row[1]).total_seconds() for row in rows],
        "cpu_ms": cpu / executions * 1000,
    }


def _report(label: str, results: list[dict]) -> float:
    rate = statistics.median(r["rate"] for r in results)
    e2e = [v for r in results for v in r["e2e"]]
    runs = ", ".join(str(round(r["rate"])) for r in results)
    print(
        f"{label:<44} median {rate:>6.0f} executions/s (runs: {runs})"
        f"  run → finished p50 {bench._percentile(e2e, 0.5) * 1000:.1f} ms  p99 {bench._percentile(e2e, 0.99) * 1000:.1f} ms"
        f"  CPU {statistics.median(r['cpu_ms'] for r in results):.1f} ms/execution"
    )
    return rate


@contextlib.contextmanager
def running_jobsprint(target: str):
    """The bench instance, 2 workers, with both workflows active: a burst function per path."""
    instance = dataclasses.replace(devctl.INSTANCES["bench"], workers=2)
    database_url = devctl.PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + instance.database
    devctl.up(instance)
    try:
        with httpx.Client(base_url=instance.gateway_url, timeout=30) as api:
            headers = bench.signed_up(api)
            urls = {
                "bench-issue": bench.active_webhook(
                    api, headers, "bench-issue", bench.issue_workflow(target)
                ),
                "bench-sets": bench.active_webhook(api, headers, "bench-sets", jobsprint_sets_workflow()),
            }

            def burst(path: str, executions: int) -> dict:
                meter = bench.CpuMeter(instance)
                result = bench._burst(api, urls[path], headers, executions, CALLERS, database_url)
                cpu = sum(meter.spent().values())
                return {**result, "cpu_ms": cpu / executions * 1000}

            yield burst
    finally:
        devctl.down(instance)


PATHS = ("bench-issue", "bench-sets")
LABELS = {"bench-issue": "webhook → set → if → set → http", "bench-sets": "webhook → set → set → set"}


def main() -> None:
    print(
        f"n8n {N8N_VERSION} and jobsprint on this machine, {CALLERS} callers, medians of {REPEATS} runs"
        f" of {EXECUTIONS} executions, {os.cpu_count()} cores; both suites up at once, runs alternating"
    )
    target, server = bench._local_target()
    binary = install()
    ours: dict[str, float] = {}
    try:
        # n8n's fastest configuration: the expression engine it shipped before the isolated-vm
        # sandbox became its default (N8N_EXPRESSION_ENGINE=legacy), on Postgres.
        with running_jobsprint(target) as jobsprint, running_n8n(binary, target, engine="legacy") as n8n:
            for path in PATHS:
                burst_n8n(n8n, path, 50, CALLERS)  # warm-up
                jobsprint(path, 50)
                theirs, mine = [], []
                for _ in range(REPEATS):
                    theirs.append(burst_n8n(n8n, path, EXECUTIONS, CALLERS))
                    mine.append(jobsprint(path, EXECUTIONS))
                print(LABELS[path])
                legacy = _report("  n8n (legacy expression engine)", theirs)
                ours[path] = _report("  jobsprint (2 workers)", mine)
                cpu = statistics.median(r["cpu_ms"] for r in theirs) / statistics.median(
                    r["cpu_ms"] for r in mine
                )
                print(
                    f"{'  ratio jobsprint / n8n':<44} {ours[path] / legacy:>6.2f} times the executions/s,"
                    f" {cpu:.2f} times less CPU per execution"
                )
        # n8n's default since its expression sandbox (isolated-vm): far slower, so fewer runs.
        with running_n8n(binary, target, engine="vm") as n8n:
            for path in PATHS:
                burst_n8n(n8n, path, 10, CALLERS)
                default = _report(
                    f"n8n default (vm) engine, {LABELS[path]}",
                    [burst_n8n(n8n, path, EXECUTIONS // 5, CALLERS) for _ in range(REPEATS)],
                )
                print(f"{'  ratio jobsprint / n8n (vm)':<44} {ours[path] / default:>6.2f} times")
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
