"""Short-lived service tokens: how an internal caller with no user (an executor worker calling
integrations, the cron leader) proves who it is and which workspace it acts for (ADR-022).

A service token is an ordinary access token from the shared key ring, so every service's
interceptor verifies it unchanged; its subject is `service:<name>` and its only role `service`.
It lives for seconds, not minutes: it is minted per call, never stored.
"""

from __future__ import annotations

from jobsprint.common.tokens import KeyRing, Principal

SUBJECT_PREFIX = "service:"
SERVICE_ROLE = "service"
DEFAULT_TTL_SECONDS = 60


def issue_service_token(
    key_ring: KeyRing, *, service: str, workspace_id: str, ttl_seconds: int = DEFAULT_TTL_SECONDS
) -> str:
    """A token for `service` acting in `workspace_id`, signed with the ring's current key."""
    if not service or not workspace_id:
        raise ValueError("a service token needs the calling service and the workspace it acts for")
    token, _ = key_ring.issue(
        subject=f"{SUBJECT_PREFIX}{service}",
        workspace_id=workspace_id,
        roles=[SERVICE_ROLE],
        ttl_seconds=ttl_seconds,
    )
    return token


def is_service(principal: Principal) -> bool:
    return principal.user_id.startswith(SUBJECT_PREFIX) and SERVICE_ROLE in principal.roles


def service_metadata(key_ring: KeyRing, *, service: str, workspace_id: str) -> tuple[tuple[str, str], ...]:
    """gRPC metadata carrying a fresh service token."""
    token = issue_service_token(key_ring, service=service, workspace_id=workspace_id)
    return (("authorization", f"Bearer {token}"),)
