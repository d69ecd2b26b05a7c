"""Reading a gRPC error's status and details on the client side, and its HTTP equivalent."""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc
from google.rpc import error_details_pb2, status_pb2

HTTP_STATUS = {
    grpc.StatusCode.INVALID_ARGUMENT: 422,
    grpc.StatusCode.OUT_OF_RANGE: 422,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 412,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
    grpc.StatusCode.CANCELLED: 499,
    grpc.StatusCode.UNIMPLEMENTED: 501,
}


@dataclass(frozen=True)
class RpcFailure:
    code: grpc.StatusCode
    message: str
    violations: list[tuple[str, str]] = field(default_factory=list)

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 500)


def describe(trailing_metadata: object, code: grpc.StatusCode, details: str | None) -> RpcFailure:
    violations: list[tuple[str, str]] = []
    for key, value in trailing_metadata or ():  # type: ignore[attr-defined]
        if key != "grpc-status-details-bin":
            continue
        status = status_pb2.Status.FromString(value)
        for detail in status.details:
            if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad_request = error_details_pb2.BadRequest()
                detail.Unpack(bad_request)
                violations.extend((v.field, v.description) for v in bad_request.field_violations)
    return RpcFailure(code=code, message=details or code.name.lower(), violations=violations)
