"""IntegrationsService over gRPC: each method turns its request into a use-case call with the
caller's workspace and the dependencies the use case names, and its result into the response.
Domain errors become status codes in the gRPC server's one table (`jobsprint.common.grpc_errors`).
No response ever carries a secret: credentials go out through `credential_message` only."""

from __future__ import annotations

import orjson
from jobsprint.api.integrations.v1 import integrations_pb2, integrations_pb2_grpc
from jobsprint.common.grpc_server import ServiceBinding
from jobsprint.common.identity import current_principal
from jobsprint.common.wire import timestamp
from jobsprint.integrations.domain.connector import ActionResult, ConnectorInfo
from jobsprint.integrations.domain.credentials import StoredCredential
from jobsprint.integrations.service import catalogue, credentials, invocation
from jobsprint.integrations.service.dependencies import Dependencies


def credential_message(credential: StoredCredential) -> integrations_pb2.Credential:
    return integrations_pb2.Credential(
        id=credential.id,
        workspace_id=credential.workspace_id,
        name=credential.name,
        type=credential.type,
        config=orjson.dumps(credential.config),
        secret_fields=list(credential.secret_fields),
        create_time=timestamp(credential.created_at),
        update_time=timestamp(credential.updated_at),
    )


def connector_message(connector: ConnectorInfo) -> integrations_pb2.Connector:
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


def invoke_response(result: ActionResult) -> integrations_pb2.InvokeActionResponse:
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


def _workspace() -> str:
    return current_principal().workspace_id


class IntegrationsServicer(integrations_pb2_grpc.IntegrationsServiceServicer):
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def ListConnectors(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        found = catalogue.list_connectors(
            d.uow(),
            d.keys,
            d.connectors,
            workspace_id=_workspace(),
            mcp_credential_id=request.mcp_credential_id,
        )
        return integrations_pb2.ListConnectorsResponse(connectors=[connector_message(c) for c in found])

    def ListCredentialTypes(self, request, context):  # type: ignore[no-untyped-def]
        return integrations_pb2.ListCredentialTypesResponse(
            credential_types=[
                integrations_pb2.CredentialType(
                    name=t.name,
                    description=t.description,
                    config_schema=orjson.dumps(t.config_schema),
                    secret_schema=orjson.dumps(t.secret_schema),
                )
                for t in catalogue.list_credential_types()
            ]
        )

    def CreateCredential(self, request, context):  # type: ignore[no-untyped-def]
        created = credentials.create_credential(
            self._deps.uow(),
            self._deps.keys,
            workspace_id=_workspace(),
            name=request.name,
            type_=request.type,
            config=request.config,
            secret=request.secret,
        )
        return integrations_pb2.CreateCredentialResponse(credential=credential_message(created))

    def GetCredential(self, request, context):  # type: ignore[no-untyped-def]
        found = credentials.get_credential(
            self._deps.uow(), workspace_id=_workspace(), credential_id=request.id
        )
        return integrations_pb2.GetCredentialResponse(credential=credential_message(found))

    def ListCredentials(self, request, context):  # type: ignore[no-untyped-def]
        found, next_token = credentials.list_credentials(
            self._deps.uow(),
            workspace_id=_workspace(),
            page_size=request.page_size,
            page_token=request.page_token,
            type_=request.type,
        )
        return integrations_pb2.ListCredentialsResponse(
            credentials=[credential_message(c) for c in found], next_page_token=next_token
        )

    def BatchGetCredentials(self, request, context):  # type: ignore[no-untyped-def]
        found = credentials.batch_get_credentials(
            self._deps.uow(), workspace_id=_workspace(), ids=list(request.ids), names=list(request.names)
        )
        return integrations_pb2.BatchGetCredentialsResponse(
            credentials=[credential_message(c) for c in found]
        )

    def UpdateCredential(self, request, context):  # type: ignore[no-untyped-def]
        updated = credentials.update_credential(
            self._deps.uow(),
            self._deps.keys,
            workspace_id=_workspace(),
            credential_id=request.id,
            name=request.name,
            config=request.config,
            secret=request.secret,
            mask=list(request.update_mask.paths),
        )
        return integrations_pb2.UpdateCredentialResponse(credential=credential_message(updated))

    def DeleteCredential(self, request, context):  # type: ignore[no-untyped-def]
        credentials.delete_credential(self._deps.uow(), workspace_id=_workspace(), credential_id=request.id)
        return integrations_pb2.DeleteCredentialResponse()

    def TestCredential(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        ok, message = invocation.try_credential(
            d.uow(),
            d.keys,
            d.connectors,
            workspace_id=_workspace(),
            credential_id=request.id,
            url=request.url,
        )
        return integrations_pb2.TestCredentialResponse(ok=ok, message=message)

    def InvokeAction(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        result = invocation.invoke_action(
            d.uow(),
            d.keys,
            d.connectors,
            d.gates,
            workspace_id=_workspace(),
            connector_name=request.connector,
            action_name=request.action,
            parameters=request.parameters,
            credential_id=request.credential_id,
            idempotency_key=request.idempotency_key,
        )
        return invoke_response(result)


def binding(deps: Dependencies) -> ServiceBinding:
    """The IntegrationsService servicer over `deps`, ready for a GrpcServer."""
    return ServiceBinding(
        integrations_pb2_grpc.add_IntegrationsServiceServicer_to_server,
        IntegrationsServicer(deps),
        integrations_pb2.DESCRIPTOR.services_by_name["IntegrationsService"].full_name,
    )
