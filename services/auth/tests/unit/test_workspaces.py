"""The caller's workspaces and switching between them without the password, against fakes:
the same claims and refresh semantics as Login, a session that never outlives the one it came
from, refusals that store nothing, and an audit record in the workspace switched to."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from jobsprint.auth.domain.identity import NOT_A_MEMBER, TokenPair
from jobsprint.auth.service import sessions, workspaces
from jobsprint.common.errors import PermissionDenied, Unauthenticated
from jobsprint.common.tokens import Principal

from .fakes import KEY_RING, Service, join, login, owner, service


def switch(svc: Service, principal: Principal, workspace_id: str) -> TokenPair:
    d = svc.deps
    return workspaces.switch_workspace(
        d.uow(), d.tokens, d.audit_log, principal=principal, workspace_id=workspace_id
    )


def two_workspaces(svc: Service) -> tuple[str, Principal, Principal]:
    """A user who owns a workspace and is an editor in another: (e-mail, at home, the other owner)."""
    _owner_email, other = owner(svc)
    email, _in_other = join(svc, other, "editor")
    home = KEY_RING.verify(login(svc, email).access_token)
    return email, home, other


def test_my_workspaces_are_listed_with_my_role_in_each_and_the_current_one_marked() -> None:
    svc = service()
    _email, home, other = two_workspaces(svc)

    mine = workspaces.list_my_workspaces(svc.deps.uow(), principal=home)

    assert [(w.membership.workspace.id, w.membership.role, w.current) for w in mine] == [
        (home.workspace_id, "owner", True),
        (other.workspace_id, "editor", False),
    ]
    assert mine[1].membership.workspace.name.endswith("'s workspace")


def test_switching_issues_a_pair_for_the_other_workspace_as_login_would() -> None:
    svc = service()
    email, home, other = two_workspaces(svc)

    switched = KEY_RING.verify(switch(svc, home, other.workspace_id).access_token)
    logged_in = KEY_RING.verify(login(svc, email, other.workspace_id).access_token)

    same = ("user_id", "workspace_id", "roles", "kind", "scopes")
    assert [getattr(switched, f) for f in same] == [getattr(logged_in, f) for f in same]
    assert switched.roles == ("editor",) and switched.session_id not in (home.session_id, None)
    [record] = [r for r in svc.audit_log.records if r.action == "auth.switch_workspace"]
    assert (record.workspace_id, record.actor_id, record.details["from_workspace_id"]) == (
        other.workspace_id,
        home.user_id,
        home.workspace_id,
    )


def test_the_switched_session_refreshes_as_any_other_and_ends_with_the_session_it_came_from() -> None:
    svc = service()
    _email, home, other = two_workspaces(svc)
    home_ends = {
        t.token.expires_at for t in svc.uow.db.refresh_tokens.values() if t.token.family_id == home.session_id
    }

    pair = switch(svc, home, other.workspace_id)
    refreshed = sessions.refresh(
        svc.deps.uow(), svc.deps.tokens, svc.deps.audit_log, refresh_token=pair.refresh_token
    )

    new_session = KEY_RING.verify(refreshed.access_token).session_id
    new_ends = {
        t.token.expires_at for t in svc.uow.db.refresh_tokens.values() if t.token.family_id == new_session
    }
    assert new_ends == home_ends
    with pytest.raises(Unauthenticated, match="already used"):
        sessions.refresh(
            svc.deps.uow(), svc.deps.tokens, svc.deps.audit_log, refresh_token=pair.refresh_token
        )


def test_switching_never_extends_a_sign_in() -> None:
    svc = service()
    _email, home, other = two_workspaces(svc)
    soon = datetime.now(UTC) + timedelta(minutes=5)
    for stored in svc.uow.db.refresh_tokens.values():
        if stored.token.family_id == home.session_id:
            stored.token = replace(stored.token, expires_at=soon)

    there = KEY_RING.verify(switch(svc, home, other.workspace_id).access_token)
    back = switch(svc, there, home.workspace_id)

    back_session = KEY_RING.verify(back.access_token).session_id
    assert {
        t.token.expires_at for t in svc.uow.db.refresh_tokens.values() if t.token.family_id == back_session
    } == {soon}


def test_a_workspace_i_am_not_a_member_of_is_refused_as_login_refuses_it_and_nothing_is_stored() -> None:
    svc = service()
    _email, home, _other = two_workspaces(svc)
    _stranger_email, stranger = owner(svc)
    stored, commits = len(svc.uow.db.refresh_tokens), svc.uow.commits
    for workspace_id in (stranger.workspace_id, str(uuid.uuid4()), "not-a-uuid", ""):
        with pytest.raises(PermissionDenied, match=NOT_A_MEMBER):
            switch(svc, home, workspace_id)
    assert (len(svc.uow.db.refresh_tokens), svc.uow.commits) == (stored, commits)


def test_a_session_that_has_ended_cannot_switch() -> None:
    svc = service()
    _email, home, other = two_workspaces(svc)
    assert home.session_id is not None
    sessions.revoke_session(svc.deps.uow(), svc.deps.tokens, principal=home, session_id=home.session_id)
    with pytest.raises(Unauthenticated, match="has ended"):
        switch(svc, home, other.workspace_id)
    with pytest.raises(Unauthenticated, match="no session"):
        switch(svc, replace(home, session_id=None), other.workspace_id)


def test_an_api_key_neither_lists_nor_switches_workspaces() -> None:
    svc = service()
    _email, home, other = two_workspaces(svc)
    as_key = replace(home, kind="api_key", scopes=("read",))
    with pytest.raises(PermissionDenied):
        workspaces.list_my_workspaces(svc.deps.uow(), principal=as_key)
    with pytest.raises(PermissionDenied):
        switch(svc, as_key, other.workspace_id)
