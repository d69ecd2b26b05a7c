"""The gateway's gRPC clients (grpc.aio), one channel per service, created at start-up."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from jobsprint.api.auth.v1 import auth_pb2_grpc
from jobsprint.api.executor.v1 import executor_pb2_grpc
from jobsprint.api.integrations.v1 import integrations_pb2_grpc
from jobsprint.api.workflows.v1 import workflows_pb2_grpc
from jobsprint.common import grpc_client
from jobsprint.gateway.config import Settings


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

    async def close(self) -> None:
        for channel in self.channels:
            await channel.close()
