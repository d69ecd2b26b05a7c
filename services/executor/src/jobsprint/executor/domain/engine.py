"""Running a workflow definition: which node runs next, with what data, and what it produced.

The engine is pure: it is given the steps already checkpointed and a `checkpoint` callback,
and it calls `checkpoint` after every step, so a run that is interrupted and started again
carries on after the last completed step instead of repeating it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import orjson
from jobsprint.common.definitions import ERROR_OUTPUT, MAIN_OUTPUT, Definition, Node
from jobsprint.executor.domain import expressions, integration_nodes
from jobsprint.executor.domain.nodes import CATALOGUE, NodeFailure

SUCCEEDED, FAILED, SKIPPED = "succeeded", "failed", "skipped"


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
class Outcome:
    status: str
    output: Any
    error: str = ""


@dataclass(frozen=True)
class RunContext:
    execution_id: str
    workflow_id: str
    started_at: str
    input: Any
    request: Any = None


class StepLimitExceeded(Exception):
    pass


def _scope(ctx: RunContext, done: Mapping[str, StepRecord]) -> dict[str, Any]:
    return {
        "input": expressions.to_cel(ctx.input),
        "request": expressions.to_cel(ctx.request or {}),
        "steps": {
            node_id: {"output": expressions.to_cel(step.output), "status": step.status}
            for node_id, step in done.items()
            if step.status != SKIPPED
        },
        "execution": {"id": ctx.execution_id, "workflow_id": ctx.workflow_id, "started_at": ctx.started_at},
    }


def _run_node(
    node: Node, data: Any, ctx: RunContext, done: Mapping[str, StepRecord], *, max_output_bytes: int
) -> StepRecord:
    node_type = CATALOGUE.get(node.type)
    if node_type is None:
        return StepRecord(
            node.id, node.type, FAILED, error=f"node type {node.type!r} is not supported", attempts=1
        )
    try:
        parameters = {
            name: value
            if name in node_type.raw_parameters
            else expressions.render(value, _scope(ctx, done), parameter=name)
            for name, value in node.parameters.items()
        }
        with integration_nodes.node(node.id):
            result = node_type.run(parameters, data)
    except (expressions.ExpressionError, NodeFailure) as exc:
        return StepRecord(node.id, node.type, FAILED, error=f"node {node.id!r}: {exc}", attempts=1)
    if len(orjson.dumps(result.output, default=str)) > max_output_bytes:
        return StepRecord(
            node.id,
            node.type,
            FAILED,
            error=f"node {node.id!r}: output larger than {max_output_bytes} bytes",
            attempts=1,
        )
    return StepRecord(node.id, node.type, SUCCEEDED, output=result.output, port=result.port, attempts=1)


def run(
    definition: Definition,
    ctx: RunContext,
    *,
    completed: Mapping[str, StepRecord],
    checkpoint: Callable[[StepRecord], None],
    max_steps: int = 1000,
    max_output_bytes: int = 1024 * 1024,
) -> Outcome:
    done: dict[str, StepRecord] = dict(completed)
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
        node = definition.node(node_id)
        if node.is_trigger:
            step = StepRecord(node.id, node.type, SUCCEEDED, output=ctx.input, port=MAIN_OUTPUT, attempts=1)
        else:
            active = [
                e
                for e in definition.incoming(node_id)
                if e.source in done and done[e.source].status != SKIPPED and done[e.source].port == e.output
            ]
            if not active:
                step = StepRecord(node.id, node.type, SKIPPED)
            else:
                started_at = datetime.now(UTC)
                step = _run_node(
                    node, done[active[0].source].output, ctx, done, max_output_bytes=max_output_bytes
                )
                step = replace(step, started_at=started_at)
                if step.status == FAILED:
                    step = StepRecord(
                        step.node_id,
                        step.node_type,
                        FAILED,
                        output={"error": step.error},
                        port=ERROR_OUTPUT,
                        error=step.error,
                        attempts=step.attempts,
                        started_at=started_at,
                    )
        checkpoint(step)
        done[node_id] = step
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
