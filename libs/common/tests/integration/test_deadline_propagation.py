"""A gRPC server built with `grpc_server` records each call's deadline, so what the handler calls
next (`deadlines.timeout`) gets no more time than its caller has left."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.common import deadlines, grpc_client
from jobsprint.common.grpc_server import GrpcServer, ServiceBinding
from jobsprint.common.identity import auth_metadata
from jobsprint.common.tokens import KeyRing

RING = KeyRing(
    keys={"k": "deadline-propagation-test-key-0123456789"}, current_kid="k", issuer="i", audience="a"
)


class Recorder(executor_pb2_grpc.ExecutorServiceServicer):
    def __init__(self) -> None:
        self.seen: list[float] = []

    def GetExecution(self, request: Any, context: Any) -> executor_pb2.GetExecutionResponse:
        # What a call made from here would get, asked for with a generous default of its own.
        self.seen.append(deadlines.timeout(30.0))
        return executor_pb2.GetExecutionResponse()


def test_a_handler_passes_on_no_more_than_the_time_its_caller_left_it():
    recorder = Recorder()
    server = GrpcServer(
        bindings=[
            ServiceBinding(
                executor_pb2_grpc.add_ExecutorServiceServicer_to_server,
                recorder,
                "jobsprint.api.executor.v1.ExecutorService",
            )
        ],
        port=0,
        key_ring=RING,
        max_workers=2,
    )
    server.start()
    try:
        token, _ = RING.issue(
            subject=str(uuid.uuid4()), workspace_id=str(uuid.uuid4()), roles=["viewer"], ttl_seconds=60
        )
        principal = RING.verify(token)
        with grpc_client.channel(f"127.0.0.1:{server.port}") as channel:
            stub = executor_pb2_grpc.ExecutorServiceStub(channel)
            request = executor_pb2.GetExecutionRequest(id="x")
            stub.GetExecution(request, metadata=auth_metadata(principal), timeout=2.0)
            stub.GetExecution(request, metadata=auth_metadata(principal))
    finally:
        server.stop(0)
    with_deadline, without = recorder.seen
    # gRPC carries the deadline as a rounded `grpc-timeout`: a few ms over the 2 s is rounding.
    assert 0 < with_deadline <= 2.05
    assert without == 30.0
    assert deadlines.remaining() is None, "the deadline does not leak out of the call"


def test_an_expired_budget_ends_in_deadline_exceeded_downstream():
    token = deadlines.set_remaining(0.0)
    try:
        timeout = deadlines.timeout(10.0)
    finally:
        deadlines.reset(token)
    with grpc_client.channel("127.0.0.1:1") as channel:
        stub = executor_pb2_grpc.ExecutorServiceStub(channel)
        try:
            stub.GetExecution(executor_pb2.GetExecutionRequest(id="x"), timeout=timeout, wait_for_ready=True)
        except grpc.RpcError as exc:
            assert exc.code() == grpc.StatusCode.DEADLINE_EXCEEDED  # type: ignore[attr-defined]
        else:
            raise AssertionError("a call with no time left succeeded")
