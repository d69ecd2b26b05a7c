"""Credentials and the connector catalogue. Secrets are write-only: accepted on create and
update, never in any response."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import orjson
from fastapi import APIRouter, Query, Request, Response, status
from google.protobuf.field_mask_pb2 import FieldMask
from google.protobuf.timestamp_pb2 import Timestamp
from jobsprint.api.integrations.v1 import integrations_pb2
from jobsprint.common.access import Action
from jobsprint.gateway.api import paging
from jobsprint.gateway.api.deps import CallerRpc, CurrentPrincipal, State
from jobsprint.gateway.api.models import NON_BLANK, Input
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.cache import Key, may_read
from jobsprint.gateway.idempotency import idempotent
from jobsprint.gateway.openapi import errors, headers, merge
from pydantic import BaseModel, Field

router = APIRouter(tags=["integrations"], route_class=DocumentRoute)

NAME_TAKEN = "A credential of that name exists in your workspace."


CredentialType = Literal[
    "bearer", "basic", "api_key", "oauth2_client_credentials", "smtp", "ai_provider", "chat_webhook", "mcp"
]


class CredentialCreate(Input):
    name: str = Field(min_length=1, max_length=200, pattern=NON_BLANK, examples=["github"])
    type: CredentialType = Field(description="GET /v1/credential-types lists each with its fields.")
    config: dict[str, Any] = Field(default_factory=dict, description="Non-secret fields; returned on reads.")
    secret: dict[str, Any] = Field(description="Secret fields; stored encrypted, never returned.")


class CredentialUpdate(Input):
    """Only the fields present (and not null) change; none: nothing changes."""

    name: str | None = Field(None, min_length=1, max_length=200, pattern=NON_BLANK)
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
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page.")


class CredentialTest(Input):
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


CONNECTORS_KIND = "connectors"
MCP_ERRORS = errors(
    404,
    409,
    429,
    e404="No MCP credential with that id in your workspace.",
    e409="The MCP credential cannot be used (it does not decrypt, or the server refused).",
    e429="The MCP server, or this connector's concurrency limit, says slow down.",
)


@router.get("/connectors", responses=merge(errors(403), MCP_ERRORS))
async def list_connectors(
    principal: CurrentPrincipal,
    rpc: CallerRpc,
    state: State,
    mcp_credential_id: str = Query(
        "", max_length=64, description="List this MCP server's tools as actions too (not cached)."
    ),
) -> ConnectorsList:
    """The connector catalogue: each connector's actions with the JSON schemas of their parameters.
    Served from the response cache (ADR-044) unless an MCP server's tools are asked for."""

    async def load() -> tuple[bytes, float | None]:
        reply = await rpc(
            integrations_pb2.ListConnectorsRequest(mcp_credential_id=mcp_credential_id),
        )
        return reply.SerializeToString(), None

    if mcp_credential_id or not may_read(principal):
        raw, _fresh = await load()
    else:
        raw = await state.cache.get_or_load(Key(CONNECTORS_KIND, principal.workspace_id), load)
    reply = integrations_pb2.ListConnectorsResponse.FromString(raw)
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


@router.get("/credential-types", responses=errors(403))
async def list_credential_types(rpc: CallerRpc) -> CredentialTypesList:
    """Each credential type with the JSON schemas of its non-secret and secret fields."""
    reply = await rpc(
        integrations_pb2.ListCredentialTypesRequest(),
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


@router.post(
    "/credentials",
    status_code=status.HTTP_201_CREATED,
    responses=errors(403, 409, e409=NAME_TAKEN),
    dependencies=[idempotent(Action.WRITE)],
)
async def create_credential(body: CredentialCreate, rpc: CallerRpc) -> CredentialPublic:
    """Store a credential; its secret is encrypted at rest and never returned."""
    reply = await rpc(
        integrations_pb2.CreateCredentialRequest(
            name=body.name, type=body.type, config=orjson.dumps(body.config), secret=orjson.dumps(body.secret)
        ),
    )
    return _credential(reply.credential)


@router.get("/credentials", responses=merge(headers(200, "Link", required=False), errors(403)))
async def list_credentials(
    rpc: CallerRpc,
    request: Request,
    response: Response,
    type: str = Query("", max_length=64, description="Only credentials of this type."),
    limit: paging.Limit = 50,
    cursor: paging.Cursor = None,
) -> CredentialsPage:
    """The workspace's credentials, by name, without secrets."""
    reply = await paging.page(
        rpc(
            integrations_pb2.ListCredentialsRequest(page_size=limit, page_token=cursor or "", type=type),
        )
    )
    return CredentialsPage(
        items=[_credential(c) for c in reply.credentials],
        next_cursor=paging.next_cursor(request, response, reply.next_page_token),
    )


@router.get("/credentials/{credential_id}", responses=errors(403, 404))
async def get_credential(credential_id: str, rpc: CallerRpc) -> CredentialPublic:
    """Read one credential, without its secret."""
    reply = await rpc(
        integrations_pb2.GetCredentialRequest(id=credential_id),
    )
    return _credential(reply.credential)


@router.patch(
    "/credentials/{credential_id}",
    responses=errors(
        403,
        404,
        409,
        422,
        e409=NAME_TAKEN,
        e422="The request is invalid: `errors` names each field. A config change that moves where the"
        " secret is sent (a base URL, host, port, token URL, allowed hosts) needs `secret` in the same"
        " request.",
    ),
)
async def update_credential(credential_id: str, body: CredentialUpdate, rpc: CallerRpc) -> CredentialPublic:
    """Rename a credential, or replace its config or its secret; moving where the secret is sent
    needs the secret again."""
    paths = [name for name in ("name", "config", "secret") if getattr(body, name) is not None]
    if not paths:
        # Nothing to change (`{}`, or only nulls): the credential as it is.
        return await get_credential(credential_id, rpc)
    reply = await rpc(
        integrations_pb2.UpdateCredentialRequest(
            id=credential_id,
            name=body.name or "",
            config=orjson.dumps(body.config) if body.config is not None else b"",
            secret=orjson.dumps(body.secret) if body.secret is not None else b"",
            update_mask=FieldMask(paths=paths),
        ),
    )
    return _credential(reply.credential)


@router.delete(
    "/credentials/{credential_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(403, 404)
)
async def delete_credential(credential_id: str, rpc: CallerRpc) -> Response:
    """Delete a credential; workflows that name it fail at their next run of that step."""
    await rpc(
        integrations_pb2.DeleteCredentialRequest(id=credential_id),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/credentials/{credential_id}/test",
    responses=errors(403, 404, 409, e409="The credential does not decrypt: set its secret again."),
)
async def test_credential(
    credential_id: str, rpc: CallerRpc, body: CredentialTest | None = None
) -> CredentialTestResult:
    """Try the credential against its service (SMTP login, model list, MCP tools, or GET `url`)."""
    reply = await rpc(
        integrations_pb2.TestCredentialRequest(id=credential_id, url=body.url if body else ""),
    )
    return CredentialTestResult(ok=reply.ok, message=reply.message)
