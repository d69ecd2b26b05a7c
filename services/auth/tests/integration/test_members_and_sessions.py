"""Members, roles and sessions: the rules an admin and an owner live by — real Postgres and Redis."""

from __future__ import annotations

import uuid

import pytest
from jobsprint.auth.service import accounts, members, sessions
from jobsprint.common import revocation
from jobsprint.common.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Unauthenticated,
)
from jobsprint.common.tokens import Principal

from .conftest import PASSWORD

pytestmark = pytest.mark.integration


def _new_user(ctx) -> tuple[str, str, str]:
    """(email, user id, own workspace id)."""
    email = f"member-{uuid.uuid4().hex[:10]}@example.com"
    user, workspace = accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    return email, user.id, workspace.id


def _sign_in(ctx, email: str, workspace_id: str = "") -> Principal:
    return ctx.key_ring.verify(
        accounts.login(
            ctx.uow,
            ctx.passwords,
            ctx.tokens,
            ctx.audit_log,
            ctx.background,
            email=email,
            password=PASSWORD,
            workspace_id=workspace_id,
        ).access_token
    )


@pytest.fixture
def workspace(ctx):
    email, user_id, workspace_id = _new_user(ctx)
    return {"owner": _sign_in(ctx, email), "owner_id": user_id, "id": workspace_id}


def _join(ctx, workspace, role: str) -> tuple[str, str, Principal]:
    email, user_id, _own = _new_user(ctx)
    members.add_member(ctx.uow(), principal=workspace["owner"], email=email, role=role)
    return email, user_id, _sign_in(ctx, email, workspace["id"])


def test_an_added_member_signs_in_to_the_workspace_with_their_role(ctx, workspace):
    _email, user_id, member = _join(ctx, workspace, "editor")
    assert (member.workspace_id, member.roles, member.user_id) == (workspace["id"], ("editor",), user_id)
    listed = {m.user.id: m.role for m in members.list_members(ctx.uow(), principal=workspace["owner"])}
    assert listed == {workspace["owner_id"]: "owner", user_id: "editor"}


def test_without_a_workspace_id_a_member_signs_in_to_their_own_workspace(ctx, workspace):
    email, _user_id, _member = _join(ctx, workspace, "viewer")
    assert _sign_in(ctx, email).workspace_id != workspace["id"]


def test_signing_in_to_a_foreign_or_malformed_workspace_is_forbidden(ctx, workspace):
    email, _user_id, _own = _new_user(ctx)
    for workspace_id in (workspace["id"], "not-a-uuid"):
        with pytest.raises(PermissionDenied):
            accounts.login(
                ctx.uow,
                ctx.passwords,
                ctx.tokens,
                ctx.audit_log,
                ctx.background,
                email=email,
                password=PASSWORD,
                workspace_id=workspace_id,
            )
    with pytest.raises(Unauthenticated):
        accounts.login(
            ctx.uow,
            ctx.passwords,
            ctx.tokens,
            ctx.audit_log,
            ctx.background,
            email=email,
            password="wrong password!!",
            workspace_id=workspace["id"],
        )


def test_adding_an_unknown_account_or_a_member_twice_or_a_made_up_role_is_refused(ctx, workspace):
    with pytest.raises(NotFound, match="register first"):
        members.add_member(
            ctx.uow(), principal=workspace["owner"], email="ghost-x1@example.com", role="viewer"
        )
    email, _user_id, _member = _join(ctx, workspace, "viewer")
    with pytest.raises(AlreadyExists):
        members.add_member(ctx.uow(), principal=workspace["owner"], email=email, role="editor")
    with pytest.raises(InvalidArgument):
        members.add_member(ctx.uow(), principal=workspace["owner"], email=email, role="root")


def test_an_editor_cannot_manage_members_even_by_calling_the_handler(ctx, workspace):
    email, _user_id, _own = _new_user(ctx)
    _e, editor_id, editor = _join(ctx, workspace, "editor")
    with pytest.raises(PermissionDenied):
        members.add_member(ctx.uow(), principal=editor, email=email, role="viewer")
    with pytest.raises(PermissionDenied):
        members.remove_member(ctx.uow(), ctx.tokens, principal=editor, user_id=workspace["owner_id"])
    with pytest.raises(PermissionDenied):
        members.update_member(ctx.uow(), ctx.tokens, principal=editor, user_id=editor_id, role="admin")


