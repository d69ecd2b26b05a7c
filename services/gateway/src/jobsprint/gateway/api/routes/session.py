"""The browser's session (ADR-071): the same tokens as `/v1/auth/login`, but the refresh token
travels in an `HttpOnly; Secure; SameSite=Strict` cookie scoped to `/v1/auth/session`, so no
script can read it; the access token is in the JSON body and the app keeps it in memory.

CSRF: the only requests the refresh cookie goes with are these routes'. Creating a session needs
the password, ending one needs the bearer token; refreshing one needs, besides the cookie, the
header `X-CSRF-Token` equal to the `jobsprint_csrf` cookie (double submit: a page of another
site can neither read that cookie nor set a custom header without a CORS preflight, which the
gateway does not allow with credentials), and an `Origin`, when the browser sends one, of this
gateway itself. `SameSite=Strict` already keeps the cookies off cross-site requests; the header
check is the second lock, for browsers or proxies that get SameSite wrong.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from urllib.parse import urlsplit

import grpc
from fastapi import APIRouter, Request, Response, status
from jobsprint.api.auth.v1 import auth_pb2
from jobsprint.gateway.api import convert, models
from jobsprint.gateway.api.deps import AuthRateLimit, OwnRpc, PublicRpc, State
from jobsprint.gateway.api.routes.auth import SWITCH_ERRORS, sign_in, switch
from jobsprint.gateway.api.routing import DocumentRoute
from jobsprint.gateway.openapi import errors
from jobsprint.gateway.problems import Problem

log = logging.getLogger(__name__)
router = APIRouter(tags=["auth"], route_class=DocumentRoute)

SESSION_PATH = "/v1/auth/session"
REFRESH_COOKIE = "jobsprint_refresh"
CSRF_COOKIE = "jobsprint_csrf"
CSRF_HEADER = "X-CSRF-Token"


def _set_cookies(response: Response, refresh_token: str, *, max_age: int) -> None:
    response.set_cookie(
        REFRESH_COOKIE,
        refresh_token,
        max_age=max_age,
        path=SESSION_PATH,
        secure=True,
        httponly=True,
        samesite="strict",
    )
    # Not HttpOnly: the app reads it to echo it in `X-CSRF-Token`. It grants nothing by itself.
    response.set_cookie(
        CSRF_COOKIE, secrets.token_urlsafe(24), max_age=max_age, path="/", secure=True, samesite="strict"
    )


def _clear_cookies(response: Response) -> None:
    response.delete_cookie(REFRESH_COOKIE, path=SESSION_PATH, secure=True, httponly=True, samesite="strict")
    response.delete_cookie(CSRF_COOKIE, path="/", secure=True, samesite="strict")


def _session(pair: models.TokenPair) -> models.BrowserSession:
    return models.BrowserSession(access_token=pair.access_token, expires_in=pair.expires_in)


def _same_origin(request: Request, origin: str, public_url: str) -> bool:
    parts = urlsplit(origin)
    own = {request.headers.get("host", "")}
    if public_url:
        own.add(urlsplit(public_url).netloc)
    return parts.scheme in ("http", "https") and parts.netloc in own


def check_csrf(request: Request, public_url: str) -> None:
    """Refuse (403) a cookie-authenticated request that may come from another site."""
    origin = request.headers.get("origin")
    if origin is not None and not _same_origin(request, origin, public_url):
        raise Problem(403, "this request came from another site; sign in again from Jobsprint Studio")
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        raise Problem(403, "this request came from another site; sign in again from Jobsprint Studio")
    expected = request.cookies.get(CSRF_COOKIE, "")
    given = request.headers.get(CSRF_HEADER, "")
    if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
        raise Problem(
            403,
            f"the {CSRF_HEADER} header must repeat the {CSRF_COOKIE} cookie; reload the page and sign in again",
        )


@router.post(
    "/auth/session",
    dependencies=[AuthRateLimit],
    responses=errors(
        401, 403, e401="Wrong e-mail address or password.", e403="You are not a member of that workspace."
    ),
)
async def create_session(
    body: models.LoginRequest, response: Response, rpc: PublicRpc, state: State
) -> models.BrowserSession:
    """Sign in from a browser: the access token in the body, the refresh token in an HttpOnly
    cookie (`jobsprint_refresh`, path `/v1/auth/session`) and a CSRF token in `jobsprint_csrf`.
    The same password checks and failure window as `POST /v1/auth/login`."""
    pair = await sign_in(body, rpc, state)
    _set_cookies(response, pair.refresh_token, max_age=state.settings.session_cookie_max_age_seconds)
    return _session(pair)


@router.post(
    "/auth/session/refresh",
    dependencies=[AuthRateLimit],
    responses=errors(
        401,
        403,
        e401="No session cookie, or its refresh token is invalid, expired, revoked or already used: sign in.",
        e403="The request may come from another site: `X-CSRF-Token` does not repeat the `jobsprint_csrf` "
        "cookie, or `Origin` is another site's.",
    ),
)
async def refresh_session(
    request: Request, response: Response, rpc: PublicRpc, state: State
) -> models.BrowserSession:
    """A new access token for the browser's session; the refresh cookie is spent and replaced
    (a refresh token works once). Needs `X-CSRF-Token`."""
    check_csrf(request, state.settings.public_url)
    refresh_token = request.cookies.get(REFRESH_COOKIE, "")
    if not refresh_token:
        raise Problem(401, "no session: sign in", headers={"WWW-Authenticate": "Bearer"})
    reply = await rpc(auth_pb2.RefreshTokenRequest(refresh_token=refresh_token))
    pair = convert.tokens(reply.tokens)
    _set_cookies(response, pair.refresh_token, max_age=state.settings.session_cookie_max_age_seconds)
    return _session(pair)


@router.post("/auth/session/switch", responses=SWITCH_ERRORS)
async def switch_session(
    body: models.WorkspaceSwitch, request: Request, response: Response, rpc: OwnRpc, state: State
) -> models.BrowserSession:
    """Move the browser's session to another of your workspaces without the password again: a
    new session there (its refresh token replaces the cookie), and the one it replaces ends, since
    no one holds its refresh token any more. Needs the bearer token of the current session."""
    pair = await switch(body, rpc)
    _set_cookies(response, pair.refresh_token, max_age=state.settings.session_cookie_max_age_seconds)
    try:
        await rpc(auth_pb2.LogoutRequest(refresh_token=request.cookies.get(REFRESH_COOKIE, "")))
    except grpc.aio.AioRpcError as exc:
        # The switch stands: the old session then ends when it expires, as an abandoned one does.
        log.warning("the session switched from was not ended: %s", exc.code().name)
    return _session(pair)


@router.delete("/auth/session", status_code=status.HTTP_204_NO_CONTENT)
async def end_session(request: Request, rpc: OwnRpc) -> Response:
    """Sign out from a browser: the access token and its whole session (the refresh cookie's
    token with it) stop working at once, and both cookies are cleared."""
    await rpc(
        auth_pb2.LogoutRequest(refresh_token=request.cookies.get(REFRESH_COOKIE, "")),
    )
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    _clear_cookies(response)
    return response
