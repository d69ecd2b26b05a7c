"""API keys for machines: create (shown once), list, delete; owners and admins only.

Use a key wherever an access token goes: `Authorization: Bearer jsk_…`."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from jobsprint.api.auth.v1 import auth_pb2
from jobsprint.common.access import Action
from jobsprint.gateway.api import convert, models
from jobsprint.gateway.api.deps import CallerRpc
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.idempotency import idempotent
from jobsprint.gateway.openapi import errors, headers, merge

router = APIRouter(prefix="/api-keys", tags=["api keys"], route_class=DocumentRoute)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=merge(
        {
            200: {
                "model": models.ApiKeyPublic,
                "description": "A replay (`Idempotency-Key`) of a creation that succeeded: the key is already "
                "created, and its secret was shown once, in the first answer, and is kept nowhere: this is "
                "the key without it. Lost the secret? Delete the key and create another.",
            }
        },
        headers(200, "Idempotent-Replayed"),
        errors(403),
    ),
    dependencies=[idempotent(Action.MANAGE, secret_fields=("key",))],
)
async def create_api_key(body: models.ApiKeyCreate, rpc: CallerRpc) -> models.ApiKeyCreated:
    """Create a scoped key for the workspace; the response holds the key, shown this once."""
    reply = await rpc(auth_pb2.CreateApiKeyRequest(name=body.name, scopes=body.scopes))
    return models.ApiKeyCreated(**convert.api_key(reply.api_key).model_dump(), key=reply.secret)


@router.get("", responses=errors(403))
async def list_api_keys(rpc: CallerRpc) -> models.ApiKeysPage:
    """The workspace's live keys, with when each was last used (never the keys themselves)."""
    reply = await rpc(auth_pb2.ListApiKeysRequest())
    return models.ApiKeysPage(items=[convert.api_key(k) for k in reply.api_keys])


@router.delete("/{key_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(403, 404))
async def delete_api_key(key_id: str, rpc: CallerRpc) -> Response:
    """Revoke a key: requests with it fail at once, on every gateway replica."""
    await rpc(auth_pb2.DeleteApiKeyRequest(id=key_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
