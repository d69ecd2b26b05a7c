"""Registering, signing in, who the caller is and changing a password, against fakes of the
ports: what is stored, what is committed, what is audited, and that a refusal stores nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from jobsprint.auth.domain.identity import INVALID_CREDENTIALS
from jobsprint.auth.service import accounts, api_keys, members
from jobsprint.common.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated

from .fakes import KEY_RING, PASSWORD, login, new_email, owner, register, service, sign_in


def test_registering_makes_the_user_owner_of_a_new_workspace_in_one_commit_and_audits_it() -> None:
    svc = service()
    email = new_email()

    user, workspace = register(svc, email.upper(), workspace_name=" Acme ")

    assert (user.email, workspace.name) == (email, "Acme")
    assert svc.uow.db.memberships[(workspace.id, user.id)].role == "owner"
    assert svc.uow.db.users[user.id].password_hash == f"hashed:{PASSWORD}"
    assert svc.uow.commits == 1
    assert [(r.action, r.outcome, r.workspace_id) for r in svc.audit_log.records] == [
        ("auth.register", "success", workspace.id)
    ]


def test_registering_a_taken_address_answers_alike_and_stores_nothing() -> None:
    svc = service()
    email = new_email()
    first, _ = register(svc, email)

    again, workspace = register(svc, email, workspace_name="Other")

    assert again.email == email and workspace.name == "Other" and again.id != first.id
    assert list(svc.uow.db.users) == [first.id] and workspace.id not in svc.uow.db.workspaces
    assert svc.uow.commits == 1


def test_a_weak_password_is_refused_before_anything_is_stored() -> None:
    svc = service()
    with pytest.raises(InvalidArgument) as refused:
        accounts.register(
            svc.deps.uow(),
            svc.deps.passwords,
            svc.deps.audit_log,
            email=new_email(),
            password="short",
            workspace_name="",
        )
    assert refused.value.violations[0].field == "password"
    assert svc.uow.db.users == {} and svc.uow.commits == 0


def test_login_issues_a_token_pair_for_the_first_workspace_with_the_users_roles() -> None:
    svc = service()
    email = new_email()
    user, workspace = register(svc, email)

    pair = login(svc, email)

    principal = KEY_RING.verify(pair.access_token)
    assert (principal.user_id, principal.workspace_id, principal.roles) == (user.id, workspace.id, ("owner",))
    [stored] = svc.uow.db.refresh_tokens.values()
    assert stored.token.family_id == principal.session_id and pair.refresh_token not in stored.token_hash
    assert pair.expires_in == svc.deps.tokens.access_token_ttl
    assert svc.audit_log.records[-1].action == "auth.login"


def test_an_unknown_address_verifies_the_dummy_hash_and_reads_as_a_wrong_password() -> None:
    svc = service()
    email = new_email()
    register(svc, email)

    with pytest.raises(Unauthenticated) as unknown:
        login(svc, f"nobody-{email}")
    with pytest.raises(Unauthenticated) as wrong:
        login(svc, email, password="not the password at all")

    assert svc.passwords.verified == [svc.passwords.dummy_hash, f"hashed:{PASSWORD}"]
    assert unknown.value.message == wrong.value.message == INVALID_CREDENTIALS
    assert svc.background.submitted == 2  # queued either way: no enumeration by timing


def test_a_wrong_password_for_a_known_account_is_audited_in_each_of_its_workspaces() -> None:
    svc = service()
    email, me = owner(svc)
    _other_email, other = owner(svc)
    members.add_member(svc.deps.uow(), principal=other, email=email, role="viewer")
    with pytest.raises(Unauthenticated):
        login(svc, email, password="definitely wrong")

    failed = [r for r in svc.audit_log.records if r.outcome == "failed"]
    assert {r.workspace_id for r in failed} == {me.workspace_id, other.workspace_id}


def test_login_to_a_workspace_the_user_is_not_a_member_of_is_denied() -> None:
    svc = service()
    email, _me = owner(svc)
    _other_email, other = owner(svc)
    for workspace_id in (other.workspace_id, "not-a-uuid"):
        with pytest.raises(PermissionDenied):
            login(svc, email, workspace_id)


def test_get_me_describes_the_user_or_the_api_key_standing_for_one() -> None:
    svc = service()
    email, me = owner(svc)
    user, workspace, roles = accounts.get_me(svc.deps.uow(), principal=me)
    assert (user.email, workspace.id, roles) == (email, me.workspace_id, ["owner"])

    key, secret = api_keys.create_api_key(svc.deps.uow(), principal=me, name="ci", scopes=["read"])
    token, _ = api_keys.exchange_api_key(svc.deps.uow(), svc.deps.tokens, api_key=secret)
    as_key, _ws, key_roles = accounts.get_me(svc.deps.uow(), principal=KEY_RING.verify(token))
    assert (as_key.id, as_key.email, key_roles) == (key.id, "api-key:ci", ["viewer"])


def test_get_me_for_a_user_who_no_longer_exists_is_not_found() -> None:
    svc = service()
    _email, me = owner(svc)
    with pytest.raises(NotFound):
        accounts.get_me(svc.deps.uow(), principal=replace(me, user_id="gone"))


def test_a_new_password_ends_every_session_of_the_user_and_revokes_the_callers_token() -> None:
    svc = service()
    email, me = owner(svc)
    phone = sign_in(svc, email)
    d = svc.deps

    accounts.change_password(
        d.uow(),
        d.passwords,
        d.tokens,
        principal=me,
        current_password=PASSWORD,
        new_password="a brand new passphrase",
    )

    assert set(svc.revocations.sessions) == {me.session_id, phone.session_id}
    assert me.token_id in svc.revocations.tokens
    assert all(t.token.revoked_at is not None for t in svc.uow.db.refresh_tokens.values())
    with pytest.raises(Unauthenticated):
        login(svc, email)
    assert (
        KEY_RING.verify(login(svc, email, password="a brand new passphrase").access_token).user_id
        == me.user_id
    )


def test_a_wrong_current_password_changes_nothing() -> None:
    svc = service()
    _email, me = owner(svc)
    d = svc.deps
    commits = svc.uow.commits
    with pytest.raises(PermissionDenied):
        accounts.change_password(
            d.uow(),
            d.passwords,
            d.tokens,
            principal=me,
            current_password="not it at all",
            new_password="whatever it is now",
        )
    assert svc.uow.commits == commits and svc.revocations.sessions == {}
