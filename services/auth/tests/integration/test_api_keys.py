"""API keys in the auth service: stored hashed, exchanged for scoped tokens, revoked at once."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from jobsprint.auth.adapters import orm
from jobsprint.auth.domain.api_keys import INVALID_API_KEY
from jobsprint.auth.service import accounts, api_keys, auditing, members
from jobsprint.common import revocation
from jobsprint.common.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from sqlalchemy import select

from .conftest import PASSWORD

pytestmark = pytest.mark.integration


@pytest.fixture
def owner(ctx):
    email = f"keys-{uuid.uuid4().hex[:10]}@example.com"
    accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    return ctx.key_ring.verify(
        accounts.login(
            ctx.uow, ctx.passwords, ctx.tokens, ctx.audit_log, ctx.background, email=email, password=PASSWORD
        ).access_token
    )


def test_only_a_hash_of_the_key_is_stored(ctx, owner):
    view, secret = api_keys.create_api_key(ctx.uow(), principal=owner, name="ci", scopes=["run", "read"])
    with ctx.sessions() as session:
        row = session.execute(select(orm.api_keys).where(orm.api_keys.c.id == view.id)).one()
    # jsk_<key id>_<random>: the random part may itself hold "_", so split at the first two only.
    random_part = secret.split("_", 2)[2]
    assert len(random_part) >= 40
    assert secret not in str(tuple(row)) and random_part not in str(tuple(row))
    assert len(row.secret_hash) == 64
    assert view.scopes == ["read", "run"] and secret.startswith(view.prefix)


def test_a_key_is_exchanged_for_a_short_lived_token_scoped_as_the_key(ctx, owner):
    view, secret = api_keys.create_api_key(ctx.uow(), principal=owner, name="ci", scopes=["read"])
    token, expires_in = api_keys.exchange_api_key(ctx.uow(), ctx.tokens, api_key=secret)
    principal = ctx.key_ring.verify(token)
    assert (principal.kind, principal.scopes, principal.roles) == ("api_key", ("read",), ("viewer",))
    assert (principal.workspace_id, principal.session_id, expires_in) == (owner.workspace_id, view.id, 300)
    [listed] = api_keys.list_api_keys(ctx.uow(), principal=owner)
    assert listed.last_used_at is not None


def test_a_deleted_key_can_no_longer_be_exchanged_and_its_tokens_are_revoked(ctx, owner):
    view, secret = api_keys.create_api_key(ctx.uow(), principal=owner, name="ci", scopes=["write"])
    principal = ctx.key_ring.verify(api_keys.exchange_api_key(ctx.uow(), ctx.tokens, api_key=secret)[0])
    api_keys.delete_api_key(ctx.uow(), ctx.tokens, principal=owner, key_id=view.id)
    assert revocation.principal_revoked(ctx.redis, principal)
    with pytest.raises(Unauthenticated):
        api_keys.exchange_api_key(ctx.uow(), ctx.tokens, api_key=secret)
    with pytest.raises(NotFound):
        api_keys.delete_api_key(ctx.uow(), ctx.tokens, principal=owner, key_id=view.id)


def test_a_guessed_or_malformed_key_is_refused_with_one_message(ctx, owner):
    _view, secret = api_keys.create_api_key(ctx.uow(), principal=owner, name="ci", scopes=["read"])
    messages = set()
    for guess in (
        secret[:-1] + ("x" if secret[-1] != "x" else "y"),
        "jsk_short",
        "nope",
        "jsk_" + "g" * 32 + "_x",
    ):
        with pytest.raises(Unauthenticated) as refused:
            api_keys.exchange_api_key(ctx.uow(), ctx.tokens, api_key=guess)
        messages.add(refused.value.message)
    assert messages == {INVALID_API_KEY}


def test_keys_need_a_name_and_known_scopes_and_an_admin(ctx, owner):
    with pytest.raises(InvalidArgument) as refused:
        api_keys.create_api_key(ctx.uow(), principal=owner, name=" ", scopes=["root"])
    assert {v.field for v in refused.value.violations} == {"name", "scopes"}
    with pytest.raises(PermissionDenied):
        api_keys.create_api_key(
            ctx.uow(), principal=replace(owner, roles=("editor",)), name="x", scopes=["read"]
        )


# --- keys are bounded by their creator's current role (issue 13, item 9; ADR-068) ----------------


def _member(ctx, owner, role: str):
    """A member with `role` in the owner's workspace, signed in there: (user id, principal)."""
    email = f"keys-{role}-{uuid.uuid4().hex[:10]}@example.com"
    user, _workspace = accounts.register(
        ctx.uow(), ctx.passwords, ctx.audit_log, email=email, password=PASSWORD, workspace_name=""
    )
    members.add_member(ctx.uow(), principal=owner, email=email, role=role)
    signed_in = accounts.login(
        ctx.uow,
        ctx.passwords,
        ctx.tokens,
        ctx.audit_log,
        ctx.background,
        email=email,
        password=PASSWORD,
        workspace_id=owner.workspace_id,
    )
    return user.id, ctx.key_ring.verify(signed_in.access_token)


