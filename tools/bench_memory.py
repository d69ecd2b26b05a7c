"""Issue 17's memory figures per program: resident memory of each process the speed yardstick
counts (tools/bench_speed.py: the gateway, the four services and 2 workers), idle after start-up
and at its peak under the yardstick's 32-connection load, split into anonymous and file-backed
pages (/proc/<pid>/status), and what importing each program's code costs on its own.

    python tools/bench_memory.py            # the bench instance, idle then under wrk, then stopped
    python tools/bench_memory.py imports    # RSS after import only, no instance
    python tools/bench_memory.py running URL   # the bench instance already up, URL its webhook

wrk runs niced (the machine is shared) for BENCH_MEMORY_SECONDS (15) seconds, as bench_speed
does. The table goes into docs/performance.md's "Memory" section by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_speed
import devctl

SECONDS = int(os.environ.get("BENCH_MEMORY_SECONDS", "15"))
# What `python -m jobsprint.<program>` imports before it serves (its __main__ without the call,
# lean_imports first as there).
ENTRYPOINTS = {
    "gateway": "jobsprint.gateway.app",
    "auth": "jobsprint.auth.bootstrap",
    "workflows": "jobsprint.workflows.bootstrap",
    "executor": "jobsprint.executor.bootstrap",
    "integrations": "jobsprint.integrations.bootstrap",
    "worker": "jobsprint.executor.bootstrap",
}
_STATUS_FIELDS = ("VmRSS", "RssAnon", "RssFile", "Pss")


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS, RssAnon and RssFile of `pid` in MB, and its proportional set size (Pss: a page
    shared by n processes counts 1/n; the summed RSS counts the shared libraries once per
    process). Zeros when it is gone."""
    found = dict.fromkeys(_STATUS_FIELDS, 0.0)
    try:
        for source in ("status", "smaps_rollup"):
            for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in found and value.strip():
                    found[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return found


def _table(title: str, rows: dict[str, dict[str, float]]) -> None:
    print(title)
    print(f"  {'program':<14} {'RSS':>6} {'anon':>6} {'file':>6} {'PSS':>6}")
    total = {field: sum(row.get(field, 0.0) for row in rows.values()) for field in _STATUS_FIELDS}
    for name, row in [*rows.items(), ("sum", total)]:
        print(
            f"  {name:<14} {row['VmRSS']:>6.1f} {row['RssAnon']:>6.1f} {row['RssFile']:>6.1f}"
            f" {row.get('Pss', 0.0):>6.1f}"
        )


def imports() -> None:
    """RSS of a fresh interpreter after importing each program's code."""
    probe = (
        "import importlib, sys; import jobsprint.common.lean_imports; importlib.import_module(sys.argv[1]); "
        "print(' '.join(l.split()[1] for l in open('/proc/self/status') "
        "if l.startswith(('VmRSS', 'RssAnon', 'RssFile'))), len(sys.modules))"
    )
    rows = {}
    for program, module in ENTRYPOINTS.items():
        if program == "worker":
            continue
        out = subprocess.run(
            [devctl.python(), "-c", probe, module], capture_output=True, text=True, check=True
        ).stdout.split()
        rss, anon, file, modules = (int(value) for value in out)
        rows[program] = {"VmRSS": rss / 1024, "RssAnon": anon / 1024, "RssFile": file / 1024}
        print(f"  {module}: {modules} modules")
    _table("after import (MB)", rows)


def programs(instance: devctl.Instance) -> dict[int, str]:
    """The pids and names of the programs measured: the gateway, the four services, the workers."""
    wanted = bench_speed._programs(instance)
    return {
        pid: name for pid, name in sorted(bench_speed.bench._processes(instance).items()) if name in wanted
    }


def _warm_up(url: str) -> None:
    """Connections, caches and lazily imported code warmed, as the yardstick's first run does."""
    bench_speed._SCRIPT.parent.mkdir(parents=True, exist_ok=True)
    bench_speed._SCRIPT.write_text(
        f"wrk.method = 'POST'\nwrk.body = '{bench_speed.BODY}'\n"
        "wrk.headers['Content-Type'] = 'application/json'\n"
    )
    subprocess.run(
        [bench_speed.wrk(), "-t2", "-c32", "-d5s", "-s", str(bench_speed._SCRIPT), url],
        capture_output=True,
        check=True,
    )


def measure(instance: devctl.Instance, url: str) -> None:
    """Idle, then peak under wrk, of every program of a running `instance`; `url` is its webhook."""
    names = programs(instance)
    pids = list(names)
    _table("idle after start-up (MB)", {names[pid]: memory_mb(pid) for pid in pids})
    _warm_up(url)
    peaks = {pid: dict.fromkeys(_STATUS_FIELDS, 0.0) for pid in pids}
    peak_sum = {"with gateway": 0.0, "without": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(1.0):
            now = {pid: memory_mb(pid) for pid in pids}
            total = sum(row["VmRSS"] for row in now.values())
            peak_sum["with gateway"] = max(peak_sum["with gateway"], total)
            counted = sum(row["VmRSS"] for pid, row in now.items() if names[pid] != "gateway")
            peak_sum["without"] = max(peak_sum["without"], counted)
            for pid, row in now.items():
                for field in _STATUS_FIELDS:
                    peaks[pid][field] = max(peaks[pid][field], row[field])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    load = bench_speed.drive(url, 32, SECONDS)
    stop.set()
    sampler.join()
    _table(f"peak under wrk 32 connections {SECONDS} s (MB)", {names[pid]: peaks[pid] for pid in pids})
    print(
        f"  peak of the summed RSS (the yardstick's figure): {peak_sum['with gateway']:.0f} MB; "
        f"without the gateway (what bench_speed counted before ADR-103): {peak_sum['without']:.0f} MB"
    )
    print(f"  {load.rate:.0f} executions/s, p50 {load.p50_ms:.1f} ms, p99 {load.p99_ms:.1f} ms")
    _table("after the load (MB)", {names[pid]: memory_mb(pid) for pid in pids})


def loaded() -> None:
    with bench_speed.running_jobsprint() as (url, _pids, instance):
        time.sleep(5)
        measure(instance, url)


if __name__ == "__main__":
    os.nice(10)  # wrk and this process inherit it; the suite's processes run under supervisord
    if sys.argv[1:2] == ["imports"]:
        imports()
    elif sys.argv[1:2] == ["running"]:  # an instance already up: running <webhook url>
        measure(devctl.INSTANCES["bench"], sys.argv[2])
    else:
        loaded()
