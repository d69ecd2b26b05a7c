"""Who may give which role: admins manage admins, editors and viewers; only an owner touches the
owner role; a workspace always keeps an owner."""

from __future__ import annotations

from jobsprint.common import access
from jobsprint.common.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound
from jobsprint.common.tokens import Principal


def check_role_name(role: str) -> None:
    if role not in access.ROLES:
        raise InvalidArgument(
            "the role is not valid",
            [FieldViolation("role", f"one of {', '.join(access.ROLES)}")],
        )


def check_may_assign(principal: Principal, *, current: str | None, new: str | None) -> None:
    """Admins manage admins, editors and viewers; only an owner touches the owner role."""
    access.require_role(principal, access.ADMIN)
    if access.OWNER in (current, new):
        access.require_role(principal, access.OWNER)


def last_owner() -> FailedPrecondition:
    return FailedPrecondition("this is the workspace's last owner; make another member owner first")


def no_member(user_id: str) -> NotFound:
    return NotFound(f"no member {user_id!r} in this workspace")
