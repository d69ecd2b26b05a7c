"""AuthService over gRPC: each method turns its request into a use-case call with the caller
(the verified principal) and the dependencies the use case names, and its result into the
response. Domain errors become status codes in the gRPC server's one table
(`jobsprint.common.grpc_errors`)."""

from __future__ import annotations

from datetime import UTC

from jobsprint.api.auth.v1 import auth_pb2, auth_pb2_grpc
from jobsprint.auth.domain.api_keys import ApiKey
from jobsprint.auth.domain.identity import Member, TokenPair, User, Workspace
from jobsprint.auth.domain.limits import WORKSPACE_LIMITS
from jobsprint.auth.service import accounts, api_keys, auditing, limits, members, sessions, workspaces
from jobsprint.auth.service.dependencies import Dependencies
from jobsprint.common.access import Action, MethodPolicy
from jobsprint.common.grpc_server import ServiceBinding
from jobsprint.common.identity import current_principal
from jobsprint.common.wire import json_bytes
from jobsprint.common.wire import timestamp as _ts

PUBLIC_METHODS = frozenset(
    f"/jobsprint.api.auth.v1.AuthService/{name}"
    for name in ("Register", "Login", "RefreshToken", "ExchangeApiKey")
)

# Everything else follows the method names (`access.classify`).
POLICY = MethodPolicy(
    overrides={
        "Logout": Action.SELF,
        "GetMe": Action.SELF,
        # A viewer switches between their own workspaces as an owner does.
        "ListMyWorkspaces": Action.SELF,
        "SwitchWorkspace": Action.SELF,
        "ListSessions": Action.SELF,
        "ChangePassword": Action.SELF,
        "RevokeSession": Action.SELF,
        "ListMembers": Action.MANAGE,
        "AddMember": Action.MANAGE,
        "UpdateMember": Action.MANAGE,
        "RemoveMember": Action.MANAGE,
        "CreateApiKey": Action.MANAGE,
        "ListApiKeys": Action.MANAGE,
        "DeleteApiKey": Action.MANAGE,
        "ListAuditEvents": Action.MANAGE,
        "UpdateWorkspaceLimits": Action.MANAGE,
    }
)


def _user(user: User) -> auth_pb2.User:
    return auth_pb2.User(id=user.id, email=user.email, create_time=_ts(user.created_at))


def _workspace(workspace: Workspace) -> auth_pb2.Workspace:
    return auth_pb2.Workspace(id=workspace.id, name=workspace.name, create_time=_ts(workspace.created_at))


def _member(member: Member) -> auth_pb2.Member:
    return auth_pb2.Member(user=_user(member.user), role=member.role, create_time=_ts(member.created_at))


def _api_key(key: ApiKey) -> auth_pb2.ApiKey:
    return auth_pb2.ApiKey(
        id=key.id,
        name=key.name,
        scopes=key.scopes,
        prefix=key.prefix,
        created_by=key.created_by,
        create_time=_ts(key.created_at),
        last_use_time=_ts(key.last_used_at),
    )


def _pair(pair: TokenPair) -> auth_pb2.TokenPair:
    return auth_pb2.TokenPair(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        token_type="bearer",
        expires_in=pair.expires_in,
    )


