"""Liveness, readiness and metrics: outside `/v1`, for orchestrators and scrapers."""

from __future__ import annotations

import asyncio
from typing import Literal

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from grpc_health.v1 import health_pb2, health_pb2_grpc
from jobsprint.gateway.api.deps import State
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field

router = APIRouter(tags=["health"])


class Liveness(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready", "not ready"]
    checks: dict[str, Literal["ok", "failing"]] = Field(
        description="redis, auth, workflows, executor, integrations."
    )


@router.get("/healthz")
async def healthz() -> Liveness:
    """Liveness: the process answers."""
    return Liveness(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "A dependency is not ready."}},
)
async def readyz(state: State) -> JSONResponse:
    """Readiness: Redis answers and every service reports SERVING."""

    async def redis_ok() -> bool:
        try:
            return bool(await state.redis.ping())
        except Exception:
            return False

    async def serving(channel_index: int) -> bool:
        stub = health_pb2_grpc.HealthStub(state.clients.channels[channel_index])
        try:
            reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=1.0)
        except Exception:
            return False
        return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)

    names = ["auth", "workflows", "executor", "integrations"]
    results = await asyncio.gather(redis_ok(), *(serving(i) for i in range(len(names))))
    checks = {"redis": results[0], **dict(zip(names, results[1:], strict=True))}
    ready = all(checks.values())
    return JSONResponse(
        {
            "status": "ready" if ready else "not ready",
            "checks": {k: "ok" if v else "failing" for k, v in checks.items()},
        },
        status_code=200 if ready else 503,
    )


@router.get("/metrics", include_in_schema=False)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
