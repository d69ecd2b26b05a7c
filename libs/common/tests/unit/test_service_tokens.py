"""Service tokens verify like any access token and carry the workspace they act for."""

from __future__ import annotations

import time

import pytest
from jobsprint.common.errors import Unauthenticated
from jobsprint.common.service_tokens import is_service, issue_service_token, service_metadata
from jobsprint.common.tokens import KeyRing

RING = KeyRing(keys={"k1": "s" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint")


def test_a_service_token_verifies_with_the_shared_ring_and_names_service_and_workspace() -> None:
    principal = RING.verify(issue_service_token(RING, service="executor", workspace_id="ws-1"))
    assert principal.user_id == "service:executor"
    assert principal.workspace_id == "ws-1"
    assert principal.roles == ("service",)
    assert is_service(principal)


def test_a_service_token_is_short_lived() -> None:
    principal = RING.verify(issue_service_token(RING, service="executor", workspace_id="ws-1"))
    assert principal.expires_at - time.time() <= 61


def test_a_service_token_from_another_ring_is_refused() -> None:
    other = KeyRing(keys={"k1": "o" * 40}, current_kid="k1", issuer="jobsprint", audience="jobsprint")
    with pytest.raises(Unauthenticated):
        RING.verify(issue_service_token(other, service="executor", workspace_id="ws-1"))


def test_refuses_to_mint_a_token_without_a_workspace() -> None:
    with pytest.raises(ValueError, match="workspace"):
        issue_service_token(RING, service="executor", workspace_id="")


def test_service_metadata_is_a_bearer_authorization_header() -> None:
    ((key, value),) = service_metadata(RING, service="executor", workspace_id="ws-1")
    assert key == "authorization"
    assert value.startswith("Bearer ")
