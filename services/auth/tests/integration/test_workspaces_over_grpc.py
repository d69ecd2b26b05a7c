"""ListMyWorkspaces and SwitchWorkspace over real gRPC, with the server's own authentication,
policy and error table, against Postgres and Redis."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import grpc
import pytest
from jobsprint.api.auth.v1 import auth_pb2, auth_pb2_grpc
from jobsprint.auth import bootstrap
from jobsprint.auth.entrypoints import grpc_api
from jobsprint.common import revocation
from jobsprint.common.grpc_server import GrpcServer

from .conftest import PASSWORD

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stub(ctx) -> Iterator[auth_pb2_grpc.AuthServiceStub]:
    # As bootstrap.build_server makes it, on a free loopback port.
    server = GrpcServer(
        bindings=[grpc_api.binding(ctx)],
        port=0,
        key_ring=ctx.key_ring,
        public_methods=grpc_api.PUBLIC_METHODS,
        is_revoked=lambda principal: revocation.principal_revoked(ctx.redis, principal),
        policy=grpc_api.POLICY,
        audit_sink=bootstrap.AuditSink(ctx.audit_log),
        audit_source=bootstrap.AuditSink.source,
    )
    server.start()
    try:
        with grpc.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            yield auth_pb2_grpc.AuthServiceStub(channel)
    finally:
        server.stop(grace=0)


@dataclass
class Account:
    email: str
    user_id: str
    workspace_id: str
    tokens: auth_pb2.TokenPair


def _as(tokens: auth_pb2.TokenPair) -> tuple[tuple[str, str]]:
    return (("authorization", f"Bearer {tokens.access_token}"),)


def _account(stub: auth_pb2_grpc.AuthServiceStub) -> Account:
    email = f"switch-{uuid.uuid4().hex[:10]}@example.com"
    registered = stub.Register(auth_pb2.RegisterRequest(email=email, password=PASSWORD))
    tokens = stub.Login(auth_pb2.LoginRequest(email=email, password=PASSWORD)).tokens
    return Account(email, registered.user.id, registered.workspace.id, tokens)


@pytest.fixture
def member(stub) -> tuple[Account, Account]:
    """(a user who owns a workspace and is an editor in another, the other's owner)."""
    me, other = _account(stub), _account(stub)
    stub.AddMember(auth_pb2.AddMemberRequest(email=me.email, role="editor"), metadata=_as(other.tokens))
    return me, other


def test_my_workspaces_are_listed_with_my_role_and_the_current_one(ctx, stub, member):
    me, other = member
    listed = stub.ListMyWorkspaces(auth_pb2.ListMyWorkspacesRequest(), metadata=_as(me.tokens)).workspaces
    assert [(w.workspace.id, w.role, w.current) for w in listed] == [
        (me.workspace_id, "owner", True),
        (other.workspace_id, "editor", False),
    ]
    assert all(w.workspace.name and w.join_time.seconds for w in listed)


def test_a_switch_issues_a_pair_for_the_other_workspace_that_refreshes_as_logins_do(ctx, stub, member):
    me, other = member
    before = ctx.key_ring.verify(me.tokens.access_token)

    switched = stub.SwitchWorkspace(
        auth_pb2.SwitchWorkspaceRequest(workspace_id=other.workspace_id), metadata=_as(me.tokens)
    ).tokens

    principal = ctx.key_ring.verify(switched.access_token)
    assert (principal.user_id, principal.workspace_id, principal.roles) == (
        me.user_id,
        other.workspace_id,
        ("editor",),
    )
    assert principal.session_id != before.session_id and switched.token_type == "bearer"
    me_there = stub.GetMe(auth_pb2.GetMeRequest(), metadata=_as(switched))
    assert (me_there.workspace.id, list(me_there.roles)) == (other.workspace_id, ["editor"])
    refreshed = stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=switched.refresh_token)).tokens
    assert ctx.key_ring.verify(refreshed.access_token).session_id == principal.session_id
    with pytest.raises(grpc.RpcError) as reused:
        stub.RefreshToken(auth_pb2.RefreshTokenRequest(refresh_token=switched.refresh_token))
    assert reused.value.code() == grpc.StatusCode.UNAUTHENTICATED

    events = stub.ListAuditEvents(
        auth_pb2.ListAuditEventsRequest(action="auth.switch_workspace", actor_id=me.user_id),
        metadata=_as(other.tokens),
    ).events
    assert [e.outcome for e in events] == ["success"]


def test_a_workspace_i_am_not_a_member_of_is_permission_denied_as_login_answers(ctx, stub, member):
    me, _other = member
    stranger = _account(stub)
    for workspace_id in (stranger.workspace_id, "not-a-uuid"):
        with pytest.raises(grpc.RpcError) as refused:
            stub.SwitchWorkspace(
                auth_pb2.SwitchWorkspaceRequest(workspace_id=workspace_id), metadata=_as(me.tokens)
            )
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        with pytest.raises(grpc.RpcError) as login_refused:
            stub.Login(auth_pb2.LoginRequest(email=me.email, password=PASSWORD, workspace_id=workspace_id))
        assert (refused.value.code(), refused.value.details()) == (
            login_refused.value.code(),
            login_refused.value.details(),
        )


def test_a_logged_out_session_cannot_switch(ctx, stub, member):
    me, other = member
    stub.Logout(auth_pb2.LogoutRequest(refresh_token=me.tokens.refresh_token), metadata=_as(me.tokens))
    with pytest.raises(grpc.RpcError) as refused:
        stub.SwitchWorkspace(
            auth_pb2.SwitchWorkspaceRequest(workspace_id=other.workspace_id), metadata=_as(me.tokens)
        )
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_an_api_key_neither_lists_nor_switches_workspaces(ctx, stub, member):
    me, other = member
    secret = stub.CreateApiKey(
        auth_pb2.CreateApiKeyRequest(name="ci", scopes=["read"]), metadata=_as(me.tokens)
    ).secret
    key_token = stub.ExchangeApiKey(auth_pb2.ExchangeApiKeyRequest(api_key=secret)).access_token
    as_key = auth_pb2.TokenPair(access_token=key_token)
    for call, request in (
        (stub.ListMyWorkspaces, auth_pb2.ListMyWorkspacesRequest()),
        (stub.SwitchWorkspace, auth_pb2.SwitchWorkspaceRequest(workspace_id=other.workspace_id)),
    ):
        with pytest.raises(grpc.RpcError) as refused:
            call(request, metadata=_as(as_key))
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
