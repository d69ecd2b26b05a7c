"""In a host of several services (ADR-107) a call to a server of the same process runs the
callee's handler in the caller's thread, behind the callee's interceptor: what a caller sees
(answers, status codes, error details, deadlines, retries of UNAVAILABLE) is what the wire gives."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import grpc
import pytest
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common import deadlines, grpc_client, grpc_inprocess, identity
from jobsprint.common.errors import FieldViolation, InvalidArgument, NotFound, Unavailable
from jobsprint.common.grpc_errors import describe
from jobsprint.common.grpc_server import GrpcServer, ServiceBinding
from jobsprint.common.identity import auth_metadata
from jobsprint.common.tokens import KeyRing

RING = KeyRing(keys={"k": "in-process-calls-test-key-0123456789"}, current_kid="k", issuer="i", audience="a")


class Callee(executor_pb2_grpc.ExecutorServiceServicer):
    """GetExecution answers with the id it was asked for, or fails as the id says."""

    def __init__(self) -> None:
        self.threads: list[int] = []
        self.seen: list[Any] = []
        self.unavailable_left = 0

    def GetExecution(self, request: Any, context: Any) -> executor_pb2.GetExecutionResponse:
        self.threads.append(threading.get_ident())
        self.seen.append((deadlines.remaining(), identity.current_principal().workspace_id))
        if request.id == "missing":
            raise NotFound("no such execution")
        if request.id == "bad":
            raise InvalidArgument("the id is bad", [FieldViolation("id", "not a UUID")])
        if request.id == "crash":
            raise RuntimeError("a bug")
        if request.id == "flaky" and self.unavailable_left:
            self.unavailable_left -= 1
            raise Unavailable("the database is away")
        request_id = request.id
        request.id = "changed by the callee"  # the caller's message is not the callee's
        return executor_pb2.GetExecutionResponse(execution=executor_pb2.Execution(id=request_id, status="ok"))


def _server(callee: Callee) -> GrpcServer:
    return GrpcServer(
        bindings=[
            ServiceBinding(
                executor_pb2_grpc.add_ExecutorServiceServicer_to_server,
                callee,
                "jobsprint.api.executor.v1.ExecutorService",
            )
        ],
        port=0,
        key_ring=RING,
        max_workers=2,
    )


def _metadata(workspace_id: str = "") -> tuple:
    token, _ = RING.issue(
        subject=str(uuid.uuid4()),
        workspace_id=workspace_id or str(uuid.uuid4()),
        roles=["viewer"],
        ttl_seconds=60,
    )
    return auth_metadata(RING.verify(token))


def _failure(stub: Any, execution_id: str, **kwargs: Any) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as raised:
        stub.GetExecution(executor_pb2.GetExecutionRequest(id=execution_id), **kwargs)
    return raised.value


def test_a_call_to_a_server_of_this_process_runs_in_the_callers_thread_as_the_wire_would():
    callee = Callee()
    server = _server(callee)
    local = grpc_inprocess.ProcessServers()
    server.start(local)
    workspace = str(uuid.uuid4())
    try:
        with grpc_client.channel(f"127.0.0.1:{server.port}", local) as channel:
            stub = executor_pb2_grpc.ExecutorServiceStub(channel)
            request = executor_pb2.GetExecutionRequest(id="e1")
            outer = deadlines.set_remaining(30.0)
            try:
                answer = stub.GetExecution(request, metadata=_metadata(workspace), timeout=2.0)
                stub.GetExecution(request, metadata=_metadata(workspace))
            finally:
                deadlines.reset(outer)
            assert answer.execution.id == "e1" and request.id == "e1"
            assert callee.threads == [threading.get_ident()] * 2, "not called in-process"
            (with_deadline, seen_workspace), (without, _) = callee.seen
            assert 0 < with_deadline <= 2.0 and seen_workspace == workspace
            assert without is None, "the callee saw the caller's own deadline, not the call's"
            assert identity._current.get() is None, "the callee's principal leaked out"

            # The callee's interceptor still verifies the caller and maps errors to statuses.
            assert _failure(stub, "e1").code() == grpc.StatusCode.UNAUTHENTICATED
            assert _failure(stub, "missing", metadata=_metadata()).code() == grpc.StatusCode.NOT_FOUND
            bad = _failure(stub, "bad", metadata=_metadata())
            assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert describe(bad.trailing_metadata(), bad.code(), bad.details()).violations == [
                ("id", "not a UUID")
            ]
            assert _failure(stub, "crash", metadata=_metadata()).code() == grpc.StatusCode.INTERNAL
            assert (
                _failure(stub, "e1", metadata=_metadata(), timeout=0).code()
                == grpc.StatusCode.DEADLINE_EXCEEDED
            )

            # UNAVAILABLE is retried as the channel's retry policy retries it (3 attempts).
            callee.unavailable_left = 2
            assert stub.GetExecution(executor_pb2.GetExecutionRequest(id="flaky"), metadata=_metadata())
            callee.unavailable_left = 3
            assert _failure(stub, "flaky", metadata=_metadata()).code() == grpc.StatusCode.UNAVAILABLE
            assert callee.unavailable_left == 0

            # Once the server stops, calls go to the wire, where nobody listens any more.
            threads = len(callee.threads)
            server.stop(0)
            failure = _failure(stub, "e1", metadata=_metadata(), timeout=1.0)
            assert failure.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
            assert len(callee.threads) == threads
    finally:
        server.stop(0)


@contextmanager
def _serving(callee: Callee, local: grpc_inprocess.ProcessServers | None) -> Iterator[Any]:
    """A stub to `callee` served by a GrpcServer on a free port (with `local`: in-process), stopped
    afterwards."""
    server = _server(callee)
    server.start(local)
    try:
        with grpc_client.channel(f"127.0.0.1:{server.port}", local) as channel:
            yield executor_pb2_grpc.ExecutorServiceStub(channel)
    finally:
        server.stop(0)


def test_without_a_host_of_several_services_calls_go_over_the_wire():
    callee = Callee()
    with _serving(callee, None) as stub:
        assert stub.GetExecution(executor_pb2.GetExecutionRequest(id="e1"), metadata=_metadata())
    assert callee.threads and callee.threads[0] != threading.get_ident()


def test_a_message_larger_than_the_wire_takes_is_refused_the_same_way():
    callee = Callee()
    with _serving(callee, grpc_inprocess.ProcessServers()) as stub:
        huge = "x" * (grpc_inprocess.MAX_MESSAGE_BYTES + 1)
        assert _failure(stub, huge, metadata=_metadata()).code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert not callee.threads
