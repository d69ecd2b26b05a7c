"""The one table of domain error → gRPC status code, and the details a status carries."""

from __future__ import annotations

import grpc
import pytest
from google.rpc import error_details_pb2
from jobsprint.common import errors
from jobsprint.common.grpc_errors import GRPC_CODES, PassedOn, grpc_code, status_for


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.InvalidArgument("bad"), grpc.StatusCode.INVALID_ARGUMENT),
        (errors.NotFound("gone"), grpc.StatusCode.NOT_FOUND),
        (errors.AlreadyExists("twice"), grpc.StatusCode.ALREADY_EXISTS),
        (errors.Unauthenticated("who"), grpc.StatusCode.UNAUTHENTICATED),
        (errors.PermissionDenied("no"), grpc.StatusCode.PERMISSION_DENIED),
        (errors.FailedPrecondition("state"), grpc.StatusCode.FAILED_PRECONDITION),
        (errors.PreconditionFailed("stale", type_="ETAG", subject="w"), grpc.StatusCode.FAILED_PRECONDITION),
        (errors.ResourceExhausted("busy"), grpc.StatusCode.RESOURCE_EXHAUSTED),
        (errors.Unavailable("down"), grpc.StatusCode.UNAVAILABLE),
        (errors.Unimplemented("method"), grpc.StatusCode.UNIMPLEMENTED),
        (errors.Internal("setup"), grpc.StatusCode.INTERNAL),
        (errors.DomainError("what"), grpc.StatusCode.UNKNOWN),
        (
            PassedOn("the executor said no", grpc.StatusCode.DEADLINE_EXCEEDED),
            grpc.StatusCode.DEADLINE_EXCEEDED,
        ),
    ],
)
def test_every_domain_error_has_its_status_code(error: errors.DomainError, code: grpc.StatusCode) -> None:
    assert grpc_code(error) == code


def test_a_services_own_error_takes_its_nearest_listed_base() -> None:
    class CredentialNameTaken(errors.AlreadyExists):
        pass

    assert CredentialNameTaken not in GRPC_CODES
    assert grpc_code(CredentialNameTaken("taken")) == grpc.StatusCode.ALREADY_EXISTS


def test_every_error_class_of_the_domain_module_is_in_the_table() -> None:
    classes = {
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, errors.DomainError)
    }
    assert classes - {errors.PreconditionFailed} <= set(GRPC_CODES)


def test_the_status_carries_violations_preconditions_and_when_to_retry() -> None:
    invalid = status_for(errors.InvalidArgument("bad", [errors.FieldViolation("name", "required")]))
    stale = status_for(errors.PreconditionFailed("stale", type_="ETAG", subject="workflow"))
    busy = status_for(errors.ResourceExhausted("busy", retry_after_seconds=2.5))

    bad_request = error_details_pb2.BadRequest()
    invalid.details[0].Unpack(bad_request)
    failure = error_details_pb2.PreconditionFailure()
    stale.details[0].Unpack(failure)
    retry = error_details_pb2.RetryInfo()
    busy.details[0].Unpack(retry)
    assert (invalid.code, invalid.message) == (grpc.StatusCode.INVALID_ARGUMENT.value[0], "bad")
    assert [(v.field, v.description) for v in bad_request.field_violations] == [("name", "required")]
    assert [(v.type, v.subject) for v in failure.violations] == [("ETAG", "workflow")]
    assert retry.retry_delay.ToNanoseconds() == 2_500_000_000
