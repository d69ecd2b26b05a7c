"""Running a workflow definition: which node runs next, with what data, and what it produced.

The engine is pure: it is given the steps already checkpointed and a `checkpoint` callback,
and it calls `checkpoint` after every step, so a run that is interrupted and started again
carries on after the last completed step instead of repeating it. It calls `before_side_effect`
before a node that acts on or waits on the outside world (`NodeType.blocking`), so a caller that
batches checkpoints can make them durable first, and holds no transaction open while it waits.

A run can also stop short of the end without failing: a node that failed with a retryable error
and has attempts left, a `core.wait` whose time has not come, or a `core.subworkflow` whose
called workflow has not finished, ends the run with status `waiting` and a `Resume` that says
which node to go on with, at which attempt, and when. The caller stores it and arranges to be
woken then (delayed redelivery, or the called workflow's end); the next run is given the
`Resume` back. The engine never sleeps, so a waiting execution holds no worker.

Independent branches run concurrently (ADR-034). A node is ready once every node it depends on
has a step: its predecessors in the graph, and every earlier node its expressions name
(`steps.<id>`; an expression that reaches `steps` in a way that cannot be read statically
depends on every earlier node). Ready nodes start in topological order. Nodes that wait on I/O
(`NodeType.blocking`) run in the caller's thread pool while other work is ready or running;
the others are quick and run in the engine's thread. A node sees only the steps it depends on,
so its input, its expressions and so its step are the same whatever the timing. Checkpoints,
`before_side_effect` and the decisions happen in the engine's thread only.
"""

from __future__ import annotations

import contextvars
import heapq
import random as _random
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from jobsprint.common.definitions import ERROR_OUTPUT, MAIN_OUTPUT, Definition, Node
from jobsprint.executor.domain import expressions
from jobsprint.executor.domain.nodes import (
    ERROR,
    OUTPUT_TOO_LARGE,
    TIMEOUT,
    TRANSIENT_KINDS,
    ChildStart,
    NodeCall,
    NodeFailure,
    NodeResult,
    NodeType,
)
from jobsprint.executor.domain.nodes import SUBWORKFLOW as SUBWORKFLOW_FAILURE
from jobsprint.executor.domain.sandboxing import Sandbox

SUCCEEDED, FAILED, SKIPPED, WAITING = "succeeded", "failed", "skipped", "waiting"
CANCELLED = "cancelled"
RETRY, WAIT, SUBWORKFLOW = "retry", "wait", "subworkflow"
# A wake-up this close to its due time counts as due: delayed redelivery is not millisecond-exact.
WAKE_TOLERANCE = timedelta(0)  # a wait never ends early; a wake-up a little early sleeps on
DEFAULT_TIMEOUT_SECONDS = 300.0
# Rendering a node's parameters is taken from its timeout once it takes this long (sandboxed
# expressions); the microseconds of plain ones are not, so a timeout reads as it was written.
RENDERING_COUNTS_FROM = 0.01


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
    # Stamped when the step is checkpointed, by the clock that stamped `started_at`.
    finished_at: datetime | None = None


@dataclass(frozen=True)
class Resume:
    """Where a waiting execution goes on: `node_id` at `attempt`, once `until` has passed (and,
    for a subworkflow, once the execution `child_id` has finished)."""

    node_id: str
    kind: str  # RETRY, WAIT or SUBWORKFLOW
    attempt: int
    until: datetime
    error: str = ""
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    child_id: str = ""

    def to_json(self) -> dict[str, Any]:
        raw = {
            "node_id": self.node_id,
            "kind": self.kind,
            "attempt": self.attempt,
            "until": self.until.isoformat(),
            "error": self.error,
            "token": self.token,
        }
        if self.child_id:
            raw["child_id"] = self.child_id
        return raw

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Resume:
        return cls(
            node_id=raw["node_id"],
            kind=raw["kind"],
            attempt=int(raw["attempt"]),
            until=datetime.fromisoformat(raw["until"]),
            error=raw.get("error", ""),
            token=raw["token"],
            child_id=raw.get("child_id", ""),
        )


@dataclass(frozen=True)
class ChildResult:
    """Where a called workflow's execution stands, for the step waiting for it."""

    status: str
    output: Any = None
    error: str = ""


