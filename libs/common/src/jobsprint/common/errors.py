"""Errors a handler raises; the gRPC error interceptor turns them into status codes with details."""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str


@dataclass(frozen=True)
class Precondition:
    """A `google.rpc.PreconditionFailure` violation: `type` names the kind of check (`ETAG`)."""

    type: str
    subject: str
    description: str


@dataclass
class ServiceError(Exception):
    message: str
    violations: list[FieldViolation] = field(default_factory=list)
    code: grpc.StatusCode = grpc.StatusCode.UNKNOWN
    preconditions: list[Precondition] = field(default_factory=list)
    retry_after_seconds: float | None = None

    def __str__(self) -> str:
        return self.message


class InvalidArgument(ServiceError):
    def __init__(self, message: str, violations: list[FieldViolation] | None = None) -> None:
        super().__init__(message, violations or [], grpc.StatusCode.INVALID_ARGUMENT)


class NotFound(ServiceError):
    def __init__(self, message: str) -> None:
        super().__init__(message, [], grpc.StatusCode.NOT_FOUND)


class AlreadyExists(ServiceError):
    def __init__(self, message: str) -> None:
        super().__init__(message, [], grpc.StatusCode.ALREADY_EXISTS)


class Unauthenticated(ServiceError):
    def __init__(self, message: str) -> None:
        super().__init__(message, [], grpc.StatusCode.UNAUTHENTICATED)


class PermissionDenied(ServiceError):
    def __init__(self, message: str) -> None:
        super().__init__(message, [], grpc.StatusCode.PERMISSION_DENIED)


class FailedPrecondition(ServiceError):
    """The resource's state forbids the call (HTTP 409): cancelling a finished execution."""

    def __init__(self, message: str) -> None:
        super().__init__(message, [], grpc.StatusCode.FAILED_PRECONDITION)


class PreconditionFailed(FailedPrecondition):
    """A precondition the caller stated does not hold (HTTP 412): the ETag they sent is stale."""

    def __init__(self, message: str, *, type_: str, subject: str) -> None:
        ServiceError.__init__(
            self,
            message,
            [],
            grpc.StatusCode.FAILED_PRECONDITION,
            [Precondition(type=type_, subject=subject, description=message)],
        )


class Unavailable(ServiceError):
    def __init__(self, message: str, *, retry_after_seconds: float | None = None) -> None:
        super().__init__(message, [], grpc.StatusCode.UNAVAILABLE, retry_after_seconds=retry_after_seconds)
