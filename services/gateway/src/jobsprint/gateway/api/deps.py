"""Request dependencies, as `Annotated` aliases routes declare: the caller and the clients."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

import redis.asyncio as aioredis
from fastapi import Depends, Request, Response
from jobsprint.common import revocation
from jobsprint.common.errors import Unauthenticated
from jobsprint.common.tokens import KeyRing, Principal, bearer_token
from jobsprint.gateway.apikeys import ApiKeyResolver, is_api_key
from jobsprint.gateway.cache import ResponseCache
from jobsprint.gateway.clients import Clients
from jobsprint.gateway.config import Settings
from jobsprint.gateway.limits import WorkspaceLimits
from jobsprint.gateway.live import EventHub
from jobsprint.gateway.problems import Problem
from jobsprint.gateway.ratelimit import RateLimiter
from jobsprint.gateway.rpc import Rpc


@dataclass
class GatewayState:
    settings: Settings
    clients: Clients
    key_ring: KeyRing
    redis: aioredis.Redis
    limiter: RateLimiter
    api_keys: ApiKeyResolver
    cache: ResponseCache
    events: EventHub
    limits: WorkspaceLimits
    revoked: revocation.AsyncRevocationChecker


async def _state(request: Request) -> GatewayState:
    # Async on purpose: FastAPI runs a plain `def` dependency in a worker thread, a thread hop
    # per request for a lookup.
    return request.app.state.gateway  # type: ignore[no-any-return]


State = Annotated[GatewayState, Depends(_state)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def _exchanged(request: Request, state: GatewayState, api_key: str) -> Principal:
    left = request_deadline(request, state.settings) - time.monotonic()
    return await state.api_keys.principal(api_key, timeout=max(0.001, left))


async def _revoked(state: GatewayState, principal: Principal) -> bool:
    try:
        return await state.revoked(principal)
    except aioredis.RedisError as exc:
        # Fail closed: a token whose revocation cannot be checked is not accepted.
        raise Problem(
            503, "cannot check token revocation right now; retry shortly", headers={"Retry-After": "1"}
        ) from exc


async def _principal(request: Request, response: Response, state: State) -> Principal:
    try:
        credential = bearer_token(request.headers.get("authorization"))
        if is_api_key(credential):
            principal = await _exchanged(request, state, credential)
        else:
            principal = state.key_ring.verify(credential)
        revoked = await _revoked(state, principal)
        if revoked and is_api_key(credential):
            # A key's token is revoked when the key is deleted, and also when its creator's role
            # changes (the grant it was exchanged under is over, ADR-068): the key may still be
            # good, so it is exchanged once more, under its creator's current role.
            state.api_keys.forget(credential)
            principal = await _exchanged(request, state, credential)
            revoked = await _revoked(state, principal)
    except Unauthenticated as exc:
        raise Problem(401, exc.message, headers={"WWW-Authenticate": "Bearer"}) from exc
    if revoked:
        if is_api_key(credential):
            state.api_keys.forget(credential)
        raise Problem(
            401, "the access token has been revoked; log in again", headers={"WWW-Authenticate": "Bearer"}
        )
    # Route groups: reads and writes are limited separately, per caller, across all replicas.
    # A batch read and a validation are POSTs (what they read travels in the body) but change
    # nothing, so they spend the read budget.
    reading = request.method in ("GET", "HEAD", "OPTIONS") or request.url.path.endswith(
        (":batchGet", ":validate")
    )
    # The workspace's own limits where its admins set them (ADR-063), else the defaults.
    limits = await state.limits.for_workspace(principal.workspace_id)
    decision = await state.limiter.check(
        scope="read" if reading else "write",
        key=principal.user_id,
        limit=limits.rate_limit_per_minute if reading else limits.rate_limit_write_per_minute,
    )
    # Also kept on the request: routes that return a bare Response drop `response`'s headers,
    # so the middleware in `app` adds them to whatever goes out.
    request.state.rate_limit_headers = decision.headers
    response.headers.update(decision.headers)
    if not decision.allowed:
        raise Problem(
            429, "too many requests; slow down and retry after the given time", headers=decision.headers
        )
    # For what a route shows depending on who asks (a webhook URL only to who may run it).
    request.state.principal = principal
    return principal


async def _auth_rate_limit(request: Request, response: Response, state: State) -> None:
    decision = await state.limiter.check(
        scope="auth", key=client_address(request), limit=state.settings.auth_rate_limit_per_minute
    )
    # On the answer whatever it is (a 401 for a wrong password too), as `_principal` does.
    request.state.rate_limit_headers = decision.headers
    response.headers.update(decision.headers)
    if not decision.allowed:
        raise Problem(
            429, "too many attempts from this address; retry after the given time", headers=decision.headers
        )


def account_key(email: str) -> str:
    """The failed-login window's key: a hash, so Redis holds no e-mail addresses."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


