"""Members of the caller's workspace and their roles; owners and admins only."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from jobsprint.api.auth.v1 import auth_pb2
from jobsprint.common.access import Action
from jobsprint.gateway.api import convert, models
from jobsprint.gateway.api.deps import CallerRpc
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.idempotency import idempotent
from jobsprint.gateway.openapi import errors

router = APIRouter(prefix="/members", tags=["members"], route_class=DocumentRoute)

LAST_OWNER = "This is the workspace's last owner: make another member owner first."


@router.get("", responses=errors(403))
async def list_members(rpc: CallerRpc) -> models.MembersPage:
    """Every member of the workspace with their role."""
    reply = await rpc(auth_pb2.ListMembersRequest())
    return models.MembersPage(items=[convert.member(m) for m in reply.members])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=errors(403, 404, 409, e404="No account uses that address.", e409="They are a member already."),
    dependencies=[idempotent(Action.MANAGE)],
)
async def add_member(body: models.MemberCreate, rpc: CallerRpc) -> models.MemberPublic:
    """Give a registered user a role here; they sign in with `workspace_id` in the login body."""
    reply = await rpc(auth_pb2.AddMemberRequest(email=body.email, role=body.role))
    return convert.member(reply.member)


@router.patch("/{user_id}", responses=errors(403, 404, 409, e409=LAST_OWNER))
async def update_member(user_id: str, body: models.MemberUpdate, rpc: CallerRpc) -> models.MemberPublic:
    """Change a member's role; their sessions end so the new role applies at once."""
    reply = await rpc(auth_pb2.UpdateMemberRequest(user_id=user_id, role=body.role))
    return convert.member(reply.member)


@router.delete(
    "/{user_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(403, 404, 409, e409=LAST_OWNER)
)
async def remove_member(user_id: str, rpc: CallerRpc) -> Response:
    """Remove a member; their sessions in this workspace are revoked at once."""
    await rpc(auth_pb2.RemoveMemberRequest(user_id=user_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
