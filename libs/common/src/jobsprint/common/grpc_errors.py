"""The gRPC edge of errors: the one table of domain error → gRPC status code (servers answer with
it, `grpc_server`), reading a gRPC error's status and details on the client side, and the one
table of gRPC code → HTTP status (the gateway's problem details are built from it).

Domain error → gRPC code (`GRPC_CODES`; a subclass takes its nearest listed base's code):

| domain error (`jobsprint.common.errors`) | gRPC code |
|---|---|
| InvalidArgument | INVALID_ARGUMENT |
| NotFound | NOT_FOUND |
| AlreadyExists | ALREADY_EXISTS |
| Unauthenticated | UNAUTHENTICATED |
| PermissionDenied | PERMISSION_DENIED |
| FailedPrecondition (PreconditionFailed too, with its `PreconditionFailure` detail) | FAILED_PRECONDITION |
| ResourceExhausted | RESOURCE_EXHAUSTED |
| Unavailable | UNAVAILABLE |
| Unimplemented | UNIMPLEMENTED |
| Internal | INTERNAL |
| any other DomainError | UNKNOWN |
| PassedOn (another service's answer, passed through) | the code it came with |

gRPC code → HTTP status:

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
from google.protobuf import any_pb2
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2
from jobsprint.common.errors import (
    AlreadyExists,
    DomainError,
    FailedPrecondition,
    Internal,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
    Unimplemented,
)

GRPC_CODES: dict[type[DomainError], grpc.StatusCode] = {
    InvalidArgument: grpc.StatusCode.INVALID_ARGUMENT,
    NotFound: grpc.StatusCode.NOT_FOUND,
    AlreadyExists: grpc.StatusCode.ALREADY_EXISTS,
    Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
    PermissionDenied: grpc.StatusCode.PERMISSION_DENIED,
    FailedPrecondition: grpc.StatusCode.FAILED_PRECONDITION,
    ResourceExhausted: grpc.StatusCode.RESOURCE_EXHAUSTED,
    Unavailable: grpc.StatusCode.UNAVAILABLE,
    Unimplemented: grpc.StatusCode.UNIMPLEMENTED,
    Internal: grpc.StatusCode.INTERNAL,
    DomainError: grpc.StatusCode.UNKNOWN,
}


class PassedOn(DomainError):
    """Another service's refusal, passed on to this call's caller with the code it came with
    (an adapter raises it; the domain never does)."""

    def __init__(self, message: str, code: grpc.StatusCode) -> None:
        super().__init__(message)
        self.code = code


def grpc_code(error: DomainError) -> grpc.StatusCode:
    """The status code a server answers `error` with: the table's entry for its class or its
    nearest listed base."""
    if isinstance(error, PassedOn):
        return error.code
    for cls in type(error).__mro__:
        code = GRPC_CODES.get(cls)
        if code is not None:
            return code
    return grpc.StatusCode.UNKNOWN


def _packed(message: Message) -> any_pb2.Any:
    detail = any_pb2.Any()
    detail.Pack(message)
    return detail


def status_for(error: DomainError) -> status_pb2.Status:
    """`error` as a `google.rpc.Status`: its code, message, and the details a caller acts on
    (field violations, failed preconditions, when to retry)."""
    status = status_pb2.Status(code=grpc_code(error).value[0], message=error.message)
    if error.violations:
        bad_request = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
                for v in error.violations
            ]
        )
        status.details.append(_packed(bad_request))
    if error.preconditions:
        failure = error_details_pb2.PreconditionFailure(
            violations=[
                error_details_pb2.PreconditionFailure.Violation(
                    type=p.type, subject=p.subject, description=p.description
                )
                for p in error.preconditions
            ]
        )
        status.details.append(_packed(failure))
    if error.retry_after_seconds is not None:
        retry = error_details_pb2.RetryInfo()
        retry.retry_delay.FromNanoseconds(int(error.retry_after_seconds * 1e9))
        status.details.append(_packed(retry))
    return status


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
