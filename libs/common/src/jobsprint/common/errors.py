"""Errors a handler raises; the gRPC error interceptor turns them into status codes with details."""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str


@dataclass
class ServiceError(Exception):
    message: str
    violations: list[FieldViolation] = field(default_factory=list)
    code: grpc.StatusCode = grpc.StatusCode.UNKNOWN

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
    def __init__(self, message: str) -> None:
        super().__init__(message, [], grpc.StatusCode.FAILED_PRECONDITION)


class Unavailable(ServiceError):
    def __init__(self, message: str) -> None:
        super().__init__(message, [], grpc.StatusCode.UNAVAILABLE)
