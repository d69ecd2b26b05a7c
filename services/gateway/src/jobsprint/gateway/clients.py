"""The gateway's gRPC clients (grpc.aio), one channel per service, created at start-up."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.message import Message
from jobsprint.api.auth.v1 import auth_pb2, auth_pb2_grpc
from jobsprint.api.executor.v1 import executor_pb2, executor_pb2_grpc
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.api.workflows.v1 import workflows_pb2, workflows_pb2_grpc
from jobsprint.common import grpc_client
from jobsprint.gateway.config import Settings


def _calls_by_request() -> dict[str, tuple[str, str]]:
    """Request message full name -> (client, method). Every RPC has a request message of its own
    (`<Method>Request`, buf's RPC_REQUEST_STANDARD_NAME), so the message names the call."""
    calls: dict[str, tuple[str, str]] = {}
    for client, module in (
        ("auth", auth_pb2),
        ("workflows", workflows_pb2),
        ("executor", executor_pb2),
        ("integrations", integrations_pb2),
    ):
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                name = method.input_type.full_name
                if name in calls:
                    raise RuntimeError(
                        f"{name} is the request of two RPCs: {calls[name]} and {method.full_name}"
                    )
                calls[name] = (client, method.name)
    return calls


CALLS = _calls_by_request()


@dataclass
class Clients:
    auth: auth_pb2_grpc.AuthServiceStub
    workflows: workflows_pb2_grpc.WorkflowsServiceStub
    executor: executor_pb2_grpc.ExecutorServiceStub
    integrations: integrations_pb2_grpc.IntegrationsServiceStub
    channels: list[grpc.aio.Channel]

    @classmethod
    def connect(cls, settings: Settings) -> Clients:
        channels = [
            grpc_client.aio_channel(target)
            for target in (
                settings.auth_target,
                settings.workflows_target,
                settings.executor_target,
                settings.integrations_target,
            )
        ]
        return cls(
            auth=auth_pb2_grpc.AuthServiceStub(channels[0]),
            workflows=workflows_pb2_grpc.WorkflowsServiceStub(channels[1]),
            executor=executor_pb2_grpc.ExecutorServiceStub(channels[2]),
            integrations=integrations_pb2_grpc.IntegrationsServiceStub(channels[3]),
            channels=channels,
        )

    def method_for(self, request: Message) -> Callable[..., Awaitable[Any]]:
        """The stub method that takes `request` (`GetWorkflowRequest` -> workflows.GetWorkflow)."""
        client, method = CALLS[request.DESCRIPTOR.full_name]
        return getattr(getattr(self, client), method)  # type: ignore[no-any-return]

    async def close(self) -> None:
        for channel in self.channels:
            await channel.close()