CurrentPrincipal = Annotated[Principal, Depends(_principal)]
AuthRateLimit = Depends(_auth_rate_limit)


async def _own_principal(principal: CurrentPrincipal) -> Principal:
    """The caller, on routes about their own account (`/v1/me`, logout, their sessions): any
    member may call them, so they answer no 403 for a role or scope."""
    return principal


OwnPrincipal = Annotated[Principal, Depends(_own_principal)]


def rpc_metadata(principal: Principal) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {principal.token}"),)


def request_deadline(request: Request, settings: Settings) -> float:
    """When the request's time budget runs out (set by the middleware as the request came in)."""
    deadline = request.scope.get("state", {}).get("deadline")
    return float(deadline) if deadline is not None else time.monotonic() + settings.rpc_timeout_seconds


def _rpc_for(request: Request, state: GatewayState, metadata: tuple[tuple[str, str], ...]) -> Rpc:
    return Rpc(
        clients=state.clients,
        metadata=metadata,
        deadline=request_deadline(request, state.settings),
        budget_seconds=state.settings.rpc_timeout_seconds,
    )


async def _caller_rpc(request: Request, principal: CurrentPrincipal, state: State) -> Rpc:
    return _rpc_for(request, state, rpc_metadata(principal))


async def _own_rpc(request: Request, principal: OwnPrincipal, state: State) -> Rpc:
    return _rpc_for(request, state, rpc_metadata(principal))


def public_rpc(request: Request, state: GatewayState) -> Rpc:
    """gRPC calls without a caller, within the request's time budget."""
    return _rpc_for(request, state, ())


async def _public_rpc(request: Request, state: State) -> Rpc:
    return public_rpc(request, state)


# gRPC calls as the caller, within the request's time budget.
CallerRpc = Annotated[Rpc, Depends(_caller_rpc)]
# The same on routes about the caller's own account.
OwnRpc = Annotated[Rpc, Depends(_own_rpc)]
# Calls without a caller (register, login, refresh; webhooks add a service token).
PublicRpc = Annotated[Rpc, Depends(_public_rpc)]


def _is_sequence(annotation: Any) -> bool:
    return any(
        get_origin(arg) in (list, tuple, set, frozenset) for arg in (annotation, *get_args(annotation))
    )


async def refuse_repeated_query_parameters(request: Request) -> None:
    """A parameter that takes one value, given twice, is a mistake to say, not to guess at
    (FastAPI would take the last one)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    params, stack = [], [dependant]
    while stack:
        current = stack.pop()
        params.extend(current.query_params)
        stack.extend(current.dependencies)
    repeated = [
        param.alias
        for param in params
        if not _is_sequence(param.field_info.annotation)
        and len(request.query_params.getlist(param.alias)) > 1
    ]
    if repeated:
        raise Problem(
            422,
            f"give {', '.join(repeated)} once: it takes one value",
            title="Invalid request",
            errors=[{"field": name, "message": "given more than once"} for name in repeated],
        )
