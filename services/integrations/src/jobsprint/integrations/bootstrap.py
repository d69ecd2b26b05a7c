"""The composition root of the integrations service."""

from __future__ import annotations

import redis
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.common.grpc_server import GrpcServer, ServiceBinding
from jobsprint.common.grpc_server import build_server as build_grpc_server
from jobsprint.integrations.config import Settings
from jobsprint.integrations.entrypoints.grpc_api import IntegrationsServicer


def build_server(settings: Settings) -> GrpcServer:
    return build_grpc_server(
        settings,
        bindings=[
            ServiceBinding(
                integrations_pb2_grpc.add_IntegrationsServiceServicer_to_server,
                IntegrationsServicer(),
                integrations_pb2.DESCRIPTOR.services_by_name["IntegrationsService"].full_name,
            )
        ],
        revocations=redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2),
    )
