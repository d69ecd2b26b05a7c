"""Reading a gRPC error's status and details on the client side, and its HTTP equivalent.

The one table of gRPC code → HTTP status (the gateway's problem details are built from it):

| gRPC code | HTTP |
|---|---|
| INVALID_ARGUMENT, OUT_OF_RANGE | 422 |
| NOT_FOUND | 404 |
| ALREADY_EXISTS, ABORTED | 409 |
| FAILED_PRECONDITION | 409 (the resource's state forbids it), 412 with a `PreconditionFailure` detail (a stale ETag) |
| UNAUTHENTICATED | 401 |
| PERMISSION_DENIED | 403 |
| RESOURCE_EXHAUSTED | 429 (retry after `RetryInfo`, or 1 s) |
| UNAVAILABLE, CANCELLED | 503 (retry after `RetryInfo`, or 1 s) |
| DEADLINE_EXCEEDED | 504 |
| UNIMPLEMENTED | 501 |
| anything else | 500 |
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import grpc
from google.rpc import error_details_pb2, status_pb2

HTTP_STATUS = {
    grpc.StatusCode.INVALID_ARGUMENT: 422,
    grpc.StatusCode.OUT_OF_RANGE: 422,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
    # The call was cancelled on the server's side (a shutting-down replica): another try may work.
    grpc.StatusCode.CANCELLED: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.UNIMPLEMENTED: 501,
}
RETRYABLE_HTTP = frozenset({429, 503})
# Codes after which the same call may succeed if tried again a little later.
TRANSIENT_CODES = frozenset(
    {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.RESOURCE_EXHAUSTED}
)
DEFAULT_RETRY_AFTER_SECONDS = 1


@dataclass(frozen=True)
class RpcFailure:
    code: grpc.StatusCode
    message: str
    violations: list[tuple[str, str]] = field(default_factory=list)
    # `PreconditionFailure` violations as (type, subject): a stale ETag is ("ETAG", "<resource>").
    preconditions: list[tuple[str, str]] = field(default_factory=list)
    retry_after_seconds: int | None = None

    @property
    def http_status(self) -> int:
        if self.code == grpc.StatusCode.FAILED_PRECONDITION and self.preconditions:
            return 412
        return HTTP_STATUS.get(self.code, 500)

    @property
    def retry_after(self) -> int | None:
        """Seconds a client should wait before retrying, for the retryable statuses only."""
        if self.http_status not in RETRYABLE_HTTP:
            return None
        return self.retry_after_seconds or DEFAULT_RETRY_AFTER_SECONDS


def describe(trailing_metadata: object, code: grpc.StatusCode, details: str | None) -> RpcFailure:
    violations: list[tuple[str, str]] = []
    preconditions: list[tuple[str, str]] = []
    retry_after: int | None = None
    for key, value in trailing_metadata or ():  # type: ignore[attr-defined]
        if key != "grpc-status-details-bin":
            continue
        status = status_pb2.Status.FromString(value)
        for detail in status.details:
            if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad_request = error_details_pb2.BadRequest()
                detail.Unpack(bad_request)
                violations.extend((v.field, v.description) for v in bad_request.field_violations)
            elif detail.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR):
                failure = error_details_pb2.PreconditionFailure()
                detail.Unpack(failure)
                preconditions.extend((v.type, v.subject) for v in failure.violations)
            elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
                info = error_details_pb2.RetryInfo()
                detail.Unpack(info)
                delay = info.retry_delay.seconds + info.retry_delay.nanos / 1e9
                retry_after = max(1, math.ceil(delay))
    return RpcFailure(
        code=code,
        message=details or code.name.lower(),
        violations=violations,
        preconditions=preconditions,
        retry_after_seconds=retry_after,
    )
