"""Benchmarks that print figures (`make bench`). Each figure is the median of several runs.

1. expressions: CEL evaluations per second of a compiled, cached `{{ … }}` parameter.
2. engine: in-process runs per second of a 10-node workflow (no I/O).
3. end to end: executions per second through the whole suite (gateway → workflows → executor →
   outbox → RabbitMQ → 2 workers → Postgres), on the `bench` instance it starts and stops.
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
import devctl
from jobsprint.common import definitions
from jobsprint.executor.domain import engine, expressions

REPEATS = 5


def median_rate(label: str, unit: str, runs: list[float]) -> None:
    print(
        f"{label:<48} median {statistics.median(runs):>10,.0f} {unit}  (runs: {', '.join(f'{r:,.0f}' for r in runs)})"
    )


def bench_expressions() -> None:
    scope = {"input": expressions.to_cel({"qty": 3, "unit_price": 12.5})}
    runs = []
    for _ in range(REPEATS):
        n, started = 20_000, time.perf_counter()
        for _ in range(n):
            expressions.render("{{ input.qty * input.unit_price }}", scope)
        runs.append(n / (time.perf_counter() - started))
    median_rate("expression renders", "per second", runs)


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
    runs = []
    for _ in range(REPEATS):
        n, started = 2_000, time.perf_counter()
        for i in range(n):
            ctx = engine.RunContext(str(i), "wf", "2026-01-01T00:00:00Z", {"seed": i})
            engine.run(definition, ctx, completed={}, checkpoint=lambda _step: None)
        runs.append(n / (time.perf_counter() - started))
    median_rate("engine runs of a 10-node workflow (no I/O)", "per second", runs)


def bench_end_to_end(executions: int = 200) -> None:
    instance = devctl.INSTANCES["bench"]
    devctl.up(instance)
    try:
        with httpx.Client(base_url=instance.gateway_url, timeout=30) as api:
            email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
            api.post(
                "/v1/auth/register", json={"email": email, "password": "benchmark password"}
            ).raise_for_status()
            token = api.post("/v1/auth/login", json={"email": email, "password": "benchmark password"}).json()
            headers = {"Authorization": f"Bearer {token['access_token']}"}
            workflow = api.post(
                "/v1/workflows", json={"name": "bench", "definition": chain(3)}, headers=headers
            )
            workflow.raise_for_status()
            run_url = f"/v1/workflows/{workflow.json()['id']}/run"
            rates, latencies = [], []
            for _ in range(3):
                started = time.perf_counter()
                ids = []
                for seed in range(executions):
                    sent = time.perf_counter()
                    response = api.post(run_url, json={"input": {"seed": seed}}, headers=headers)
                    response.raise_for_status()
                    latencies.append(time.perf_counter() - sent)
                    ids.append(response.json()["execution_id"])
                for execution_id in ids:
                    while (
                        api.get(f"/v1/executions/{execution_id}", headers=headers).json()["status"]
                        != "succeeded"
                    ):
                        time.sleep(0.01)
                rates.append(executions / (time.perf_counter() - started))
            median_rate(f"end to end: {executions} runs of a 3-node workflow", "executions/s", rates)
            latencies.sort()
            print(
                f"{'  POST /run latency':<48} median {statistics.median(latencies) * 1000:>10.1f} ms"
                f"  (p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms)"
            )
    finally:
        devctl.down(instance)


if __name__ == "__main__":
    print(f"jobsprint bench — medians of {REPEATS} runs (3 for end to end), 2 cores")
    bench_expressions()
    bench_engine()
    bench_end_to_end()
