"""Credentials and the connector catalogue. Secrets are write-only: accepted on create and
update, never in any response."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from fastapi import APIRouter, Query, Response, status
from google.protobuf.field_mask_pb2 import FieldMask
from google.protobuf.timestamp_pb2 import Timestamp
from jobsprint.api.integrations.v1 import integrations_pb2
from jobsprint.gateway.api.deps import CurrentPrincipal, State, rpc_metadata
from jobsprint.gateway.idempotency import Idempotent
from pydantic import BaseModel, ConfigDict, Field

router = APIRouter(tags=["integrations"])


class CredentialCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=200, examples=["github"])
    type: str = Field(
        max_length=64,
        description="bearer, basic, api_key, oauth2_client_credentials, smtp, ai_provider or mcp "
        "(GET /v1/credential-types lists each with its fields).",
    )
    config: dict[str, Any] = Field(default_factory=dict, description="Non-secret fields; returned on reads.")
    secret: dict[str, Any] = Field(description="Secret fields; stored encrypted, never returned.")


class CredentialUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=200)
    config: dict[str, Any] | None = None
    secret: dict[str, Any] | None = Field(None, description="Replaces every secret field.")


class CredentialPublic(BaseModel):
    id: str
    name: str
    type: str
    config: dict[str, Any]
    secret_fields: list[str] = Field(description="Which secret fields are set; never their values.")
    created_at: datetime | None
    updated_at: datetime | None


class CredentialsPage(BaseModel):
    items: list[CredentialPublic]
    next_page_token: str | None


class CredentialTest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field("", max_length=2048, description="For HTTP credential types: the URL to GET.")


class CredentialTestResult(BaseModel):
    ok: bool
    message: str


class ActionPublic(BaseModel):
    name: str
    node_type: str = Field(description="The workflow node type that runs this action.")
    description: str
    parameters_schema: dict[str, Any]
    output_schema: dict[str, Any]


class ConnectorPublic(BaseModel):
    name: str
    description: str
    credential_types: list[str]
    credential_required: bool
    actions: list[ActionPublic]


class ConnectorsList(BaseModel):
    items: list[ConnectorPublic]


class CredentialTypePublic(BaseModel):
    name: str
    description: str
    config_schema: dict[str, Any]
    secret_schema: dict[str, Any]


class CredentialTypesList(BaseModel):
    items: list[CredentialTypePublic]


def _time(message: Any, field: str) -> datetime | None:
    if not message.HasField(field):
        return None
    stamp: Timestamp = getattr(message, field)
    return stamp.ToDatetime().astimezone()


def _credential(message: integrations_pb2.Credential) -> CredentialPublic:
    return CredentialPublic(
        id=message.id,
        name=message.name,
        type=message.type,
        config=orjson.loads(message.config) if message.config else {},
        secret_fields=list(message.secret_fields),
        created_at=_time(message, "create_time"),
        updated_at=_time(message, "update_time"),
    )


@router.get("/connectors")
async def list_connectors(
    principal: CurrentPrincipal,
    state: State,
    mcp_credential_id: str = Query("", description="List this MCP server's tools as actions too."),
) -> ConnectorsList:
    """The connector catalogue: each connector's actions with the JSON schemas of their parameters."""
    reply = await state.clients.integrations.ListConnectors(
        integrations_pb2.ListConnectorsRequest(mcp_credential_id=mcp_credential_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return ConnectorsList(
        items=[
            ConnectorPublic(
                name=c.name,
                description=c.description,
                credential_types=list(c.credential_types),
                credential_required=c.credential_required,
                actions=[
                    ActionPublic(
                        name=a.name,
                        node_type=f"integration.{c.name}.{a.name}",
                        description=a.description,
                        parameters_schema=orjson.loads(a.parameters_schema or b"{}"),
                        output_schema=orjson.loads(a.output_schema or b"{}"),
                    )
                    for a in c.actions
                ],
            )
            for c in reply.connectors
        ]
    )


@router.get("/credential-types")
async def list_credential_types(principal: CurrentPrincipal, state: State) -> CredentialTypesList:
    """Each credential type with the JSON schemas of its non-secret and secret fields."""
    reply = await state.clients.integrations.ListCredentialTypes(
        integrations_pb2.ListCredentialTypesRequest(),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return CredentialTypesList(
        items=[
            CredentialTypePublic(
                name=t.name,
                description=t.description,
                config_schema=orjson.loads(t.config_schema),
                secret_schema=orjson.loads(t.secret_schema),
            )
            for t in reply.credential_types
        ]
    )


@router.post("/credentials", status_code=status.HTTP_201_CREATED, dependencies=[Idempotent])
async def create_credential(
    body: CredentialCreate, principal: CurrentPrincipal, state: State
) -> CredentialPublic:
    """Store a credential; its secret is encrypted at rest and never returned."""
    reply = await state.clients.integrations.CreateCredential(
        integrations_pb2.CreateCredentialRequest(
            name=body.name, type=body.type, config=orjson.dumps(body.config), secret=orjson.dumps(body.secret)
        ),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _credential(reply.credential)


@router.get("/credentials")
async def list_credentials(
    principal: CurrentPrincipal,
    state: State,
    type: str = Query("", max_length=64, description="Only credentials of this type."),
    page_size: int = Query(50, ge=1, le=100),
    page_token: str = Query("", max_length=200),
) -> CredentialsPage:
    """The workspace's credentials, by name, without secrets."""
    reply = await state.clients.integrations.ListCredentials(
        integrations_pb2.ListCredentialsRequest(page_size=page_size, page_token=page_token, type=type),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return CredentialsPage(
        items=[_credential(c) for c in reply.credentials], next_page_token=reply.next_page_token or None
    )


@router.get("/credentials/{credential_id}")
async def get_credential(credential_id: str, principal: CurrentPrincipal, state: State) -> CredentialPublic:
    """Read one credential, without its secret."""
    reply = await state.clients.integrations.GetCredential(
        integrations_pb2.GetCredentialRequest(id=credential_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _credential(reply.credential)


@router.patch("/credentials/{credential_id}")
async def update_credential(
    credential_id: str, body: CredentialUpdate, principal: CurrentPrincipal, state: State
) -> CredentialPublic:
    """Rename a credential, or replace its config or its secret."""
    paths = [name for name in ("name", "config", "secret") if getattr(body, name) is not None]
    reply = await state.clients.integrations.UpdateCredential(
        integrations_pb2.UpdateCredentialRequest(
            id=credential_id,
            name=body.name or "",
            config=orjson.dumps(body.config) if body.config is not None else b"",
            secret=orjson.dumps(body.secret) if body.secret is not None else b"",
            update_mask=FieldMask(paths=paths),
        ),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return _credential(reply.credential)


@router.delete("/credentials/{credential_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_credential(credential_id: str, principal: CurrentPrincipal, state: State) -> Response:
    """Delete a credential; workflows that name it fail at their next run of that step."""
    await state.clients.integrations.DeleteCredential(
        integrations_pb2.DeleteCredentialRequest(id=credential_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/credentials/{credential_id}/test")
async def test_credential(
    credential_id: str, principal: CurrentPrincipal, state: State, body: CredentialTest | None = None
) -> CredentialTestResult:
    """Try the credential against its service (SMTP login, model list, MCP tools, or GET `url`)."""
    reply = await state.clients.integrations.TestCredential(
        integrations_pb2.TestCredentialRequest(id=credential_id, url=body.url if body else ""),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return CredentialTestResult(ok=reply.ok, message=reply.message)
