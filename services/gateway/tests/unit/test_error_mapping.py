"""gRPC failures become problem details in one place (`problems.from_rpc_error`): the status for
each code, `Retry-After` on what may be retried, 412 only for a stale precondition."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from jobsprint.gateway.problems import from_rpc_error


def rpc_error(code: grpc.StatusCode, details: str = "boom", *extra: object) -> grpc.aio.AioRpcError:
    trailing = grpc.aio.Metadata()
    if extra:
        status = status_pb2.Status(code=code.value[0], message=details)
        for message in extra:
            packed = any_pb2.Any()
            packed.Pack(message)  # type: ignore[arg-type]
            status.details.append(packed)
        trailing.add("grpc-status-details-bin", status.SerializeToString())
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), trailing, details)


@pytest.mark.parametrize(
    ("code", "status"),
    [
        (grpc.StatusCode.INVALID_ARGUMENT, 422),
        (grpc.StatusCode.NOT_FOUND, 404),
        (grpc.StatusCode.ALREADY_EXISTS, 409),
        (grpc.StatusCode.ABORTED, 409),
        (grpc.StatusCode.FAILED_PRECONDITION, 409),
        (grpc.StatusCode.UNAUTHENTICATED, 401),
        (grpc.StatusCode.PERMISSION_DENIED, 403),
        (grpc.StatusCode.RESOURCE_EXHAUSTED, 429),
        (grpc.StatusCode.UNAVAILABLE, 503),
        (grpc.StatusCode.CANCELLED, 503),
        (grpc.StatusCode.DEADLINE_EXCEEDED, 504),
        (grpc.StatusCode.INTERNAL, 500),
        (grpc.StatusCode.UNKNOWN, 500),
    ],
)
def test_each_code_has_its_status(code: grpc.StatusCode, status: int) -> None:
    problem = from_rpc_error(rpc_error(code))
    assert problem.status == status
    assert ("Retry-After" in problem.headers) == (status in (429, 503))


def test_a_stale_etag_is_412_and_other_failed_preconditions_409() -> None:
    stale = error_details_pb2.PreconditionFailure(
        violations=[error_details_pb2.PreconditionFailure.Violation(type="ETAG", subject="workflows/1")]
    )
    assert from_rpc_error(rpc_error(grpc.StatusCode.FAILED_PRECONDITION, "stale", stale)).status == 412
    assert from_rpc_error(rpc_error(grpc.StatusCode.FAILED_PRECONDITION, "already done")).status == 409


def test_retry_info_sets_retry_after_rounded_up() -> None:
    retry = error_details_pb2.RetryInfo()
    retry.retry_delay.FromMilliseconds(2500)
    problem = from_rpc_error(rpc_error(grpc.StatusCode.UNAVAILABLE, "draining", retry))
    assert problem.headers["Retry-After"] == "3"
    assert from_rpc_error(rpc_error(grpc.StatusCode.UNAVAILABLE)).headers["Retry-After"] == "1"


def test_field_violations_become_errors_and_server_details_do_not_leak() -> None:
    bad = error_details_pb2.BadRequest(
        field_violations=[error_details_pb2.BadRequest.FieldViolation(field="name", description="required")]
    )
    problem = from_rpc_error(rpc_error(grpc.StatusCode.INVALID_ARGUMENT, "invalid", bad))
    assert problem.errors == [{"field": "name", "message": "required"}]
    internal = from_rpc_error(rpc_error(grpc.StatusCode.INTERNAL, "psycopg exploded at line 7"))
    assert "psycopg" not in internal.detail
