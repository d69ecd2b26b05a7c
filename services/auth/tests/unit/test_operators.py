"""Instance operators (AUTH_OPERATOR_EMAILS, ADR-102): the users the deployment names carry the
`op` claim in every access token they are issued (login, refresh, workspace switch); nobody
else does, and no API key does."""

from __future__ import annotations

import time
from dataclasses import replace

import jwt
import pytest
from jobsprint.auth.config import Settings
from jobsprint.auth.service import sessions, workspaces
from jobsprint.common.errors import Unauthenticated
from jobsprint.common.tokens import ALGORITHM

from .fakes import KEY_RING, Service, join, login, owner, register, service


def with_operators(svc: Service, *emails: str) -> Service:
    svc.deps = replace(svc.deps, tokens=replace(svc.deps.tokens, operator_emails=frozenset(emails)))
    return svc


def test_the_setting_is_a_comma_separated_list_normalised_as_sign_in_is() -> None:
    settings = Settings(operator_emails=" Ops@Example.com, ,second@example.com ")
    assert settings.operators() == frozenset({"ops@example.com", "second@example.com"})
    assert Settings().operators() == frozenset()


def test_an_operator_is_marked_on_login_refresh_and_workspace_switch() -> None:
    svc = service()
    _other_email, other = owner(svc)
    email, _ = join(svc, other, "viewer")
    with_operators(svc, email)
    d = svc.deps

    pair = login(svc, email)
    home = KEY_RING.verify(pair.access_token)
    refreshed = sessions.refresh(d.uow(), d.tokens, d.audit_log, refresh_token=pair.refresh_token)
    switched = workspaces.switch_workspace(
        d.uow(), d.tokens, d.audit_log, principal=home, workspace_id=other.workspace_id
    )

    assert home.operator
    assert KEY_RING.verify(refreshed.access_token).operator
    there = KEY_RING.verify(switched.access_token)
    assert there.operator and there.roles == ("viewer",)  # the mark adds no role in the workspace


@pytest.mark.security
def test_nobody_else_is_marked_and_the_mark_goes_when_the_setting_drops_them() -> None:
    svc = service()
    email, _ = owner(svc)
    with_operators(svc, "someone-else@example.com")
    assert not KEY_RING.verify(login(svc, email).access_token).operator

    operator_email = "ops-" + email
    register(svc, operator_email)
    with_operators(svc, operator_email)
    pair = login(svc, operator_email)
    assert KEY_RING.verify(pair.access_token).operator
    with_operators(svc)
    d = svc.deps
    refreshed = sessions.refresh(d.uow(), d.tokens, d.audit_log, refresh_token=pair.refresh_token)
    assert not KEY_RING.verify(refreshed.access_token).operator


@pytest.mark.security
def test_no_token_but_a_users_carries_the_mark() -> None:
    with pytest.raises(ValueError, match="only a user"):
        KEY_RING.issue(
            subject="k",
            workspace_id="w",
            roles=["owner"],
            ttl_seconds=60,
            kind="api_key",
            scopes=[],
            operator=True,
        )
    forged = {"op": True, "kind": "api_key", "scope": "read"}
    token = _sign(forged)
    with pytest.raises(Unauthenticated, match="operator mark"):
        KEY_RING.verify(token)


def _sign(extra: dict[str, object]) -> str:
    """A token signed with the ring's own key, with claims `issue` would never write."""
    now = int(time.time())
    claims = {
        "iss": KEY_RING.issuer,
        "aud": KEY_RING.audience,
        "sub": "k",
        "iat": now,
        "nbf": now,
        "exp": now + 60,
        "jti": "j",
        "wid": "w",
        "roles": ["owner"],
        **extra,
    }
    kid = KEY_RING.current_kid
    keys, _ = KEY_RING._ring
    return jwt.encode(claims, keys[kid], algorithm=ALGORITHM, headers={"kid": kid})
