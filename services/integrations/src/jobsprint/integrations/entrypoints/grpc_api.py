"""IntegrationsService over gRPC."""

from __future__ import annotations

import orjson
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.integrations.domain.catalogue import CONNECTORS


class IntegrationsServicer(integrations_pb2_grpc.IntegrationsServiceServicer):
    def ListConnectors(self, request, context):  # type: ignore[no-untyped-def]
        return integrations_pb2.ListConnectorsResponse(
            connectors=[
                integrations_pb2.Connector(
                    name=connector.name,
                    description=connector.description,
                    actions=[
                        integrations_pb2.Action(
                            name=action.name,
                            description=action.description,
                            parameters_schema=orjson.dumps(action.parameters_schema),
                        )
                        for action in connector.actions
                    ],
                )
                for connector in CONNECTORS
            ]
        )
