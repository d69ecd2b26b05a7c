"""The caller of the gRPC method being served, set by the identity interceptor for this thread."""

from __future__ import annotations

from contextvars import ContextVar

from jobsprint.common.errors import Unauthenticated
from jobsprint.common.tokens import Principal

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
