"""Deadline propagation: a call a service makes while serving a call gets no more time than its
own caller has left. The server interceptor records the incoming call's deadline for the thread
serving it; clients ask `timeout(own_default)` for the deadline of each outgoing call."""

from __future__ import annotations

import time
from contextvars import ContextVar, Token

_deadline: ContextVar[float | None] = ContextVar("jobsprint_deadline", default=None)
# A call gets at least this much, so an exhausted budget ends in DEADLINE_EXCEEDED from gRPC
# itself (which the caller maps to 504) rather than in a local error.
MINIMUM_SECONDS = 0.001


def set_remaining(seconds: float | None) -> Token[float | None]:
    """Record that the call being served must finish within `seconds` (None: no deadline)."""
    return _deadline.set(None if seconds is None else time.monotonic() + seconds)


def reset(token: Token[float | None]) -> None:
    _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left of the call being served, or None outside a call with a deadline."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def timeout(default: float) -> float:
    """The deadline for an outgoing call: `default`, cut to what the incoming call has left."""
    left = remaining()
    if left is None:
        return default
    return max(MINIMUM_SECONDS, min(default, left))
