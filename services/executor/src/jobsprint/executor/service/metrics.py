"""The executor's counters an on-call engineer reads (ADR-076): executions started and finished,
step durations by node type, take-overs, dead letters. Each costs a counter increment on the
worker's path; the gauges read from Postgres and RabbitMQ are in `adapters/vitals.py`, off that path.

Labels stay bounded: a node type label names a built-in type or `integration` (the integrations
service counts its own calls by connector), and the workflow label is empty unless
`EXECUTOR_METRICS_PER_WORKFLOW` is on (a workspace can create workflows without limit, and a
series per workflow per status per process grows with them)."""

from __future__ import annotations

from collections.abc import Container
from datetime import UTC, datetime

from jobsprint.executor.domain.engine import StepRecord
from prometheus_client import Counter, Histogram

STARTED = Counter(
    "jobsprint_executions_started_total",
    "Executions a worker started (their first take-over)",
    ["workflow_id"],
)
FINISHED = Counter(
    "jobsprint_executions_finished_total", "Executions that ended, by final status", ["status", "workflow_id"]
)
TAKEOVERS = Counter(
    "jobsprint_execution_takeovers_total",
    "Executions a worker took over after another worker's lease lapsed or was let go mid-run",
)
DEAD_LETTERED = Counter("jobsprint_dead_letters_total", "Executions dead-lettered, by reason", ["reason"])
STEP_SECONDS = Histogram(
    "jobsprint_step_duration_seconds",
    "Time from a step's start to its checkpoint, by node type",
    ["node_type"],
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300),
)


def node_type_label(node_type: str, known: Container[str]) -> str:
    if node_type.startswith("integration."):
        return "integration"
    return node_type if node_type in known else "other"


def observe_step(step: StepRecord, known: Container[str]) -> None:
    """A checkpointed step's duration (trigger and skipped steps have no start and are not timed)."""
    if step.started_at is not None:
        finished = step.finished_at or datetime.now(UTC)
        STEP_SECONDS.labels(node_type_label(step.node_type, known)).observe(
            (finished - step.started_at).total_seconds()
        )