@dataclass(frozen=True)
class Outcome:
    status: str
    output: Any
    error: str = ""
    resume: Resume | None = None
    # A failed execution: the node whose unrouted failure ended it (empty for a limit).
    failed_node: str = ""
    # A waiting execution that must start this child execution (in the same transaction).
    child: ChildStart | None = None


@dataclass(frozen=True)
class RunContext:
    execution_id: str
    workflow_id: str
    started_at: str
    input: Any
    # A webhook run's request: {"method", "headers", "query"}; `request` in expressions.
    request: Any = None
    workspace_id: str = ""
    # How deep this execution is nested in subworkflow calls (0: started by a trigger).
    depth: int = 0


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


# --- the plan: which node depends on which -----------------------------------------------------

# `steps` as a name of its own (not `input.steps`), then how it is reached.
_STEPS_NAME = re.compile(r"(?<![\w.])steps(?!\w)")
_STATIC_REACH = re.compile(r"""\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*(['"])([A-Za-z_]\w*)\2\s*\])""")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def referenced_steps(parameters: Mapping[str, Any]) -> frozenset[str] | None:
    """Node ids the parameters' expressions read as `steps.<id>` or `steps['<id>']`; None when
    an expression reaches `steps` otherwise (`steps[input.name]`, `size(steps)`)."""
    found: set[str] = set()
    for text in _strings(dict(parameters)):
        for template in expressions.TEMPLATE.finditer(text):
            source = template.group(1)
            for name in _STEPS_NAME.finditer(source):
                reach = _STATIC_REACH.match(source, name.end())
                if reach is None:
                    return None
                found.add(reach.group(1) or reach.group(3))
    return frozenset(found)


@dataclass(frozen=True)
class Plan:
    order: tuple[str, ...]
    index: Mapping[str, int]
    # What a node waits for: graph predecessors and earlier nodes its expressions read.
    deps: Mapping[str, frozenset[str]]
    dependents: Mapping[str, tuple[str, ...]]
    routes_errors: frozenset[str]


def plan(definition: Definition) -> Plan:
    order = tuple(definition.topological_order())
    index = {node_id: position for position, node_id in enumerate(order)}
    deps: dict[str, frozenset[str]] = {}
    for node_id in order:
        predecessors = {edge.source for edge in definition.incoming(node_id)}
        references = referenced_steps(definition.node(node_id).parameters)
        if references is None:
            earlier: set[str] = set(order[: index[node_id]])
        else:
            earlier = {ref for ref in references if ref in index and index[ref] < index[node_id]}
        deps[node_id] = frozenset(predecessors | earlier)
    dependents: dict[str, list[str]] = {node_id: [] for node_id in order}
    for node_id in order:
        for dep in deps[node_id]:
            dependents[dep].append(node_id)
    return Plan(
        order=order,
        index=index,
        deps=deps,
        dependents={node_id: tuple(items) for node_id, items in dependents.items()},
        routes_errors=frozenset(e.source for e in definition.edges if e.output == ERROR_OUTPUT),
    )


# --- running -----------------------------------------------------------------------------------


class _Scope:
    """The expression scope, converted to CEL values once per step rather than once per use."""

    def __init__(self, ctx: RunContext) -> None:
        self.steps: dict[str, Any] = {}
        self.base = {
            "input": expressions.to_cel(ctx.input),
            "request": expressions.to_cel(ctx.request or {}),
            "execution": {
                "id": ctx.execution_id,
                "workflow_id": ctx.workflow_id,
                "started_at": ctx.started_at,
            },
        }

    def add(self, step: StepRecord) -> None:
        if step.status != SKIPPED:
            self.steps[step.node_id] = {"output": expressions.to_cel(step.output), "status": step.status}

    def seen_by(self, deps: frozenset[str]) -> dict[str, Any]:
        """The scope a node's expressions see: the steps it depends on, nothing that happens to
        have finished alongside it."""
        return {**self.base, "steps": {d: self.steps[d] for d in deps if d in self.steps}}


