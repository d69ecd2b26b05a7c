"""Members of the caller's workspace and their roles; owners and admins only."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from jobsprint.api.auth.v1 import auth_pb2
from jobsprint.gateway.api import convert, models
from jobsprint.gateway.api.deps import CurrentPrincipal, State, rpc_metadata
from jobsprint.gateway.idempotency import Idempotent

router = APIRouter(prefix="/members", tags=["members"])


@router.get("")
async def list_members(principal: CurrentPrincipal, state: State) -> models.MembersPage:
    """Every member of the workspace with their role."""
    reply = await state.clients.auth.ListMembers(
        auth_pb2.ListMembersRequest(),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return models.MembersPage(items=[convert.member(m) for m in reply.members])


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[Idempotent])
async def add_member(
    body: models.MemberCreate, principal: CurrentPrincipal, state: State
) -> models.MemberPublic:
    """Give a registered user a role here; they sign in with `workspace_id` in the login body."""
    reply = await state.clients.auth.AddMember(
        auth_pb2.AddMemberRequest(email=body.email, role=body.role),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return convert.member(reply.member)


@router.patch("/{user_id}")
async def update_member(
    user_id: str, body: models.MemberUpdate, principal: CurrentPrincipal, state: State
) -> models.MemberPublic:
    """Change a member's role; their sessions end so the new role applies at once."""
    reply = await state.clients.auth.UpdateMember(
        auth_pb2.UpdateMemberRequest(user_id=user_id, role=body.role),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return convert.member(reply.member)


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_member(user_id: str, principal: CurrentPrincipal, state: State) -> Response:
    """Remove a member; their sessions in this workspace are revoked at once."""
    await state.clients.auth.RemoveMember(
        auth_pb2.RemoveMemberRequest(user_id=user_id),
        metadata=rpc_metadata(principal),
        timeout=state.settings.rpc_timeout_seconds,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
