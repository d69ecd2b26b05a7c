"""Per-connector concurrency limits and the mapping of action failures to gRPC codes."""

from __future__ import annotations

import threading
from typing import Any

import grpc
import pytest
from jobsprint.common.errors import ServiceError
from jobsprint.common.outbound import OutboundPolicy
from jobsprint.common.redaction import Masker
from jobsprint.integrations import handlers
from jobsprint.integrations.domain.connector import Limits, PermanentError, RateLimited, RetryableError


def context(max_concurrent: int, wait_seconds: float) -> handlers.IntegrationsContext:
    unused: Any = None
    return handlers.IntegrationsContext(
        sessions=unused,
        master_keys=unused,
        policy=OutboundPolicy(),
        limits=Limits(http_timeout_seconds=wait_seconds),
        cache=unused,
        budget=unused,
        connectors={},
        http=unused,
        max_concurrent_actions=max_concurrent,
    )


def test_a_connector_runs_at_most_its_limit_of_actions_at_once() -> None:
    ctx = context(max_concurrent=1, wait_seconds=0.05)
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with ctx.gate("http"):
            inside.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(5)
    try:
        with pytest.raises(ServiceError) as busy, ctx.gate("http"):
            pass
        assert busy.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED
        with ctx.gate("email"):  # other connectors are not held up
            pass
    finally:
        release.set()
        holder.join()
    with ctx.gate("http"):  # released again
        pass


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (RetryableError("down"), grpc.StatusCode.UNAVAILABLE),
        (RateLimited("slow down"), grpc.StatusCode.RESOURCE_EXHAUSTED),
        (PermanentError("wrong"), grpc.StatusCode.FAILED_PRECONDITION),
    ],
)
def test_action_failures_map_to_retryable_or_permanent_codes(error: Exception, code: grpc.StatusCode) -> None:
    assert handlers._service_error(error).code == code  # type: ignore[arg-type]


def test_secret_values_are_redacted_from_nested_output() -> None:
    masker = Masker(["s3cr3t-value"])
    output = {"headers": {"authorization": "Bearer s3cr3t-value"}, "list": ["x s3cr3t-value y"], "n": 1}
    assert masker.mask(output) == {
        "headers": {"authorization": "Bearer [redacted]"},
        "list": ["x [redacted] y"],
        "n": 1,
    }
