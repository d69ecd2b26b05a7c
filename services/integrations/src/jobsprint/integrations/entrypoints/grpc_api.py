"""IntegrationsService over gRPC: translate messages to handler calls and back, nothing else.
No response ever carries a secret: credentials go out through `credential_message` only."""

from __future__ import annotations

from typing import Any

import orjson
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.common.grpc_server import ServiceBinding
from jobsprint.common.identity import current_principal
from jobsprint.common.wire import timestamp
from jobsprint.integrations import handlers
from jobsprint.integrations.domain.credential_types import CREDENTIAL_TYPES
from sqlalchemy.engine import Row


def credential_message(row: Row[Any]) -> integrations_pb2.Credential:
    return integrations_pb2.Credential(
        id=row.id,
        workspace_id=row.workspace_id,
        name=row.name,
        type=row.type,
        config=orjson.dumps(row.config),
        secret_fields=list(row.secret_fields),
        create_time=timestamp(row.created_at),
        update_time=timestamp(row.updated_at),
    )


def connector_message(connector: handlers.ConnectorView) -> integrations_pb2.Connector:
    return integrations_pb2.Connector(
        name=connector.name,
        description=connector.description,
        credential_types=list(connector.credential_types),
        credential_required=connector.credential_required,
        actions=[
            integrations_pb2.Action(
                name=action.name,
                description=action.description,
                parameters_schema=orjson.dumps(action.parameters_schema),
                output_schema=orjson.dumps(action.output_schema),
            )
            for action in connector.actions
        ],
    )


class IntegrationsServicer(integrations_pb2_grpc.IntegrationsServiceServicer):
    def __init__(self, ctx: handlers.IntegrationsContext) -> None:
        self._ctx = ctx

    def ListConnectors(self, request, context):  # type: ignore[no-untyped-def]
        return integrations_pb2.ListConnectorsResponse(
            connectors=[
                connector_message(c)
                for c in handlers.list_connectors(
                    self._ctx, principal=current_principal(), mcp_credential_id=request.mcp_credential_id
                )
            ]
        )

    def ListCredentialTypes(self, request, context):  # type: ignore[no-untyped-def]
        return integrations_pb2.ListCredentialTypesResponse(
            credential_types=[
                integrations_pb2.CredentialType(
                    name=t.name,
                    description=t.description,
                    config_schema=orjson.dumps(t.config_schema),
                    secret_schema=orjson.dumps(t.secret_schema),
                )
                for t in CREDENTIAL_TYPES.values()
            ]
        )

    def CreateCredential(self, request, context):  # type: ignore[no-untyped-def]
        row = handlers.create_credential(
            self._ctx,
            principal=current_principal(),
            name=request.name,
            type_=request.type,
            config=request.config,
            secret=request.secret,
        )
        return integrations_pb2.CreateCredentialResponse(credential=credential_message(row))

    def GetCredential(self, request, context):  # type: ignore[no-untyped-def]
        row = handlers.get_credential(self._ctx, principal=current_principal(), credential_id=request.id)
        return integrations_pb2.GetCredentialResponse(credential=credential_message(row))

    def ListCredentials(self, request, context):  # type: ignore[no-untyped-def]
        rows, next_token = handlers.list_credentials(
            self._ctx,
            principal=current_principal(),
            page_size=request.page_size,
            page_token=request.page_token,
            type_=request.type,
        )
        return integrations_pb2.ListCredentialsResponse(
            credentials=[credential_message(r) for r in rows], next_page_token=next_token
        )

    def BatchGetCredentials(self, request, context):  # type: ignore[no-untyped-def]
        rows = handlers.batch_get_credentials(
            self._ctx, principal=current_principal(), ids=list(request.ids), names=list(request.names)
        )
        return integrations_pb2.BatchGetCredentialsResponse(credentials=[credential_message(r) for r in rows])

    def UpdateCredential(self, request, context):  # type: ignore[no-untyped-def]
        row = handlers.update_credential(
            self._ctx,
            principal=current_principal(),
            credential_id=request.id,
            name=request.name,
            config=request.config,
            secret=request.secret,
            mask=list(request.update_mask.paths),
        )
        return integrations_pb2.UpdateCredentialResponse(credential=credential_message(row))

    def DeleteCredential(self, request, context):  # type: ignore[no-untyped-def]
        handlers.delete_credential(self._ctx, principal=current_principal(), credential_id=request.id)
        return integrations_pb2.DeleteCredentialResponse()

    def TestCredential(self, request, context):  # type: ignore[no-untyped-def]
        ok, message = handlers.try_credential(
            self._ctx, principal=current_principal(), credential_id=request.id, url=request.url
        )
        return integrations_pb2.TestCredentialResponse(ok=ok, message=message)

    def InvokeAction(self, request, context):  # type: ignore[no-untyped-def]
        result = handlers.invoke_action(
            self._ctx,
            principal=current_principal(),
            connector_name=request.connector,
            action_name=request.action,
            parameters=request.parameters,
            credential_id=request.credential_id,
            idempotency_key=request.idempotency_key,
        )
        usage = result.usage
        return integrations_pb2.InvokeActionResponse(
            output=orjson.dumps(result.output),
            cached=result.cached,
            usage=integrations_pb2.TokenUsage(
                prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens,
                total_tokens=usage.total_tokens,
            )
            if usage is not None
            else None,
        )


def binding(ctx: handlers.IntegrationsContext) -> ServiceBinding:
    """The IntegrationsService servicer over `ctx`, ready for a GrpcServer."""
    return ServiceBinding(
        integrations_pb2_grpc.add_IntegrationsServiceServicer_to_server,
        IntegrationsServicer(ctx),
        integrations_pb2.DESCRIPTOR.services_by_name["IntegrationsService"].full_name,
    )
