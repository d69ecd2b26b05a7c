"""Sessions against fakes: a refresh token works once, its reuse ends the session, a session
lives a fixed time from its login, and logging out or revoking ends it everywhere."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from jobsprint.auth.domain.identity import TokenPair
from jobsprint.auth.service import sessions
from jobsprint.common.errors import NotFound, Unauthenticated

from .fakes import KEY_RING, Service, login, new_email, register, service


def refresh(svc: Service, refresh_token: str) -> TokenPair:
    return sessions.refresh(svc.deps.uow(), svc.deps.tokens, svc.deps.audit_log, refresh_token=refresh_token)


def signed_up(svc: Service) -> str:
    email = new_email()
    register(svc, email)
    return email


def test_a_refresh_rotates_the_token_within_the_same_session_and_its_fixed_lifetime() -> None:
    svc = service()
    first = login(svc, signed_up(svc))

    second = refresh(svc, first.refresh_token)

    before, after = KEY_RING.verify(first.access_token), KEY_RING.verify(second.access_token)
    assert second.refresh_token != first.refresh_token and after.session_id == before.session_id
    expiries = {t.token.expires_at for t in svc.uow.db.refresh_tokens.values()}
    assert len(expiries) == 1  # refreshing does not extend the session


def test_a_reused_refresh_token_ends_the_session_and_its_access_tokens_and_is_audited() -> None:
    svc = service()
    first = login(svc, signed_up(svc))
    second = refresh(svc, first.refresh_token)
    session_id = KEY_RING.verify(second.access_token).session_id

    with pytest.raises(Unauthenticated, match="already used"):
        refresh(svc, first.refresh_token)

    assert session_id in svc.revocations.sessions
    assert svc.audit_log.records[-1].action == "auth.refresh_token_reused"
    with pytest.raises(Unauthenticated):
        refresh(svc, second.refresh_token)


def test_an_unknown_refresh_token_is_refused_and_changes_nothing() -> None:
    svc = service()
    commits = svc.uow.commits
    with pytest.raises(Unauthenticated, match="invalid or expired"):
        refresh(svc, "not-a-token")
    assert svc.uow.commits == commits


def test_a_member_removed_since_cannot_refresh_and_the_token_stays_unspent() -> None:
    svc = service()
    email = signed_up(svc)
    pair = login(svc, email)
    principal = KEY_RING.verify(pair.access_token)
    del svc.uow.db.memberships[(principal.workspace_id, principal.user_id)]

    with pytest.raises(Unauthenticated, match="no longer a member"):
        refresh(svc, pair.refresh_token)
    assert all(t.token.used_at is None for t in svc.uow.db.refresh_tokens.values())


def test_logout_revokes_the_access_token_its_session_and_the_refresh_token() -> None:
    svc = service()
    pair = login(svc, signed_up(svc))
    principal = KEY_RING.verify(pair.access_token)

    sessions.logout(svc.deps.uow(), svc.deps.tokens, principal=principal, refresh_token=pair.refresh_token)

    assert principal.token_id in svc.revocations.tokens and principal.session_id in svc.revocations.sessions
    with pytest.raises(Unauthenticated):
        refresh(svc, pair.refresh_token)


def test_sessions_are_listed_newest_first_with_the_callers_marked_current() -> None:
    svc = service()
    email = signed_up(svc)
    phone = KEY_RING.verify(login(svc, email).access_token)
    laptop = KEY_RING.verify(login(svc, email).access_token)

    listed = sessions.list_sessions(svc.deps.uow(), principal=laptop)

    assert [(s.id, s.current) for s in listed] == [(laptop.session_id, True), (phone.session_id, False)]


def test_revoking_a_session_ends_it_and_another_users_session_is_not_found() -> None:
    svc = service()
    email = signed_up(svc)
    phone = KEY_RING.verify(login(svc, email).access_token)
    laptop = KEY_RING.verify(login(svc, email).access_token)
    assert phone.session_id is not None

    sessions.revoke_session(svc.deps.uow(), svc.deps.tokens, principal=laptop, session_id=phone.session_id)

    assert [s.id for s in sessions.list_sessions(svc.deps.uow(), principal=laptop)] == [laptop.session_id]
    assert phone.session_id in svc.revocations.sessions
    stranger = replace(laptop, user_id=str(uuid.uuid4()))
    for session_id in (str(laptop.session_id), "not-a-uuid"):
        with pytest.raises(NotFound):
            sessions.revoke_session(
                svc.deps.uow(), svc.deps.tokens, principal=stranger, session_id=session_id
            )