@dataclass
class _Job:
    """A node that has to run, with everything decided beforehand in the engine's thread."""

    node: Node
    node_type: NodeType
    position: int
    parameters: dict[str, Any]
    data: Any
    call: NodeCall
    started_at: datetime
    max_output_bytes: int
    # The node's whole timeout; `call.timeout_seconds` is what rendering its parameters left.
    timeout_seconds: float

    def execute(self) -> tuple[NodeResult | None, NodeFailure | None]:
        started = time.monotonic()
        try:
            result = self.node_type.run(self.parameters, self.data, self.call)
        except NodeFailure as exc:
            return None, exc
        except Exception as exc:
            # The engine's boundary: whatever a node raises is its step's failure, never the
            # worker's (an unhandled error would leave the execution without an end).
            return None, NodeFailure(f"failed unexpectedly: {type(exc).__name__}: {exc}"[:2000], kind=ERROR)
        if time.monotonic() - started > self.call.timeout_seconds:
            return None, NodeFailure(
                f"took longer than its timeout of {self.timeout_seconds:g}s", kind=TIMEOUT
            )
        if len(orjson.dumps(result.output, default=str)) > self.max_output_bytes:
            return None, NodeFailure(
                f"output larger than {self.max_output_bytes} bytes", kind=OUTPUT_TOO_LARGE
            )
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


_Decision = StepRecord | Outcome | _Job


