"""Running a workflow definition: which node runs next, with what data, and what it produced.

The engine is pure: it is given the steps already checkpointed and a `checkpoint` callback,
and it calls `checkpoint` after every step, so a run that is interrupted and started again
carries on after the last completed step instead of repeating it. It calls `before_side_effect`
before a node that acts on the outside world, so a caller that batches checkpoints can make
them durable first.

A run can also stop short of the end without failing: a node that failed with a retryable error
and has attempts left, or a `core.wait` whose time has not come, ends the run with status
`waiting` and a `Resume` that says which node to go on with, at which attempt, and when. The
caller stores it and arranges to be woken then (delayed redelivery); the next run is given the
`Resume` back. The engine never sleeps, so a waiting execution holds no worker.
"""

from __future__ import annotations

import random as _random
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from jobsprint.common.definitions import ERROR_OUTPUT, MAIN_OUTPUT, Definition, Node
from jobsprint.executor.domain import expressions
from jobsprint.executor.domain.nodes import (
    CATALOGUE,
    EXPRESSION,
    OUTPUT_TOO_LARGE,
    TIMEOUT,
    TRANSIENT_KINDS,
    NodeCall,
    NodeFailure,
    NodeResult,
)

SUCCEEDED, FAILED, SKIPPED, WAITING = "succeeded", "failed", "skipped", "waiting"
RETRY, WAIT = "retry", "wait"
# A wake-up this close to its due time counts as due: delayed redelivery is not millisecond-exact.
WAKE_TOLERANCE = timedelta(0)  # a wait never ends early; a wake-up a little early sleeps on
DEFAULT_TIMEOUT_SECONDS = 300.0


@dataclass(frozen=True)
class StepRecord:
    node_id: str
    node_type: str
    status: str
    output: Any = None
    port: str | None = None
    error: str = ""
    attempts: int = 0
    started_at: datetime | None = None


@dataclass(frozen=True)
class Resume:
    """Where a waiting execution goes on: `node_id` at `attempt`, once `until` has passed."""

    node_id: str
    kind: str  # RETRY or WAIT
    attempt: int
    until: datetime
    error: str = ""
    token: str = field(default_factory=lambda: str(uuid.uuid4()))

    def to_json(self) -> dict[str, Any]:
        return {
            "node_id": self.node_id,
            "kind": self.kind,
            "attempt": self.attempt,
            "until": self.until.isoformat(),
            "error": self.error,
            "token": self.token,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Resume:
        return cls(
            node_id=raw["node_id"],
            kind=raw["kind"],
            attempt=int(raw["attempt"]),
            until=datetime.fromisoformat(raw["until"]),
            error=raw.get("error", ""),
            token=raw["token"],
        )


@dataclass(frozen=True)
class Outcome:
    status: str
    output: Any
    error: str = ""
    resume: Resume | None = None


@dataclass(frozen=True)
class RunContext:
    execution_id: str
    workflow_id: str
    started_at: str
    input: Any
    # A webhook run's request: {"method", "headers", "query"}; `request` in expressions.
    request: Any = None


class StepLimitExceeded(Exception):
    pass


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 1
    backoff_seconds: float = 1.0
    max_backoff_seconds: float = 300.0
    retry_on: frozenset[str] = frozenset(TRANSIENT_KINDS)

    def delay(self, failed_attempt: int, rand: Callable[[], float]) -> float:
        """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^(n-1)))."""
        ceiling = min(self.max_backoff_seconds, self.backoff_seconds * 2 ** (failed_attempt - 1))
        return rand() * ceiling

    def retries(self, kind: str) -> bool:
        return "*" in self.retry_on or kind in self.retry_on


def retry_policy(node: Node) -> RetryPolicy:
    """The node's retry policy; ValueError naming the field when it is malformed."""
    raw = dict(node.retry or {})
    unknown = set(raw) - {"max_attempts", "backoff_seconds", "max_backoff_seconds", "retry_on"}
    if unknown:
        raise ValueError(f"node {node.id!r}: unknown retry field(s) {sorted(unknown)}")
    try:
        policy = RetryPolicy(
            max_attempts=int(raw.get("max_attempts", 1)),
            backoff_seconds=float(raw.get("backoff_seconds", 1.0)),
            max_backoff_seconds=float(raw.get("max_backoff_seconds", 300.0)),
            retry_on=frozenset(raw.get("retry_on", TRANSIENT_KINDS)),
        )
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"node {node.id!r}: retry must hold numbers and a list of error kinds: {exc}"
        ) from exc
    if not 1 <= policy.max_attempts <= 100:
        raise ValueError(f"node {node.id!r}: retry.max_attempts must be between 1 and 100")
    if policy.backoff_seconds < 0 or policy.max_backoff_seconds < 0:
        raise ValueError(f"node {node.id!r}: retry backoff must not be negative")
    return policy


class _Scope:
    """The expression scope, converted to CEL values once per step rather than once per use."""

    def __init__(self, ctx: RunContext) -> None:
        self.steps: dict[str, Any] = {}
        self.value = {
            "input": expressions.to_cel(ctx.input),
            "request": expressions.to_cel(ctx.request or {}),
            "steps": self.steps,
            "execution": {
                "id": ctx.execution_id,
                "workflow_id": ctx.workflow_id,
                "started_at": ctx.started_at,
            },
        }

    def add(self, step: StepRecord) -> None:
        if step.status != SKIPPED:
            self.steps[step.node_id] = {"output": expressions.to_cel(step.output), "status": step.status}


