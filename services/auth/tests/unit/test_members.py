"""Members and roles against fakes: who may give which role, a workspace keeps an owner, and a
changed or removed membership ends the member's sessions and re-grants or revokes their keys."""

from __future__ import annotations

import pytest
from jobsprint.auth.domain.api_keys import key_session
from jobsprint.auth.service import api_keys, members
from jobsprint.common.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)

from .fakes import join, new_email, owner, register, service


def test_an_added_member_signs_in_to_the_workspace_with_their_role() -> None:
    svc = service()
    _email, me = owner(svc)
    _member_email, member = join(svc, me, "editor")

    assert (member.workspace_id, member.roles) == (me.workspace_id, ("editor",))
    listed = {m.user.id: m.role for m in members.list_members(svc.deps.uow(), principal=me)}
    assert listed == {me.user_id: "owner", member.user_id: "editor"}


def test_adding_twice_an_unknown_address_or_an_unknown_role_is_refused_and_stores_nothing() -> None:
    svc = service()
    _email, me = owner(svc)
    email, _member = join(svc, me, "viewer")
    before = dict(svc.uow.db.memberships)
    for address, role, error in (
        (email, "editor", AlreadyExists),
        ("ghost@example.com", "viewer", NotFound),
        (new_email(), "root", InvalidArgument),
    ):
        with pytest.raises(error):
            members.add_member(svc.deps.uow(), principal=me, email=address, role=role)
    assert svc.uow.db.memberships == before


def test_editors_manage_no_one_and_admins_do_not_touch_the_owner_role() -> None:
    svc = service()
    _email, me = owner(svc)
    _e, editor = join(svc, me, "editor")
    _a, admin = join(svc, me, "admin")
    email = new_email()
    register(svc, email)
    with pytest.raises(PermissionDenied):
        members.add_member(svc.deps.uow(), principal=editor, email=email, role="viewer")
    with pytest.raises(PermissionDenied):
        members.update_member(
            svc.deps.uow(), svc.deps.tokens, principal=admin, user_id=editor.user_id, role="owner"
        )
    with pytest.raises(PermissionDenied):
        members.remove_member(svc.deps.uow(), svc.deps.tokens, principal=admin, user_id=me.user_id)


def test_the_last_owner_can_be_neither_demoted_nor_removed() -> None:
    svc = service()
    _email, me = owner(svc)
    with pytest.raises(FailedPrecondition):
        members.update_member(svc.deps.uow(), svc.deps.tokens, principal=me, user_id=me.user_id, role="admin")
    with pytest.raises(FailedPrecondition):
        members.remove_member(svc.deps.uow(), svc.deps.tokens, principal=me, user_id=me.user_id)
    assert svc.uow.db.memberships[(me.workspace_id, me.user_id)].role == "owner"


def test_an_unknown_member_is_not_found() -> None:
    svc = service()
    _email, me = owner(svc)
    for user_id in ("nope", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(NotFound):
            members.remove_member(svc.deps.uow(), svc.deps.tokens, principal=me, user_id=user_id)


def test_a_role_change_ends_the_members_sessions_and_regrants_their_keys() -> None:
    svc = service()
    _email, me = owner(svc)
    _a, admin = join(svc, me, "admin")
    key, _secret = api_keys.create_api_key(
        svc.deps.uow(), principal=admin, name="ci", scopes=["read", "write"]
    )

    updated = members.update_member(
        svc.deps.uow(), svc.deps.tokens, principal=me, user_id=admin.user_id, role="viewer"
    )

    assert updated.role == "viewer"
    assert admin.session_id in svc.revocations.sessions
    assert key_session(key.id, 0) in svc.revocations.sessions
    assert svc.uow.db.api_keys[key.id].grant_generation == 1


def test_setting_the_same_role_changes_nothing() -> None:
    svc = service()
    _email, me = owner(svc)
    _e, editor = join(svc, me, "editor")
    members.update_member(
        svc.deps.uow(), svc.deps.tokens, principal=me, user_id=editor.user_id, role="editor"
    )
    assert svc.revocations.sessions == {}


def test_removing_a_member_revokes_their_keys_with_an_audit_record_in_the_same_commit() -> None:
    svc = service()
    _email, me = owner(svc)
    _a, admin = join(svc, me, "admin")
    key, _secret = api_keys.create_api_key(svc.deps.uow(), principal=admin, name="nightly", scopes=["read"])
    commits = svc.uow.commits

    members.remove_member(svc.deps.uow(), svc.deps.tokens, principal=me, user_id=admin.user_id)

    assert svc.uow.commits == commits + 1
    assert (me.workspace_id, admin.user_id) not in svc.uow.db.memberships
    assert svc.uow.db.api_keys[key.id].revoked
    [record] = svc.uow.db.audit
    assert (record.action, record.resource_id, record.details["name"]) == (
        "auth.revoke_api_key",
        key.id,
        "nightly",
    )
    assert {admin.session_id, key.id} <= set(svc.revocations.sessions)