class _Run:
    def __init__(
        self,
        definition: Definition,
        ctx: RunContext,
        *,
        catalogue: Mapping[str, NodeType],
        plan: Plan,
        sandbox: Sandbox | None,
        completed: Mapping[str, StepRecord],
        resume: Resume | None,
        child: ChildResult | None,
        max_output_bytes: int,
        default_timeout_seconds: float,
        now: Callable[[], datetime],
        rand: Callable[[], float],
        should_stop: Callable[[], bool] | None = None,
        before_side_effect: Callable[[], None] | None = None,
    ) -> None:
        self.definition = definition
        self.plan = plan
        self.catalogue = catalogue
        self.sandbox = sandbox
        self.ctx = ctx
        self.done: dict[str, StepRecord] = dict(completed)
        self.scope = _Scope(ctx)
        for step in self.done.values():
            self.scope.add(step)
        self.resume = resume
        self.child = child
        self.max_output_bytes = max_output_bytes
        self.default_timeout_seconds = default_timeout_seconds
        self.now = now
        self.rand = rand
        self.should_stop = should_stop
        self.before_side_effect = before_side_effect

    def decide(self, node_id: str) -> _Decision:
        """What becomes of a ready node: a step at once, a stop, or a job to run."""
        node = self.definition.node(node_id)
        node_type = self.catalogue.get(node.type)
        if node.is_trigger:
            return StepRecord(
                node.id, node.type, SUCCEEDED, output=self.ctx.input, port=MAIN_OUTPUT, attempts=1
            )
        sources = _inputs(self.definition, node_id, self.done)
        wanted = {e.source for e in self.definition.incoming(node_id)}
        merges_all = (
            node_type is not None and node_type.merges and node.parameters.get("mode", "all") == "all"
        )
        if not sources or (merges_all and len(sources) < len(wanted)):
            return StepRecord(node.id, node.type, SKIPPED)
        data = (
            {source: self.done[source].output for source in sources}
            if node_type is not None and node_type.merges
            else self.done[sources[0]].output
        )
        pending = self.resume if self.resume is not None and self.resume.node_id == node_id else None
        if pending is not None and self.now() + WAKE_TOLERANCE < pending.until:
            return Outcome(WAITING, None, pending.error, resume=pending)  # woken early: sleep on
        attempt = pending.attempt if pending is not None else 1
        started_at = self.now()
        if pending is not None and pending.kind == WAIT:
            return StepRecord(node.id, node.type, SUCCEEDED, data, MAIN_OUTPUT, "", attempt, started_at)
        if pending is not None and pending.kind == SUBWORKFLOW:
            child = self.child
            if child is None or child.status not in (SUCCEEDED, FAILED, CANCELLED):
                return Outcome(WAITING, None, pending.error, resume=pending)  # its end wakes us
            if child.status == SUCCEEDED:
                return StepRecord(
                    node.id, node.type, SUCCEEDED, child.output, MAIN_OUTPUT, "", attempt, started_at
                )
            failure = NodeFailure(
                f"the called workflow's execution {pending.child_id} {child.status}: {child.error}",
                kind=SUBWORKFLOW_FAILURE,
            )
            return self.failed(node, attempt, started_at, failure)
        if node_type is None:
            return self.failed(
                node, attempt, started_at, NodeFailure(f"node type {node.type!r} is not supported")
            )
        scope = self.scope.seen_by(self.plan.deps[node_id])
        timeout = node.timeout_seconds or self.default_timeout_seconds
        # The node's timeout bounds its expressions too (ADR-056); what they leave is the node's.
        rendering = time.monotonic()
        budget = expressions.Budget(
            deadline=rendering + timeout,
            should_stop=self.should_stop,
            before_sandbox=self.before_side_effect,
            timeout_seconds=timeout,
            sandbox=self.sandbox,
        )
        try:
            parameters = {
                name: value
                if name in node_type.raw_parameters
                else expressions.render(value, scope, parameter=name, budget=budget)
                for name, value in node.parameters.items()
            }
        except expressions.ExpressionError as exc:
            return self.failed(node, attempt, started_at, NodeFailure(str(exc), kind=exc.kind))
        except expressions.Interrupted:
            raise
        except Exception as exc:
            failure = NodeFailure(f"its parameters could not be rendered: {type(exc).__name__}: {exc}"[:2000])
            return self.failed(node, attempt, started_at, failure)
        # What its expressions took (when it is worth counting: a sandboxed one) the node has not.
        spent = time.monotonic() - rendering
        left = max(timeout - spent, 0.001) if spent >= RENDERING_COUNTS_FROM else timeout
        call = NodeCall(self.ctx.execution_id, node.id, attempt, left, self.ctx.workspace_id, self.ctx.depth)
        return _Job(
            node,
            node_type,
            self.plan.index[node_id],
            parameters,
            data,
            call,
            started_at,
            self.max_output_bytes,
            timeout,
        )

    def conclude(
        self, job: _Job, result: NodeResult | None, failure: NodeFailure | None
    ) -> StepRecord | Outcome:
        node, attempt = job.node, job.call.attempt
        if result is None:
            assert failure is not None
            return self.failed(node, attempt, job.started_at, failure)
        if result.wait_until is not None and self.now() + WAKE_TOLERANCE < result.wait_until:
            return Outcome(WAITING, None, resume=Resume(node.id, WAIT, attempt, result.wait_until))
        if result.start_child is not None:
            resume = Resume(
                node.id, SUBWORKFLOW, attempt, self.now(), child_id=result.start_child.execution_id
            )
            return Outcome(WAITING, None, resume=resume, child=result.start_child)
        return StepRecord(
            node.id, node.type, SUCCEEDED, result.output, result.port, "", attempt, job.started_at
        )

    def failed(
        self, node: Node, attempt: int, started_at: datetime, failure: NodeFailure
    ) -> StepRecord | Outcome:
        error = f"node {node.id!r}: {failure}"
        policy = retry_policy(node)
        if attempt < policy.max_attempts and policy.retries(failure.kind):
            until = self.now() + timedelta(seconds=policy.delay(attempt, self.rand))
            return Outcome(WAITING, None, error, resume=Resume(node.id, RETRY, attempt + 1, until, error))
        return StepRecord(
            node.id,
            node.type,
            FAILED,
            {"error": error, "kind": failure.kind},
            ERROR_OUTPUT,
            error,
            attempt,
            started_at,
        )

    def output(self) -> Any:
        ran = [node_id for node_id, step in self.done.items() if step.status != SKIPPED]
        output_node = self.definition.output_node or (
            max(ran, key=self.plan.index.__getitem__) if ran else None
        )
        step = self.done.get(output_node) if output_node is not None else None
        return step.output if step is not None and step.status == SUCCEEDED else None


