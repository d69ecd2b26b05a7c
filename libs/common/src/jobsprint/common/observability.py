"""Logging as JSON lines carrying trace ids, Prometheus metrics, and OpenTelemetry tracing."""

from __future__ import annotations

import logging
import sys
import threading
import time
from importlib import metadata
from typing import Any

import orjson
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased
from prometheus_client import Gauge, start_http_server

BUILD_INFO = Gauge(
    "jobsprint_build_info",
    "Always 1: the process's service and version (for `jobsprint status`)",
    ["service", "version"],
)


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "service": self._service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            entry["trace_id"] = format(span.trace_id, "032x")
            entry["span_id"] = format(span.span_id, "016x")
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry).decode()


# An INFO line waits at most this long to be written with the lines after it.
LOG_FLUSH_SECONDS = 0.1


class BatchingHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes its lines in batches, not one write per line (ADR-112): a line is formatted when it
    is logged (with the trace of the thread that logged it) and written with the others at most
    `flush_seconds` later, by a thread of the handler's; a WARNING or worse is written at once,
    after the lines before it; whatever is left is written when logging shuts down (at exit).
    One line an execution was one write, and one wake-up of the process reading the pipe
    (supervisord locally, the container runtime in Kubernetes), for each."""

    def __init__(self, stream: Any, flush_seconds: float = LOG_FLUSH_SECONDS) -> None:
        super().__init__(stream)
        self._flush_seconds = flush_seconds
        self._pending: list[str] = []
        self._due = threading.Event()
        threading.Thread(target=self._flush_forever, name="log-flush", daemon=True).start()

    def emit(self, record: logging.LogRecord) -> None:
        # Called under the handler's lock (`Handler.handle`).
        try:
            self._pending.append(self.format(record))
            if record.levelno >= logging.WARNING:
                self._write()
            elif len(self._pending) == 1:
                self._due.set()
        except Exception:
            self.handleError(record)

    def flush(self) -> None:
        with self.lock:  # type: ignore[union-attr]  # made by Handler.__init__
            self._write()

    def _write(self) -> None:
        if self._pending:
            text = "\n".join(self._pending) + "\n"
            self._pending.clear()
            self.stream.write(text)
            self.stream.flush()

    def _flush_forever(self) -> None:
        while True:
            self._due.wait()
            self._due.clear()
            time.sleep(self._flush_seconds)
            try:
                self.flush()
            except Exception:
                # A write that failed (a closed stream at exit, a full disk) loses that batch,
                # not the thread: later lines are still written when the stream takes them.
                continue


def configure_logging(*, service: str, level: str) -> None:
    handler = BatchingHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    quiet_libraries()


# Libraries that log what the code calling them reports better. pika logs four ERROR lines for
# every failed connection attempt (a broker outage was hundreds a minute per process); the
# callers (`messaging`, the outbox relay) log the outage once per change of state with its
# reason (`retrying`), so only pika's CRITICAL lines get through.
QUIET_LOGGERS = {
    "pika": logging.CRITICAL,
    "httpx": logging.WARNING,
    "alembic.runtime.migration": logging.WARNING,
}


def quiet_libraries() -> None:
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


def configure_tracing(*, service: str, otlp_endpoint: str | None) -> None:
    """Spans are recorded and exported over OTLP when an endpoint is configured; otherwise every
    span is sampled out, which still makes and passes on trace ids (`tracing`, and the logs) but
    records nothing."""
    provider = TracerProvider(
        resource=Resource.create({"service.name": f"jobsprint-{service}"}),
        sampler=ParentBased(ALWAYS_ON) if otlp_endpoint else ALWAYS_OFF,
    )
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(
            BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint, insecure=True))
        )
    trace.set_tracer_provider(provider)


def serve_metrics(port: int, host: str = "127.0.0.1") -> None:
    """Prometheus `/metrics` on its own port (a daemon thread)."""
    if port:
        start_http_server(port, addr=host)


def record_build_info(service: str) -> None:
    """`jobsprint_build_info{service, version}`: the version of the service's distribution
    (`jobsprint-<service>`; `executor-worker` is the executor's)."""
    distribution = f"jobsprint-{service.split('-')[0]}"
    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        version = "unknown"
    BUILD_INFO.labels(service, version).set(1)


def bootstrap(
    *, service: str, log_level: str, otlp_endpoint: str | None, metrics_port: int, metrics_host: str
) -> None:
    record_build_info(service)
    configure_logging(service=service, level=log_level)
    configure_tracing(service=service, otlp_endpoint=otlp_endpoint)
    serve_metrics(metrics_port, metrics_host)
