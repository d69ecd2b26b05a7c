"""Expressions: evaluate a parameter value over sample data, as a run would (the editor's preview)."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter
from jobsprint.api.executor.v1 import executor_pb2
from jobsprint.gateway.api.deps import OwnRpc
from jobsprint.gateway.api.models import Input
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.openapi import errors
from pydantic import BaseModel, Field

router = APIRouter(tags=["expressions"], route_class=DocumentRoute)


class StepSample(Input):
    output: Any = Field(None, description="The step's output: `steps.<node id>.output` in expressions.")


class ExpressionScope(Input):
    """The names in scope, each optional, shaped as a run gives them."""

    input: Any = Field(None, description="`input`: the run's input (the trigger's output). Default `{}`.")
    steps: dict[str, StepSample] | None = Field(
        None, description='`steps`: earlier steps by node id, each `{"output": …}`.'
    )
    execution: dict[str, Any] | None = Field(
        None, description="`execution`: `id`, `workflow_id`, `started_at` in a run."
    )
    request: dict[str, Any] | None = Field(
        None, description="`request`: a webhook run's `method`, `headers` and `query`."
    )


class ExpressionEvaluate(Input):
    value: str = Field(
        max_length=65536,
        description="A parameter string: text with `{{ … }}` parts, or one whole `{{ expression }}` "
        "(whose result keeps its type).",
        examples=["{{ input.qty * input.unit_price }}"],
    )
    scope: ExpressionScope | None = None


class ExpressionResult(BaseModel):
    result: Any = Field(description="What a run's rendering of the value gives: any JSON value.")


@router.post(
    "/expressions/evaluate",
    responses=errors(
        422,
        e422="The value does not parse, fails to evaluate, or exceeds the expression budget "
        "(`errors[].field` is `value`), or the scope is not shaped as documented.",
    ),
)
async def evaluate_expression(body: ExpressionEvaluate, rpc: OwnRpc) -> ExpressionResult:
    """Evaluate a parameter value over sample data, in the executor's sandbox and budget, as a run would."""
    scope = body.scope.model_dump(exclude_unset=True) if body.scope is not None else {}
    reply = await rpc(executor_pb2.EvaluateExpressionRequest(value=body.value, scope=orjson.dumps(scope)))
    return ExpressionResult(result=orjson.loads(reply.result))
