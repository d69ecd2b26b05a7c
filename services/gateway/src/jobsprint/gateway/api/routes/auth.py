"""Registration, login, token refresh and logout; who am I."""

from __future__ import annotations

import uuid

import grpc
from fastapi import APIRouter, Response, status
from jobsprint.api.auth.v1 import auth_pb2
from jobsprint.gateway.api import convert, models
from jobsprint.gateway.api.deps import (
    AuthRateLimit,
    GatewayState,
    OwnRpc,
    PublicRpc,
    State,
    account_key,
)
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.openapi import errors
from jobsprint.gateway.problems import Problem
from jobsprint.gateway.rpc import Rpc

router = APIRouter(tags=["auth"], route_class=DocumentRoute)


@router.post("/auth/register", status_code=status.HTTP_201_CREATED, dependencies=[AuthRateLimit])
async def register(body: models.RegisterRequest, rpc: PublicRpc, state: State) -> models.Registered:
    """Create a user and the workspace they own.

    A taken address gets the same answer and nothing changes (no account enumeration)."""
    decision = await state.limiter.check(
        scope="register-account",
        key=account_key(body.email),
        limit=state.settings.registrations_per_account_per_hour,
        window_seconds=3600,
    )
    if not decision.allowed:
        raise Problem(
            429,
            "too many registrations for this address; retry after the given time",
            headers=decision.headers,
        )
    reply = await rpc(
        auth_pb2.RegisterRequest(
            email=body.email, password=body.password, workspace_name=body.workspace_name or ""
        ),
    )
    return models.Registered(user=convert.user(reply.user), workspace=convert.workspace(reply.workspace))


@router.post(
    "/auth/login",
    dependencies=[AuthRateLimit],
    responses=errors(
        401, 403, e401="Wrong e-mail address or password.", e403="You are not a member of that workspace."
    ),
)
async def login(body: models.LoginRequest, rpc: PublicRpc, state: State) -> models.TokenPair:
    """Exchange an e-mail and password for an access token and a refresh token.

    After too many failed attempts for one account (`GATEWAY_LOGIN_FAILURES_PER_ACCOUNT` within
    `GATEWAY_LOGIN_FAILURE_WINDOW_SECONDS`) every login for it gets 429 until the window slides."""
    return await sign_in(body, rpc, state)


async def sign_in(body: models.LoginRequest, rpc: Rpc, state: GatewayState) -> models.TokenPair:
    """The password check behind both the JSON login and the browser session (`session.py`),
    with the per-account failure window."""
    settings = state.settings
    account = account_key(body.email)
    # The attempt is counted before the password is checked, in one atomic step with the check:
    # of N concurrent guesses against a window with room for k, exactly k are evaluated. A
    # success clears the window; an attempt that failed for another reason (a service down) is
    # taken back.
    attempt = uuid.uuid4().hex
    decision = await state.limiter.check(
        scope="login-failures",
        key=account,
        limit=settings.login_failures_per_account,
        window_seconds=settings.login_failure_window_seconds,
        member=attempt,
    )
    if not decision.allowed:
        raise Problem(
            429,
            "too many failed logins for this account; wait for the time in Retry-After, or reset the password",
            headers=decision.headers,
        )
    try:
        reply = await rpc(
            auth_pb2.LoginRequest(
                email=body.email, password=body.password, workspace_id=body.workspace_id or ""
            ),
        )
    except grpc.aio.AioRpcError as exc:
        if exc.code() != grpc.StatusCode.UNAUTHENTICATED:
            await state.limiter.forget(scope="login-failures", key=account, member=attempt)
        raise
    await state.limiter.clear(scope="login-failures", key=account)
    return convert.tokens(reply.tokens)


@router.post(
    "/auth/refresh",
    dependencies=[AuthRateLimit],
    responses=errors(401, e401="The refresh token is invalid, expired or already used."),
)
async def refresh(body: models.RefreshRequest, rpc: PublicRpc) -> models.TokenPair:
    """Spend a refresh token for a new token pair; a refresh token works once."""
    reply = await rpc(auth_pb2.RefreshTokenRequest(refresh_token=body.refresh_token))
    return convert.tokens(reply.tokens)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(rpc: OwnRpc, body: models.LogoutRequest | None = None) -> Response:
    """Revoke the access token at once (and the refresh token's session, when given)."""
    await rpc(
        auth_pb2.LogoutRequest(refresh_token=(body.refresh_token if body else None) or ""),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", responses=errors(404, e404="Your account or workspace no longer exists."))
async def me(rpc: OwnRpc) -> models.Me:
    """The caller, their workspace and their roles in it."""
    reply = await rpc(auth_pb2.GetMeRequest())
    return models.Me(
        user=convert.user(reply.user), workspace=convert.workspace(reply.workspace), roles=list(reply.roles)
    )


@router.get(
    "/me/workspaces", responses=errors(403, e403="An API key belongs to one workspace: it has no others.")
)
async def my_workspaces(rpc: OwnRpc) -> models.MembershipsPage:
    """The workspaces you are a member of, your role in each, and which one this token is for."""
    reply = await rpc(auth_pb2.ListMyWorkspacesRequest())
    return models.MembershipsPage(items=[convert.membership(m) for m in reply.workspaces])


SWITCH_ERRORS = errors(
    401,
    403,
    e401="The session of this token has ended: sign in again.",
    e403="You are not a member of that workspace (or the credential is an API key, which has one workspace).",
)


async def switch(body: models.WorkspaceSwitch, rpc: Rpc) -> models.TokenPair:
    """The switch behind both the JSON route and the browser session's (`session.py`)."""
    reply = await rpc(auth_pb2.SwitchWorkspaceRequest(workspace_id=body.workspace_id))
    return convert.tokens(reply.tokens)


@router.post("/auth/switch", responses=SWITCH_ERRORS)
async def switch_workspace(body: models.WorkspaceSwitch, rpc: OwnRpc) -> models.TokenPair:
    """A token pair for another of your workspaces, without the password again: a new session
    there, as a login would start, that ends no later than the session of the token making this
    request (ADR-098). That session stays as it is."""
    return await switch(body, rpc)


@router.post(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=errors(
        403, 404, e403="The current password is wrong, or the credential is not a signed-in user."
    ),
)
async def change_password(body: models.PasswordChange, rpc: OwnRpc) -> Response:
    """Set a new password; every session of yours, on every device and workspace, ends at once."""
    await rpc(
        auth_pb2.ChangePasswordRequest(
            current_password=body.current_password, new_password=body.new_password
        ),
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me/sessions")
async def list_sessions(rpc: OwnRpc) -> models.SessionsPage:
    """Your live sessions (one per login) in this workspace, newest first."""
    reply = await rpc(auth_pb2.ListSessionsRequest())
    return models.SessionsPage(items=[convert.session(s) for s in reply.sessions])


@router.delete("/me/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, responses=errors(404))
async def revoke_session(session_id: str, rpc: OwnRpc) -> Response:
    """End one of your sessions: its refresh token and access tokens stop working at once."""
    await rpc(auth_pb2.RevokeSessionRequest(id=session_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
