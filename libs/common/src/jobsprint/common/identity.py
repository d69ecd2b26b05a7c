"""The caller of the gRPC method being served, set by the identity interceptor for this thread."""

from __future__ import annotations

import time
import uuid
from contextvars import ContextVar

from jobsprint.common.errors import Unauthenticated
from jobsprint.common.tokens import KeyRing, Principal

_current: ContextVar[Principal | None] = ContextVar("jobsprint_principal", default=None)


def current_principal() -> Principal:
    principal = _current.get()
    if principal is None:
        raise Unauthenticated("this method needs an access token")
    return principal


def set_principal(principal: Principal | None) -> object:
    return _current.set(principal)


def reset_principal(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def auth_metadata(principal: Principal) -> tuple[tuple[str, str], ...]:
    """gRPC metadata that carries the caller's own token on to the next service."""
    return (("authorization", f"Bearer {principal.token}"),)


SERVICE_TOKEN_TTL_SECONDS = 60
# Service subjects are UUIDs like users' (columns such as `created_by` hold UUIDs), stable per name.
SERVICE_NAMESPACE = uuid.UUID("6f1d3c1e-2b1a-4d7e-9a43-5e0c2f7b8a10")


def service_subject(service: str) -> str:
    return str(uuid.uuid5(SERVICE_NAMESPACE, f"service:{service}"))


# Minted service tokens are kept on their key ring (`KeyRing.minted`) and reused for the first half
# of their life: minting one (sign, then verify) costs about as much as the internal call it rides
# on, and the hot paths (webhook ingress, every run) would mint one per request.
_MINTED_PER_RING = 10_000


def service_principal(
    key_ring: KeyRing,
    *,
    service: str,
    workspace_id: str,
    scopes: tuple[str, ...],
    ttl_seconds: int = SERVICE_TOKEN_TTL_SECONDS,
) -> Principal:
    """A short-lived token for an internal caller with no user (the cron leader, a worker calling
    integrations), acting for one workspace with only the scopes it needs. It carries the editor
    role so the scopes, not the role, bound what it may do; it can never manage the workspace.

    The same token is handed out again while more than half its life is left and the ring's
    current key is the one that signed it (a rotation mints a new one at once)."""
    minted = key_ring.minted
    key = (key_ring.current_kid, service, workspace_id, tuple(scopes), ttl_seconds)
    principal = minted.get(key)
    if principal is not None and principal.expires_at - time.time() > ttl_seconds / 2:
        return principal
    token, _jti = key_ring.issue(
        subject=service_subject(service),
        workspace_id=workspace_id,
        roles=["editor"],
        ttl_seconds=ttl_seconds,
        kind="service",
        scopes=scopes,
    )
    principal = key_ring.verify(token)
    if len(minted) >= _MINTED_PER_RING:
        minted.clear()
    minted[key] = principal
    return principal


def is_service(principal: Principal) -> bool:
    """A token minted by `service_principal` for an internal caller, not a user's or an API key's."""
    return principal.kind == "service"