class AuthServicer(auth_pb2_grpc.AuthServiceServicer):
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def Register(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        user, workspace = accounts.register(
            d.uow(),
            d.passwords,
            d.audit_log,
            email=request.email,
            password=request.password,
            workspace_name=request.workspace_name,
        )
        return auth_pb2.RegisterResponse(user=_user(user), workspace=_workspace(workspace))

    def Login(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        return auth_pb2.LoginResponse(
            tokens=_pair(
                accounts.login(
                    d.uow,
                    d.passwords,
                    d.tokens,
                    d.audit_log,
                    d.background,
                    email=request.email,
                    password=request.password,
                    workspace_id=request.workspace_id,
                )
            )
        )

    def RefreshToken(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        return auth_pb2.RefreshTokenResponse(
            tokens=_pair(
                sessions.refresh(d.uow(), d.tokens, d.audit_log, refresh_token=request.refresh_token)
            )
        )

    def Logout(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        sessions.logout(d.uow(), d.tokens, principal=current_principal(), refresh_token=request.refresh_token)
        return auth_pb2.LogoutResponse()

    def GetMe(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        user, workspace, roles = accounts.get_me(d.uow(), principal=current_principal())
        return auth_pb2.GetMeResponse(user=_user(user), workspace=_workspace(workspace), roles=roles)

    def ListMyWorkspaces(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        found = workspaces.list_my_workspaces(d.uow(), principal=current_principal())
        return auth_pb2.ListMyWorkspacesResponse(
            workspaces=[
                auth_pb2.WorkspaceMembership(
                    workspace=_workspace(w.membership.workspace),
                    role=w.membership.role,
                    join_time=_ts(w.membership.created_at),
                    current=w.current,
                )
                for w in found
            ]
        )

    def SwitchWorkspace(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        pair = workspaces.switch_workspace(
            d.uow(), d.tokens, d.audit_log, principal=current_principal(), workspace_id=request.workspace_id
        )
        return auth_pb2.SwitchWorkspaceResponse(tokens=_pair(pair))

    def ListMembers(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        found = members.list_members(d.uow(), principal=current_principal())
        return auth_pb2.ListMembersResponse(members=[_member(m) for m in found])

    def AddMember(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        member = members.add_member(
            d.uow(), principal=current_principal(), email=request.email, role=request.role
        )
        return auth_pb2.AddMemberResponse(member=_member(member))

    def UpdateMember(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        member = members.update_member(
            d.uow(), d.tokens, principal=current_principal(), user_id=request.user_id, role=request.role
        )
        return auth_pb2.UpdateMemberResponse(member=_member(member))

    def RemoveMember(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        members.remove_member(d.uow(), d.tokens, principal=current_principal(), user_id=request.user_id)
        return auth_pb2.RemoveMemberResponse()

    def ChangePassword(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        accounts.change_password(
            d.uow(),
            d.passwords,
            d.tokens,
            principal=current_principal(),
            current_password=request.current_password,
            new_password=request.new_password,
        )
        return auth_pb2.ChangePasswordResponse()

    def ListSessions(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        found = sessions.list_sessions(d.uow(), principal=current_principal())
        return auth_pb2.ListSessionsResponse(
            sessions=[
                auth_pb2.Session(
                    id=s.id,
                    create_time=_ts(s.created_at),
                    last_refresh_time=_ts(s.last_refreshed_at),
                    expire_time=_ts(s.expires_at),
                    current=s.current,
                )
                for s in found
            ]
        )

    def RevokeSession(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        sessions.revoke_session(d.uow(), d.tokens, principal=current_principal(), session_id=request.id)
        return auth_pb2.RevokeSessionResponse()

    def CreateApiKey(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        key, secret = api_keys.create_api_key(
            d.uow(), principal=current_principal(), name=request.name, scopes=list(request.scopes)
        )
        return auth_pb2.CreateApiKeyResponse(api_key=_api_key(key), secret=secret)

    def ListApiKeys(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        found = api_keys.list_api_keys(d.uow(), principal=current_principal())
        return auth_pb2.ListApiKeysResponse(api_keys=[_api_key(k) for k in found])

    def DeleteApiKey(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        api_keys.delete_api_key(d.uow(), d.tokens, principal=current_principal(), key_id=request.id)
        return auth_pb2.DeleteApiKeyResponse()

    def ExchangeApiKey(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        token, expires_in = api_keys.exchange_api_key(d.uow(), d.tokens, api_key=request.api_key)
        return auth_pb2.ExchangeApiKeyResponse(access_token=token, expires_in=expires_in)

    def GetWorkspaceLimits(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        found = limits.get_workspace_limits(d.uow(), principal=current_principal())
        return auth_pb2.GetWorkspaceLimitsResponse(limits=auth_pb2.WorkspaceLimits(**found))

    def UpdateWorkspaceLimits(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        wanted = {
            name: getattr(request.limits, name) for name in WORKSPACE_LIMITS if request.limits.HasField(name)
        }
        found = limits.update_workspace_limits(d.uow(), principal=current_principal(), limits=wanted)
        return auth_pb2.UpdateWorkspaceLimitsResponse(limits=auth_pb2.WorkspaceLimits(**found))

    def ListAuditEvents(self, request, context):  # type: ignore[no-untyped-def]
        d = self._deps
        page = auditing.list_audit_events(
            d.uow(),
            principal=current_principal(),
            page_size=request.page_size,
            page_token=request.page_token,
            action=request.action,
            actor_id=request.actor_id,
            resource_id=request.resource_id,
            outcome=request.outcome,
            since=request.since.ToDatetime(tzinfo=UTC) if request.HasField("since") else None,
            until=request.until.ToDatetime(tzinfo=UTC) if request.HasField("until") else None,
        )
        return auth_pb2.ListAuditEventsResponse(
            events=[
                auth_pb2.AuditEvent(
                    id=row.id,
                    occur_time=_ts(row.occurred_at),
                    actor_id=row.actor_id,
                    actor_kind=row.actor_kind,
                    action=row.action,
                    resource_id=row.resource_id,
                    outcome=row.outcome,
                    source=row.source,
                    details=json_bytes(row.details),
                )
                for row in page.events
            ],
            next_page_token=page.next_page_token,
        )


def binding(deps: Dependencies) -> ServiceBinding:
    """The AuthService servicer over `deps`, ready for a GrpcServer."""
    return ServiceBinding(
        auth_pb2_grpc.add_AuthServiceServicer_to_server,
        AuthServicer(deps),
        auth_pb2.DESCRIPTOR.services_by_name["AuthService"].full_name,
    )
