"""`jobsprint status`: every process with its health, version and uptime; Postgres, Redis and
RabbitMQ; queue depths and the oldest message's age; outbox lag. Healthy means every process
runs and answers its health check, every dependency answers, and the run queue has consumers.

Against the local stack (its supervisord, ports and databases, read-only) or, with `--url`,
against a deployed one through what it exposes: the gateway's `/healthz`, `/readyz` and
`/metrics`, and any further `/metrics` endpoints given with `--metrics` (ADR-075).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from jobsprint.console import probes
from jobsprint.console.stack import LocalStack, StackError

OUTBOX_SCHEMAS = ("executor", "workflows", "integrations")
OUTBOX_LAG_WARN_SECONDS = 30.0
QUEUE_AGE_WARN_SECONDS = 60.0
OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass
class Component:
    name: str
    kind: str  # service, worker, gateway
    state: str  # supervisord's state, or "remote"
    health: str  # ok | fail
    detail: str = ""
    version: str | None = None
    uptime_seconds: float | None = None
    pid: int | None = None


@dataclass
class Dependency:
    name: str
    health: str
    detail: str = ""


@dataclass
class QueueDepth:
    queue: str
    messages: int | None
    consumers: int | None
    oldest_age_seconds: float | None = None
    health: str = OK


@dataclass
class OutboxLag:
    schema: str
    lag_seconds: float | None
    rows: int | None = None
    health: str = OK


@dataclass
class Report:
    target: str
    components: list[Component] = field(default_factory=list)
    dependencies: list[Dependency] = field(default_factory=list)
    queues: list[QueueDepth] = field(default_factory=list)
    outbox: list[OutboxLag] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"healthy": self.healthy, **asdict(self)}

    def judge(self) -> None:
        """Name everything that makes the suite unhealthy (warnings do not)."""
        for c in self.components:
            if c.health != OK:
                self.problems.append(f"{c.name}: {c.detail or c.state}")
        for d in self.dependencies:
            if d.health != OK:
                self.problems.append(f"{d.name}: {d.detail}")
        for q in self.queues:
            if q.health == FAIL:
                self.problems.append(f"queue {q.queue}: no consumers (no worker takes runs)")


def _version_and_uptime(scrape: probes.Scrape) -> tuple[str | None, float | None]:
    version = None
    for labels, _value in scrape.labelled("jobsprint_build_info"):
        version = labels.get("version")
    started = scrape.first("process_start_time_seconds")
    return version, (time.time() - started) if started else None


def local(stack: LocalStack) -> Report:
    report = Report(target=f"local instance {stack.name!r} ({stack.gateway_url})")
    try:
        processes = stack.supervisor().processes()
    except StackError as exc:
        report.problems.append(str(exc))
        return report
    env = stack.environment()
    targets = stack.metrics_targets()
    with ThreadPoolExecutor(max_workers=12) as pool:
        scrapes = {name: pool.submit(probes.scrape, url) for name, url in targets.items()}
        health = {
            "gateway": pool.submit(probes.http_json, f"{stack.gateway_url}/readyz"),
            **{
                service: pool.submit(probes.grpc_serving, stack.grpc_port(service))
                for service in ("auth", "workflows", "executor", "integrations")
            },
        }
        postgres = pool.submit(probes.postgres, probes.libpq(env["EXECUTOR_DATABASE_URL"]))
        redis = pool.submit(probes.redis_ping, env["JOBSPRINT_REDIS_URL"])
        rabbit = pool.submit(probes.rabbitmq_queues, env["JOBSPRINT_AMQP_URL"])
        lags = {schema: pool.submit(_outbox_lag, env, schema) for schema in OUTBOX_SCHEMAS}
        oldest = pool.submit(_oldest_queued_age, env)
        for process in processes:
            scrape = scrapes[process.name].result() if process.name in scrapes else probes.Scrape(False)
            version, _uptime = _version_and_uptime(scrape)
            if process.name in health:
                probe = health[process.name].result()
                ok, detail = probe.ok, probe.detail
                if process.name == "gateway" and isinstance(probe.value, dict):
                    failing = [k for k, v in (probe.value.get("checks") or {}).items() if v != "ok"]
                    detail = f"readyz: {', '.join(failing)} failing" if failing else "ready"
            else:
                ok, detail = scrape.ok, "metrics answer" if scrape.ok else f"metrics: {scrape.detail}"
            running = process.state == "RUNNING"
            report.components.append(
                Component(
                    name=process.name,
                    kind="worker"
                    if process.group == "worker"
                    else ("gateway" if process.name == "gateway" else "service"),
                    state=process.state,
                    health=OK if running and ok else FAIL,
                    detail=detail if running else f"{process.state}: {process.description}",
                    version=version,
                    uptime_seconds=round(process.uptime_seconds, 1) if running else None,
                    pid=process.pid or None,
                )
            )
        pg = postgres.result()
        report.dependencies.append(Dependency("postgres", OK if pg.ok else FAIL, pg.detail))
        rd = redis.result()
        report.dependencies.append(Dependency("redis", OK if rd.ok else FAIL, rd.detail))
        mq = rabbit.result()
        report.dependencies.append(Dependency("rabbitmq", OK if mq.ok else FAIL, mq.detail))
        if mq.ok:
            age = oldest.result()
            for name, state in mq.value.items():
                depth = QueueDepth(name, state.messages, state.consumers)
                if name == "executor.run":
                    depth.oldest_age_seconds = age
                    depth.health = _queue_health(depth)
                report.queues.append(depth)
        for schema, future in lags.items():
            lag, rows = future.result()
            report.outbox.append(
                OutboxLag(
                    schema, lag, rows, WARN if lag is not None and lag > OUTBOX_LAG_WARN_SECONDS else OK
                )
            )
    report.judge()
    return report


def _queue_health(depth: QueueDepth) -> str:
    if depth.consumers == 0:
        return FAIL
    if depth.oldest_age_seconds is not None and depth.oldest_age_seconds > QUEUE_AGE_WARN_SECONDS:
        return WARN
    return OK


def _outbox_lag(env: dict[str, str], schema: str) -> tuple[float | None, int | None]:
    """Age of the oldest unrelayed row of a service's outbox, read as that service's own role."""
    import psycopg

    try:
        with psycopg.connect(probes.libpq(env[f"{schema.upper()}_DATABASE_URL"]), connect_timeout=3) as conn:
            row = conn.execute(
                f"SELECT extract(epoch FROM now() - min(created_at)), count(*) FROM {schema}.outbox"
            ).fetchone()
    except psycopg.Error:
        return None, None
    if row is None:
        return None, None
    return (float(row[0]) if row[0] is not None else 0.0), int(row[1])


def _oldest_queued_age(env: dict[str, str]) -> float | None:
    from jobsprint.console import facts

    try:
        with facts.reading(env["EXECUTOR_DATABASE_URL"]) as connection:
            from jobsprint.executor.adapters import vitals

            return vitals.counts(connection).oldest_queued_age_seconds
    except Exception:
        return None


def remote(url: str, metrics: list[str]) -> Report:
    """A deployed suite, through the gateway's health and metrics and any `/metrics` given."""
    base = url.rstrip("/")
    report = Report(target=base)
    with ThreadPoolExecutor(max_workers=8) as pool:
        live = pool.submit(probes.http_json, f"{base}/healthz")
        ready = pool.submit(probes.http_json, f"{base}/readyz")
        gateway_metrics = pool.submit(probes.scrape, f"{base}/metrics")
        others = {target: pool.submit(probes.scrape, target) for target in metrics}
    liveness, readiness = live.result(), ready.result()
    scrape = gateway_metrics.result()
    version, uptime = _version_and_uptime(scrape)
    checks: dict[str, str] = {}
    if isinstance(readiness.value, dict):
        checks = dict(readiness.value.get("checks") or {})
    report.components.append(
        Component(
            "gateway",
            "gateway",
            "remote",
            OK if liveness.ok and readiness.ok else FAIL,
            "ready" if readiness.ok else f"readyz: {readiness.detail}",
            version,
            uptime,
        )
    )
    for service in ("auth", "workflows", "executor", "integrations"):
        if service in checks:
            report.components.append(
                Component(
                    service,
                    "service",
                    "remote",
                    OK if checks[service] == "ok" else FAIL,
                    f"gateway's readiness check: {checks[service]}",
                )
            )
    if "redis" in checks:
        report.dependencies.append(
            Dependency("redis", OK if checks["redis"] == "ok" else FAIL, "from the gateway")
        )
    for target, future in others.items():
        extra = future.result()
        version, uptime = _version_and_uptime(extra)
        process_name = next(
            (labels.get("service") for labels, _v in extra.labelled("jobsprint_build_info")), None
        )
        report.components.append(
            Component(
                process_name or target,
                "metrics",
                "remote",
                OK if extra.ok else FAIL,
                target if extra.ok else f"{target}: {extra.detail}",
                version,
                uptime,
            )
        )
        if not extra.ok:
            continue
        for labels, value in extra.labelled("jobsprint_dependency_up"):
            name = labels.get("dependency", "?")
            if all(d.name != name for d in report.dependencies):
                report.dependencies.append(
                    Dependency(name, OK if value == 1 else FAIL, "from the executor's vitals")
                )
        ages = {
            labels.get("queue"): value
            for labels, value in extra.labelled("jobsprint_queue_oldest_message_age_seconds")
        }
        consumers = {
            labels.get("queue"): value for labels, value in extra.labelled("jobsprint_queue_consumers")
        }
        for labels, value in extra.labelled("jobsprint_queue_messages"):
            queue = labels.get("queue", "?")
            depth = QueueDepth(queue, int(value), int(consumers.get(queue, 0)), ages.get(queue))
            if queue == "executor.run":
                depth.health = _queue_health(depth)
            report.queues.append(depth)
        for labels, value in extra.labelled("jobsprint_outbox_lag_seconds"):
            report.outbox.append(
                OutboxLag(
                    labels.get("schema", "?"), value, None, WARN if value > OUTBOX_LAG_WARN_SECONDS else OK
                )
            )
    report.judge()
    return report
