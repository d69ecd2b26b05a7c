"""The gateway's rate limits a workspace may override, per minute (ADR-063). The gateway applies
them, capped by its own ceiling; the auth service only keeps them with the workspace."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobsprint.common.errors import FieldViolation, InvalidArgument

WORKSPACE_LIMITS = ("rate_limit_per_minute", "rate_limit_write_per_minute", "webhook_rate_limit_per_minute")
MAX_WORKSPACE_LIMIT = 1_000_000


def checked(limits: Mapping[str, int]) -> dict[str, int]:
    problems = [
        FieldViolation(f"limits.{name}", f"must be between 1 and {MAX_WORKSPACE_LIMIT} per minute")
        for name, value in limits.items()
        if not 1 <= value <= MAX_WORKSPACE_LIMIT
    ]
    problems += [
        FieldViolation(f"limits.{name}", "not a limit a workspace can set")
        for name in limits
        if name not in WORKSPACE_LIMITS
    ]
    if problems:
        raise InvalidArgument("the limits are invalid", problems)
    return dict(limits)


def known(limits: Mapping[str, Any]) -> dict[str, int]:
    """The stored overrides a workspace can set (anything else stored is ignored)."""
    return {name: int(value) for name, value in limits.items() if name in WORKSPACE_LIMITS}