def test_only_an_owner_grants_or_takes_away_ownership(ctx, workspace):
    _a, _admin_id, admin = _join(ctx, workspace, "admin")
    _e, editor_id, _editor = _join(ctx, workspace, "editor")
    with pytest.raises(PermissionDenied, match="owner"):
        members.update_member(ctx.uow(), ctx.tokens, principal=admin, user_id=editor_id, role="owner")
    with pytest.raises(PermissionDenied, match="owner"):
        members.update_member(
            ctx.uow(), ctx.tokens, principal=admin, user_id=workspace["owner_id"], role="viewer"
        )
    promoted = members.update_member(
        ctx.uow(), ctx.tokens, principal=workspace["owner"], user_id=editor_id, role="owner"
    )
    assert promoted.role == "owner"
    # With two owners, the first may step down.
    members.update_member(
        ctx.uow(), ctx.tokens, principal=workspace["owner"], user_id=workspace["owner_id"], role="admin"
    )


def test_the_last_owner_stays(ctx, workspace):
    with pytest.raises(FailedPrecondition, match="last owner"):
        members.update_member(
            ctx.uow(), ctx.tokens, principal=workspace["owner"], user_id=workspace["owner_id"], role="admin"
        )
    with pytest.raises(FailedPrecondition, match="last owner"):
        members.remove_member(
            ctx.uow(), ctx.tokens, principal=workspace["owner"], user_id=workspace["owner_id"]
        )


def test_removing_a_member_revokes_their_sessions_here_but_not_in_their_own_workspace(ctx, workspace):
    email, user_id, member = _join(ctx, workspace, "editor")
    at_home = _sign_in(ctx, email)
    members.remove_member(ctx.uow(), ctx.tokens, principal=workspace["owner"], user_id=user_id)
    assert revocation.principal_revoked(ctx.redis, member)
    assert not revocation.principal_revoked(ctx.redis, at_home)
    with pytest.raises(PermissionDenied):
        _sign_in(ctx, email, workspace["id"])


def test_a_member_of_another_workspace_is_not_found(ctx, workspace):
    _other_email, other_id, _other_ws = _new_user(ctx)
    for call in (
        lambda: members.update_member(
            ctx.uow(), ctx.tokens, principal=workspace["owner"], user_id=other_id, role="viewer"
        ),
        lambda: members.remove_member(ctx.uow(), ctx.tokens, principal=workspace["owner"], user_id=other_id),
        lambda: members.remove_member(ctx.uow(), ctx.tokens, principal=workspace["owner"], user_id="nope"),
    ):
        with pytest.raises(NotFound):
            call()


def test_revoking_a_session_ends_its_refresh_and_access_tokens(ctx, workspace):
    email, _user_id, _member = _join(ctx, workspace, "viewer")
    phone = accounts.login(
        ctx.uow,
        ctx.passwords,
        ctx.tokens,
        ctx.audit_log,
        ctx.background,
        email=email,
        password=PASSWORD,
        workspace_id=workspace["id"],
    )
    laptop = accounts.login(
        ctx.uow,
        ctx.passwords,
        ctx.tokens,
        ctx.audit_log,
        ctx.background,
        email=email,
        password=PASSWORD,
        workspace_id=workspace["id"],
    )
    phone_principal = ctx.key_ring.verify(phone.access_token)
    laptop_principal = ctx.key_ring.verify(laptop.access_token)
    listed = sessions.list_sessions(ctx.uow(), principal=laptop_principal)
    assert {s.id for s in listed} >= {phone_principal.session_id, laptop_principal.session_id}
    assert [s.current for s in listed if s.id == laptop_principal.session_id] == [True]

    sessions.revoke_session(
        ctx.uow(), ctx.tokens, principal=laptop_principal, session_id=phone_principal.session_id
    )
    assert revocation.principal_revoked(ctx.redis, phone_principal)
    assert not revocation.principal_revoked(ctx.redis, laptop_principal)
    with pytest.raises(Unauthenticated):
        sessions.refresh(ctx.uow(), ctx.tokens, ctx.audit_log, refresh_token=phone.refresh_token)
    assert phone_principal.session_id not in {
        s.id for s in sessions.list_sessions(ctx.uow(), principal=laptop_principal)
    }