@pytest.mark.security
def test_a_demoted_admins_key_loses_the_scopes_the_new_role_lacks_at_once(ctx, owner):
    admin_id, admin = _member(ctx, owner, "admin")
    _view, secret = api_keys.create_api_key(
        ctx.uow(), principal=admin, name="ci", scopes=["read", "write", "run"]
    )
    before = ctx.key_ring.verify(api_keys.exchange_api_key(ctx.uow(), ctx.tokens, api_key=secret)[0])
    assert (before.scopes, before.roles) == (("read", "write", "run"), ("editor",))

    members.update_member(ctx.uow(), ctx.tokens, principal=owner, user_id=admin_id, role="viewer")

    assert revocation.principal_revoked(ctx.redis, before)  # the token granted under admin is refused
    after = ctx.key_ring.verify(api_keys.exchange_api_key(ctx.uow(), ctx.tokens, api_key=secret)[0])
    assert (after.scopes, after.roles) == (("read",), ("viewer",))
    assert not revocation.principal_revoked(ctx.redis, after)


@pytest.mark.security
def test_a_key_with_no_scope_its_creators_new_role_allows_is_refused_until_the_role_returns(ctx, owner):
    admin_id, admin = _member(ctx, owner, "admin")
    _view, secret = api_keys.create_api_key(ctx.uow(), principal=admin, name="deploy", scopes=["write"])

    members.update_member(ctx.uow(), ctx.tokens, principal=owner, user_id=admin_id, role="viewer")
    with pytest.raises(Unauthenticated) as refused:
        api_keys.exchange_api_key(ctx.uow(), ctx.tokens, api_key=secret)
    assert "creator's role (viewer)" in refused.value.message

    members.update_member(ctx.uow(), ctx.tokens, principal=owner, user_id=admin_id, role="editor")
    restored = ctx.key_ring.verify(api_keys.exchange_api_key(ctx.uow(), ctx.tokens, api_key=secret)[0])
    assert restored.scopes == ("write",)


@pytest.mark.security
def test_removing_a_member_revokes_the_keys_they_created_and_audits_each(ctx, owner):
    admin_id, admin = _member(ctx, owner, "admin")
    view, secret = api_keys.create_api_key(ctx.uow(), principal=admin, name="nightly", scopes=["read", "run"])
    kept, _kept_secret = api_keys.create_api_key(ctx.uow(), principal=owner, name="owner's", scopes=["read"])
    exchanged = ctx.key_ring.verify(api_keys.exchange_api_key(ctx.uow(), ctx.tokens, api_key=secret)[0])

    members.remove_member(ctx.uow(), ctx.tokens, principal=owner, user_id=admin_id)

    assert revocation.principal_revoked(ctx.redis, exchanged)
    with pytest.raises(Unauthenticated):
        api_keys.exchange_api_key(ctx.uow(), ctx.tokens, api_key=secret)
    assert [k.id for k in api_keys.list_api_keys(ctx.uow(), principal=owner)] == [kept.id]
    [record] = auditing.list_audit_events(
        ctx.uow(), principal=owner, page_size=10, page_token="", action="auth.revoke_api_key"
    ).events
    assert (record.resource_id, record.actor_id, record.outcome) == (view.id, owner.user_id, "success")
    assert record.details["created_by"] == admin_id