def _attempt(
    node: Node, data: Any, scope: _Scope, call: NodeCall, *, max_output_bytes: int
) -> tuple[NodeResult | None, NodeFailure | None]:
    node_type = CATALOGUE.get(node.type)
    if node_type is None:
        return None, NodeFailure(f"node type {node.type!r} is not supported")
    started = time.monotonic()
    try:
        parameters = {
            name: value
            if name in node_type.raw_parameters
            else expressions.render(value, scope.value, parameter=name)
            for name, value in node.parameters.items()
        }
    except expressions.ExpressionError as exc:
        return None, NodeFailure(str(exc), kind=EXPRESSION)
    try:
        result = node_type.run(parameters, data, call)
    except NodeFailure as exc:
        return None, exc
    if time.monotonic() - started > call.timeout_seconds:
        return None, NodeFailure(f"took longer than its timeout of {call.timeout_seconds:g}s", kind=TIMEOUT)
    if len(orjson.dumps(result.output, default=str)) > max_output_bytes:
        return None, NodeFailure(f"output larger than {max_output_bytes} bytes", kind=OUTPUT_TOO_LARGE)
    return result, None


def _inputs(definition: Definition, node_id: str, done: Mapping[str, StepRecord]) -> list[str]:
    """Sources whose output reached `node_id` (in definition order of the edges)."""
    sources: list[str] = []
    for edge in definition.incoming(node_id):
        step = done.get(edge.source)
        if (
            step is not None
            and step.status != SKIPPED
            and step.port == edge.output
            and edge.source not in sources
        ):
            sources.append(edge.source)
    return sources


def run(
    definition: Definition,
    ctx: RunContext,
    *,
    completed: Mapping[str, StepRecord],
    checkpoint: Callable[[StepRecord], None],
    before_side_effect: Callable[[], None] = lambda: None,
    resume: Resume | None = None,
    max_steps: int = 1000,
    max_output_bytes: int = 1024 * 1024,
    default_timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    deadline: datetime | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    rand: Callable[[], float] = _random.random,
) -> Outcome:
    done: dict[str, StepRecord] = dict(completed)
    scope = _Scope(ctx)
    for step in done.values():
        scope.add(step)
    last_ran: str | None = None
    for node_id in definition.topological_order():
        if node_id in done:
            if done[node_id].status != SKIPPED:
                last_ran = node_id
            if done[node_id].status == FAILED and not _routes_errors(definition, node_id):
                return Outcome(FAILED, None, done[node_id].error)
            continue
        if len(done) >= max_steps:
            raise StepLimitExceeded(f"the execution exceeded {max_steps} steps")
        if deadline is not None and now() > deadline:
            return Outcome(
                FAILED, None, f"the execution ran past its maximum duration (until {deadline:%H:%M:%S})"
            )
        node = definition.node(node_id)
        node_type = CATALOGUE.get(node.type)
        if node.is_trigger:
            step = StepRecord(node.id, node.type, SUCCEEDED, output=ctx.input, port=MAIN_OUTPUT, attempts=1)
        else:
            sources = _inputs(definition, node_id, done)
            wanted = {e.source for e in definition.incoming(node_id)}
            merges_all = (
                node_type is not None and node_type.merges and node.parameters.get("mode", "all") == "all"
            )
            if not sources or (merges_all and len(sources) < len(wanted)):
                step = StepRecord(node.id, node.type, SKIPPED)
            else:
                data = (
                    {source: done[source].output for source in sources}
                    if node_type is not None and node_type.merges
                    else done[sources[0]].output
                )
                pending = resume if resume is not None and resume.node_id == node_id else None
                if pending is not None and now() + WAKE_TOLERANCE < pending.until:
                    return Outcome(WAITING, None, pending.error, resume=pending)  # woken early: sleep on
                attempt = pending.attempt if pending is not None else 1
                started_at = now()
                if pending is not None and pending.kind == WAIT:
                    step = StepRecord(
                        node.id, node.type, SUCCEEDED, data, MAIN_OUTPUT, "", attempt, started_at
                    )
                else:
                    timeout = node.timeout_seconds or default_timeout_seconds
                    call = NodeCall(ctx.execution_id, node.id, attempt, timeout)
                    if node_type is not None and node_type.side_effects:
                        before_side_effect()
                    result, failure = _attempt(node, data, scope, call, max_output_bytes=max_output_bytes)
                    if result is not None:
                        if result.wait_until is not None and now() + WAKE_TOLERANCE < result.wait_until:
                            return Outcome(
                                WAITING, None, resume=Resume(node.id, WAIT, attempt, result.wait_until)
                            )
                        step = StepRecord(
                            node.id, node.type, SUCCEEDED, result.output, result.port, "", attempt, started_at
                        )
                    else:
                        assert failure is not None
                        error = f"node {node.id!r}: {failure}"
                        policy = retry_policy(node)
                        if attempt < policy.max_attempts and policy.retries(failure.kind):
                            until = now() + timedelta(seconds=policy.delay(attempt, rand))
                            return Outcome(
                                WAITING, None, error, resume=Resume(node.id, RETRY, attempt + 1, until, error)
                            )
                        step = StepRecord(
                            node.id,
                            node.type,
                            FAILED,
                            {"error": error, "kind": failure.kind},
                            ERROR_OUTPUT,
                            error,
                            attempt,
                            started_at,
                        )
        checkpoint(step)
        done[node_id] = step
        scope.add(step)
        if step.status != SKIPPED:
            last_ran = node_id
        if step.status == FAILED and not _routes_errors(definition, node_id):
            return Outcome(FAILED, None, step.error)
    output_node = definition.output_node or last_ran
    output = (
        done[output_node].output if output_node in done and done[output_node].status == SUCCEEDED else None
    )
    return Outcome(SUCCEEDED, output)


def _routes_errors(definition: Definition, node_id: str) -> bool:
    return any(e.output == ERROR_OUTPUT for e in definition.outgoing(node_id))