def run(
    definition: Definition,
    ctx: RunContext,
    *,
    catalogue: Mapping[str, NodeType],
    completed: Mapping[str, StepRecord],
    checkpoint: Callable[[StepRecord], None],
    before_side_effect: Callable[[], None] = lambda: None,
    resume: Resume | None = None,
    child: ChildResult | None = None,
    max_steps: int = 1000,
    max_output_bytes: int = 1024 * 1024,
    default_timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    deadline: datetime | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    rand: Callable[[], float] = _random.random,
    pool: Executor | None = None,
    should_stop: Callable[[], bool] | None = None,
    sandbox: Sandbox | None = None,
    plan_: Plan | None = None,
) -> Outcome:
    """Run from the checkpoints until the execution ends or waits.

    `catalogue`: the node types this process runs. `sandbox`: where expressions that are not
    provably cheap are evaluated (without one they fail their node). `plan_`: the definition's
    `plan`, when the caller keeps it (a worker runs a workflow many times); made here otherwise.

    `child`: where the execution that a subworkflow `resume` waits for stands. `pool`: threads
    for nodes that wait on I/O, so independent branches overlap; without one, nodes run one after
    the other in topological order. `should_stop`: asked while an expression is evaluated in a
    sandbox (ADR-056); when it says so the evaluation is killed and `expressions.Interrupted`
    raised (a cancelled run)."""
    state = _Run(
        definition,
        ctx,
        catalogue=catalogue,
        plan=plan_ if plan_ is not None else plan(definition),
        sandbox=sandbox,
        completed=completed,
        resume=resume,
        child=child,
        max_output_bytes=max_output_bytes,
        default_timeout_seconds=default_timeout_seconds,
        now=now,
        rand=rand,
        should_stop=should_stop,
        before_side_effect=before_side_effect,
    )
    the_plan, done = state.plan, state.done
    for node_id in the_plan.order:
        step = done.get(node_id)
        if step is not None and step.status == FAILED and node_id not in the_plan.routes_errors:
            return Outcome(FAILED, None, step.error, failed_node=node_id)

    waiting_on = {
        node_id: sum(1 for dep in the_plan.deps[node_id] if dep not in done)
        for node_id in the_plan.order
        if node_id not in done
    }
    ready = [the_plan.index[node_id] for node_id, count in waiting_on.items() if count == 0]
    heapq.heapify(ready)
    running: dict[Future[tuple[NodeResult | None, NodeFailure | None]], _Job] = {}
    # Why the run stops early, by the position of the node that stopped it (-1: a limit).
    stops: list[tuple[int, Outcome]] = []
    step_limit: list[str] = []
    crash: list[BaseException] = []

    def record(step: StepRecord) -> None:
        checkpoint(step)
        done[step.node_id] = step
        state.scope.add(step)
        if step.status == FAILED and step.node_id not in the_plan.routes_errors:
            stops.append(
                (the_plan.index[step.node_id], Outcome(FAILED, None, step.error, failed_node=step.node_id))
            )
        for dependent in the_plan.dependents[step.node_id]:
            if dependent in waiting_on:
                waiting_on[dependent] -= 1
                if waiting_on[dependent] == 0:
                    heapq.heappush(ready, the_plan.index[dependent])

    def settle(position: int, decision: StepRecord | Outcome) -> None:
        if isinstance(decision, StepRecord):
            record(decision)
        else:
            stops.append((position, decision))

    while True:
        while ready and not stops:
            position = heapq.heappop(ready)
            node_id = the_plan.order[position]
            if len(done) + len(running) >= max_steps:
                step_limit.append(f"the execution exceeded {max_steps} steps")
                stops.append((-1, Outcome(FAILED, None, step_limit[0])))
                break
            if deadline is not None and now() > deadline:
                message = f"the execution ran past its maximum duration (until {deadline:%H:%M:%S})"
                stops.append((-1, Outcome(FAILED, None, message)))
                break
            decision = state.decide(node_id)
            if not isinstance(decision, _Job):
                settle(position, decision)
                continue
            if decision.node_type.blocking:
                # Acts on or waits on the outside world: what came before is made durable first,
                # and the caller holds no transaction open while it waits.
                before_side_effect()
            if pool is not None and decision.node_type.blocking and (ready or running):
                running[pool.submit(contextvars.copy_context().run, decision.execute)] = decision
            else:
                settle(position, state.conclude(decision, *decision.execute()))
        if not running:
            break
        finished, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in sorted(finished, key=lambda f: running[f].position):
            job = running.pop(future)
            error = future.exception()
            if error is not None:
                crash.append(error)
                stops.append((-1, Outcome(FAILED, None, str(error))))
                continue
            settle(job.position, state.conclude(job, *future.result()))

    if crash:
        raise crash[0]
    if stops:
        failures = [stop for stop in stops if stop[1].status == FAILED]
        _position, outcome = min(failures or stops, key=lambda stop: stop[0])
        if step_limit and outcome.error == step_limit[0]:
            raise StepLimitExceeded(step_limit[0])
        return outcome
    return Outcome(SUCCEEDED, state.output())
