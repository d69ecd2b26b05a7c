"""Small, bounded looks at the running suite: HTTP health endpoints, gRPC health checks,
Prometheus `/metrics`, and the dependencies (Postgres, Redis, RabbitMQ). Each answers quickly
or says why it could not; none raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Probe:
    ok: bool
    detail: str = ""
    value: Any = None


def http_json(url: str, *, timeout: float = TIMEOUT_SECONDS) -> Probe:
    try:
        response = httpx.get(url, timeout=timeout)
    except httpx.HTTPError as exc:
        return Probe(False, f"unreachable: {exc}")
    try:
        body = response.json()
    except ValueError:
        body = None
    return Probe(response.status_code == 200, f"HTTP {response.status_code}", body)


def grpc_serving(port: int, *, host: str = "127.0.0.1", timeout: float = TIMEOUT_SECONDS) -> Probe:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(f"{host}:{port}") as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=timeout
            )
        except grpc.RpcError as exc:
            return Probe(False, f"gRPC health: {exc.code().name}")  # type: ignore[attr-defined]
    serving = reply.status == health_pb2.HealthCheckResponse.SERVING
    return Probe(
        serving, "SERVING" if serving else health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
    )


@dataclass
class Scrape:
    """One `/metrics` page: each sample as (labels, value) under its sample name."""

    ok: bool
    detail: str = ""
    samples: dict[str, list[tuple[dict[str, str], float]]] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)  # metric family names, with or without samples

    def values(self, name: str, **labels: str) -> list[float]:
        return [
            value
            for sample_labels, value in self.samples.get(name, [])
            if all(sample_labels.get(k) == v for k, v in labels.items())
        ]

    def first(self, name: str, **labels: str) -> float | None:
        found = self.values(name, **labels)
        return found[0] if found else None

    def labelled(self, name: str) -> list[tuple[dict[str, str], float]]:
        return list(self.samples.get(name, []))


def scrape(url: str, *, timeout: float = TIMEOUT_SECONDS) -> Scrape:
    try:
        response = httpx.get(url, timeout=timeout)
    except httpx.HTTPError as exc:
        return Scrape(False, f"unreachable: {exc}")
    if response.status_code != 200:
        return Scrape(False, f"HTTP {response.status_code}")
    return parse_metrics(response.text)


def parse_metrics(text: str) -> Scrape:
    result = Scrape(True)
    for family in text_string_to_metric_families(text):
        result.names.add(family.name)
        for sample in family.samples:
            result.samples.setdefault(sample.name, []).append((dict(sample.labels), float(sample.value)))
    return result


def postgres(url: str) -> Probe:
    """A read-only round trip (`SELECT now()`) with a libpq URL (`postgresql://…`)."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=int(TIMEOUT_SECONDS) + 1) as connection:
            now = connection.execute("SELECT now()").fetchone()
    except psycopg.Error as exc:
        return Probe(False, f"unreachable: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
    return Probe(True, "answers", now[0] if now else None)


def redis_ping(url: str) -> Probe:
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
        )
        ok = bool(client.ping())
        client.close()
    except redis.RedisError as exc:
        return Probe(False, f"unreachable: {exc}")
    return Probe(ok, "PONG" if ok else "no answer")


def rabbitmq_queues(url: str) -> Probe:
    """The run queues' depths and consumers (`vitals.queue_states`), or why not."""
    import pika
    from jobsprint.common import messaging
    from jobsprint.executor.adapters import vitals

    try:
        connection = pika.BlockingConnection(messaging.connection_parameters(url))
    except messaging.CONNECTION_ERRORS as exc:
        return Probe(False, f"unreachable: {exc!r}")
    try:
        states = vitals.queue_states(connection.channel)
    finally:
        connection.close()
    return Probe(True, "answers", states)


def libpq(url: str) -> str:
    """A SQLAlchemy URL (`postgresql+psycopg://`) as libpq takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)
