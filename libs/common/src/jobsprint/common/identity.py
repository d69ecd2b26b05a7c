"""The caller of the gRPC method being served, set by the identity interceptor for this thread."""

from __future__ import annotations

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


SERVICE_ROLE = "service"


def service_principal(
    key_ring: KeyRing, *, service: str, workspace_id: str, ttl_seconds: int = 60
) -> Principal:
    """A short-lived token for a caller with no user (cron, webhook ingress), acting in one workspace
    (ADR-022). Its subject names the service; its only role is `service`."""
    token, _ = key_ring.issue(
        subject=f"service:{service}", workspace_id=workspace_id, roles=[SERVICE_ROLE], ttl_seconds=ttl_seconds
    )
    return key_ring.verify(token)
