"""Domain errors: what a use case raises on purpose, said in the domain's words. Nothing here
knows a transport: each edge turns them into its own codes with one table (gRPC servers:
`grpc_errors.GRPC_CODES`; the gateway turns gRPC codes into HTTP statuses with
`grpc_errors.HTTP_STATUS`), so a domain or use-case module never imports grpc."""

from __future__ import annotations

from dataclasses import dataclass, field


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
class DomainError(Exception):
    """The base of every error a use case raises on purpose; its class says what went wrong
    (the edge's table maps the class), its fields say what the caller can act on."""

    message: str
    violations: list[FieldViolation] = field(default_factory=list)
    preconditions: list[Precondition] = field(default_factory=list)
    retry_after_seconds: float | None = None

    def __str__(self) -> str:
        return self.message


class InvalidArgument(DomainError):
    """The request itself is wrong; `violations` name each bad field."""

    def __init__(self, message: str, violations: list[FieldViolation] | None = None) -> None:
        super().__init__(message, violations or [])


class NotFound(DomainError):
    """No such resource here (also for another workspace's resources, ADR-022)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class AlreadyExists(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message)


class Unauthenticated(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message)


class PermissionDenied(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__(message)


class FailedPrecondition(DomainError):
    """The resource's state forbids the call (HTTP 409): cancelling a finished execution."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class PreconditionFailed(FailedPrecondition):
    """A precondition the caller stated does not hold (HTTP 412): the ETag they sent is stale."""

    def __init__(self, message: str, *, type_: str, subject: str) -> None:
        DomainError.__init__(
            self, message, [], [Precondition(type=type_, subject=subject, description=message)]
        )


class ResourceExhausted(DomainError):
    """Not now: a limit is reached (too many calls at once, a quota); retry later."""

    def __init__(self, message: str, *, retry_after_seconds: float | None = None) -> None:
        super().__init__(message, retry_after_seconds=retry_after_seconds)


class Unavailable(DomainError):
    """Something the call needs is down or slow; the same call may succeed later."""

    def __init__(self, message: str, *, retry_after_seconds: float | None = None) -> None:
        super().__init__(message, retry_after_seconds=retry_after_seconds)


class Unimplemented(DomainError):
    """The resource does not do this (a webhook asked with a method it does not accept)."""

    def __init__(self, message: str, violations: list[FieldViolation] | None = None) -> None:
        super().__init__(message, violations or [])


class Internal(DomainError):
    """The service is set up wrongly; an operator has to act (the caller cannot)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
